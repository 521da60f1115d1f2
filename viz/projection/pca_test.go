package projection

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/latent-explorer/latent/viz"
)

type pcaFixture struct {
	Source     string
	X          [][]float64
	Components [][]float64 // k×d as scikit-learn stores them
	Variance   []float64   `json:"explained_variance"`
	Ratio      []float64   `json:"explained_variance_ratio"`
	Mean       []float64
	Scores     [][]float64
}

// sameUpToSign reports whether a equals b or -b within tol.
func sameUpToSign(a, b []float64, tol float64) bool {
	neg := make([]float64, len(b))
	floats.ScaleTo(neg, -1, b)
	return floats.EqualApprox(a, b, tol) || floats.EqualApprox(a, neg, tol)
}

// TestPCAMatchesScikitLearn compares with scikit-learn 1.2.1's
// PCA(svd_solver="full") on testdata/pca.json (made by
// tools/bench_projection/make_fixtures.py), on every solver path.
func TestPCAMatchesScikitLearn(t *testing.T) {
	var f pcaFixture
	loadJSON(t, "testdata/pca.json", &f)
	x := denseOf(f.X)
	_, d := x.Dims()
	solvers := map[string]func(p *PCA) error{
		"covariance": func(p *PCA) error { return p.FitComponents(context.Background(), x, 4, nil) },
		"lanczos": func(p *PCA) error {
			mean := columnMeans(x, 2)
			c, _ := covariance(context.Background(), x, mean, 2)
			l := newLanczos(c, 1)
			if err := l.extend(context.Background(), d); err != nil {
				return err
			}
			vals, vecs, _ := l.ritz(4)
			p.set(mean, vals, vecs, totalVariance(x, mean))
			return nil
		},
		"gram": func(p *PCA) error {
			mean := columnMeans(x, 2)
			vals, vecs, total, err := gramPCA(context.Background(), x, mean, 4, 1)
			p.set(mean, vals, vecs, total)
			return err
		},
		"randomized": func(p *PCA) error {
			mean := columnMeans(x, 2)
			vals, vecs, total, err := randomizedPCA(context.Background(), x, mean, 4, 1)
			p.set(mean, vals, vecs, total)
			return err
		},
	}
	for name, fit := range solvers {
		p := NewPCA(Options{Threads: 2})
		if err := fit(p); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !floats.EqualApprox(p.Mean, f.Mean, 1e-12) {
			t.Errorf("%s: mean %v, want %v", name, p.Mean, f.Mean)
		}
		if !floats.EqualApprox(p.Variance, f.Variance, 1e-9) {
			t.Errorf("%s: variance %v, want %v", name, p.Variance, f.Variance)
		}
		if !floats.EqualApprox(p.VarianceRatio, f.Ratio, 1e-11) {
			t.Errorf("%s: ratio %v, want %v", name, p.VarianceRatio, f.Ratio)
		}
		for j := range 4 {
			if got := mat.Col(nil, j, p.Components); !sameUpToSign(got, f.Components[j], 1e-8) {
				t.Errorf("%s: component %d = %v, want ±%v", name, j, got, f.Components[j])
			}
		}
	}
}

func TestPCAFitScoresPlaceInvert(t *testing.T) {
	var f pcaFixture
	loadJSON(t, "testdata/pca.json", &f)
	x := denseOf(f.X)
	p := NewPCA(Options{})
	y, err := p.Fit(context.Background(), x, nil)
	if err != nil {
		t.Fatal(err)
	}
	n, _ := x.Dims()
	for j := range 2 {
		got, want := mat.Col(nil, j, y), make([]float64, n)
		for i := range n {
			want[i] = f.Scores[i][j]
		}
		if !sameUpToSign(got, want, 1e-8) {
			t.Fatalf("scores column %d differ from scikit-learn's", j)
		}
	}
	for i := range n {
		px, py := p.Place(x.RawRowView(i))
		if math.Abs(px-y.At(i, 0)) > 1e-10 || math.Abs(py-y.At(i, 1)) > 1e-10 {
			t.Fatalf("Place(row %d) = (%g, %g), Fit gave (%g, %g)", i, px, py, y.At(i, 0), y.At(i, 1))
		}
	}
	// Invert is exact on the plane: placing an inverted point returns it.
	z := p.Invert(1.5, -2.25, nil)
	if px, py := p.Place(z); math.Abs(px-1.5) > 1e-10 || math.Abs(py+2.25) > 1e-10 {
		t.Errorf("Place(Invert(1.5, -2.25)) = (%g, %g)", px, py)
	}
	back := p.InverseTransform(nil, y)
	for i := range n {
		if !floats.EqualApprox(back.RawRowView(i), p.Invert(y.At(i, 0), y.At(i, 1), nil), 1e-10) {
			t.Fatalf("InverseTransform and Invert differ at row %d", i)
		}
	}
}

