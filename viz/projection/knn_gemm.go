package projection

import (
	"context"
	"fmt"
	"math"
	"sync"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"github.com/latent-explorer/latent/viz/neighbors"
)

// gemmKNNMax is the number of points up to which t-SNE builds its exact
// kNN graph by matrix products. With k = 90 (perplexity 30) NN-descent's
// local joins cost more than the O(n²d) products at every size measured
// on 50-dimensional MNIST codes: 2.5 s of CPU against 13 s at 10,000
// points (BenchmarkKNN90), about 120 s against 160 s at 70,000
// (tools/bench_projection/prof). Above 100,000 points the quadratic cost
// takes over.
const gemmKNNMax = 100000

// knnRowBlock is the number of query rows whose distances to all points
// are computed at once (a block of 128×n distances, 72 MB at 70,000
// points, one per thread).
const knnRowBlock = 128

// exactKNN returns the exact k-nearest-neighbour graph of the rows of x,
// computing squared distances |a|² + |b|² - 2a·b a block of rows at a time
// with Gemm and keeping each row's k nearest in a bounded heap. Ties go to
// the smaller index, as neighbors.Exact.
func exactKNN(ctx context.Context, x *mat.Dense, k, threads int, progress func(float64)) (*neighbors.Graph, error) {
	n, d := x.Dims()
	if k >= n {
		return nil, fmt.Errorf("%w: %d points, need more than k = %d", ErrTooFewPoints, n, k)
	}
	norms := make([]float64, n)
	for i := range n {
		norms[i] = sqDist(x.RawRowView(i), make([]float64, d))
	}
	g := &neighbors.Graph{N: n, K: k, Index: make([]int32, n*k), Dist: make([]float64, n*k)}
	raw := x.RawMatrix()
	all := blas64.General{Rows: n, Cols: d, Stride: raw.Stride, Data: raw.Data}
	blocks := (n + knnRowBlock - 1) / knnRowBlock
	pool := sync.Pool{New: func() any {
		b := make([]float64, knnRowBlock*n)
		return &b
	}}
	done := 0
	err := parallelChunksN(ctx, blocks, threads, 1, func(b int) {
		lo, hi := b*knnRowBlock, min((b+1)*knnRowBlock, n)
		buf := pool.Get().(*[]float64)
		defer pool.Put(buf)
		dot := blas64.General{Rows: hi - lo, Cols: n, Stride: n, Data: (*buf)[:(hi-lo)*n]}
		q := blas64.General{Rows: hi - lo, Cols: d, Stride: raw.Stride, Data: raw.Data[lo*raw.Stride:]}
		blas64.Gemm(blas.NoTrans, blas.Trans, 1, q, all, 0, dot)
		for i := lo; i < hi; i++ {
			selectRow(g, i, dot.Data[(i-lo)*n:(i-lo+1)*n], norms)
		}
	}, func() {
		done++
		if progress != nil {
			progress(float64(done) / float64(blocks))
		}
	})
	if err != nil {
		return nil, err
	}
	return g, nil
}

// selectRow keeps the k nearest of row i given its dot products with
// every row, and writes them, nearest first, into g.
func selectRow(g *neighbors.Graph, i int, dot, norms []float64) {
	h := newMaxHeap(g.Index[i*g.K:(i+1)*g.K], g.Dist[i*g.K:(i+1)*g.K])
	ni := norms[i]
	for j, p := range dot {
		if j == i {
			continue
		}
		h.push(int32(j), math.Max(ni+norms[j]-2*p, 0))
	}
	h.sortAscendingSqrt()
}

// maxHeap is a bounded max-heap of (index, squared distance) keeping the k
// smallest, ties broken by the smaller index.
type maxHeap struct {
	idx []int32
	d   []float64
	n   int
}

func newMaxHeap(idx []int32, d []float64) *maxHeap { return &maxHeap{idx: idx, d: d} }

func (h *maxHeap) worse(a, b int) bool {
	return h.d[a] > h.d[b] || h.d[a] == h.d[b] && h.idx[a] > h.idx[b]
}

func (h *maxHeap) push(j int32, d float64) {
	if h.n < len(h.idx) {
		h.idx[h.n], h.d[h.n] = j, d
		h.n++
		for c := h.n - 1; c > 0; {
			p := (c - 1) / 2
			if !h.worse(c, p) {
				break
			}
			h.swap(c, p)
			c = p
		}
		return
	}
	if d > h.d[0] || d == h.d[0] && j > h.idx[0] {
		return
	}
	h.idx[0], h.d[0] = j, d
	h.down(0, h.n)
}

func (h *maxHeap) swap(a, b int) {
	h.idx[a], h.idx[b] = h.idx[b], h.idx[a]
	h.d[a], h.d[b] = h.d[b], h.d[a]
}

func (h *maxHeap) down(i, n int) {
	for {
		c := 2*i + 1
		if c >= n {
			return
		}
		if c+1 < n && h.worse(c+1, c) {
			c++
		}
		if !h.worse(c, i) {
			return
		}
		h.swap(i, c)
		i = c
	}
}

// sortAscendingSqrt sorts the heap's contents nearest first (heap sort)
// and turns squared distances into distances.
func (h *maxHeap) sortAscendingSqrt() {
	for end := h.n - 1; end > 0; end-- {
		h.swap(0, end)
		h.down(0, end)
	}
	for t := range h.d[:h.n] {
		h.d[t] = math.Sqrt(h.d[t])
	}
}
