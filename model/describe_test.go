package model

import (
	"math"
	"testing"
)

func TestDescribe(t *testing.T) {
	// Reference: numpy 1.24, np.mean / np.std (ddof=0) of the finite values.
	s := Describe([]float64{10, math.NaN(), 20, math.Inf(-1), 30})
	if s.Min != 10 || s.Max != 30 || s.Mean != 20 || math.Abs(s.Std-8.16496580927726) > 1e-12 || s.N != 3 || s.NaN != 1 || s.Inf != 1 {
		t.Errorf("got %+v", s)
	}
	// Large, close values: the one-pass Σx² − n·mean² formula loses every
	// digit here (it gives 0); the deviations are ±1, so the std is 1.
	big := Describe([]float64{1e9 + 1, 1e9 - 1})
	if big.Std != 1 {
		t.Errorf("std of 1e9±1 = %v, want 1", big.Std)
	}
	empty := Describe([]float64{math.NaN()})
	if empty.N != 0 || empty.Mean != 0 || !math.IsInf(empty.Min, 1) {
		t.Errorf("no finite values: %+v", empty)
	}
}
