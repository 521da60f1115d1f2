package neighbors

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/latent-explorer/latent/viz"
	"github.com/latent-explorer/latent/viz/internal/knn"
	"github.com/latent-explorer/latent/viz/internal/parallel"
	"github.com/latent-explorer/latent/viz/internal/vec"
)

// Graph is a k-nearest-neighbour graph of N points. For point i, its j-th
// nearest neighbour (j = 0 is the nearest) is Index[i*K+j] at Euclidean
// distance Dist[i*K+j]. A point is never its own neighbour.
type Graph struct {
	N, K  int
	Index []int32
	Dist  []float64
}

// Neighbors returns the indices and distances of point i's neighbours,
// sharing the graph's storage.
func (g *Graph) Neighbors(i int) ([]int32, []float64) {
	return g.Index[i*g.K : (i+1)*g.K], g.Dist[i*g.K : (i+1)*g.K]
}

// Options controls how a graph is built. The zero value is valid.
type Options struct {
	// Threads is the number of goroutines; 0 means runtime.GOMAXPROCS(0).
	Threads int
	// Progress, if not nil, is called with the fraction done, from any goroutine.
	Progress func(fraction float64)
	// Seed seeds Approximate's random initial graph and candidate sampling.
	Seed uint64
}

func (o Options) threads() int { return parallel.Threads(o.Threads) }

// checkK panics if k < 1 (a caller's mistake) and returns an error
// wrapping viz.ErrTooFewPoints unless there are more than k of the n points.
func checkK(n, k int) error {
	if k < 1 {
		panic("neighbors: k < 1")
	}
	if k >= n {
		return fmt.Errorf("neighbors: %w: %d points, need more than k = %d", viz.ErrTooFewPoints, n, k)
	}
	return nil
}

// Exact returns the exact k-nearest-neighbour graph of the rows of x by
// brute force, in O(n²d) time and O(nk) memory. Ties are broken by the
// smaller index, so the result does not depend on the thread count.
func Exact(ctx context.Context, x *mat.Dense, k int, opt Options) (*Graph, error) {
	n, _ := x.Dims()
	if err := checkK(n, k); err != nil {
		return nil, err
	}
	g := &Graph{N: n, K: k, Index: make([]int32, n*k), Dist: make([]float64, n*k)}
	done := parallel.NewProgress(n, 256, opt.Progress)
	err := parallel.Each(ctx, n, 64, opt.threads(), func(i int) {
		exactRow(x, i, g)
		done.Add(1)
	})
	if err != nil {
		return nil, err
	}
	return g, nil
}

// exactRow fills row i of g by scanning every other point with a bounded
// max-heap of squared distances.
func exactRow(x *mat.Dense, i int, g *Graph) {
	n, _ := x.Dims()
	h := knn.Heap{Idx: g.Index[i*g.K : (i+1)*g.K], D: g.Dist[i*g.K : (i+1)*g.K]}
	xi := x.RawRowView(i)
	for j := 0; j < n; j++ {
		if j == i {
			continue
		}
		h.Push(int32(j), vec.SqDist(xi, x.RawRowView(j)))
	}
	sortSqrt(&h)
}

// sortSqrt orders a full heap's entries nearest first and turns their
// squared distances into distances.
func sortSqrt(h *knn.Heap) {
	h.Sort()
	for i, d := range h.D {
		h.D[i] = math.Sqrt(d)
	}
}
