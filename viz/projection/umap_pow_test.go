package projection

import (
	"math"
	"testing"
)

func TestUMAPPowMatchesMathPow(t *testing.T) {
	for _, y := range []float64{0.79, 0.8951, 1.0, 1.5, 0.5, -0.2} {
		for x := 1e-12; x < 1e12; x *= 1.37 {
			got, want := umapPow(x, y), math.Pow(x, y)
			if math.Abs(got-want) > 1e-9*want {
				t.Fatalf("umapPow(%g, %g) = %g, math.Pow %g", x, y, got, want)
			}
		}
	}
	for _, x := range []float64{0, 1e-320, math.Inf(1), 1e305} {
		if got, want := umapPow(x, 0.8), math.Pow(x, 0.8); got != want {
			t.Errorf("umapPow(%g, 0.8) = %g, want %g", x, got, want)
		}
	}
}

func BenchmarkUMAPPow(b *testing.B) {
	x := 0.0
	b.ReportAllocs()
	for b.Loop() {
		x += umapPow(3.7+x*1e-300, 0.8951)
	}
}