// TestPCAInverseTransformExact checks that codes in a k-dimensional affine
// subspace are recovered exactly from their k scores.
func TestPCAInverseTransformExact(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	basis, coef := randomMatrix(r, 3, 9), randomMatrix(r, 100, 3)
	x := mat.NewDense(100, 9, nil)
	x.Mul(coef, basis)
	p := NewPCA(Options{})
	if err := p.FitComponents(context.Background(), x, 3, nil); err != nil {
		t.Fatal(err)
	}
	back := p.InverseTransform(nil, p.Transform(nil, x))
	if !mat.EqualApprox(back, x, 1e-9) {
		t.Error("inverse of transform is not the identity on a 3-dimensional subspace")
	}
}

// TestPCASparsePath checks the sparse covariance path (mostly-zero data,
// like images) against the dense path.
func TestPCASparsePath(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 4))
	x := mat.NewDense(400, 80, nil)
	for i := range 400 {
		for j := range 80 {
			if r.Float64() < 0.2 {
				x.Set(i, j, r.Float64()*255)
			}
		}
	}
	mean := columnMeans(x, 2)
	sparse, _ := covariance(context.Background(), x, mean, 2)
	dense := mat.NewSymDense(80, nil)
	dense.SymOuterK(1, centred(x, mean).T())
	dense.ScaleSym(1/399.0, dense)
	if !mat.EqualApprox(sparse, dense, 1e-8) {
		t.Error("sparse covariance differs from the dense one")
	}
	for _, threads := range []int{1, 3} {
		c, _ := covariance(context.Background(), x, mean, threads)
		if !mat.EqualApprox(c, sparse, 1e-9) {
			t.Errorf("covariance with %d threads differs", threads)
		}
	}
	// The sparse scores match the dense product.
	p := NewPCA(Options{Threads: 2})
	if err := p.FitComponents(context.Background(), x, 5, nil); err != nil {
		t.Fatal(err)
	}
	var want mat.Dense
	want.Mul(centred(x, p.Mean), p.Components)
	if got := p.Transform(nil, x); !mat.EqualApprox(got, &want, 1e-9) {
		t.Error("sparse scores differ from the dense product")
	}
	// Lanczos on this matrix (80 > 64 columns, 2 components) must agree
	// with the full decomposition.
	lv, lvec, err := topEigen(context.Background(), sparse, 2, 1)
	if err != nil {
		t.Fatal(err)
	}
	fv, fvec, _ := fullEigen(sparse, 2)
	if !floats.EqualApprox(lv, fv, 1e-9*fv[0]) {
		t.Errorf("Lanczos eigenvalues %v, full %v", lv, fv)
	}
	for j := range 2 {
		if !sameUpToSign(mat.Col(nil, j, lvec), mat.Col(nil, j, fvec), 1e-6) {
			t.Errorf("Lanczos eigenvector %d differs", j)
		}
	}
}

func centred(x *mat.Dense, mean []float64) *mat.Dense {
	n, d := x.Dims()
	c := mat.NewDense(n, d, nil)
	for i := range n {
		floats.SubTo(c.RawRowView(i), x.RawRowView(i), mean)
	}
	return c
}

func randomMatrix(r *rand.Rand, n, d int) *mat.Dense {
	m := mat.NewDense(n, d, nil)
	for i := range n {
		for j := range d {
			m.Set(i, j, r.NormFloat64())
		}
	}
	return m
}

func TestPCABadInput(t *testing.T) {
	x := mat.NewDense(5, 3, []float64{1, 2, 3, 4, 5, 6, 7, math.NaN(), 9, 1, 1, 1, 2, 2, 2})
	_, err := NewPCA(Options{}).Fit(context.Background(), x, nil)
	if !errors.Is(err, viz.ErrNotFinite) || !contains(err.Error(), "row 2") {
		t.Errorf("NaN row: error %v, want viz.ErrNotFinite naming row 2", err)
	}
	one := mat.NewDense(1, 3, []float64{1, 2, 3})
	if _, err := NewPCA(Options{}).Fit(context.Background(), one, nil); !errors.Is(err, viz.ErrTooFewPoints) {
		t.Errorf("one point: error %v, want viz.ErrTooFewPoints", err)
	}
	// Constant columns and duplicate rows are fine.
	c := mat.NewDense(4, 3, []float64{1, 5, 0, 1, 5, 1, 1, 5, 2, 1, 5, 2})
	y, err := NewPCA(Options{}).Fit(context.Background(), c, nil)
	if err != nil || y.At(0, 0) == y.At(3, 0) {
		t.Errorf("constant columns: %v", err)
	}
}

