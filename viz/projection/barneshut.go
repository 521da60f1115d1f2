package projection

import "math"

// bhTheta is the Barnes-Hut accuracy: a cell of width w at distance r
// stands for its points when w/r < bhTheta (0.5, as scikit-learn's angle).
const bhTheta = 0.5

// bhLeafSize is the most points a quadtree leaf holds (more only when they
// coincide); leaf points interact exactly.
const bhLeafSize = 8

// bhMaxDepth bounds the quadtree's depth, so coincident points end in one
// leaf instead of splitting forever.
const bhMaxDepth = 40

// bhRepulsion computes t-SNE's repulsive forces with a Barnes-Hut quadtree
// (van der Maaten 2014, "Accelerating t-SNE using tree-based algorithms",
// JMLR 15:3221): O(n log n) per iteration. The tree is rebuilt each
// iteration; the forces are summed in parallel over static ranges of
// points, in a fixed order, so they depend only on the thread count.
type bhRepulsion struct {
	threads int
	tree    quadtree
}

func newBHRepulsion(n, threads int) *bhRepulsion {
	return &bhRepulsion{threads: threads, tree: quadtree{perm: make([]int32, n)}}
}

func (b *bhRepulsion) forces(y, rep []float64) float64 {
	n := len(y) / 2
	b.tree.build(y)
	threads := max(1, min(b.threads, n))
	zs := make([]float64, threads)
	parallelRanges(n, threads, func(t, lo, hi int) {
		stack := make([]int32, 0, 4*bhMaxDepth)
		for i := lo; i < hi; i++ {
			var z float64
			z, rep[2*i], rep[2*i+1], stack = b.tree.repulse(y, i, stack)
			zs[t] += z
		}
	})
	z := 0.0
	for _, v := range zs {
		z += v
	}
	return z
}

// quadtree is a region quadtree over a 2-D layout, stored as flat arrays.
// Node k covers the square of half-width half[k] centred at (cx[k], cy[k]),
// holds count[k] points with centre of mass (mx[k], my[k]); an inner node's
// four children are child[k]..child[k]+3, a leaf (child[k] < 0) holds the
// points perm[lo[k]:hi[k]].
type quadtree struct {
	cx, cy, half []float64
	mx, my       []float64
	count        []float64
	child        []int32
	lo, hi       []int32
	perm         []int32
	scratch      []int32
}

// build makes the tree of layout y (n×2, row-major).
func (q *quadtree) build(y []float64) {
	n := len(y) / 2
	q.cx, q.cy, q.half = q.cx[:0], q.cy[:0], q.half[:0]
	q.mx, q.my, q.count = q.mx[:0], q.my[:0], q.count[:0]
	q.child, q.lo, q.hi = q.child[:0], q.lo[:0], q.hi[:0]
	for i := range q.perm {
		q.perm[i] = int32(i)
	}
	if len(q.scratch) < n {
		q.scratch = make([]int32, n)
	}
	x0, x1, y0, y1 := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for i := range n {
		x0, x1 = math.Min(x0, y[2*i]), math.Max(x1, y[2*i])
		y0, y1 = math.Min(y0, y[2*i+1]), math.Max(y1, y[2*i+1])
	}
	half := math.Max(x1-x0, y1-y0)/2*(1+1e-9) + 1e-12
	q.reserve(1, nil)
	q.subtree(y, 0, (x0+x1)/2, (y0+y1)/2, half, 0, int32(n), 0)
}

// subtree fills the reserved node slot k for perm[lo:hi].
func (q *quadtree) subtree(y []float64, k int32, cx, cy, half float64, lo, hi int32, depth int) {
	q.cx[k], q.cy[k], q.half[k], q.lo[k], q.hi[k] = cx, cy, half, lo, hi
	if lo == hi {
		return
	}
	var mx, my float64
	for _, i := range q.perm[lo:hi] {
		mx += y[2*i]
		my += y[2*i+1]
	}
	c := float64(hi - lo)
	q.mx[k], q.my[k], q.count[k] = mx/c, my/c, c
	if hi-lo <= bhLeafSize || depth >= bhMaxDepth {
		return
	}
	bounds := q.partition(y, cx, cy, lo, hi)
	first := q.reserve(4, bounds[:4])
	q.child[k] = first
	h := half / 2
	for quad := range 4 {
		ccx, ccy := cx-h, cy-h
		if quad&1 != 0 {
			ccx = cx + h
		}
		if quad&2 != 0 {
			ccy = cy + h
		}
		q.subtree(y, first+int32(quad), ccx, ccy, h, bounds[quad], bounds[quad+1], depth+1)
	}
}

// reserve appends m empty nodes, the t-th starting (empty) at starts[t],
// and returns the index of the first.
func (q *quadtree) reserve(m int, starts []int32) int32 {
	first := int32(len(q.cx))
	for t := range m {
		var at int32
		if starts != nil {
			at = starts[t]
		}
		q.cx, q.cy, q.half = append(q.cx, 0), append(q.cy, 0), append(q.half, 0)
		q.mx, q.my, q.count = append(q.mx, 0), append(q.my, 0), append(q.count, 0)
		q.child, q.lo, q.hi = append(q.child, -1), append(q.lo, at), append(q.hi, at)
	}
	return first
}

// partition reorders perm[lo:hi] by quadrant about (cx, cy) (bit 0: right,
// bit 1: top) and returns the five boundaries.
func (q *quadtree) partition(y []float64, cx, cy float64, lo, hi int32) [5]int32 {
	var cnt [4]int32
	quadOf := func(i int32) int {
		k := 0
		if y[2*i] >= cx {
			k |= 1
		}
		if y[2*i+1] >= cy {
			k |= 2
		}
		return k
	}
	for _, i := range q.perm[lo:hi] {
		cnt[quadOf(i)]++
	}
	var b [5]int32
	b[0] = lo
	for k := range 4 {
		b[k+1] = b[k] + cnt[k]
	}
	fill := [4]int32{b[0], b[1], b[2], b[3]}
	s := q.scratch
	for _, i := range q.perm[lo:hi] {
		k := quadOf(i)
		s[fill[k]] = i
		fill[k]++
	}
	copy(q.perm[lo:hi], s[lo:hi])
	return b
}

// repulse returns point i's contribution to Z and its unnormalised
// repulsive force, walking the tree from the root with stack.
func (q *quadtree) repulse(y []float64, i int, stack []int32) (z, fx, fy float64, _ []int32) {
	yi0, yi1 := y[2*i], y[2*i+1]
	stack = append(stack[:0], 0)
	for len(stack) > 0 {
		k := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if q.count[k] == 0 {
			continue
		}
		d0, d1 := yi0-q.mx[k], yi1-q.my[k]
		d2 := d0*d0 + d1*d1
		width := 2 * q.half[k]
		if width*width < bhTheta*bhTheta*d2 {
			w := 1 / (1 + d2)
			c := q.count[k]
			z += c * w
			fx += c * w * w * d0
			fy += c * w * w * d1
			continue
		}
		if q.child[k] < 0 {
			for _, j := range q.perm[q.lo[k]:q.hi[k]] {
				if int(j) == i {
					continue
				}
				d0, d1 := yi0-y[2*j], yi1-y[2*j+1]
				w := 1 / (1 + d0*d0 + d1*d1)
				z += w
				fx += w * w * d0
				fy += w * w * d1
			}
			continue
		}
		c := q.child[k]
		stack = append(stack, c+3, c+2, c+1, c)
	}
	return z, fx, fy, stack
}
