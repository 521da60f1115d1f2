package projection

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/latent-explorer/latent/viz"
	"github.com/latent-explorer/latent/viz/neighbors"
)

// UMAP is uniform manifold approximation and projection (McInnes, Healy &
// Melville, "UMAP: Uniform Manifold Approximation and Projection for
// Dimension Reduction", 2018), following umap-learn 0.5's defaults:
//
//  1. the k-nearest-neighbour graph (k = Neighbors−1 other points, as
//     umap-learn counts the point itself) by NN-descent, or exactly for small
//     inputs (neighbors.KNN);
//  2. the fuzzy simplicial set: per-point ρ (distance to the nearest
//     neighbour) and σ (binary search so that Σ exp(−(d−ρ)/σ) = log₂ k),
//     symmetrised by the fuzzy union A + Aᵀ − A∘Aᵀ (umap_fuzzy.go);
//  3. a spectral initial layout from a sparse Lanczos eigensolver on the
//     normalised graph Laplacian, component by component (spectral.go);
//  4. the curve 1/(1 + a·d^2b) fitted to MinDist and Spread (umap_curve.go);
//  5. stochastic gradient descent with negative sampling (umap_sgd.go).
//
// A fitted UMAP places new codes (Transform, Place) and maps positions back
// to codes (Invert).
type UMAP struct {
	opts Options

	// A and B are the fitted curve parameters of the low-dimensional
	// similarity 1/(1 + A·d^(2B)).
	A, B float64

	grad       *umapGradTable
	x          *mat.Dense // the fitted codes (not copied)
	embedding  []float64  // n×2, row-major
	graph      *umapGraph // the symmetric fuzzy graph, for Transform's search
	k          int        // neighbours per point in the kNN graph
	epochs     int
	entries    []int32   // entry points of Transform's graph search
	entryCodes []float64 // their codes, contiguous
	grid       *umapGrid // spatial index of the embedding, for Invert
	identity   bool      // the codes had ≤ 2 columns and were passed through
}

// UMAP defaults, as umap-learn 0.5.
const (
	umapDefaultNeighbors = 15
	umapDefaultMinDist   = 0.1
	umapDefaultSpread    = 1.0
	umapNegativeRate     = 5
	umapRepulsion        = 1.0 // gamma
)

// NewUMAP returns an unfitted UMAP reading Seed, Threads, Neighbors
// (n_neighbors, default 15), MinDist (default 0.1), Spread (default 1),
// Iterations (epochs: default 500 up to 10,000 points, 200 above) and
// LearningRate (default 1) from opts.
func NewUMAP(opts Options) *UMAP { return &UMAP{opts: opts} }

func (u *UMAP) neighbors() int {
	if u.opts.Neighbors > 0 {
		return u.opts.Neighbors
	}
	return umapDefaultNeighbors
}

func (u *UMAP) minDist() float64 { return u.opts.UMAPMinDist() }

func (u *UMAP) spread() float64 {
	if u.opts.Spread > 0 {
		return u.opts.Spread
	}
	return umapDefaultSpread
}

func (u *UMAP) learningRate() float64 {
	if u.opts.LearningRate > 0 {
		return u.opts.LearningRate
	}
	return 1
}

// epochsFor is umap-learn's default: 500 epochs up to 10,000 points, 200 above.
func (u *UMAP) epochsFor(n int) int {
	switch {
	case u.opts.Iterations > 0:
		return u.opts.Iterations
	case n <= 10000:
		return 500
	}
	return 200
}

// Fit computes the UMAP layout of the rows of x, n×2. Progress receives
// the fraction done (the kNN graph is the first quarter) and, every 2% of
// the epochs, the intermediate layout. Codes with one or two columns are
// passed through (see PassThrough). Duplicate codes are allowed: they are
// each other's nearest neighbours at distance 0 and land together (the SGD
// nudges coincident points apart, as umap-learn does). It is an error to
// have no more points than Neighbors, NaN or Inf values, or only identical
// codes. x must not be modified while the UMAP is used for Transform,
// Place or Invert.
func (u *UMAP) Fit(ctx context.Context, x *mat.Dense, progress Progress) (*mat.Dense, error) {
	if err := u.check(x); err != nil {
		return nil, err
	}
	n, d := x.Dims()
	u.x = x
	if !NeedsProjection(d) {
		return u.fitIdentity(x), nil
	}
	if u.minDist() > u.spread() {
		return nil, fmt.Errorf("projection: UMAP min_dist %g is larger than spread %g", u.minDist(), u.spread())
	}
	u.A, u.B = fitUMAPCurve(u.minDist(), u.spread())
	u.grad = newUMAPGradTable(u.A, u.B)
	u.k = u.neighbors() - 1
	u.epochs = u.epochsFor(n)
	g, err := u.knn(ctx, x, progress)
	if err != nil {
		return nil, err
	}
	u.graph = fuzzyGraph(g, u.opts.threads())
	u.graph.prune(u.epochs)
	reportUMAP(progress, 0.25, nil)
	init, err := spectralLayout(ctx, u.graph, x, u.opts.Seed, u.opts.threads())
	if err != nil {
		return nil, err
	}
	reportUMAP(progress, 0.3, nil)
	if err := u.optimize(ctx, init, progress); err != nil {
		return nil, err
	}
	u.embedding = init
	u.finish()
	reportUMAP(progress, 1, nil)
	return u.layout(), nil
}

