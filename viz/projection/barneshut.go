package projection

import (
	"math"

	"github.com/latent-explorer/latent/viz/internal/parallel"
)

// bhTheta is the Barnes-Hut accuracy: a cell of width w at distance r
// stands for its points when w/r < bhTheta. scikit-learn's default angle
// is 0.5; 0.8 was measured on MNIST (10,000 codes, PCA-50, perplexity 30,
// seed 1) to give the same trustworthiness and 10-NN accuracy (0.9904 and
// 0.950 against 0.9901 and 0.951) in three quarters of the time (11.3 s
// against 15.1 s), the forces being off by about 4% against 2%.
const bhTheta = 0.8

// bhLeafSize is the most points a quadtree leaf holds (more only when they
// coincide, at bhMaxDepth). Points of such a leaf interact exactly with
// the points of leaves near them; a leaf of coincident points acts as one
// point. 12 was the fastest of 4, 8, 12 and 16 at 70,000 points
// (BenchmarkRepulsion), the leaf's points walking the tree together.
const bhLeafSize = 12

// bhMaxDepth bounds the quadtree's depth, so coincident points end in one
// leaf instead of splitting forever.
const bhMaxDepth = 40

// bhRepulsion computes t-SNE's repulsive forces with a Barnes-Hut quadtree
// (van der Maaten 2014, "Accelerating t-SNE using tree-based algorithms",
// JMLR 15:3221): O(n log n) per iteration. The tree is rebuilt each
// iteration; the forces are summed in parallel over static ranges of its
// leaves, in a fixed order, so they depend only on the thread count.
type bhRepulsion struct {
	threads int
	tree    quadtree
}

func newBHRepulsion(n, threads int) *bhRepulsion {
	return &bhRepulsion{threads: threads, tree: quadtree{perm: make([]int32, n)}}
}

func (b *bhRepulsion) forces(y, rep []float64) float64 {
	q := &b.tree
	q.build(y)
	threads := max(1, min(b.threads, len(q.leaves)))
	zs := make([]float64, threads)
	parallel.Ranges(len(q.leaves), threads, func(t, lo, hi int) {
		stack := make([]int32, 0, 4*bhMaxDepth)
		for _, l := range q.leaves[lo:hi] {
			var z float64
			z, stack = q.repulseLeaf(y, l, rep, stack)
			zs[t] += z
		}
	})
	z := 0.0
	for _, v := range zs {
		z += v
	}
	return z
}

// quadtree is a region quadtree over a 2-D layout. Each node sits in one
// 48-byte record, so a traversal touches one cache line a node; a leaf
// holds the points perm[lo:hi], whose coordinates are pts[2*lo:2*hi], an
// inner node's four children are nodes[child:child+4]. leaves lists the
// non-empty leaves in the order of perm.
type quadtree struct {
	nodes   []qnode
	perm    []int32
	scratch []int32
	pts     []float64
	leaves  []int32
}

// qnode is a square cell of half-width half holding count points with
// centre of mass (mx, my); child < 0 marks a leaf.
type qnode struct {
	mx, my, half, count float64
	child, lo, hi       int32
}

// build makes the tree of layout y (n×2, row-major).
func (q *quadtree) build(y []float64) {
	n := len(y) / 2
	q.nodes = q.nodes[:0]
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
	q.nodes = append(q.nodes, qnode{child: -1})
	q.leaves = q.leaves[:0]
	q.subtree(y, 0, (x0+x1)/2, (y0+y1)/2, half, 0, int32(n), 0)
	if len(q.pts) < 2*n {
		q.pts = make([]float64, 2*n)
	}
	for t, i := range q.perm {
		q.pts[2*t], q.pts[2*t+1] = y[2*i], y[2*i+1]
	}
}

