package model

import "math"

// Spread describes some values: their finite range, mean and standard
// deviation, and how many were NaN or infinite (left out of the rest).
type Spread struct {
	Min, Max, Mean float64
	// Std is the population standard deviation (numpy.std's ddof=0).
	Std float64
	// N counts the finite values; NaN and Inf the others.
	N, NaN, Inf int
}

// Describe returns the spread of v, in two passes (the mean, then the
// squared deviations from it) so the deviation keeps its precision when
// the values are large and close together. With no finite values Min is
// +Inf, Max −Inf and Mean and Std 0.
func Describe(v []float64) Spread {
	s := Spread{Min: math.Inf(1), Max: math.Inf(-1)}
	var sum float64
	for _, x := range v {
		switch {
		case math.IsNaN(x):
			s.NaN++
		case math.IsInf(x, 0):
			s.Inf++
		default:
			s.N++
			sum += x
			s.Min, s.Max = min(s.Min, x), max(s.Max, x)
		}
	}
	if s.N == 0 {
		return s
	}
	s.Mean = sum / float64(s.N)
	var ss float64
	for _, x := range v {
		if !math.IsNaN(x) && !math.IsInf(x, 0) {
			ss += (x - s.Mean) * (x - s.Mean)
		}
	}
	s.Std = math.Sqrt(ss / float64(s.N))
	return s
}