// check returns an error for data UMAP cannot embed.
func (u *UMAP) check(x *mat.Dense) error {
	if err := Validate(x); err != nil {
		return err
	}
	if u.neighbors() < 2 {
		return fmt.Errorf("projection: UMAP needs at least 2 neighbours, got %d", u.neighbors())
	}
	if m := u.opts.MinDist; m < 0 && m != minDistZero || math.IsNaN(m) {
		return fmt.Errorf("projection: UMAP min_dist %v is not a number ≥ 0", m)
	}
	n, d := x.Dims()
	if NeedsProjection(d) && n <= u.neighbors() {
		return fmt.Errorf("projection: %w: UMAP with %d neighbours needs more than %d points, got %d",
			viz.ErrTooFewPoints, u.neighbors(), u.neighbors(), n)
	}
	if NeedsProjection(d) && allRowsEqual(x) {
		return fmt.Errorf("projection: UMAP: all %d codes are identical, there is nothing to lay out", n)
	}
	return nil
}

func allRowsEqual(x *mat.Dense) bool {
	n, _ := x.Dims()
	first := x.RawRowView(0)
	for i := 1; i < n; i++ {
		for j, v := range x.RawRowView(i) {
			if v != first[j] {
				return false
			}
		}
	}
	return true
}

// knn builds the kNN graph, reporting its progress as the first quarter.
func (u *UMAP) knn(ctx context.Context, x *mat.Dense, progress Progress) (*neighbors.Graph, error) {
	opt := neighbors.Options{Threads: u.opts.threads(), Seed: u.opts.Seed}
	if progress != nil {
		opt.Progress = func(f float64) { progress(0.25*f, nil) }
	}
	g, err := neighbors.KNN(ctx, x, u.k, opt)
	if err != nil {
		return nil, fmt.Errorf("projection: UMAP neighbour graph: %w", err)
	}
	return g, nil
}

// fitIdentity makes the UMAP a pass-through for codes with ≤ 2 columns.
func (u *UMAP) fitIdentity(x *mat.Dense) *mat.Dense {
	u.identity = true
	y := PassThrough(x)
	u.embedding = append([]float64(nil), y.RawMatrix().Data...)
	u.k = min(u.neighbors(), y.RawMatrix().Rows)
	u.grid = newUMAPGrid(u.embedding)
	return y
}

// finish builds the indexes Transform, Place and Invert use.
func (u *UMAP) finish() {
	u.entries = searchEntryPoints(u.graph, u.opts.Seed)
	_, d := u.x.Dims()
	u.entryCodes = make([]float64, 0, len(u.entries)*d)
	for _, v := range u.entries {
		u.entryCodes = append(u.entryCodes, u.x.RawRowView(int(v))...)
	}
	u.grid = newUMAPGrid(u.embedding)
}

// layout returns a copy of the embedding as an n×2 matrix.
func (u *UMAP) layout() *mat.Dense {
	return mat.NewDense(len(u.embedding)/2, 2, append([]float64(nil), u.embedding...))
}

// Embedding returns the fitted layout, n×2 (a copy).
func (u *UMAP) Embedding() *mat.Dense {
	u.mustBeFitted()
	return u.layout()
}

func (u *UMAP) mustBeFitted() {
	if u.embedding == nil {
		panic("projection: UMAP used before Fit")
	}
}

// reportUMAP calls progress if it is not nil.
func reportUMAP(progress Progress, f float64, y *mat.Dense) {
	if progress != nil {
		progress(f, y)
	}
}
