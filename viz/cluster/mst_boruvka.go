package cluster

import (
	"context"
	"math"

	"github.com/latent-explorer/latent/viz/internal/parallel"
	"github.com/latent-explorer/latent/viz/internal/vec"
)

// boruvka computes the minimum spanning tree of the mutual-reachability
// graph with Borůvka's algorithm (Borůvka 1926), finding each component's
// lightest outgoing edge by nearest-neighbour searches in a k-d tree, as
// McInnes & Healy (2017) do for HDBSCAN. A search skips subtrees that lie
// in the searcher's own component or whose lower bound
// max(core(p), min core in node, distance to node) exceeds the best edge
// known for the component. Each round at least halves the number of
// components, so there are at most ⌈log₂ n⌉ rounds.
type boruvka struct {
	t        *kdTree
	core     []float64 // squared core distance, tree order
	minCore  []float64 // per node
	comp     []int32   // component of each tree-order point this round
	nodeComp []int32   // the component all of a node's points share, or -1
	uf       *unionFind
	local    []componentBest // one per worker
}

// componentBest holds, for each component, the lightest outgoing edge one
// worker has found (tree-order endpoints).
type componentBest struct {
	e []edge
}

// boruvkaMST returns the minimum spanning tree over original row indices.
func boruvkaMST(ctx context.Context, t *kdTree, core []float64, threads int, progress func(float64)) ([]edge, error) {
	n := len(t.index)
	b := &boruvka{t: t, core: make([]float64, n), comp: make([]int32, n),
		nodeComp: make([]int32, len(t.nodes)), uf: newUnionFind(n)}
	for i, r := range t.index {
		b.core[i] = core[r]
	}
	b.minCore = b.nodeMinCore()
	b.local = make([]componentBest, threads)
	for w := range b.local {
		b.local[w].e = make([]edge, n)
	}
	edges := make([]edge, 0, n-1)
	for len(edges) < n-1 {
		added, err := b.round(ctx, threads)
		if err != nil {
			return nil, err
		}
		if len(added) == 0 {
			break // cannot happen for a connected complete graph
		}
		edges = append(edges, added...)
		if progress != nil {
			progress(float64(len(edges)) / float64(n-1))
		}
	}
	for i := range edges {
		edges[i].u, edges[i].v = t.index[edges[i].u], t.index[edges[i].v]
	}
	return edges, nil
}

// nodeMinCore returns the smallest core distance under each node. Nodes
// are stored in preorder, so children come after their parent.
func (b *boruvka) nodeMinCore() []float64 {
	m := make([]float64, len(b.t.nodes))
	for v := len(b.t.nodes) - 1; v >= 0; v-- {
		nd := b.t.nodes[v]
		if nd.left >= 0 {
			m[v] = min(m[nd.left], m[nd.right])
			continue
		}
		m[v] = math.Inf(1)
		for i := nd.lo; i < nd.hi; i++ {
			m[v] = min(m[v], b.core[i])
		}
	}
	return m
}

// labelComponents records every point's component and, for every node,
// the component all its points share (-1 if mixed).
func (b *boruvka) labelComponents() {
	for i := range b.comp {
		b.comp[i] = b.uf.find(int32(i))
	}
	for v := len(b.t.nodes) - 1; v >= 0; v-- {
		nd := b.t.nodes[v]
		if nd.left >= 0 {
			b.nodeComp[v] = -1
			if l := b.nodeComp[nd.left]; l == b.nodeComp[nd.right] {
				b.nodeComp[v] = l
			}
			continue
		}
		b.nodeComp[v] = b.comp[nd.lo]
		for i := nd.lo; i < nd.hi; i++ {
			if b.comp[i] != b.nodeComp[v] {
				b.nodeComp[v] = -1
				break
			}
		}
	}
}

// round finds every component's lightest outgoing edge and merges along
// them, returning the edges added.
func (b *boruvka) round(ctx context.Context, threads int) ([]edge, error) {
	b.labelComponents()
	for w := range b.local {
		for i := range b.local[w].e {
			b.local[w].e[i] = edge{u: -1, v: -1, w: math.Inf(1)}
		}
	}
	n := len(b.comp)
	err := parallel.Blocks(ctx, n, 256, len(b.local), func(w, _, lo, hi int) {
		best := b.local[w].e
		for i := lo; i < hi; i++ {
			c := b.comp[i]
			if b.core[i] > best[c].w {
				continue
			}
			b.search(int32(i), c, 0, &best[c])
		}
	})
	if err != nil {
		return nil, err
	}
	return b.merge(), nil
}

// merge reduces the workers' best edges per component and unites the
// components along them.
func (b *boruvka) merge() []edge {
	var added []edge
	for c := range b.comp {
		if b.comp[c] != int32(c) {
			continue
		}
		e := b.local[0].e[c]
		for _, l := range b.local[1:] {
			if o := l.e[c]; o.u >= 0 && edgeLess(o.w, o.u, o.v, e) {
				e = o
			}
		}
		if e.u < 0 {
			continue
		}
		ru, rv := b.uf.find(e.u), b.uf.find(e.v)
		if ru != rv {
			b.uf.union(ru, rv)
			added = append(added, e)
		}
	}
	return added
}

// search looks in node v's subtree for a lighter edge from tree-order
// point i (of component c) to another component than best.
func (b *boruvka) search(i, c, v int32, best *edge) {
	if b.nodeComp[v] == c {
		return
	}
	p := b.t.point(int(i))
	ci := b.core[i]
	if max(ci, b.minCore[v]) > best.w {
		return
	}
	nd := b.t.nodes[v]
	if nd.left < 0 {
		b.scanLeaf(i, c, p, nd, best)
		return
	}
	l, r := nd.left, nd.right
	dl, dr := b.t.boxSqDist(p, l), b.t.boxSqDist(p, r)
	if dr < dl {
		l, r, dl, dr = r, l, dr, dl
	}
	if max(dl, ci, b.minCore[l]) <= best.w {
		b.search(i, c, l, best)
	}
	if max(dr, ci, b.minCore[r]) <= best.w {
		b.search(i, c, r, best)
	}
}

// scanLeaf checks the points of a leaf as the other end of an edge from i.
func (b *boruvka) scanLeaf(i, c int32, p []float64, nd kdNode, best *edge) {
	for j := nd.lo; j < nd.hi; j++ {
		if b.comp[j] == c {
			continue
		}
		w := max(b.core[i], b.core[j])
		if w > best.w {
			continue
		}
		w = max(w, vec.SqDist(p, b.t.point(int(j))))
		if edgeLess(w, i, j, *best) {
			best.u, best.v, best.w = min(i, j), max(i, j), w
		}
	}
}
