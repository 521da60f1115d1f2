package neighbors

import (
	"context"
	"errors"
	"math"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/latent-explorer/latent/viz"
	"github.com/latent-explorer/latent/viz/internal/vec"
)

// recall is the fraction of exact neighbours that approx also found.
func recall(approx, exact *Graph) float64 {
	hit := 0
	for i := range exact.N {
		a, _ := approx.Neighbors(i)
		e, _ := exact.Neighbors(i)
		for _, j := range e {
			if slices.Contains(a, j) {
				hit++
			}
		}
	}
	return float64(hit) / float64(exact.N*exact.K)
}

// clustered draws n points around 10 Gaussian centres in d dimensions, a
// rough stand-in for codes of a generative model.
func clustered(n, d int, seed uint64) *mat.Dense {
	x := randomPoints(n, d, seed)
	c := randomPoints(10, d, seed+1)
	for i := range n {
		row := x.RawRowView(i)
		for j := range row {
			row[j] = 0.5*row[j] + 3*c.At(i%10, j)
		}
	}
	return x
}

func TestApproximateRecall(t *testing.T) {
	for _, tc := range []struct {
		name string
		x    *mat.Dense
		k    int
	}{
		{"gaussian 2000x20 k15", randomPoints(2000, 20, 11), 15},
		{"clusters 2000x50 k14", clustered(2000, 50, 12), 14},
		{"gaussian 1500x5 k5", randomPoints(1500, 5, 13), 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			exact, err := Exact(ctx, tc.x, tc.k, Options{})
			if err != nil {
				t.Fatal(err)
			}
			approx, err := Approximate(ctx, tc.x, tc.k, Options{Seed: 42})
			if err != nil {
				t.Fatal(err)
			}
			if r := recall(approx, exact); r < 0.9 {
				t.Errorf("recall %.3f, want ≥ 0.9", r)
			}
			checkGraph(t, tc.x, approx)
		})
	}
}

// checkGraph checks that every row is sorted, free of self-loops and
// duplicates, and that its distances are right.
func checkGraph(t *testing.T, x *mat.Dense, g *Graph) {
	t.Helper()
	for i := range g.N {
		idx, dist := g.Neighbors(i)
		for j, v := range idx {
			if int(v) == i || slices.Contains(idx[:j], v) {
				t.Fatalf("point %d: bad neighbour list %v", i, idx)
			}
			if j > 0 && dist[j] < dist[j-1] {
				t.Fatalf("point %d: distances not ascending %v", i, dist)
			}
			want := math.Sqrt(vec.SqDist(x.RawRowView(i), x.RawRowView(int(v))))
			if math.Abs(dist[j]-want) > 1e-9 {
				t.Fatalf("point %d neighbour %d: distance %v, want %v", i, v, dist[j], want)
			}
		}
	}
}

func TestApproximateDeterministic(t *testing.T) {
	x := clustered(1200, 8, 3)
	ctx := context.Background()
	ref, err := Approximate(ctx, x, 10, Options{Seed: 7, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, threads := range []int{1, 2, 3} {
		g, err := Approximate(ctx, x, 10, Options{Seed: 7, Threads: threads})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(g.Index, ref.Index) || !slices.Equal(g.Dist, ref.Dist) {
			t.Errorf("threads %d: graph differs from the single-threaded one", threads)
		}
	}
	other, _ := Approximate(ctx, x, 10, Options{Seed: 8})
	if slices.Equal(other.Index, ref.Index) && recall(other, ref) < 1 {
		t.Error("seed has no effect")
	}
}

func TestApproximateDuplicates(t *testing.T) {
	// 300 copies of 5 distinct points: every neighbour is at distance 0.
	x := mat.NewDense(1500, 3, nil)
	for i := range 1500 {
		x.Set(i, 0, float64(i%5))
	}
	g, err := Approximate(context.Background(), x, 6, Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	checkGraph(t, x, g)
	zero := 0
	for _, d := range g.Dist {
		if d == 0 {
			zero++
		}
	}
	if frac := float64(zero) / float64(len(g.Dist)); frac < 0.99 {
		t.Errorf("%.3f of neighbours at distance 0, want ≥ 0.99", frac)
	}
}

func TestApproximateErrors(t *testing.T) {
	if _, err := Approximate(context.Background(), randomPoints(5, 2, 1), 5, Options{}); !errors.Is(err, viz.ErrTooFewPoints) {
		t.Errorf("too few points: err = %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Approximate(ctx, randomPoints(2000, 3, 1), 5, Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err = %v", err)
	}
	x := randomPoints(50, 3, 1)
	x.Set(17, 2, math.NaN())
	if _, err := KNN(context.Background(), x, 5, Options{}); !errors.Is(err, viz.ErrNotFinite) {
		t.Errorf("NaN: err = %v", err)
	}
}

func TestApproximateProgress(t *testing.T) {
	var last float64
	calls := 0
	_, err := Approximate(context.Background(), randomPoints(1000, 4, 2), 8, Options{Seed: 1, Threads: 2, Progress: func(f float64) {
		if f < last {
			t.Errorf("progress went back from %v to %v", last, f)
		}
		last = f
		calls++
	}})
	if err != nil {
		t.Fatal(err)
	}
	if calls < 2 || last != 1 {
		t.Errorf("%d progress calls, last %v; want several ending at 1", calls, last)
	}
}

func TestKNNChoosesExactForSmallInput(t *testing.T) {
	x := randomPoints(400, 6, 5)
	g, err := KNN(context.Background(), x, 7, Options{Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := Exact(context.Background(), x, 7, Options{})
	if !slices.Equal(g.Index, want.Index) {
		t.Error("KNN below the threshold is not exact")
	}
}
