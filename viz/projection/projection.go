package projection

import (
	"context"
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/latent-explorer/latent/viz"
	"github.com/latent-explorer/latent/viz/internal/parallel"
)

// Projector maps latent codes (rows of x) to 2-D.
type Projector interface {
	// Fit computes the layout of x, n×2, reporting progress (may be nil).
	Fit(ctx context.Context, x *mat.Dense, progress Progress) (*mat.Dense, error)
}

// Progress receives the fraction done and, when available, an intermediate
// n×2 layout (the GUI animates it). It must not keep y.
type Progress func(fraction float64, y *mat.Dense)

// Placer places new latent vectors on a fitted map ("you are here"):
// < 1 ms for one point.
type Placer interface {
	Place(z []float64) (x, y float64)
}

// Inverter maps a map position back to a latent vector (written into dst).
// If dst is nil a new slice is allocated.
type Inverter interface {
	Invert(x, y float64, dst []float64) []float64
}

// Method names a projection method.
type Method string

// The projection methods New knows.
const (
	PCAMethod  Method = "pca"
	TSNEMethod Method = "tsne"
	UMAPMethod Method = "umap"
)

// Methods lists the methods New accepts, for help texts.
var Methods = []Method{PCAMethod, TSNEMethod, UMAPMethod}

// Options holds the parameters of all methods; each method reads the fields
// it needs. The zero value of a field means that method's default.
type Options struct {
	// Seed seeds all randomness; results are deterministic for a given
	// seed and thread count.
	Seed uint64
	// Threads is the number of goroutines; 0 means runtime.GOMAXPROCS(0).
	Threads int
	// Perplexity is t-SNE's perplexity (default 30).
	Perplexity float64
	// Neighbors is UMAP's n_neighbors (default 15).
	Neighbors int
	// MinDist is UMAP's min_dist (default 0.1). 0 reads as the default;
	// SetMinDist sets any min_dist, 0 included, and UMAPMinDist reads it.
	MinDist float64
	// Spread is UMAP's spread (default 1).
	Spread float64
	// Iterations is t-SNE's number of gradient steps after the 250 of
	// early exaggeration (default 500) or UMAP's number of epochs
	// (default chosen by n).
	Iterations int
	// LearningRate is the step size (t-SNE default max(n/12, 200),
	// UMAP default 1).
	LearningRate float64
	// Gradient is t-SNE's method for the repulsive forces: "bh"
	// (Barnes-Hut), "fft" (interpolation) or "exact" (O(n²)); "" means
	// exact up to 1,000 points and Barnes-Hut above.
	Gradient string
}

// minDistZero is the MinDist that stands for a min_dist of 0, since a
// MinDist of 0 is the default.
const minDistZero = -1

// SetMinDist sets UMAP's min_dist to v ≥ 0, 0 included. It panics for a
// negative or NaN v.
func (o *Options) SetMinDist(v float64) {
	if v < 0 || math.IsNaN(v) {
		panic(fmt.Sprintf("projection: SetMinDist(%v): min_dist must be a number ≥ 0", v))
	}
	o.MinDist = v
	if v == 0 {
		o.MinDist = minDistZero
	}
}

// UMAPMinDist returns the min_dist UMAP uses under o.
func (o Options) UMAPMinDist() float64 {
	switch {
	case o.MinDist == minDistZero:
		return 0
	case o.MinDist == 0:
		return umapDefaultMinDist
	}
	return o.MinDist
}

// threads returns the number of goroutines to use.
func (o Options) threads() int { return parallel.Threads(o.Threads) }

// Errors a caller may test for with errors.Is.
var (
	// ErrEmpty is returned for input with no rows or no columns.
	ErrEmpty = errors.New("projection: no data")
)

// Validate checks that x has rows and columns and only finite values; an
// error names the first bad row (0-based).
func Validate(x *mat.Dense) error {
	if x == nil || x.IsEmpty() {
		return ErrEmpty
	}
	if err := viz.CheckFinite(x); err != nil {
		return fmt.Errorf("projection: %w", err)
	}
	return nil
}

// NeedsProjection reports whether codes of dimension d need projecting to
// be shown on a 2-D map: those with one or two columns do not.
func NeedsProjection(d int) bool { return d > 2 }

// PassThrough returns the layout of codes with d ≤ 2 columns without
// projecting: a copy of x for d = 2, and (x, 0) for d = 1. It panics if x
// has more than two columns.
func PassThrough(x *mat.Dense) *mat.Dense {
	n, d := x.Dims()
	if d > 2 {
		panic("projection: PassThrough with more than two columns")
	}
	y := mat.NewDense(n, 2, nil)
	for i := range n {
		copy(y.RawRowView(i), x.RawRowView(i))
	}
	return y
}

// passPlace is Place for codes of one or two columns passed through.
func passPlace(z []float64) (x, y float64) {
	if len(z) > 1 {
		return z[0], z[1]
	}
	return z[0], 0
}

// passInvert is Invert for codes of d ≤ 2 columns passed through.
func passInvert(x, y float64, d int, dst []float64) []float64 {
	if dst == nil {
		dst = make([]float64, d)
	}
	dst[0] = x
	if d > 1 {
		dst[1] = y
	}
	return dst
}
