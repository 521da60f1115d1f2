package projection

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/latent-explorer/latent/viz"
	"github.com/latent-explorer/latent/viz/quality"
)

type tsneFixture struct {
	Source          string
	X               [][]float64
	Labels          []int
	Trustworthiness float64 `json:"trustworthiness_10"`
	Accuracy        float64 `json:"accuracy_10"`
}

// TestTSNEQualityMatchesScikitLearn lays out testdata/tsne_blobs.json (500
// points, five Gaussian blobs in 10-D) and asks for trustworthiness and
// 10-NN accuracy within 0.01 of scikit-learn 1.2.1's TSNE on the same data
// (numbers made by tools/bench_projection/make_fixtures.py).
func TestTSNEQualityMatchesScikitLearn(t *testing.T) {
	var f tsneFixture
	loadJSON(t, "testdata/tsne_blobs.json", &f)
	x := denseOf(f.X)
	for _, gradient := range []string{"exact", "bh"} {
		ts, err := NewTSNE(Options{Seed: 1, Threads: 2, Gradient: gradient})
		if err != nil {
			t.Fatal(err)
		}
		y, err := ts.Fit(context.Background(), x, nil)
		if err != nil {
			t.Fatal(err)
		}
		r, err := quality.Evaluate(context.Background(), x, y, f.Labels, quality.Options{K: 10})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: trustworthiness %.4f (scikit-learn %.4f), accuracy %.4f (%.4f)", gradient, r.Trustworthiness, f.Trustworthiness, r.Accuracy, f.Accuracy)
		if r.Trustworthiness < f.Trustworthiness-0.01 || r.Accuracy < f.Accuracy-0.01 {
			t.Errorf("%s: quality below scikit-learn's: %+v", gradient, r)
		}
	}
}

