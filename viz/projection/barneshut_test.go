package projection

import (
	"fmt"
	"math"
	"testing"
)

// clusteredLayout returns n points in ten Gaussian clusters on a circle of
// radius r, like a late t-SNE layout of MNIST (about 2r wide).
func clusteredLayout(n int, r float64, seed uint64) []float64 {
	rnd := newRand(seed)
	y := make([]float64, 2*n)
	for i := range n {
		a := 2 * math.Pi * float64(i%10) / 10
		y[2*i] = r*math.Cos(a) + r/8*rnd.NormFloat64()
		y[2*i+1] = r*math.Sin(a) + r/8*rnd.NormFloat64()
	}
	return y
}

// TestBarnesHutMatchesExact checks the tree's forces and Z against the
// direct sum, with duplicates included.
func TestBarnesHutMatchesExact(t *testing.T) {
	for _, r := range []float64{1e-3, 5, 50} {
		y := clusteredLayout(1500, r, 3)
		copy(y[100:120], y[0:20])    // coincident points
		for i := 600; i < 900; i++ { // 300 at one place: a leaf at the depth limit
			y[2*i], y[2*i+1] = y[1000], y[1001]
		}
		want, wantZ := exactForces(y)
		for _, threads := range []int{1, 2} {
			b := newBHRepulsion(1500, threads)
			rep := make([]float64, len(y))
			z := b.forces(y, rep)
			// At θ = 0.8 Barnes-Hut is good to a few percent.
			if math.Abs(z-wantZ) > 3e-2*wantZ {
				t.Errorf("radius %g: Z = %g, want %g", r, z, wantZ)
			}
			if e := relErr(rep, want); e > 5e-2 {
				t.Errorf("radius %g threads %d: relative force error %g", r, threads, e)
			}
		}
	}
}

// BenchmarkRepulsion measures one evaluation of the repulsive forces by
// Barnes-Hut and by FFT interpolation on layouts like late t-SNE layouts of
// MNIST (about 100 units wide at 10,000 points, 200 at 70,000): the
// measurement behind newRepulsion's choice.
func BenchmarkRepulsion(b *testing.B) {
	for _, c := range []struct {
		n int
		r float64
	}{{10000, 50}, {70000, 100}} {
		y := clusteredLayout(c.n, c.r, 1)
		rep := make([]float64, len(y))
		for name, f := range map[string]repulsion{
			"bh":  newBHRepulsion(c.n, 2),
			"fft": newFFTRepulsion(c.n, 2),
		} {
			b.Run(fmt.Sprintf("%s/n=%d", name, c.n), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					f.forces(y, rep)
				}
			})
		}
	}
}
