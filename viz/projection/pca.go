package projection

import (
	"context"
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/latent-explorer/latent/viz"
	"github.com/latent-explorer/latent/viz/internal/parallel"
)

// randomizedMinDim is the dimension above which PCA uses randomized SVD
// instead of forming the d×d covariance matrix.
const randomizedMinDim = 4096

var errNoConvergence = errors.New("projection: eigendecomposition did not converge")

// PCA is principal component analysis (Pearson 1901; Jolliffe, Principal
// Component Analysis, 2002). For d up to a few thousand it forms the
// covariance matrix (blocked, multi-threaded) and takes its leading
// eigenvectors; above that it uses randomized SVD (Halko, Martinsson &
// Tropp 2011); codes fewer than their dimension (a few hundred codes of
// a 4096-value latent) go through the n×n Gram matrix instead. A fitted
// PCA is a linear encoder and decoder: it implements Placer and Inverter
// exactly.
type PCA struct {
	opts Options

	// Mean is the mean of the fitted codes, length d.
	Mean []float64
	// Components holds the principal directions as orthonormal columns,
	// d×k, in order of decreasing variance. Each is signed so that its
	// largest-magnitude loading is positive.
	Components *mat.Dense
	// Variance is the variance along each component (the covariance
	// eigenvalues), length k.
	Variance []float64
	// VarianceRatio is the fraction of the total variance each component
	// explains, length k.
	VarianceRatio []float64
}

// NewPCA returns an unfitted PCA using opts.Threads and opts.Seed (the
// latter only for the iterative eigensolvers' starting vectors).
func NewPCA(opts Options) *PCA { return &PCA{opts: opts} }

// Fit fits two components to the rows of x and returns their scores, n×2.
// Codes with one or two columns are passed through unchanged (see
// PassThrough); the PCA then maps them to and from the map exactly.
func (p *PCA) Fit(ctx context.Context, x *mat.Dense, progress Progress) (*mat.Dense, error) {
	if err := Validate(x); err != nil {
		return nil, err
	}
	if _, d := x.Dims(); !NeedsProjection(d) {
		p.fitIdentity(x)
		return PassThrough(x), nil
	}
	if err := p.FitComponents(ctx, x, 2, progress); err != nil {
		return nil, err
	}
	y := p.Transform(nil, x)
	if progress != nil {
		progress(1, y)
	}
	return y, nil
}

// FitComponents fits k principal components to the rows of x. It panics if
// k is not in [1, d].
func (p *PCA) FitComponents(ctx context.Context, x *mat.Dense, k int, progress Progress) error {
	if err := Validate(x); err != nil {
		return err
	}
	n, d := x.Dims()
	if k < 1 || k > d {
		panic(fmt.Sprintf("projection: PCA with %d components of %d-dimensional data", k, d))
	}
	if n < 2 {
		return fmt.Errorf("projection: %w: PCA needs at least 2 points, have %d", viz.ErrTooFewPoints, n)
	}
	report(progress, 0)
	threads := p.opts.threads()
	mean := columnMeans(x, threads)
	var vals []float64
	var vecs *mat.Dense
	var total float64
	var err error
	switch {
	case n < d:
		vals, vecs, total, err = gramPCA(ctx, x, mean, k, p.opts.Seed)
	case d > randomizedMinDim && 8*k <= d:
		vals, vecs, total, err = randomizedPCA(ctx, x, mean, k, p.opts.Seed)
	default:
		vals, vecs, total, err = covariancePCA(ctx, x, mean, k, threads, p.opts.Seed, progress)
	}
	if err != nil {
		return err
	}
	p.set(mean, vals, vecs, total)
	report(progress, 1)
	return nil
}

// covariancePCA returns the top k eigenpairs of the covariance of x and
// its trace (the total variance).
func covariancePCA(ctx context.Context, x *mat.Dense, mean []float64, k, threads int, seed uint64, progress Progress) ([]float64, *mat.Dense, float64, error) {
	c, err := covariance(ctx, x, mean, threads)
	if err != nil {
		return nil, nil, 0, err
	}
	report(progress, 0.8)
	total := 0.0
	for i := range c.SymmetricDim() {
		total += c.At(i, i)
	}
	vals, vecs, err := topEigen(ctx, c, k, seed)
	return vals, vecs, total, err
}

// set stores a fit, clamping round-off negative variances to zero and
// fixing each component's sign.
func (p *PCA) set(mean, vals []float64, vecs *mat.Dense, total float64) {
	d, k := vecs.Dims()
	p.Mean, p.Components = mean, vecs
	p.Variance = make([]float64, k)
	p.VarianceRatio = make([]float64, k)
	col := make([]float64, d)
	for j := range k {
		p.Variance[j] = math.Max(vals[j], 0)
		if total > 0 {
			p.VarianceRatio[j] = p.Variance[j] / total
		}
		mat.Col(col, j, vecs)
		if col[floats.MaxIdx(absAll(col))] < 0 {
			floats.Scale(-1, col)
			vecs.SetCol(j, col)
		}
	}
}

