package neighbors

import (
	"context"
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/latent-explorer/latent/viz"
)

// ExactThreshold is the number of points up to which KNN computes the exact
// graph. Measured on this project's 2-core machine with MNIST codes (PCA to
// 50 dimensions), k = 14, 2 threads, in CPU time (BenchmarkKNNCrossover):
// brute force and NN-descent both take 0.14 s at 2,000 points; at 1,000
// brute force takes 0.04 s and NN-descent 0.06 s, at 5,000 0.91 s and
// 0.40 s, at 8,000 2.3 s and 0.69 s (brute force is O(n²)).
const ExactThreshold = 2000

// KNN returns the k-nearest-neighbour graph of the rows of x: exact (Exact)
// for at most ExactThreshold points, approximate (Approximate, seeded by
// opt.Seed) above. Rows holding NaN or ±Inf give an error naming the row.
func KNN(ctx context.Context, x *mat.Dense, k int, opt Options) (*Graph, error) {
	if err := viz.CheckFinite(x); err != nil {
		return nil, fmt.Errorf("neighbors: %w", err)
	}
	n, _ := x.Dims()
	if n <= ExactThreshold {
		return Exact(ctx, x, k, opt)
	}
	return Approximate(ctx, x, k, opt)
}