// TestTSNEDeterministicProgressCancel checks that a seed and thread count
// fix the layout, that progress rises to 1 with intermediate layouts, and
// that cancelling stops the fit.
func TestTSNEDeterministicProgressCancel(t *testing.T) {
	x := randomMatrix(newRand(5), 300, 8)
	fit := func(threads int, progress Progress) *mat.Dense {
		// Barnes-Hut, so that the leaf walks, the per-thread attraction
		// buffers and the renumbering in map order are what is checked.
		ts, _ := NewTSNE(Options{Seed: 3, Threads: threads, Perplexity: 10, Iterations: 100, Gradient: "bh"})
		y, err := ts.Fit(context.Background(), x, progress)
		if err != nil {
			t.Fatal(err)
		}
		return y
	}
	last, layouts := 0.0, 0
	var final *mat.Dense
	a := fit(2, func(f float64, y *mat.Dense) {
		if f < last {
			t.Errorf("progress went back from %g to %g", last, f)
		}
		last = f
		if y != nil {
			layouts++
			final = mat.DenseCopyOf(y)
		}
	})
	if last != 1 || layouts < 10 {
		t.Errorf("progress ended at %g with %d layouts", last, layouts)
	}
	// The last intermediate layout is the result, in the caller's order.
	if !mat.Equal(a, final) {
		t.Error("the last layout reported differs from the result")
	}
	if b := fit(2, nil); !mat.Equal(a, b) {
		t.Error("two fits with the same seed and threads differ")
	}
	ctx, cancel := context.WithCancel(context.Background())
	ts, _ := NewTSNE(Options{Seed: 3, Perplexity: 10})
	_, err := ts.Fit(ctx, x, func(f float64, _ *mat.Dense) {
		if f > 0.5 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled fit: %v", err)
	}
}

func TestTSNEPlaceInvert(t *testing.T) {
	x := randomMatrix(newRand(6), 400, 6)
	ts, _ := NewTSNE(Options{Seed: 1, Perplexity: 10, Iterations: 200})
	y, err := ts.Fit(context.Background(), x, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 400 {
		px, py := ts.Place(x.RawRowView(i))
		if px != y.At(i, 0) || py != y.At(i, 1) {
			t.Fatalf("Place(code %d) = (%g, %g), its map point is (%g, %g)", i, px, py, y.At(i, 0), y.At(i, 1))
		}
		z := ts.Invert(y.At(i, 0), y.At(i, 1), make([]float64, 6))
		if !mat.EqualApprox(mat.NewVecDense(6, z), x.RowView(i), 0) {
			t.Fatalf("Invert(map point %d) = %v, want its code", i, z)
		}
	}
	// A new code lands among the map points of its latent neighbours.
	z := []float64{0.1, -0.2, 0.3, 0, 0.05, -0.1}
	px, py := ts.Place(z)
	if math.IsNaN(px) || math.IsNaN(py) {
		t.Errorf("Place of a new code gave (%g, %g)", px, py)
	}
}

// TestLayoutGridNearest compares the grid search with a scan of all points.
func TestLayoutGridNearest(t *testing.T) {
	r := newRand(7)
	y := randomMatrix(r, 1000, 2)
	g := newLayoutGrid(y)
	for range 200 {
		qx, qy := 3*r.NormFloat64(), 3*r.NormFloat64()
		got := g.nearest(qx, qy, 10)
		want := newBest(10)
		for i := range 1000 {
			dx, dy := y.At(i, 0)-qx, y.At(i, 1)-qy
			want.offer(i, dx*dx+dy*dy)
		}
		for t2 := range want.idx {
			if got.idx[t2] != want.idx[t2] {
				t.Fatalf("query (%g, %g): grid %v, scan %v", qx, qy, got.idx, want.idx)
			}
		}
	}
}

func TestTSNEBadInput(t *testing.T) {
	ts, _ := NewTSNE(Options{})
	_, err := ts.Fit(context.Background(), randomMatrix(newRand(1), 50, 5), nil)
	if !errors.Is(err, viz.ErrTooFewPoints) || !strings.Contains(err.Error(), "perplexity of at most 16") {
		t.Errorf("50 points at perplexity 30: %v", err)
	}
	for _, o := range []Options{{Perplexity: -1}, {Perplexity: 0.5}, {Iterations: -3}, {LearningRate: math.NaN()}, {Gradient: "bogus"}} {
		if _, err := NewTSNE(o); err == nil {
			t.Errorf("NewTSNE(%+v): no error", o)
		}
	}
	// Duplicate points and a constant column are fine.
	x := randomMatrix(newRand(2), 120, 4)
	for i := range 120 {
		x.Set(i, 3, 7)
		if i%2 == 1 {
			x.SetRow(i, x.RawRowView(i-1))
		}
	}
	ts, _ = NewTSNE(Options{Perplexity: 5, Iterations: 50})
	y, err := ts.Fit(context.Background(), x, nil)
	if err != nil || hasNaN(y) {
		t.Errorf("duplicates and a constant column: %v", err)
	}
	// All points identical: no NaN, no endless loop.
	same := mat.NewDense(40, 3, nil)
	ts, _ = NewTSNE(Options{Perplexity: 5, Iterations: 20})
	if y, err := ts.Fit(context.Background(), same, nil); err != nil || hasNaN(y) {
		t.Errorf("identical points: %v", err)
	}
	// Two columns pass through.
	two := randomMatrix(newRand(3), 10, 2)
	if y, err := ts.Fit(context.Background(), two, nil); err != nil || !mat.Equal(y, two) {
		t.Errorf("d = 2 is not passed through: %v", err)
	}
	if px, py := ts.Place([]float64{0.25, -3}); px != 0.25 || py != -3 {
		t.Errorf("passed-through Place = (%g, %g)", px, py)
	}
	if z := ts.Invert(1.5, 2, nil); z[0] != 1.5 || z[1] != 2 {
		t.Errorf("passed-through Invert = %v", z)
	}
}

func hasNaN(m *mat.Dense) bool {
	for _, v := range m.RawMatrix().Data {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return true
		}
	}
	return false
}

// TestTSNEAttractionHalfPairs checks the attractive forces the optimiser
// computes from each pair once, its far end's share in per-thread buffers,
// against the direct sum over the full symmetric matrix, before and after
// the points are renumbered in map order.
func TestTSNEAttractionHalfPairs(t *testing.T) {
	const n = 400
	r := newRand(9)
	rows := make([][]entry, n)
	for i := range n {
		for range 6 {
			j := r.IntN(n)
			if j == i {
				continue
			}
			v := r.Float64()
			rows[i] = append(rows[i], entry{int32(j), v})
			rows[j] = append(rows[j], entry{int32(i), v})
		}
	}
	p := packRows(rows)
	y0 := clusteredLayout(n, 5, 2)
	want := make([]float64, 2*n)
	for i := range n {
		for e := p.Start[i]; e < p.Start[i+1]; e++ {
			j := p.Col[e]
			d0, d1 := y0[2*i]-y0[2*j], y0[2*i+1]-y0[2*j+1]
			w := p.Val[e] / (1 + d0*d0 + d1*d1)
			want[2*i] += w * d0
			want[2*i+1] += w * d1
		}
	}
	for _, threads := range []int{1, 3} {
		o := newTSNEOptimiser(p, y0, threads, "exact")
		for round := range 2 {
			if round == 1 {
				o.relabel()
			}
			o.gradient(1, 0) // repulsion weighted 0: grad is the attraction
			got := make([]float64, 2*n)
			for i, j := range o.orig {
				got[2*j], got[2*j+1] = o.grad[2*i], o.grad[2*i+1]
			}
			if e := relErr(got, want); e > 1e-6 {
				t.Errorf("threads %d, renumbered %v: relative error %g", threads, round == 1, e)
			}
			back := make([]float64, 2*n)
			o.layout(back)
			if !slices.Equal(back, y0) {
				t.Errorf("threads %d, renumbered %v: layout is not the caller's", threads, round == 1)
			}
		}
	}
}
