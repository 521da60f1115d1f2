package projection

import (
	"context"
	"math"
	"testing"
)

func TestAxesPlaceInvert(t *testing.T) {
	x := randomMatrix(newRand(9), 50, 4)
	a, err := NewCustomAxes([]float64{1, 0, 0, 0}, []float64{1, 1, 0, 2})
	if err != nil {
		t.Fatal(err)
	}
	y, err := a.Fit(context.Background(), x, nil)
	if err != nil {
		t.Fatal(err)
	}
	row := x.RawRowView(3)
	if y.At(3, 0) != row[0] || y.At(3, 1) != row[0]+row[1]+2*row[3] {
		t.Errorf("row 3 maps to (%g, %g)", y.At(3, 0), y.At(3, 1))
	}
	z := a.Invert(2.5, -1, nil)
	if px, py := a.Place(z); math.Abs(px-2.5) > 1e-12 || math.Abs(py+1) > 1e-12 {
		t.Errorf("Place(Invert(2.5, -1)) = (%g, %g)", px, py)
	}
	// The step from the mean lies in span{u, v}: columns 2 is untouched.
	if z[2] != a.Mean[2] {
		t.Errorf("Invert moved a column orthogonal to both axes: %v, mean %v", z, a.Mean)
	}
}

func TestAxesBadInput(t *testing.T) {
	for _, c := range []struct{ u, v []float64 }{
		{[]float64{1, 2}, []float64{1}},
		{[]float64{0, 0}, []float64{1, 0}},
		{[]float64{1, 2}, []float64{-2, -4}},
		{[]float64{math.NaN(), 1}, []float64{1, 0}},
	} {
		if _, err := NewCustomAxes(c.u, c.v); err == nil {
			t.Errorf("NewCustomAxes(%v, %v): no error", c.u, c.v)
		}
	}
	a, _ := NewCustomAxes([]float64{1, 0, 0}, []float64{0, 1, 0})
	if _, err := a.Fit(context.Background(), randomMatrix(newRand(1), 5, 4), nil); err == nil {
		t.Error("codes of the wrong width: no error")
	}
}
