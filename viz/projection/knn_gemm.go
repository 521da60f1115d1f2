package projection

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sync"

	"gonum.org/v1/gonum/mat"

	"github.com/latent-explorer/latent/model/sgemm"
	"github.com/latent-explorer/latent/viz"
	"github.com/latent-explorer/latent/viz/internal/knn"
	"github.com/latent-explorer/latent/viz/internal/parallel"
	"github.com/latent-explorer/latent/viz/internal/vec"
	"github.com/latent-explorer/latent/viz/neighbors"
)

// gemmKNNMax is the number of points up to which t-SNE builds its exact
// kNN graph by matrix products, and NN-descent above. With k = 90
// (perplexity 30) on 50-dimensional MNIST codes, 2 threads, the products
// took 0.40 s at 10,000 points (BenchmarkKNN90) and 7.7 s at 70,000,
// NN-descent 49 s at 70,000 (recall 0.9999); the products grow as n², the
// descent about as n^1.15, so they cost the same near 500,000 points.
const gemmKNNMax = 400000

const (
	// knnRowBlock is the number of query rows a worker takes at once and
	// knnColBlock the number of points their distances are computed to
	// per product: a 96×4096 float32 tile, 1.5 MB, stays in a core's L2
	// cache while it is scanned.
	knnRowBlock = 96
	knnColBlock = 4096
	// knnSpare is how many candidates beyond k each row keeps from the
	// single-precision scan; their distances are then recomputed in double
	// precision and the k nearest kept, so rounding in the products cannot
	// change the graph unless the k-th and (k+knnSpare)-th distances agree
	// to about 1e-6 of the data's squared norm.
	knnSpare = 8
)

// exactKNN returns the k-nearest-neighbour graph of the rows of x, exact
// up to single-precision rounding. Squared distances |a|² + |b|² - 2a·b
// of the centred, rescaled rows are computed in single precision, a tile
// of rows by points at a time, by the packed GEMM of model/sgemm; each row
// keeps its k+knnSpare nearest in a bounded heap, whose distances are then
// recomputed in double precision, ties going to the smaller index as in
// neighbors.Exact. The graph is neighbors.Exact's unless more than
// knnSpare distinct points tie with the k-th neighbour (as on a lattice):
// then rounding, not the index, picks among them; every pick is at the
// k-th distance.
func exactKNN(ctx context.Context, x *mat.Dense, k, threads int, progress func(float64)) (*neighbors.Graph, error) {
	n, d := x.Dims()
	if k >= n {
		return nil, fmt.Errorf("projection: %w: %d points, need more than k = %d", viz.ErrTooFewPoints, n, k)
	}
	xs, norms := centredFloat32(x)
	all := sgemm.PackB(make([]float32, sgemm.PackedBSize(d, n)), xs, 1, d, d, n)
	kk := min(k+knnSpare, n-1)
	g := &neighbors.Graph{N: n, K: k, Index: make([]int32, n*k), Dist: make([]float64, n*k)}
	pool := sync.Pool{New: func() any { return newKNNScratch(d, kk, n) }}
	done := parallel.NewProgress(parallel.NumBlocks(n, knnRowBlock), 1, progress)
	err := parallel.Blocks(ctx, n, knnRowBlock, threads, func(_, _, lo, hi int) {
		s := pool.Get().(*knnScratch)
		defer pool.Put(s)
		s.scan(xs, norms, all, lo, hi)
		for i := lo; i < hi; i++ {
			s.finish(x, i, lo, k, g)
		}
		done.Add(1)
	})
	if err != nil {
		return nil, err
	}
	return g, nil
}

// centredFloat32 returns the rows of x less their mean, scaled by a power
// of two so that the largest magnitude is about 1, in single precision and
// row-major, and their squared norms. Centring keeps the norms, and so the
// cancellation in |a|² + |b|² - 2a·b, as small as the data's spread
// allows; the scaling keeps codes of any finite magnitude (1e-30 or 1e30)
// within single precision's range, and, being a power of two, changes no
// ratio of distances.
func centredFloat32(x *mat.Dense) ([]float32, []float32) {
	n, d := x.Dims()
	mean := make([]float64, d)
	for i := range n {
		for c, v := range x.RawRowView(i) {
			mean[c] += v / float64(n) // divided first: no overflow near the largest float64
		}
	}
	var top float64
	for i := range n {
		for c, v := range x.RawRowView(i) {
			top = max(top, math.Abs(v-mean[c]))
		}
	}
	scale := 1.0
	if top > 0 {
		_, e := math.Frexp(top)
		scale = math.Ldexp(1, -e)
	}
	xs := make([]float32, n*d)
	norms := make([]float32, n)
	for i := range n {
		row := xs[i*d : (i+1)*d]
		var s float32
		for c, v := range x.RawRowView(i) {
			row[c] = float32((v - mean[c]) * scale)
			s += row[c] * row[c]
		}
		norms[i] = s
	}
	return xs, norms
}