// subtree fills node k, centred at (cx, cy), for perm[lo:hi]. A leaf's
// centre of mass is its points' mean, an inner node's its children's
// weighted mean.
func (q *quadtree) subtree(y []float64, k int32, cx, cy, half float64, lo, hi int32, depth int) {
	nd := qnode{half: half, lo: lo, hi: hi, child: -1}
	if hi-lo <= bhLeafSize || depth >= bhMaxDepth {
		if lo < hi {
			var mx, my float64
			for _, i := range q.perm[lo:hi] {
				mx += y[2*i]
				my += y[2*i+1]
			}
			c := float64(hi - lo)
			nd.mx, nd.my, nd.count = mx/c, my/c, c
			q.leaves = append(q.leaves, k)
		}
		q.nodes[k] = nd
		return
	}
	bounds := q.partition(y, cx, cy, lo, hi)
	first := int32(len(q.nodes))
	q.nodes = append(q.nodes, qnode{}, qnode{}, qnode{}, qnode{})
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
	var mx, my float64
	for _, c := range q.nodes[first : first+4] {
		mx += c.count * c.mx
		my += c.count * c.my
	}
	nd.count = float64(hi - lo)
	nd.mx, nd.my, nd.child = mx/nd.count, my/nd.count, first
	q.nodes[k] = nd
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

// repulseLeaf writes into rep the unnormalised repulsive forces on the
// points of leaf l and returns their contribution to Z. The leaf's points
// walk the tree together: a cell stands for its points when it is far
// (by θ) from the whole leaf's bounding box, which is at least as strict
// as asking it of each point, and so the walk's cost is shared by up to
// bhLeafSize points. A leaf of more points (coincident ones, at the depth
// limit) walks point by point.
func (q *quadtree) repulseLeaf(y []float64, l int32, rep []float64, stack []int32) (float64, []int32) {
	leaf := &q.nodes[l]
	if leaf.hi-leaf.lo > bhLeafSize {
		var zsum float64
		for _, i := range q.perm[leaf.lo:leaf.hi] {
			var z float64
			z, rep[2*i], rep[2*i+1], stack = q.repulse(y, int(i), l, stack)
			zsum += z
		}
		return zsum, stack
	}
	var g leafGroup
	g.load(q.pts[2*leaf.lo : 2*leaf.hi])
	const theta2 = bhTheta * bhTheta
	stack = append(stack[:0], 0)
	for len(stack) > 0 {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		nd := &q.nodes[c]
		switch {
		case nd.count == 0:
		case 4*nd.half*nd.half < theta2*g.dist2(nd.mx, nd.my) || nd.child < 0 && nd.hi-nd.lo > bhLeafSize:
			// A far cell acts as one point, and so does a leaf of
			// coincident points (see repulse).
			g.cell(nd.mx, nd.my, nd.count)
		case nd.child >= 0:
			stack = append(stack, nd.child+3, nd.child+2, nd.child+1, nd.child)
		default:
			g.pairs(q.pts[2*nd.lo:2*nd.hi], c == l)
		}
	}
	var zsum float64
	for p, i := range q.perm[leaf.lo:leaf.hi] {
		rep[2*i], rep[2*i+1] = g.fx[p], g.fy[p]
		zsum += g.z[p]
	}
	return zsum, stack
}

// leafGroup is the points of one leaf walking the tree together: their
// coordinates, bounding box and sums.
type leafGroup struct {
	m              int
	px, py         [bhLeafSize]float64
	x0, x1, y0, y1 float64
	z, fx, fy      [bhLeafSize]float64
}

// load takes the group's points from pts (x, y pairs).
func (g *leafGroup) load(pts []float64) {
	g.m = len(pts) / 2
	g.x0, g.x1, g.y0, g.y1 = pts[0], pts[0], pts[1], pts[1]
	for p := range g.m {
		g.px[p], g.py[p] = pts[2*p], pts[2*p+1]
		g.x0, g.x1 = min(g.x0, g.px[p]), max(g.x1, g.px[p])
		g.y0, g.y1 = min(g.y0, g.py[p]), max(g.y1, g.py[p])
	}
}

// dist2 is the squared distance from (x, y) to the group's bounding box.
func (g *leafGroup) dist2(x, y float64) float64 {
	dx := max(g.x0-x, x-g.x1, 0)
	dy := max(g.y0-y, y-g.y1, 0)
	return dx*dx + dy*dy
}

// cell adds the repulsion of count points at (mx, my) on each point.
func (g *leafGroup) cell(mx, my, count float64) {
	for p := range g.m {
		d0, d1 := g.px[p]-mx, g.py[p]-my
		w := 1 / (1 + d0*d0 + d1*d1)
		cw := count * w
		g.z[p] += cw
		g.fx[p] += cw * w * d0
		g.fy[p] += cw * w * d1
	}
}

// pairs adds the exact repulsion of the points other (x, y pairs) on each
// point; own says other is the group itself, whose points skip themselves.
func (g *leafGroup) pairs(other []float64, own bool) {
	for p := range g.m {
		for t := 0; t < len(other); t += 2 {
			if own && t == 2*p {
				continue
			}
			d0, d1 := g.px[p]-other[t], g.py[p]-other[t+1]
			w := 1 / (1 + d0*d0 + d1*d1)
			g.z[p] += w
			g.fx[p] += w * w * d0
			g.fy[p] += w * w * d1
		}
	}
}

// repulse returns the contribution to Z and the unnormalised repulsive
// force of point i, of leaf own, walking the tree from the root with
// stack. A leaf of more than bhLeafSize points holds points that coincide
// to within 2^-bhMaxDepth of the map's width, and acts as one point.
func (q *quadtree) repulse(y []float64, i int, own int32, stack []int32) (z, fx, fy float64, _ []int32) {
	yi0, yi1 := y[2*i], y[2*i+1]
	const theta2 = bhTheta * bhTheta
	stack = append(stack[:0], 0)
	for len(stack) > 0 {
		k := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		nd := &q.nodes[k]
		if nd.count == 0 {
			continue
		}
		d0, d1 := yi0-nd.mx, yi1-nd.my
		d2 := d0*d0 + d1*d1
		if 4*nd.half*nd.half < theta2*d2 || nd.child < 0 && nd.hi-nd.lo > bhLeafSize {
			c := nd.count
			if k == own {
				c-- // not itself
			}
			w := 1 / (1 + d2)
			cw := c * w
			z += cw
			fx += cw * w * d0
			fy += cw * w * d1
			continue
		}
		if nd.child >= 0 {
			c := nd.child
			stack = append(stack, c+3, c+2, c+1, c)
			continue
		}
		for _, j := range q.perm[nd.lo:nd.hi] {
			if int(j) == i {
				continue
			}
			d0, d1 := yi0-y[2*j], yi1-y[2*j+1]
			w := 1 / (1 + d0*d0 + d1*d1)
			z += w
			fx += w * w * d0
			fy += w * w * d1
		}
	}
	return z, fx, fy, stack
}
