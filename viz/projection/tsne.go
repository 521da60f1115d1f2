package projection

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/latent-explorer/latent/viz"
	"github.com/latent-explorer/latent/viz/neighbors"
)

// t-SNE's optimisation schedule, as openTSNE's (250 exaggerated
// iterations, then 500; scikit-learn runs 750 after the exaggeration, which
// measured on MNIST 10k gives the same trustworthiness, 0.9904 against
// 0.9902, and the same 10-NN accuracy, 0.950, in a third more time).
const (
	tsneExaggeration     = 12  // early exaggeration factor
	tsneExaggerationIter = 250 // iterations with it, momentum 0.5
	tsneIterations       = 500 // iterations after it, momentum 0.8
	tsnePerplexity       = 30
	tsneMinGain          = 0.01
	tsneProgressEvery    = 10 // iterations between intermediate layouts
	tsneRelabelEvery     = 50 // iterations between renumberings in map order
)

// TSNE is t-distributed stochastic neighbour embedding (van der Maaten &
// Hinton 2008, "Visualizing data using t-SNE", JMLR 9:2579):
//
//   - affinities from a kNN graph with k = 3·perplexity (exact, by
//     single-precision matrix products re-ranked in double precision, up
//     to 400,000 points, NN-descent above),
//     each row calibrated to the perplexity by bisection, then
//     symmetrised;
//   - PCA initialisation scaled to standard deviation 1e-4 (Kobak &
//     Linderman 2021);
//   - gradient descent with momentum 0.5 then 0.8 and per-coordinate gains
//     (Jacobs 1988), early exaggeration 12 for 250 iterations, learning
//     rate max(n/12, 200) (Belkina et al. 2019);
//   - the repulsive forces summed exactly up to 1,000 points, above by
//     Barnes-Hut (van der Maaten 2014; θ = 0.8, see bhTheta), O(n log n)
//     per iteration, or, with Options.Gradient "fft", by FFT-accelerated
//     interpolation (Linderman et al. 2019), O(n) per iteration but slower
//     below millions of points here (see newRepulsion).
//
// The gradient is that of van der Maaten (2014) without its constant
// factor 4, which the learning rate absorbs (as in FIt-SNE and openTSNE).
// Results are deterministic for a seed and thread count.
//
// After Fit, a TSNE places new codes by inverse-distance weighting of the
// map positions of their 10 nearest codes, and inverts map positions by
// the same weighting of the codes of the 10 nearest map points.
type TSNE struct {
	opts       Options
	perplexity float64

	fitted *NeighbourMap
	// passed is set when the codes had one or two columns and were
	// passed through: Place and Invert are then exact.
	passed bool
}

// NewTSNE returns a t-SNE with opts.Perplexity (default 30),
// opts.Iterations after early exaggeration (default 500),
// opts.LearningRate (default max(n/12, 200)), opts.Seed and opts.Threads.
func NewTSNE(opts Options) (*TSNE, error) {
	switch {
	case opts.Perplexity < 0 || math.IsNaN(opts.Perplexity):
		return nil, fmt.Errorf("projection: t-SNE perplexity %v is negative", opts.Perplexity)
	case opts.Perplexity > 0 && opts.Perplexity < 1:
		return nil, fmt.Errorf("projection: t-SNE perplexity %v is below 1", opts.Perplexity)
	case opts.Iterations < 0:
		return nil, fmt.Errorf("projection: t-SNE iterations %d is negative", opts.Iterations)
	case opts.Gradient != "" && opts.Gradient != "bh" && opts.Gradient != "fft" && opts.Gradient != "exact":
		return nil, fmt.Errorf("projection: t-SNE gradient %q: want bh, fft or exact", opts.Gradient)
	case opts.LearningRate < 0 || math.IsNaN(opts.LearningRate):
		return nil, fmt.Errorf("projection: t-SNE learning rate %v is negative", opts.LearningRate)
	}
	p := opts.Perplexity
	if p == 0 {
		p = tsnePerplexity
	}
	return &TSNE{opts: opts, perplexity: p}, nil
}