// knnScratch is one worker's memory: a packed block of query rows, the
// tile of their products with a block of points, and each row's heap of
// candidates.
type knnScratch struct {
	packed []float32
	tile   []float32
	idx    []int32   // knnRowBlock heaps of kk entries
	dist   []float64 // their squared distances
	heaps  []knn.Heap
	cand   []knnCandidate
	kk     int
}

func newKNNScratch(d, kk, n int) *knnScratch {
	cols := min(knnColBlock, (n+sgemm.NR-1)/sgemm.NR*sgemm.NR)
	return &knnScratch{
		packed: make([]float32, sgemm.PackedASize(knnRowBlock, d)),
		tile:   make([]float32, knnRowBlock*cols),
		idx:    make([]int32, knnRowBlock*kk),
		dist:   make([]float64, knnRowBlock*kk),
		heaps:  make([]knn.Heap, knnRowBlock),
		cand:   make([]knnCandidate, kk),
		kk:     kk,
	}
}

// scan fills the heaps of rows lo..hi with their kk nearest points by the
// single-precision distances.
func (s *knnScratch) scan(xs, norms []float32, all sgemm.PackedB, lo, hi int) {
	d, n, rows := all.K, all.N, hi-lo
	a := sgemm.PackA(s.packed, xs[lo*d:], d, 1, rows, d)
	for r := range rows {
		s.heaps[r] = knn.Heap{Idx: s.idx[r*s.kk : (r+1)*s.kk], D: s.dist[r*s.kk : (r+1)*s.kk]}
	}
	cols := len(s.tile) / knnRowBlock
	for c0 := 0; c0 < n; c0 += cols {
		c1 := min(c0+cols, n)
		w := c1 - c0
		b := sgemm.PackedB{K: d, N: w, Data: all.Data[c0*d:]}
		sgemm.MulSet(a, b, s.tile, w)
		for r := range rows {
			i := lo + r
			dot := s.tile[r*w : (r+1)*w]
			if c0 <= i && i < c1 {
				dot[i-c0] = float32(math.Inf(-1)) // never its own neighbour
			}
			scanRow(&s.heaps[r], dot, norms[c0:c1], norms[i], int32(c0))
		}
	}
}

// scanRow offers the points of one tile row to h: point base+j at squared
// distance ni + norms[j] - 2·dot[j]. Points no nearer than h's farthest
// are rejected by one comparison, without touching the heap.
func scanRow(h *knn.Heap, dot, norms []float32, ni float32, base int32) {
	norms = norms[:len(dot)]
	limit := float32(math.Inf(1))
	if h.Full() {
		limit = float32(h.D[0]) - ni
	}
	for j, p := range dot {
		v := norms[j] - 2*p
		if v > limit {
			continue
		}
		h.Push(base+int32(j), float64(max(v+ni, 0)))
		if h.Full() {
			limit = float32(h.D[0]) - ni
		}
	}
}

// finish recomputes in double precision the distances of row i's
// candidates (the rows lo.. of the last scan) and writes the k nearest,
// nearest first, into g.
func (s *knnScratch) finish(x *mat.Dense, i, lo, k int, g *neighbors.Graph) {
	h := &s.heaps[i-lo]
	xi := x.RawRowView(i)
	cand := s.cand[:h.Size]
	for t := range h.Size {
		j := h.Idx[t]
		cand[t] = knnCandidate{j, vec.SqDist(xi, x.RawRowView(int(j)))}
	}
	slices.SortFunc(cand, func(a, b knnCandidate) int {
		if a.d != b.d {
			if a.d < b.d {
				return -1
			}
			return 1
		}
		return int(a.j - b.j)
	})
	for t := range k {
		g.Index[i*k+t] = cand[t].j
		g.Dist[i*k+t] = math.Sqrt(cand[t].d)
	}
}

// knnCandidate is a neighbour candidate: its index and squared distance.
type knnCandidate struct {
	j int32
	d float64
}
