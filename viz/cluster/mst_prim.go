package cluster

import (
	"context"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/latent-explorer/latent/viz/internal/parallel"
	"github.com/latent-explorer/latent/viz/internal/vec"
)

// edge is an edge of the mutual-reachability graph; w is its squared
// weight max(core²(u), core²(v), ‖x_u − x_v‖²).
type edge struct {
	u, v int32
	w    float64
}

// edgeLess orders edges by weight, then by endpoints, a total order that
// makes the minimum spanning tree unique.
func edgeLess(w float64, u, v int32, e edge) bool {
	if u > v {
		u, v = v, u
	}
	if w != e.w {
		return w < e.w
	}
	eu, ev := min(e.u, e.v), max(e.u, e.v)
	if u != eu {
		return u < eu
	}
	return v < ev
}

// primMST returns the minimum spanning tree of the mutual-reachability
// graph of the rows of x by Prim's algorithm over the implicit complete
// graph: O(n²d) time and O(n) memory, the method of choice in high
// dimensions where trees do not prune.
func primMST(ctx context.Context, x *mat.Dense, core []float64, threads int, progress func(float64)) ([]edge, error) {
	n, _ := x.Dims()
	p := &prim{x: x, norm: rowNorms(x), core: core, best: make([]float64, n), from: make([]int32, n), rest: make([]int32, 0, n-1)}
	for i := 1; i < n; i++ {
		p.best[i] = math.Inf(1)
		p.rest = append(p.rest, int32(i))
	}
	edges := make([]edge, 0, n-1)
	cur := int32(0)
	for len(p.rest) > 0 {
		pos, err := p.step(ctx, cur, threads)
		if err != nil {
			return nil, err
		}
		v := p.rest[pos]
		edges = append(edges, edge{u: p.from[v], v: v, w: p.best[v]})
		p.rest[pos] = p.rest[len(p.rest)-1]
		p.rest = p.rest[:len(p.rest)-1]
		cur = v
		if progress != nil && len(edges)%256 == 0 {
			progress(float64(len(edges)) / float64(n-1))
		}
	}
	return edges, nil
}

// prim holds the state of Prim's algorithm: for each vertex outside the
// tree, the lightest edge to the tree (best, from).
type prim struct {
	x    *mat.Dense
	norm []float64 // squared row norms
	core []float64
	best []float64
	from []int32
	rest []int32
}

// step relaxes the edges from cur to every vertex outside the tree and
// returns the position in rest of the vertex to add next.
func (p *prim) step(ctx context.Context, cur int32, threads int) (int, error) {
	m := len(p.rest)
	block := max(512, (m+threads-1)/threads)
	nb := parallel.NumBlocks(m, block)
	arg := make([]int, nb)
	err := parallel.Blocks(ctx, m, block, threads, func(_, b, lo, hi int) {
		arg[b] = p.relax(cur, lo, hi)
	})
	if err != nil {
		return 0, err
	}
	best := arg[0]
	for _, a := range arg[1:] {
		if p.lighter(a, best) {
			best = a
		}
	}
	return best, nil
}

// lighter reports whether the vertex at rest[a] is closer to the tree than
// the one at rest[b], ties going to the lower index.
func (p *prim) lighter(a, b int) bool {
	va, vb := p.rest[a], p.rest[b]
	if p.best[va] != p.best[vb] {
		return p.best[va] < p.best[vb]
	}
	return va < vb
}

// relax updates rest[lo:hi] with the edges from cur and returns the
// position of the lightest among them.
func (p *prim) relax(cur int32, lo, hi int) int {
	xc := p.x.RawRowView(int(cur))
	cc, nc := p.core[cur], p.norm[cur]
	arg := lo
	for i := lo; i < hi; i++ {
		v := p.rest[i]
		if lb := max(cc, p.core[v]); lb < p.best[v] {
			xv := p.x.RawRowView(int(v))
			if !farApart(xc, xv, nc, p.norm[v], p.best[v]) {
				d := vec.SqDistWithin(xc, xv, p.best[v])
				if w := max(lb, d); w < p.best[v] {
					p.best[v], p.from[v] = w, cur
				}
			}
		}
		if i > lo && p.lighter(i, arg) {
			arg = i
		}
	}
	return arg
}

// farApart reports whether ‖a − b‖² is surely at least bound, judging by
// the fast dot-product distance with a margin for its rounding error; it
// lets exact distances be computed only for the few pairs that matter.
func farApart(a, b []float64, na, nb, bound float64) bool {
	return dotSqDist(a, b, na, nb)-dotSlack*(na+nb) >= bound
}
