package export

import (
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestXYFromMatrix(t *testing.T) {
	m := mat.NewDense(2, 3, []float64{1, 2, 9, 3, 4, 9})
	got := XYFromMatrix(m)
	if len(got) != 4 || got[0] != 1 || got[1] != 2 || got[2] != 3 || got[3] != 4 {
		t.Errorf("XYFromMatrix = %v", got)
	}
}
