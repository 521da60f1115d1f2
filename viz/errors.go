package viz

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Sentinel errors of every viz package, for callers to test with
// errors.Is. Each package wraps them with its name and the details, as in
// "cluster: too few points: k = 40 clusters but only 12 points".
var (
	// ErrTooFewPoints: the input has fewer points than the method's
	// parameters need (k neighbours or clusters, perplexity, minimum
	// cluster size).
	ErrTooFewPoints = errors.New("too few points")
	// ErrNotFinite: the input holds NaN or ±Inf.
	ErrNotFinite = errors.New("value is not finite")
)

// CheckFinite returns an error wrapping ErrNotFinite that names the first
// row and column of x holding NaN or ±Inf, or nil.
func CheckFinite(x *mat.Dense) error {
	n, _ := x.Dims()
	for i := range n {
		for j, v := range x.RawRowView(i) {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("%w: row %d, column %d is %v", ErrNotFinite, i, j, v)
			}
		}
	}
	return nil
}
