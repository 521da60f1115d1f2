package neighbors

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// ExactThreshold is the number of points up to which KNN computes the exact
// graph. Measured on this project's 2-core machine with 50-dimensional
// MNIST codes and k = 15 (BenchmarkKNNCrossover): brute force and
// NN-descent take about the same time near 2,000–3,000 points; below it brute
// force is faster and exact, above it NN-descent wins and the gap grows
// with n (brute force is O(n²)).
const ExactThreshold = 3000

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
