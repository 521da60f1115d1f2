package projection

import (
	"math"
	"math/rand/v2"
	"testing"
)

// exactForces is the direct sum the interpolation approximates.
func exactForces(y []float64) ([]float64, float64) {
	rep := make([]float64, len(y))
	z := exactRepulsion{threads: 1}.forces(y, rep)
	return rep, z
}

// TestFFTRepulsionMatchesExact checks the interpolated forces against the
// direct sum on a small layout and a wide one (over 50 units, where the
// boxes have width 1 and the kernel's spectrum is reused).
func TestFFTRepulsionMatchesExact(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, scale := range []float64{0.01, 3, 40} {
		y := make([]float64, 2*800)
		for i := range y {
			y[i] = scale * r.NormFloat64()
		}
		if scale > 10 { // a late t-SNE layout: four clusters, 80 units wide
			for i := range y {
				y[i] = scale*float64(i%4/2*2-1) + 3*r.NormFloat64()
			}
		}
		want, wantZ := exactForces(y)
		for _, threads := range []int{1, 2} {
			f := newFFTRepulsion(800, threads)
			for range threads { // a second call reuses the cached kernel
				rep := make([]float64, len(y))
				z := f.forces(y, rep)
				// With boxes of width 1 (wide layouts) the quadratic
				// interpolation of the kernel near r = 0 is good to a few
				// percent, as in FIt-SNE with its default grid.
				tol := 5e-3
				if scale > 10 {
					tol = 2.5e-2
				}
				if math.Abs(z-wantZ) > tol/5*wantZ {
					t.Errorf("scale %g: Z = %g, want %g", scale, z, wantZ)
				}
				if e := relErr(rep, want); e > tol {
					t.Errorf("scale %g threads %d: relative force error %g", scale, threads, e)
				}
			}
		}
	}
}

// relErr returns |a-b|/|b| in the Euclidean norm.
func relErr(a, b []float64) float64 {
	var num, den float64
	for i := range a {
		num += (a[i] - b[i]) * (a[i] - b[i])
		den += b[i] * b[i]
	}
	return math.Sqrt(num / den)
}

func TestSmooth5(t *testing.T) {
	for in, want := range map[int]int{50: 50, 51: 54, 7: 8, 97: 100, 121: 125} {
		if got := smooth5(in); got != want {
			t.Errorf("smooth5(%d) = %d, want %d", in, got, want)
		}
	}
}
