package viz

import (
	"errors"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestCheckFinite(t *testing.T) {
	x := mat.NewDense(3, 2, []float64{1, 2, 3, 4, 5, 6})
	if err := CheckFinite(x); err != nil {
		t.Fatalf("finite data: %v", err)
	}
	x.Set(2, 0, math.Inf(-1))
	x.Set(1, 1, math.NaN())
	err := CheckFinite(x)
	if want := "value is not finite: row 1, column 1 is NaN"; !errors.Is(err, ErrNotFinite) || err.Error() != want {
		t.Errorf("error %q, want %q wrapping ErrNotFinite", err, want)
	}
}
