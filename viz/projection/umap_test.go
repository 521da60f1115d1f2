package projection

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/latent-explorer/latent/viz"
	"github.com/latent-explorer/latent/viz/internal/vec"
	"github.com/latent-explorer/latent/viz/neighbors"
)

// umapBlobs is testdata/umap_blobs.json, made by
// tools/bench_umap/make_fixture.py: 1000 points in 6 Gaussian blobs in 10
// dimensions (scikit-learn make_blobs), with umap-learn 0.5.3's results.
type umapBlobs struct {
	Source string      `json:"source"`
	X      [][]float64 `json:"x"`
	Labels []int       `json:"labels"`
	Trust  []float64   `json:"umap_learn_trustworthiness"`
	Acc    []float64   `json:"umap_learn_knn_accuracy"`
	AB     []struct {
		MinDist float64 `json:"min_dist"`
		Spread  float64 `json:"spread"`
		A       float64 `json:"a"`
		B       float64 `json:"b"`
	} `json:"ab"`
}

func loadUMAPBlobs(t testing.TB) umapBlobs {
	var f umapBlobs
	loadJSON(t, "testdata/umap_blobs.json", &f)
	return f
}

func fitUMAP(t testing.TB, x *mat.Dense, opts Options) (*UMAP, *mat.Dense) {
	t.Helper()
	u := NewUMAP(opts)
	y, err := u.Fit(context.Background(), x, nil)
	if err != nil {
		t.Fatal(err)
	}
	return u, y
}

func TestUMAPCurveMatchesUmapLearn(t *testing.T) {
	f := loadUMAPBlobs(t)
	for _, c := range f.AB {
		a, b := fitUMAPCurve(c.MinDist, c.Spread)
		// umap-learn's find_ab_params (scipy curve_fit), from f.Source.
		if math.Abs(a-c.A) > 2e-3*c.A || math.Abs(b-c.B) > 2e-3*c.B {
			t.Errorf("min_dist %g spread %g: a, b = %.5f, %.5f; umap-learn %.5f, %.5f",
				c.MinDist, c.Spread, a, b, c.A, c.B)
		}
	}
}

func TestUMAPBlobsQuality(t *testing.T) {
	f := loadUMAPBlobs(t)
	x := denseOf(f.X)
	_, y := fitUMAP(t, x, Options{Seed: 1})
	acc := umapKNNAccuracy(y, f.Labels, 10)
	if acc < 0.95 {
		t.Errorf("10-NN label accuracy %.3f, want ≥ 0.95", acc)
	}
	// Reference: umap-learn 0.5.3's mean trustworthiness over seeds 0–4
	// (scikit-learn's trustworthiness, k = 10), from f.Source.
	ref := umapMean(f.Trust)
	tw := umapTrustworthiness(x, y, 10)
	t.Logf("trustworthiness %.4f (umap-learn %.4f), accuracy %.3f (umap-learn %.3f)", tw, ref, acc, umapMean(f.Acc))
	if tw < ref-0.01 {
		t.Errorf("trustworthiness %.4f, want ≥ umap-learn's %.4f − 0.01", tw, ref)
	}
}

func TestUMAPDeterministic(t *testing.T) {
	x := denseOf(loadUMAPBlobs(t).X[:400])
	_, ref := fitUMAP(t, x, Options{Seed: 5, Threads: 1, Iterations: 60})
	for _, threads := range []int{1, 2, 3} {
		_, y := fitUMAP(t, x, Options{Seed: 5, Threads: threads, Iterations: 60})
		if !mat.Equal(y, ref) {
			t.Errorf("threads %d: layout differs from the single-threaded one", threads)
		}
	}
	_, other := fitUMAP(t, x, Options{Seed: 6, Iterations: 60})
	if mat.Equal(other, ref) {
		t.Error("seed has no effect")
	}
}

