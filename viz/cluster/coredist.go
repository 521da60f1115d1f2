package cluster

import (
	"context"

	"github.com/latent-explorer/latent/viz/neighbors"
	"gonum.org/v1/gonum/mat"
)

// kdMaxDim is the largest dimension for which the k-d tree beats brute
// force (for core distances and Borůvka's nearest-neighbour searches).
const kdMaxDim = 8

// coreSqDistances returns each row's squared core distance: the squared
// distance to its minSamples-th nearest point, counting the row itself
// (R's dbscan minPts semantics), so minSamples = 1 gives 0. It uses tree
// when it is not nil and exact brute force otherwise.
func coreSqDistances(ctx context.Context, x *mat.Dense, tree *kdTree, minSamples, threads int, progress func(float64)) ([]float64, error) {
	n, _ := x.Dims()
	if minSamples <= 1 {
		return make([]float64, n), nil
	}
	if tree != nil {
		return tree.kthSqDist(ctx, minSamples, threads, progress)
	}
	g, err := neighbors.Exact(ctx, x, minSamples-1, neighbors.Options{Threads: threads, Progress: progress})
	if err != nil {
		return nil, err
	}
	core := make([]float64, n)
	for i := range core {
		_, d := g.Neighbors(i)
		core[i] = d[g.K-1] * d[g.K-1]
	}
	return core, nil
}
