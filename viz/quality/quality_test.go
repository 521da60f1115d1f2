package quality

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/latent-explorer/latent/viz"
)

type fixture struct {
	Source string
	X, Y   [][]float64
	Labels []int
}

func denseOf(rows [][]float64) *mat.Dense {
	m := mat.NewDense(len(rows), len(rows[0]), nil)
	for i, r := range rows {
		m.SetRow(i, r)
	}
	return m
}

func loadFixture(t *testing.T) (fixture, map[string]float64) {
	t.Helper()
	b, err := os.ReadFile("testdata/quality.json")
	if err != nil {
		t.Fatal(err)
	}
	var f fixture
	var all map[string]any
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &all); err != nil {
		t.Fatal(err)
	}
	vals := map[string]float64{}
	for key, v := range all {
		if x, ok := v.(float64); ok {
			vals[key] = x
		}
	}
	return f, vals
}

// TestMatchesScikitLearn compares with testdata/quality.json, made by
// tools/bench_projection/make_fixtures.py: trustworthiness from
// scikit-learn 1.2.1's sklearn.manifold.trustworthiness(X, Y), continuity
// as trustworthiness(Y, X), recall and accuracy from scikit-learn's
// NearestNeighbors with the script's majority vote.
func TestMatchesScikitLearn(t *testing.T) {
	f, want := loadFixture(t)
	x, y := denseOf(f.X), denseOf(f.Y)
	for _, k := range []int{5, 10} {
		for _, threads := range []int{1, 3} {
			r, err := Evaluate(context.Background(), x, y, f.Labels, Options{K: k, Threads: threads})
			if err != nil {
				t.Fatal(err)
			}
			check := func(name string, got float64) {
				key := fmt.Sprintf("%s_%d", name, k)
				if math.Abs(got-want[key]) > 1e-12 {
					t.Errorf("k=%d threads=%d: %s = %.15g, scikit-learn %.15g", k, threads, name, got, want[key])
				}
			}
			check("trustworthiness", r.Trustworthiness)
			check("continuity", r.Continuity)
			check("recall", r.Recall)
			check("accuracy", r.Accuracy)
		}
	}
}

func TestPerfectMap(t *testing.T) {
	f, _ := loadFixture(t)
	x := denseOf(f.X)
	r, err := Evaluate(context.Background(), x, x, nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Trustworthiness != 1 || r.Continuity != 1 || r.Recall != 1 || !math.IsNaN(r.Accuracy) {
		t.Errorf("identity map: %+v", r)
	}
}

func TestSampleIsCloseToAll(t *testing.T) {
	f, want := loadFixture(t)
	x, y := denseOf(f.X), denseOf(f.Y)
	r, err := Evaluate(context.Background(), x, y, f.Labels, Options{Sample: 150, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if r.Evaluated != 150 || math.Abs(r.Trustworthiness-want["trustworthiness_10"]) > 0.02 {
		t.Errorf("sampled: %+v, all points: trustworthiness %g", r, want["trustworthiness_10"])
	}
}

func TestBadInput(t *testing.T) {
	x := mat.NewDense(4, 2, []float64{0, 0, 1, 1, 2, 2, 3, 3})
	y3 := mat.NewDense(3, 2, nil)
	if _, err := Evaluate(context.Background(), x, y3, nil, Options{}); err == nil {
		t.Error("row mismatch: no error")
	}
	if _, err := Evaluate(context.Background(), x, x, nil, Options{K: 3}); !errors.Is(err, viz.ErrTooFewPoints) {
		t.Errorf("k too large: %v", err)
	}
	if _, err := Evaluate(context.Background(), x, x, []int{1}, Options{K: 1}); err == nil {
		t.Error("label count mismatch: no error")
	}
	bad := mat.NewDense(4, 2, []float64{0, 0, 1, math.NaN(), 2, 2, 3, 3})
	if _, err := Evaluate(context.Background(), x, bad, nil, Options{K: 1}); err == nil {
		t.Error("NaN: no error")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Evaluate(ctx, x, x, nil, Options{K: 1}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

// BenchmarkEvaluate measures a full evaluation of 3,000 points of dimension
// 50 against a 2-D map (k = 10, 2 threads): 2 × 9 million distances.
func BenchmarkEvaluate(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	x, y := mat.NewDense(3000, 50, nil), mat.NewDense(3000, 2, nil)
	for _, m := range []*mat.Dense{x, y} {
		for i, data := 0, m.RawMatrix().Data; i < len(data); i++ {
			data[i] = r.NormFloat64()
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Evaluate(context.Background(), x, y, nil, Options{K: 10, Threads: 2}); err != nil {
			b.Fatal(err)
		}
	}
}
