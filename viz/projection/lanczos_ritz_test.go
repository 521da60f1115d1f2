package projection

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestTridiagonalEigen checks the shared Ritz step against gonum's dense
// decomposition, and pins the order it gives tied values: PCA's Lanczos
// sorted them stably, the spectral one reversed EigenSym's columns; they
// now both take the stable order (ties need a zero coupling, which only
// PCA's restarts make).
func TestTridiagonalEigen(t *testing.T) {
	alpha, beta := []float64{4, 1, 3, 2}, []float64{0.5, 0.25, 0.125}
	p, ok := tridiagonalEigen(alpha, beta)
	if !ok {
		t.Fatal("decomposition failed")
	}
	dense := mat.NewSymDense(4, []float64{4, 0.5, 0, 0, 0.5, 1, 0.25, 0, 0, 0.25, 3, 0.125, 0, 0, 0.125, 2})
	want, _, err := fullEigen(dense, 4)
	if err != nil {
		t.Fatal(err)
	}
	for j, col := range p.order {
		if math.Abs(p.vals[col]-want[j]) > 1e-14 {
			t.Errorf("value %d: %v, want %v", j, p.vals[col], want[j])
		}
	}
	ties, _ := tridiagonalEigen([]float64{1, 1, 1}, []float64{0, 0})
	for j, col := range ties.order {
		if col != j {
			t.Fatalf("tied values in order %v, want [0 1 2]", ties.order)
		}
	}
	if !ties.converged(3, 0, 0) {
		t.Error("a zero residual must count as converged")
	}
	if p.converged(1, 1, 1e-300) {
		t.Error("a non-zero residual reported converged at tolerance 1e-300")
	}
}
