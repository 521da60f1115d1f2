package cluster

import (
	"math"
	"slices"
)

// merge is one step of a single-linkage dendrogram over n points: nodes
// a and b (a point if < n, else merge a−n) join at height h into a node
// of size points.
type merge struct {
	a, b int32
	h    float64
	size int32
}

// singleLinkage turns the minimum spanning tree into the single-linkage
// dendrogram (Gower & Ross 1969): edges in increasing weight order, each
// joining two components. Edges of equal weight keep the order they came
// in, as R's dbscan does with the edges of its Prim tree; the order of
// ties decides the nesting of merges at the same height. Heights are distances (square roots of the
// squared edge weights). Merge k's node id is n+k.
func singleLinkage(n int, edges []edge) []merge {
	slices.SortStableFunc(edges, func(a, b edge) int {
		switch {
		case a.w < b.w:
			return -1
		case a.w > b.w:
			return 1
		}
		return 0
	})
	uf := newUnionFind(n)
	node := make([]int32, n) // dendrogram node of each set representative
	for i := range node {
		node[i] = int32(i)
	}
	merges := make([]merge, 0, len(edges))
	for _, e := range edges {
		ra, rb := uf.find(e.u), uf.find(e.v)
		m := merge{a: node[ra], b: node[rb], h: math.Sqrt(e.w), size: uf.size[ra] + uf.size[rb]}
		r := uf.union(ra, rb)
		node[r] = int32(n + len(merges))
		merges = append(merges, m)
	}
	return merges
}
