package projection

import (
	"math"
	"slices"

	"github.com/latent-explorer/latent/viz/internal/parallel"
	"github.com/latent-explorer/latent/viz/neighbors"
)

// The fuzzy simplicial set of UMAP (McInnes et al. 2018, §3.1 and
// umap-learn's fuzzy_simplicial_set): each point i sees its kNN through a
// local metric, membership exp(−(d − ρᵢ)/σᵢ) where ρᵢ is the distance to
// its nearest neighbour (local connectivity 1) and σᵢ solves
// Σⱼ exp(−(dⱼ − ρᵢ)/σᵢ) = log₂(k+1). The directed memberships A are
// symmetrised by the probabilistic fuzzy union A + Aᵀ − A∘Aᵀ.

const (
	smoothKIterations = 64   // umap-learn's n_iter
	smoothKTolerance  = 1e-5 // umap-learn's SMOOTH_K_TOLERANCE
	minKDistScale     = 1e-3 // umap-learn's MIN_K_DIST_SCALE
)

// umapGraph is a sparse weighted graph in compressed-row form: the edges of
// vertex i are adj[start[i]:start[i+1]] with weights w[...], sorted by
// neighbour index.
type umapGraph struct {
	n        int
	start    []int
	adj      []int32
	w        []float64
	meanDist float64 // mean kNN distance (with the zero self-distance), for Transform
}

func (g *umapGraph) edges(i int) ([]int32, []float64) {
	return g.adj[g.start[i]:g.start[i+1]], g.w[g.start[i]:g.start[i+1]]
}

// fuzzyGraph returns the symmetric fuzzy simplicial set of a kNN graph.
func fuzzyGraph(g *neighbors.Graph, threads int) *umapGraph {
	memb := make([]float64, len(g.Dist))
	mean := meanKNNDistance(g)
	parallel.Ranges(g.N, threads, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			_, d := g.Neighbors(i)
			rho, sigma := smoothKNN(d, nearestNonZero(d), math.Log2(float64(g.K+1)), rowFloor(d), mean)
			membership(d, rho, sigma, memb[i*g.K:(i+1)*g.K])
		}
	})
	u := fuzzyUnion(g, memb)
	u.meanDist = mean
	return u
}

// meanKNNDistance is the mean of all kNN distances counting each point's
// zero distance to itself, as umap-learn's distance matrix includes it.
func meanKNNDistance(g *neighbors.Graph) float64 {
	var s float64
	for _, d := range g.Dist {
		s += d
	}
	return s / float64(g.N*(g.K+1))
}

// rowFloor is the mean distance of one row, self included.
func rowFloor(d []float64) float64 {
	var s float64
	for _, v := range d {
		s += v
	}
	return s / float64(len(d)+1)
}

// nearestNonZero returns the smallest positive distance of an ascending
// row, or 0 if all are zero (duplicates).
func nearestNonZero(d []float64) float64 {
	for _, v := range d {
		if v > 0 {
			return v
		}
	}
	return 0
}

// smoothKNN returns ρ and σ for one point: σ by bisection so that
// Σ exp(−max(d−ρ, 0)/σ) over d equals target, floored at 1e-3 times the
// point's mean distance (rowMean) when ρ > 0 and at 1e-3 times the global
// mean distance otherwise, as umap-learn's smooth_knn_dist.
func smoothKNN(d []float64, rho, target, rowMean, globalMean float64) (float64, float64) {
	lo, hi, mid := 0.0, math.Inf(1), 1.0
	for range smoothKIterations {
		var psum float64
		for _, v := range d {
			if r := v - rho; r > 0 {
				psum += math.Exp(-r / mid)
			} else {
				psum++
			}
		}
		if math.Abs(psum-target) < smoothKTolerance {
			break
		}
		if psum > target {
			hi = mid
			mid = (lo + hi) / 2
		} else {
			lo = mid
			if math.IsInf(hi, 1) {
				mid *= 2
			} else {
				mid = (lo + hi) / 2
			}
		}
	}
	floor := globalMean
	if rho > 0 {
		floor = rowMean
	}
	return rho, max(mid, minKDistScale*floor)
}

