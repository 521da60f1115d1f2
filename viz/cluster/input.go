package cluster

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Sentinel errors for the kinds of bad input a caller may test with errors.Is.
var (
	// ErrTooFewPoints: the input has fewer points than the method needs
	// (k larger than n, min cluster size larger than n).
	ErrTooFewPoints = errors.New("cluster: too few points")
	// ErrNonFinite: a row holds NaN or ±Inf.
	ErrNonFinite = errors.New("cluster: non-finite value")
)

// checkFinite returns an error naming the first row of x that holds NaN or
// ±Inf.
func checkFinite(x mat.RawMatrixer) error {
	raw := x.RawMatrix()
	for i := 0; i < raw.Rows; i++ {
		row := raw.Data[i*raw.Stride : i*raw.Stride+raw.Cols]
		for j, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("%w: row %d, column %d is %v", ErrNonFinite, i, j, v)
			}
		}
	}
	return nil
}

// sqDist returns the squared Euclidean distance between a and b.
func sqDist(a, b []float64) float64 {
	b = b[:len(a)]
	var s float64
	for k, v := range a {
		d := v - b[k]
		s += d * d
	}
	return s
}
