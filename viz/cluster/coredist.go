package cluster

import (
	"context"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/latent-explorer/latent/viz/internal/parallel"
	"github.com/latent-explorer/latent/viz/internal/vec"
)

// kdMaxDim is the largest dimension for which the k-d tree beats brute
// force (for core distances and Borůvka's nearest-neighbour searches).
const kdMaxDim = 8

// coreSqDistances returns each row's squared core distance: the squared
// distance to its minSamples-th nearest point, counting the row itself
// (R's dbscan minPts semantics), so minSamples = 1 gives 0. It uses tree
// when it is not nil and pruned brute force otherwise.
func coreSqDistances(ctx context.Context, x *mat.Dense, tree *kdTree, minSamples, threads int, progress func(float64)) ([]float64, error) {
	n, _ := x.Dims()
	if minSamples <= 1 {
		return make([]float64, n), nil
	}
	if tree != nil {
		return tree.kthSqDist(ctx, minSamples, threads, progress)
	}
	return bruteKth(ctx, x, minSamples, threads, progress)
}

// bruteKth finds each row's squared distance to its k-th nearest row
// (itself included) exactly by brute force: a fast dot-product distance
// rules out most rows, and the exact distance of the rest is abandoned as
// soon as its partial sum exceeds the current k-th smallest. O(n²d) time,
// O(n) memory.
func bruteKth(ctx context.Context, x *mat.Dense, k, threads int, progress func(float64)) ([]float64, error) {
	n, _ := x.Dims()
	norm := rowNorms(x)
	out := make([]float64, n)
	done := parallel.NewProgress(n, 1, progress)
	err := parallel.Blocks(ctx, n, 64, threads, func(_, _, lo, hi int) {
		h := make(maxHeap, 0, k)
		for i := lo; i < hi; i++ {
			h = h[:0]
			xi := x.RawRowView(i)
			for j := 0; j < n; j++ {
				bound := math.Inf(1)
				if len(h) == k {
					bound = h[0]
				}
				xj := x.RawRowView(j)
				if !farApart(xi, xj, norm[i], norm[j], bound) {
					h.pushBounded(vec.SqDistWithin(xi, xj, bound), k)
				}
			}
			out[i] = h[0]
		}
		done.Add(hi - lo)
	})
	return out, err
}
