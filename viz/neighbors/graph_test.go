package neighbors

import (
	"context"
	"errors"
	"math/rand/v2"
	"sort"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/latent-explorer/latent/viz"
	"github.com/latent-explorer/latent/viz/internal/vec"
)

func randomPoints(n, d int, seed uint64) *mat.Dense {
	r := rand.New(rand.NewPCG(seed, 1))
	x := mat.NewDense(n, d, nil)
	for i := range n {
		for j := range d {
			x.Set(i, j, r.NormFloat64())
		}
	}
	return x
}

// naive sorts every distance; it is the obvious definition the fast path must match.
func naive(x *mat.Dense, i, k int) []int32 {
	n, _ := x.Dims()
	type cand struct {
		j int32
		d float64
	}
	var c []cand
	for j := range n {
		if j != i {
			c = append(c, cand{int32(j), vec.SqDist(x.RawRowView(i), x.RawRowView(j))})
		}
	}
	sort.Slice(c, func(a, b int) bool {
		if c[a].d != c[b].d {
			return c[a].d < c[b].d
		}
		return c[a].j < c[b].j
	})
	out := make([]int32, k)
	for t := range k {
		out[t] = c[t].j
	}
	return out
}

func TestExactMatchesSorting(t *testing.T) {
	x := randomPoints(300, 5, 7)
	for _, threads := range []int{1, 3} {
		g, err := Exact(context.Background(), x, 10, Options{Threads: threads})
		if err != nil {
			t.Fatal(err)
		}
		for i := range 300 {
			idx, dist := g.Neighbors(i)
			want := naive(x, i, 10)
			for j := range want {
				if idx[j] != want[j] {
					t.Fatalf("threads %d point %d: neighbours %v, want %v", threads, i, idx, want)
				}
				if j > 0 && dist[j] < dist[j-1] {
					t.Fatalf("point %d: distances not ascending: %v", i, dist)
				}
			}
		}
	}
}

func TestExactTiesAndDuplicates(t *testing.T) {
	// Four identical points and one far away: ties go to the smaller index.
	x := mat.NewDense(5, 2, []float64{0, 0, 0, 0, 0, 0, 0, 0, 9, 9})
	g, err := Exact(context.Background(), x, 2, Options{})
	if err != nil {
		t.Fatal(err)
	}
	idx, dist := g.Neighbors(3)
	if idx[0] != 0 || idx[1] != 1 || dist[0] != 0 {
		t.Errorf("point 3: got %v %v, want [0 1] at distance 0", idx, dist)
	}
}

func TestExactTooFewPoints(t *testing.T) {
	_, err := Exact(context.Background(), randomPoints(5, 2, 1), 5, Options{})
	if !errors.Is(err, viz.ErrTooFewPoints) {
		t.Fatalf("err = %v, want viz.ErrTooFewPoints", err)
	}
}

func TestExactCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Exact(ctx, randomPoints(2000, 3, 1), 5, Options{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func BenchmarkExact10k(b *testing.B) {
	x := randomPoints(10000, 16, 3)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Exact(context.Background(), x, 15, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
