package outlier

import "github.com/latent-explorer/latent/viz/neighbors"

// LOF writes into dst (allocated if nil or too short) the local outlier
// factor of each point of g with k = g.K neighbours (Breunig, Kriegel, Ng
// & Sander 2000):
//
//	reach(a, b) = max(kdist(b), d(a, b))
//	lrd(a)      = 1 / (mean over b in kNN(a) of reach(a, b) + 1e-10)
//	LOF(a)      = mean over b in kNN(a) of lrd(b) / lrd(a)
//
// The 1e-10 guards duplicates as scikit-learn's LocalOutlierFactor does,
// so LOF equals −negative_outlier_factor_ there for the same graph.
func LOF(g *neighbors.Graph, dst []float64) []float64 {
	dst = resize(dst, g.N)
	kdist := KthNeighborDistance(g, nil)
	lrd := make([]float64, g.N)
	for i := range lrd {
		idx, d := g.Neighbors(i)
		var s float64
		for j, b := range idx {
			s += max(kdist[b], d[j])
		}
		lrd[i] = 1 / (s/float64(g.K) + 1e-10)
	}
	for i := range dst {
		idx, _ := g.Neighbors(i)
		var s float64
		for _, b := range idx {
			s += lrd[b]
		}
		dst[i] = s / float64(g.K) / lrd[i]
	}
	return dst
}
