package cluster

import (
	"context"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/latent-explorer/latent/viz/internal/parallel"
	"github.com/latent-explorer/latent/viz/internal/vec"
)

// kdTree is a k-d tree (Bentley 1975) over the rows of a matrix, split at
// the median of the widest side of each node's bounding box. Points are
// stored in tree order so a node's points are contiguous.
type kdTree struct {
	d     int
	pts   []float64 // point t of tree order at pts[t*d:(t+1)*d]
	index []int32   // original row of tree-order point t
	nodes []kdNode
	box   []float64 // node v's box: min at box[2dv:2dv+d], max after it
}

// kdNode covers tree-order points [lo, hi); left is -1 at a leaf.
type kdNode struct {
	lo, hi      int32
	left, right int32
}

const kdLeafSize = 16

// newKDTree builds a tree over the rows of x.
func newKDTree(x *mat.Dense) *kdTree {
	n, d := x.Dims()
	t := &kdTree{d: d, pts: make([]float64, n*d), index: make([]int32, n)}
	for i := range t.index {
		t.index[i] = int32(i)
	}
	t.build(x, 0, n)
	for i, r := range t.index {
		copy(t.pts[i*d:(i+1)*d], x.RawRowView(int(r)))
	}
	return t
}

// build adds the node for index[lo:hi] and its subtree, returning its id.
func (t *kdTree) build(x *mat.Dense, lo, hi int) int32 {
	id := int32(len(t.nodes))
	t.nodes = append(t.nodes, kdNode{lo: int32(lo), hi: int32(hi), left: -1, right: -1})
	t.box = append(t.box, make([]float64, 2*t.d)...)
	bmin, bmax := t.nodeBox(id)
	t.fitBox(x, lo, hi, bmin, bmax)
	if hi-lo <= kdLeafSize {
		return id
	}
	dim := widest(bmin, bmax)
	if bmax[dim] == bmin[dim] {
		return id // all points identical: keep as one leaf
	}
	mid := (lo + hi) / 2
	t.selectNth(x, lo, hi, mid, dim)
	l := t.build(x, lo, mid)
	r := t.build(x, mid, hi)
	t.nodes[id].left, t.nodes[id].right = l, r
	return id
}

// nodeBox returns the minimum and maximum corners of node v's box.
func (t *kdTree) nodeBox(v int32) ([]float64, []float64) {
	o := int(v) * 2 * t.d
	return t.box[o : o+t.d], t.box[o+t.d : o+2*t.d]
}

// fitBox sets bmin, bmax to the bounding box of rows index[lo:hi].
func (t *kdTree) fitBox(x *mat.Dense, lo, hi int, bmin, bmax []float64) {
	for j := range bmin {
		bmin[j], bmax[j] = math.Inf(1), math.Inf(-1)
	}
	for _, r := range t.index[lo:hi] {
		for j, v := range x.RawRowView(int(r)) {
			bmin[j] = min(bmin[j], v)
			bmax[j] = max(bmax[j], v)
		}
	}
}

// widest returns the dimension along which the box is longest.
func widest(bmin, bmax []float64) int {
	best := 0
	for j := range bmin {
		if bmax[j]-bmin[j] > bmax[best]-bmin[best] {
			best = j
		}
	}
	return best
}

// selectNth reorders index[lo:hi] so that index[nth] holds the row whose
// coordinate dim would be there in sorted order, smaller ones before it and
// larger ones after (Hoare's quickselect).
func (t *kdTree) selectNth(x *mat.Dense, lo, hi, nth, dim int) {
	key := func(i int) float64 { return x.At(int(t.index[i]), dim) }
	hi--
	for lo < hi {
		pivot := key((lo + hi) / 2)
		i, j := lo, hi
		for i <= j {
			for key(i) < pivot {
				i++
			}
			for key(j) > pivot {
				j--
			}
			if i <= j {
				t.index[i], t.index[j] = t.index[j], t.index[i]
				i++
				j--
			}
		}
		switch {
		case nth <= j:
			hi = j
		case nth >= i:
			lo = i
		default:
			return
		}
	}
}

// point returns tree-order point t.
func (t *kdTree) point(i int) []float64 { return t.pts[i*t.d : (i+1)*t.d] }

// boxSqDist returns the squared distance from p to node v's box.
func (t *kdTree) boxSqDist(p []float64, v int32) float64 {
	bmin, bmax := t.nodeBox(v)
	var s float64
	for j, x := range p {
		switch {
		case x < bmin[j]:
			s += (bmin[j] - x) * (bmin[j] - x)
		case x > bmax[j]:
			s += (x - bmax[j]) * (x - bmax[j])
		}
	}
	return s
}

// kthSqDist returns, for every row of x (original order), the squared
// distance to its k-th nearest point counting the point itself.
func (t *kdTree) kthSqDist(ctx context.Context, k, threads int, progress func(float64)) ([]float64, error) {
	n := len(t.index)
	out := make([]float64, n)
	done := parallel.NewProgress(n, 1, progress)
	err := parallel.Blocks(ctx, n, 256, threads, func(_, _, lo, hi int) {
		h := make(maxHeap, 0, k)
		for i := lo; i < hi; i++ {
			h = h[:0]
			t.knn(t.point(i), 0, k, &h)
			out[t.index[i]] = h[0]
		}
		done.Add(hi - lo)
	})
	return out, err
}

// knn pushes into h (bounded at k) the squared distances from p to the
// points of node v's subtree that may be among the k nearest.
func (t *kdTree) knn(p []float64, v int32, k int, h *maxHeap) {
	nd := t.nodes[v]
	if nd.left < 0 {
		for i := nd.lo; i < nd.hi; i++ {
			h.pushBounded(vec.SqDist(p, t.point(int(i))), k)
		}
		return
	}
	a, b := nd.left, nd.right
	da, db := t.boxSqDist(p, a), t.boxSqDist(p, b)
	if db < da {
		a, b, da, db = b, a, db, da
	}
	if len(*h) < k || da < (*h)[0] {
		t.knn(p, a, k, h)
	}
	if len(*h) < k || db < (*h)[0] {
		t.knn(p, b, k, h)
	}
}

// maxHeap is a binary max-heap of squared distances.
type maxHeap []float64

// pushBounded adds v, keeping only the k smallest values seen.
func (h *maxHeap) pushBounded(v float64, k int) {
	s := *h
	if len(s) < k {
		s = append(s, v)
		for i := len(s) - 1; i > 0; {
			p := (i - 1) / 2
			if s[p] >= s[i] {
				break
			}
			s[p], s[i] = s[i], s[p]
			i = p
		}
		*h = s
		return
	}
	if v >= s[0] {
		return
	}
	s[0] = v
	for i := 0; ; {
		l, r, m := 2*i+1, 2*i+2, i
		if l < len(s) && s[l] > s[m] {
			m = l
		}
		if r < len(s) && s[r] > s[m] {
			m = r
		}
		if m == i {
			return
		}
		s[m], s[i] = s[i], s[m]
		i = m
	}
}