// Fit lays out the rows of x. Codes with one or two columns are passed
// through (PassThrough). It returns an error wrapping viz.ErrTooFewPoints when
// n ≤ 3·perplexity, and one naming the row for non-finite values.
func (t *TSNE) Fit(ctx context.Context, x *mat.Dense, progress Progress) (*mat.Dense, error) {
	if err := Validate(x); err != nil {
		return nil, err
	}
	n, d := x.Dims()
	if !NeedsProjection(d) {
		y := PassThrough(x)
		t.fitted, t.passed = NewNeighbourMap(x, y), true
		return y, nil
	}
	k := int(math.Ceil(3 * t.perplexity))
	if k >= n {
		return nil, fmt.Errorf("projection: %w: t-SNE with perplexity %g needs more than %d points, have %d; use a perplexity of at most %g",
			viz.ErrTooFewPoints, t.perplexity, k, n, math.Floor(float64(n-1)/3))
	}
	p, err := t.affinities(ctx, x, k, progress)
	if err != nil {
		return nil, err
	}
	y0, err := t.initialLayout(ctx, x)
	if err != nil {
		return nil, err
	}
	y, err := t.optimise(ctx, p, y0, progress)
	if err != nil {
		return nil, err
	}
	t.fitted, t.passed = NewNeighbourMap(x, y), false
	return y, nil
}

// affinities returns the symmetric joint probabilities of x.
func (t *TSNE) affinities(ctx context.Context, x *mat.Dense, k int, progress Progress) (*sparseP, error) {
	opt := neighbors.Options{Threads: t.opts.Threads, Seed: t.opts.Seed}
	if progress != nil {
		opt.Progress = func(f float64) { progress(0.2*f, nil) }
	}
	var g *neighbors.Graph
	var err error
	if n, _ := x.Dims(); n <= gemmKNNMax {
		g, err = exactKNN(ctx, x, k, t.opts.threads(), opt.Progress)
	} else {
		g, err = neighbors.KNN(ctx, x, k, opt)
	}
	if err != nil {
		return nil, err
	}
	cond, err := conditionalP(ctx, g, t.perplexity, t.opts.threads())
	if err != nil {
		return nil, err
	}
	report(progress, 0.22)
	return jointP(g, cond, t.opts.threads()), nil
}

// initialLayout returns the first two principal components of x scaled so
// the first has standard deviation 1e-4, or small Gaussian noise when x has
// no variance.
func (t *TSNE) initialLayout(ctx context.Context, x *mat.Dense) (*mat.Dense, error) {
	n, _ := x.Dims()
	pca := NewPCA(Options{Threads: t.opts.Threads, Seed: t.opts.Seed})
	if err := pca.FitComponents(ctx, x, 2, nil); err != nil {
		return nil, err
	}
	y := pca.Transform(nil, x)
	sd := math.Sqrt(pca.Variance[0])
	if sd > 0 {
		y.Scale(1e-4/sd, y)
		return y, nil
	}
	r := rand.New(rand.NewPCG(t.opts.Seed, 0x75e))
	for i := range n {
		y.Set(i, 0, 1e-4*r.NormFloat64())
		y.Set(i, 1, 1e-4*r.NormFloat64())
	}
	return y, nil
}

// optimise runs the gradient descent from y and returns the layout.
func (t *TSNE) optimise(ctx context.Context, p *sparseP, y *mat.Dense, progress Progress) (*mat.Dense, error) {
	n, _ := y.Dims()
	o := newTSNEOptimiser(p, y.RawMatrix().Data, t.opts.threads(), t.opts.Gradient)
	o.rate = t.opts.LearningRate
	if o.rate == 0 {
		o.rate = math.Max(float64(n)/tsneExaggeration, 200)
	}
	after := t.opts.Iterations
	if after == 0 {
		after = tsneIterations
	}
	total := tsneExaggerationIter + after
	for it := range total {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if it%tsneRelabelEvery == 0 {
			o.relabel()
		}
		if it < tsneExaggerationIter {
			o.step(tsneExaggeration, 0.5)
		} else {
			o.step(1, 0.8)
		}
		if progress != nil && (it%tsneProgressEvery == 0 || it == total-1) {
			o.layout(y.RawMatrix().Data)
			progress(0.25+0.75*float64(it+1)/float64(total), y)
		}
	}
	o.layout(y.RawMatrix().Data)
	return y, nil
}

// Place returns the inverse-distance weighted mean of the map positions of
// the 10 codes nearest z. It panics if t is not fitted.
func (t *TSNE) Place(z []float64) (x, y float64) {
	if t.fitted == nil {
		panic("projection: TSNE used before Fit")
	}
	if t.passed {
		return passPlace(z)
	}
	return t.fitted.Place(z)
}

// Invert writes into dst (allocated if nil) the inverse-distance weighted
// mean of the codes of the 10 map points nearest (x, y).
func (t *TSNE) Invert(x, y float64, dst []float64) []float64 {
	if t.fitted == nil {
		panic("projection: TSNE used before Fit")
	}
	if t.passed {
		return passInvert(x, y, len(t.fitted.order), dst)
	}
	return t.fitted.Invert(x, y, dst)
}