// fitIdentity makes p the identity map of codes with d ≤ 2 columns onto the
// plane, so Transform, Place and Invert stay consistent with PassThrough.
func (p *PCA) fitIdentity(x *mat.Dense) {
	_, d := x.Dims()
	p.Mean = make([]float64, d)
	p.Components = mat.NewDense(d, 2, nil)
	for j := range d {
		p.Components.Set(j, j, 1)
	}
	p.Variance = make([]float64, 2)
	p.VarianceRatio = make([]float64, 2)
	mean := columnMeans(x, 1)
	n, _ := x.Dims()
	total := 0.0
	for j := range d {
		for i := range n {
			v := x.At(i, j) - mean[j]
			p.Variance[j] += v * v / float64(max(n-1, 1))
		}
		total += p.Variance[j]
	}
	for j := range d {
		if total > 0 {
			p.VarianceRatio[j] = p.Variance[j] / total
		}
	}
}

func absAll(v []float64) []float64 {
	a := make([]float64, len(v))
	for i, x := range v {
		a[i] = math.Abs(x)
	}
	return a
}

func report(progress Progress, f float64) {
	if progress != nil {
		progress(f, nil)
	}
}

// Transform writes the scores (x - Mean)·Components, n×k, into dst and
// returns it; a nil dst is allocated. It panics if p is not fitted or the
// columns of x do not match.
func (p *PCA) Transform(dst *mat.Dense, x mat.Matrix) *mat.Dense {
	p.mustBeFitted()
	n, d := x.Dims()
	if d != len(p.Mean) {
		panic(fmt.Sprintf("projection: PCA fitted to %d columns, transform of %d", len(p.Mean), d))
	}
	_, k := p.Components.Dims()
	if dst == nil {
		dst = mat.NewDense(n, k, nil)
	}
	if xd, ok := x.(*mat.Dense); ok && zeroFraction(xd) >= 0.5 {
		p.sparseScores(dst, xd)
	} else {
		dst.Mul(x, p.Components)
	}
	shift := make([]float64, k)
	for j := range k {
		shift[j] = floats.Dot(p.Mean, mat.Col(nil, j, p.Components))
	}
	for i := range n {
		floats.Sub(dst.RawRowView(i), shift)
	}
	return dst
}

// sparseScores writes x·Components into dst, skipping the zeros of x
// (images are mostly zero), rows in parallel.
func (p *PCA) sparseScores(dst, x *mat.Dense) {
	n, _ := x.Dims()
	c := p.Components.RawMatrix()
	parallel.Ranges(n, p.opts.threads(), func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			out := dst.RawRowView(i)
			clear(out)
			for j, v := range x.RawRowView(i) {
				if v != 0 {
					floats.AddScaled(out, v, c.Data[j*c.Stride:j*c.Stride+c.Cols])
				}
			}
		}
	})
}

// InverseTransform writes Mean + scores·Componentsᵀ, n×d, into dst and
// returns it; a nil dst is allocated. For codes in the span of the
// components it recovers them exactly.
func (p *PCA) InverseTransform(dst *mat.Dense, scores mat.Matrix) *mat.Dense {
	p.mustBeFitted()
	n, _ := scores.Dims()
	if dst == nil {
		dst = mat.NewDense(n, len(p.Mean), nil)
	}
	dst.Mul(scores, p.Components.T())
	for i := range n {
		floats.Add(dst.RawRowView(i), p.Mean)
	}
	return dst
}

// Place returns the first two scores of z.
func (p *PCA) Place(z []float64) (x, y float64) {
	p.mustBeFitted()
	if len(z) != len(p.Mean) {
		panic(fmt.Sprintf("projection: PCA fitted to %d columns, place of %d", len(p.Mean), len(z)))
	}
	c := p.Components.RawMatrix()
	for j, v := range z {
		v -= p.Mean[j]
		x += v * c.Data[j*c.Stride]
		if c.Cols > 1 {
			y += v * c.Data[j*c.Stride+1]
		}
	}
	return x, y
}

// Invert returns Mean + x·c₁ + y·c₂ in dst (allocated if nil): the code
// on the plane of the first two components at that map position.
func (p *PCA) Invert(x, y float64, dst []float64) []float64 {
	p.mustBeFitted()
	if dst == nil {
		dst = make([]float64, len(p.Mean))
	}
	c := p.Components.RawMatrix()
	for j := range dst {
		v := p.Mean[j] + x*c.Data[j*c.Stride]
		if c.Cols > 1 {
			v += y * c.Data[j*c.Stride+1]
		}
		dst[j] = v
	}
	return dst
}

func (p *PCA) mustBeFitted() {
	if p.Components == nil {
		panic("projection: PCA used before Fit")
	}
}
