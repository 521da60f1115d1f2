package outlier

import "github.com/latent-explorer/latent/viz/neighbors"

// KthNeighborDistance writes into dst (allocated if nil or too short) the
// distance from each point of g to its g.K-th nearest neighbour, the
// point itself not counted (Ramaswamy, Rastogi & Shim 2000). Isolated
// points score high.
func KthNeighborDistance(g *neighbors.Graph, dst []float64) []float64 {
	dst = resize(dst, g.N)
	for i := range dst {
		_, d := g.Neighbors(i)
		dst[i] = d[g.K-1]
	}
	return dst
}

// resize returns dst with length n, allocating if its capacity is short.
func resize(dst []float64, n int) []float64 {
	if cap(dst) < n {
		return make([]float64, n)
	}
	return dst[:n]
}