// membership writes exp(−(d−ρ)/σ) for each distance into dst (1 within ρ).
func membership(d []float64, rho, sigma float64, dst []float64) {
	for j, v := range d {
		if v-rho <= 0 || sigma == 0 {
			dst[j] = 1
		} else {
			dst[j] = math.Exp(-(v - rho) / sigma)
		}
	}
}

// fuzzyUnion symmetrises the directed memberships memb (laid out as g) by
// a + b − ab, dropping zero weights.
func fuzzyUnion(g *neighbors.Graph, memb []float64) *umapGraph {
	// Transpose: the rows of Aᵀ come out sorted because i ascends.
	tStart := make([]int, g.N+1)
	for _, j := range g.Index {
		tStart[j+1]++
	}
	for i := range g.N {
		tStart[i+1] += tStart[i]
	}
	tAdj := make([]int32, len(g.Index))
	tW := make([]float64, len(g.Index))
	fill := slices.Clone(tStart[:g.N])
	for i := range g.N {
		idx, _ := g.Neighbors(i)
		for e, j := range idx {
			tAdj[fill[j]], tW[fill[j]] = int32(i), memb[i*g.K+e]
			fill[j]++
		}
	}
	out := &umapGraph{n: g.N, start: make([]int, g.N+1)}
	out.adj = make([]int32, 0, 2*len(g.Index))
	out.w = make([]float64, 0, 2*len(g.Index))
	row := make([]int, g.K)
	for i := range g.N {
		sortedRow(g, i, row)
		out.mergeRow(g, memb, i, row, tAdj[tStart[i]:tStart[i+1]], tW[tStart[i]:tStart[i+1]])
		out.start[i+1] = len(out.adj)
	}
	return out
}

// sortedRow writes the positions 0..K−1 of point i's neighbours into row,
// ordered by neighbour index.
func sortedRow(g *neighbors.Graph, i int, row []int) {
	idx, _ := g.Neighbors(i)
	for e := range row {
		row[e] = e
	}
	slices.SortFunc(row, func(a, b int) int { return int(idx[a]) - int(idx[b]) })
}

// mergeRow appends row i of A + Aᵀ − A∘Aᵀ.
func (u *umapGraph) mergeRow(g *neighbors.Graph, memb []float64, i int, row []int, tAdj []int32, tW []float64) {
	idx, _ := g.Neighbors(i)
	a, b := 0, 0
	for a < len(row) || b < len(tAdj) {
		var j int32
		var w float64
		switch {
		case b == len(tAdj) || (a < len(row) && idx[row[a]] < tAdj[b]):
			j, w = idx[row[a]], memb[i*g.K+row[a]]
			a++
		case a == len(row) || tAdj[b] < idx[row[a]]:
			j, w = tAdj[b], tW[b]
			b++
		default:
			x, y := memb[i*g.K+row[a]], tW[b]
			j, w = tAdj[b], x+y-x*y
			a++
			b++
		}
		if w > 0 {
			u.adj = append(u.adj, j)
			u.w = append(u.w, w)
		}
	}
}

// prune drops the edges lighter than max weight / epochs, which would be
// sampled less than once (umap-learn's simplicial_set_embedding).
func (u *umapGraph) prune(epochs int) {
	if epochs <= 10 || len(u.w) == 0 {
		return
	}
	cut := slices.Max(u.w) / float64(epochs)
	k := 0
	start := 0
	for i := range u.n {
		for e := start; e < u.start[i+1]; e++ {
			if u.w[e] >= cut {
				u.adj[k], u.w[k] = u.adj[e], u.w[e]
				k++
			}
		}
		start = u.start[i+1]
		u.start[i+1] = k
	}
	u.adj, u.w = u.adj[:k], u.w[:k]
}
