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
	var s0, s1, s2, s3 float64
	k := 0
	for ; k+4 <= len(a); k += 4 {
		d0, d1, d2, d3 := a[k]-b[k], a[k+1]-b[k+1], a[k+2]-b[k+2], a[k+3]-b[k+3]
		s0 += d0 * d0
		s1 += d1 * d1
		s2 += d2 * d2
		s3 += d3 * d3
	}
	for ; k < len(a); k++ {
		d := a[k] - b[k]
		s0 += d * d
	}
	return (s0 + s1) + (s2 + s3)
}
