package neighbors

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// ExactThreshold is the number of points up to which KNN computes the exact
// graph. Measured on this project's 2-core machine with MNIST codes (PCA to
// 50 dimensions), k = 14, 2 threads, in CPU time (BenchmarkKNNCrossover):
// brute force and NN-descent both take 0.14 s at 2,000 points; at 1,000
// brute force takes 0.04 s and NN-descent 0.06 s, at 5,000 0.91 s and
// 0.40 s, at 8,000 2.3 s and 0.69 s (brute force is O(n²)).
const ExactThreshold = 2000

// ErrNotFinite is returned when a row holds NaN or ±Inf.
var ErrNotFinite = fmt.Errorf("neighbors: data not finite")

// KNN returns the k-nearest-neighbour graph of the rows of x: exact (Exact)
// for at most ExactThreshold points, approximate (Approximate, seeded by
// opt.Seed) above. Rows holding NaN or ±Inf give an error naming the row.
func KNN(ctx context.Context, x *mat.Dense, k int, opt Options) (*Graph, error) {
	if err := CheckFinite(x); err != nil {
		return nil, err
	}
	n, _ := x.Dims()
	if n <= ExactThreshold {
		return Exact(ctx, x, k, opt)
	}
	return Approximate(ctx, x, k, opt)
}

// CheckFinite returns an error wrapping ErrNotFinite that names the first
// row of x holding NaN or ±Inf, or nil.
func CheckFinite(x *mat.Dense) error {
	n, _ := x.Dims()
	for i := range n {
		for j, v := range x.RawRowView(i) {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("%w: row %d column %d is %v", ErrNotFinite, i, j, v)
			}
		}
	}
	return nil
}