func TestUMAPProgressAndCancel(t *testing.T) {
	x := denseOf(loadUMAPBlobs(t).X[:300])
	var fractions []float64
	layouts := 0
	_, err := NewUMAP(Options{Iterations: 100}).Fit(context.Background(), x, func(f float64, y *mat.Dense) {
		fractions = append(fractions, f)
		if y != nil {
			if r, c := y.Dims(); r != 300 || c != 2 {
				t.Fatalf("intermediate layout %d×%d", r, c)
			}
			layouts++
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if !sort.Float64sAreSorted(fractions) || fractions[len(fractions)-1] != 1 || layouts < 10 {
		t.Errorf("progress %v with %d layouts; want ascending to 1 with ≥ 10 layouts", fractions, layouts)
	}

	ctx, cancel := context.WithCancel(context.Background())
	_, err = NewUMAP(Options{Iterations: 200}).Fit(ctx, x, func(f float64, _ *mat.Dense) {
		if f > 0.5 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled during SGD: err = %v", err)
	}
	cancel()
	if _, err := NewUMAP(Options{}).Fit(ctx, x, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled before: err = %v", err)
	}
}

func TestUMAPBadInput(t *testing.T) {
	x := denseOf(loadUMAPBlobs(t).X[:40])
	nan := mat.DenseCopyOf(x)
	nan.Set(17, 3, math.NaN())
	same := mat.NewDense(30, 4, nil)
	for _, tc := range []struct {
		name string
		x    *mat.Dense
		opts Options
		want error
	}{
		{"too few points", x, Options{Neighbors: 40}, viz.ErrTooFewPoints},
		{"NaN row", nan, Options{}, viz.ErrNotFinite},
		{"identical rows", same, Options{}, nil},
		{"min_dist above spread", x, Options{MinDist: 2}, nil},
		{"one neighbour", x, Options{Neighbors: 1}, nil},
	} {
		_, err := NewUMAP(tc.opts).Fit(context.Background(), tc.x, nil)
		if err == nil || (tc.want != nil && !errors.Is(err, tc.want)) {
			t.Errorf("%s: err = %v, want %v", tc.name, err, tc.want)
		}
	}
}

func TestUMAPDuplicatesAndComponents(t *testing.T) {
	// Three far-apart groups, each of 50 copies of 4 codes: the kNN graph
	// has many components and every distance within a copy is 0.
	x := mat.NewDense(600, 3, nil)
	for i := range 600 {
		g := i % 3
		x.Set(i, 0, 100*float64(g)+float64(i%4))
		x.Set(i, 1, float64(g))
		x.Set(i, 2, float64(i%4))
	}
	_, y := fitUMAP(t, x, Options{Seed: 2, Iterations: 100})
	labels := make([]int, 600)
	for i := range labels {
		labels[i] = i % 3
	}
	for _, v := range y.RawMatrix().Data {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatal("layout not finite")
		}
	}
	if acc := umapKNNAccuracy(y, labels, 10); acc < 0.95 {
		t.Errorf("groups mixed on the map: 10-NN accuracy %.3f", acc)
	}
}

func TestUMAPPlaceTransformInvert(t *testing.T) {
	f := loadUMAPBlobs(t)
	train, test := denseOf(f.X[:800]), denseOf(f.X[800:])
	u, y := fitUMAP(t, train, Options{Seed: 3})
	placed, err := u.Transform(context.Background(), test)
	if err != nil {
		t.Fatal(err)
	}
	hits := 0
	for i := range 200 {
		px, py := u.Place(test.RawRowView(i))
		if px != placed.At(i, 0) || py != placed.At(i, 1) {
			t.Fatalf("Place(%d) = (%v, %v), Transform row (%v, %v)", i, px, py, placed.At(i, 0), placed.At(i, 1))
		}
		// The nearest training point on the map has the new point's label.
		nb := u.grid.nearest(u.embedding, px, py, 1)
		if f.Labels[nb[0].i] == f.Labels[800+i] {
			hits++
		}
	}
	if hits < 190 {
		t.Errorf("%d of 200 new points placed in their own cluster", hits)
	}
	// Inverting a training point's position gives back its code.
	for _, i := range []int{0, 123, 799} {
		z := u.Invert(y.At(i, 0), y.At(i, 1), nil)
		if !slices.Equal(z, train.RawRowView(i)) {
			t.Errorf("Invert at point %d's position: %v, want its code", i, z)
		}
	}
	// Between points, the inverse is a code of the cluster there.
	z := u.Invert(y.At(5, 0)+1e-3, y.At(5, 1), make([]float64, 10))
	if d := math.Sqrt(vec.SqDist(z, train.RawRowView(5))); d > 5 {
		t.Errorf("Invert near point 5 is %.2f away from its code", d)
	}
	if _, err := u.Transform(context.Background(), mat.NewDense(2, 3, nil)); err == nil {
		t.Error("Transform with 3 columns: no error")
	}
}

func TestUMAPPassThrough(t *testing.T) {
	x := mat.NewDense(5, 2, []float64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
	u, y := fitUMAP(t, x, Options{})
	if !mat.Equal(x, y) {
		t.Errorf("2-D codes changed: %v", mat.Formatted(y))
	}
	if px, py := u.Place([]float64{4, 5}); px != 4 || py != 5 {
		t.Errorf("Place = %v, %v", px, py)
	}
	if z := u.Invert(6.5, 7, nil); !slices.Equal(z, []float64{6.5, 7}) {
		t.Errorf("Invert = %v", z)
	}
}

func TestSpectralMatchesDenseEigenvectors(t *testing.T) {
	// The fuzzy graph of 300 Gaussian points in 5 dimensions: connected,
	// and small enough for a dense eigendecomposition of S.
	r := rand.New(rand.NewPCG(4, 4))
	x := mat.NewDense(300, 5, nil)
	for i := range x.RawMatrix().Data {
		x.RawMatrix().Data[i] = r.NormFloat64()
	}
	knn, err := neighbors.Exact(context.Background(), x, 14, neighbors.Options{})
	if err != nil {
		t.Fatal(err)
	}
	g := fuzzyGraph(knn, 2)
	n := g.n
	if _, sizes := graphComponents(g); len(sizes) != 1 {
		t.Fatalf("fixture graph has %d components", len(sizes))
	}
	all := make([]int32, n)
	for i := range all {
		all[i] = int32(i)
	}
	op := newNormalizedAdjacency(g, all)
	vecs, err := op.topEigenvectors(context.Background(), 2, 1, 2)
	if err != nil {
		t.Fatal(err)
	}
	dense := mat.NewSymDense(n, nil)
	for i := range n {
		adj, w := g.edges(i)
		dense.SetSym(i, i, 0.5)
		for e, j := range adj {
			dense.SetSym(i, int(j), 0.5*w[e]*op.invSqrt[i]*op.invSqrt[j])
		}
	}
	vals, _, _ := fullEigen(dense, 3)
	for c, v := range vecs {
		var sv mat.VecDense
		sv.MulVec(dense, mat.NewVecDense(n, v))
		rq := spDot(sv.RawVector().Data, v)
		if math.Abs(rq-vals[c+1]) > 1e-6 {
			t.Errorf("Ritz value %d: %.8f, dense eigenvalue %.8f", c, rq, vals[c+1])
		}
		if d := math.Abs(spDot(v, op.trivial)); d > 1e-8 {
			t.Errorf("vector %d not orthogonal to the trivial one: %g", c, d)
		}
	}
}

func BenchmarkUMAPPlace(b *testing.B) {
	f := loadUMAPBlobs(b)
	u, _ := fitUMAP(b, denseOf(f.X), Options{Seed: 1})
	z := slices.Clone(f.X[7])
	z[0] += 0.1
	b.ReportAllocs()
	for b.Loop() {
		u.Place(z)
	}
}

func BenchmarkUMAPInvert(b *testing.B) {
	f := loadUMAPBlobs(b)
	u, y := fitUMAP(b, denseOf(f.X), Options{Seed: 1})
	dst := make([]float64, 10)
	b.ReportAllocs()
	for b.Loop() {
		u.Invert(y.At(3, 0)+0.01, y.At(3, 1), dst)
	}
}

func BenchmarkUMAPBlobs(b *testing.B) {
	x := denseOf(loadUMAPBlobs(b).X)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NewUMAP(Options{Seed: 1}).Fit(context.Background(), x, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func umapMean(v []float64) float64 {
	var s float64
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}

// umapRanked returns, for every row of x, all other rows by ascending
// distance (ties by index).
func umapRanked(x *mat.Dense) [][]int {
	n, _ := x.Dims()
	out := make([][]int, n)
	for i := range n {
		d := make([]float64, n)
		idx := make([]int, 0, n-1)
		for j := range n {
			d[j] = vec.SqDist(x.RawRowView(i), x.RawRowView(j))
			if j != i {
				idx = append(idx, j)
			}
		}
		sort.SliceStable(idx, func(a, b int) bool { return d[idx[a]] < d[idx[b]] })
		out[i] = idx
	}
	return out
}

// umapTrustworthiness is Venna & Kaski's trustworthiness as scikit-learn 1.2
// computes it: 1 − 2/(nk(2n − 3k − 1)) Σᵢ Σ_{j ∈ Uᵢ} (r(i, j) − k), with
// Uᵢ the embedding's k nearest neighbours of i that are not among its k
// nearest in x and r the rank in x.
func umapTrustworthiness(x, y *mat.Dense, k int) float64 {
	n, _ := x.Dims()
	hi, lo := umapRanked(x), umapRanked(y)
	var s float64
	for i := range n {
		rank := make([]int, n)
		for r, j := range hi[i] {
			rank[j] = r + 1
		}
		for _, j := range lo[i][:k] {
			s += float64(max(0, rank[j]-k))
		}
	}
	return 1 - 2*s/float64(n*k*(2*n-3*k-1))
}

// umapKNNAccuracy is the leave-one-out k-NN majority-vote accuracy of
// labels on the layout y (ties to the smallest label).
func umapKNNAccuracy(y *mat.Dense, labels []int, k int) float64 {
	nb := umapRanked(y)
	hit := 0
	for i, row := range nb {
		votes := map[int]int{}
		for _, j := range row[:k] {
			votes[labels[j]]++
		}
		best, bestN := -1, -1
		for l, c := range votes {
			if c > bestN || (c == bestN && l < best) {
				best, bestN = l, c
			}
		}
		if best == labels[i] {
			hit++
		}
	}
	return float64(hit) / float64(len(nb))
}

// TestUMAPMinDistZero checks that a min_dist of 0 set with SetMinDist
// reaches the curve fit as 0 (umap-learn's a, b for min_dist 0 in the
// fixture), while a MinDist left at 0 is the default 0.1.
func TestUMAPMinDistZero(t *testing.T) {
	f := loadUMAPBlobs(t)
	var zero Options
	zero.SetMinDist(0)
	x := denseOf(f.X)
	for _, c := range []struct {
		opts Options
		min  float64
	}{{zero, 0}, {Options{}, 0.1}, {Options{MinDist: 0.5}, 0.5}} {
		if got := c.opts.UMAPMinDist(); got != c.min {
			t.Fatalf("UMAPMinDist of %+v = %g, want %g", c.opts, got, c.min)
		}
		c.opts.Iterations, c.opts.Seed = 5, 1
		u, _ := fitUMAP(t, x, c.opts)
		for _, ab := range f.AB {
			if ab.MinDist == c.min && ab.Spread == 1 && math.Abs(u.A-ab.A) > 2e-3*ab.A {
				t.Errorf("min_dist %g: a = %.5f, umap-learn %.5f", c.min, u.A, ab.A)
			}
		}
	}
}

// TestUMAPMinDistInvalid: a negative or NaN min_dist is an error from Fit
// and a panic from SetMinDist.
func TestUMAPMinDistInvalid(t *testing.T) {
	x := denseOf(loadUMAPBlobs(t).X)
	for _, m := range []float64{-0.5, math.NaN()} {
		if _, err := NewUMAP(Options{MinDist: m}).Fit(context.Background(), x, nil); err == nil || !strings.Contains(err.Error(), "min_dist") {
			t.Errorf("MinDist %v: error %v", m, err)
		}
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("SetMinDist(%v) did not panic", m)
				}
			}()
			var o Options
			o.SetMinDist(m)
		}()
	}
}
