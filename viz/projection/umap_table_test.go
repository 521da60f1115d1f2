package projection

import (
	"math"
	"testing"
)

func TestUMAPGradTable(t *testing.T) {
	for _, ab := range [][2]float64{{1.577, 0.8951}, {1.929, 0.7915}, {0.5, 1.5}} {
		tab := newUMAPGradTable(ab[0], ab[1])
		for d2 := 1e-14; d2 < 1e14; d2 *= 1.0137 {
			att, rep := tab.exact(d2)
			if got := tab.attract(d2); math.Abs(got-att) > 1e-5*math.Abs(att) {
				t.Fatalf("a, b = %v: attract(%g) = %g, exact %g", ab, d2, got, att)
			}
			if got := tab.repel(d2); math.Abs(got-rep) > 1e-5*math.Abs(rep) {
				t.Fatalf("a, b = %v: repel(%g) = %g, exact %g", ab, d2, got, rep)
			}
		}
	}
}
