package quality

import (
	"gonum.org/v1/gonum/mat"

	"github.com/latent-explorer/latent/viz/internal/knn"
	"github.com/latent-explorer/latent/viz/internal/vec"
)

// evaluator holds one goroutine's buffers for evaluating points.
type evaluator struct {
	x, y   *mat.Dense
	labels []int
	k      int
	dx, dy []float64 // squared distances from the current point
	hx, hy knn.Heap  // its k nearest in each space
	nx, ny []int
	votes  map[int]int
}

func newEvaluator(x, y *mat.Dense, labels []int, k int) *evaluator {
	n, _ := x.Dims()
	return &evaluator{x: x, y: y, labels: labels, k: k,
		dx: make([]float64, n), dy: make([]float64, n),
		hx: knn.Heap{Idx: make([]int32, k), D: make([]float64, k)},
		hy: knn.Heap{Idx: make([]int32, k), D: make([]float64, k)},
		nx: make([]int, k), ny: make([]int, k), votes: map[int]int{}}
}

// point returns point i's contributions: its trustworthiness and
// continuity penalties Σ (rank - k) over intruders and extruders, the size
// of the overlap of its two neighbourhoods, and 1 if its map neighbours'
// majority label is its own.
func (e *evaluator) point(i int) sums {
	sqDistances(e.x, i, e.dx)
	sqDistances(e.y, i, e.dy)
	nx := nearest(e.dx, i, &e.hx, e.nx)
	ny := nearest(e.dy, i, &e.hy, e.ny)
	var s sums
	inX := make(map[int]bool, e.k)
	for _, j := range nx {
		inX[j] = true
	}
	for _, j := range ny {
		if inX[j] {
			s.recall++
		} else {
			s.trust += float64(rank(e.dx, i, j) - e.k)
		}
	}
	inY := make(map[int]bool, e.k)
	for _, j := range ny {
		inY[j] = true
	}
	for _, j := range nx {
		if !inY[j] {
			s.cont += float64(rank(e.dy, i, j) - e.k)
		}
	}
	if e.labels != nil && e.vote(ny) == e.labels[i] {
		s.right = 1
	}
	return s
}

// sqDistances writes the squared distances from row i of m to every row.
func sqDistances(m *mat.Dense, i int, dst []float64) {
	a := m.RawRowView(i)
	for j := range dst {
		dst[j] = vec.SqDist(a, m.RawRowView(j))
	}
}

// before reports whether j comes before l in i's neighbour order: nearer,
// or as near with the smaller index (a stable sort).
func before(d []float64, j, l int) bool {
	return d[j] < d[l] || d[j] == d[l] && j < l
}

// nearest writes into out the len(out) points nearest i (not i) by the
// squared distances d, in the order before defines, using the heap h of
// as many entries, and returns out.
func nearest(d []float64, i int, h *knn.Heap, out []int) []int {
	h.Size = 0
	for j, dj := range d {
		if j != i {
			h.Push(int32(j), dj)
		}
	}
	h.Sort()
	for t, j := range h.Idx {
		out[t] = int(j)
	}
	return out
}

// rank returns j's rank among i's neighbours, 1 for the nearest.
func rank(d []float64, i, j int) int {
	r := 1
	for l := range d {
		if l != i && l != j && before(d, l, j) {
			r++
		}
	}
	return r
}

// vote returns the majority label of the neighbours nb, a tie going to
// the tied label met first in distance order.
func (e *evaluator) vote(nb []int) int {
	clear(e.votes)
	top := 0
	for _, j := range nb {
		e.votes[e.labels[j]]++
		top = max(top, e.votes[e.labels[j]])
	}
	for _, j := range nb {
		if e.votes[e.labels[j]] == top {
			return e.labels[j]
		}
	}
	return -1
}