func TestPCAPassThrough(t *testing.T) {
	x := mat.NewDense(3, 1, []float64{1, 2, 3})
	p := NewPCA(Options{})
	y, err := p.Fit(context.Background(), x, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !mat.Equal(y, mat.NewDense(3, 2, []float64{1, 0, 2, 0, 3, 0})) {
		t.Errorf("d = 1 pass-through gave %v", mat.Formatted(y))
	}
	if px, py := p.Place([]float64{7}); px != 7 || py != 0 {
		t.Errorf("Place = (%g, %g), want (7, 0)", px, py)
	}
	if z := p.Invert(4, 9, nil); len(z) != 1 || z[0] != 4 {
		t.Errorf("Invert = %v, want [4]", z)
	}
}

func TestPCACancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	x := randomMatrix(rand.New(rand.NewPCG(1, 1)), 2000, 100)
	if err := NewPCA(Options{}).FitComponents(ctx, x, 10, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled fit: error %v", err)
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

// TestPCAWideCodes fits codes fewer than their dimension, which go through
// the Gram matrix: the result must equal the covariance path's (checked
// against scikit-learn above), and with more components than the codes'
// rank the extra ones must have variance zero and complete an orthonormal
// set.
func TestPCAWideCodes(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	n, d := 30, 200
	x := mat.NewDense(n, d, nil)
	for i := range n {
		for j := range d {
			// Decaying scales, so the leading variances are well separated.
			x.Set(i, j, r.NormFloat64()*math.Exp(-float64(j)/20)+0.5)
		}
	}
	p := NewPCA(Options{Threads: 2, Seed: 1})
	if err := p.FitComponents(context.Background(), x, 6, nil); err != nil {
		t.Fatal(err)
	}
	mean := columnMeans(x, 2)
	vals, vecs, total, err := covariancePCA(context.Background(), x, mean, 6, 2, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := NewPCA(Options{})
	want.set(mean, vals, vecs, total)
	if !floats.EqualApprox(p.Variance, want.Variance, 1e-9) || !floats.EqualApprox(p.VarianceRatio, want.VarianceRatio, 1e-9) {
		t.Errorf("variance %v ratio %v, want %v %v", p.Variance, p.VarianceRatio, want.Variance, want.VarianceRatio)
	}
	for j := range 6 {
		if got, w := mat.Col(nil, j, p.Components), mat.Col(nil, j, want.Components); !floats.EqualApprox(got, w, 1e-8) {
			t.Errorf("component %d differs from the covariance path's by %g", j, floats.Distance(got, w, math.Inf(1)))
		}
	}

	// Five codes have rank four about their mean: components 5–8 are
	// directions of no variance.
	small := mat.DenseCopyOf(x.Slice(0, 5, 0, d))
	q := NewPCA(Options{Seed: 1})
	if err := q.FitComponents(context.Background(), small, 8, nil); err != nil {
		t.Fatal(err)
	}
	for j, v := range q.Variance {
		if (j < 4) != (v > 1e-9) {
			t.Errorf("variance %d = %g: want positive for the first four only", j, v)
		}
	}
	var gram mat.Dense
	gram.Mul(q.Components.T(), q.Components)
	if !mat.EqualApprox(&gram, eye(8), 1e-12) {
		t.Errorf("components are not orthonormal: CᵀC = %v", mat.Formatted(&gram))
	}
	// Every code is the mean plus its scores along the first four.
	y := q.Transform(nil, small)
	back := mat.NewDense(5, d, nil)
	back.Mul(y.Slice(0, 5, 0, 4), q.Components.Slice(0, d, 0, 4).T())
	for i := range 5 {
		floats.Add(back.RawRowView(i), q.Mean)
	}
	if !mat.EqualApprox(back, small, 1e-10) {
		t.Error("the first four components do not span the codes about their mean")
	}
}

func eye(n int) *mat.Dense {
	m := mat.NewDense(n, n, nil)
	for i := range n {
		m.Set(i, i, 1)
	}
	return m
}
