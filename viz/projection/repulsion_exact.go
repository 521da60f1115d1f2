package projection

import "github.com/latent-explorer/latent/viz/internal/parallel"

// exactRepulsionMax is the number of points up to which t-SNE sums the
// repulsion directly: exact, and a few milliseconds an iteration.
const exactRepulsionMax = 1000

// repulsion computes t-SNE's unnormalised repulsive forces into rep and
// returns the normalisation Z (see fftRepulsion.forces).
type repulsion interface {
	forces(y, rep []float64) float64
}

// newRepulsion returns the repulsion method: the one method names ("exact",
// "bh" or "fft"), or for "" the direct sum up to exactRepulsionMax points
// and Barnes-Hut above.
//
// The choice is measured (BenchmarkRepulsion, 2 threads, layouts shaped
// like late t-SNE layouts of MNIST): Barnes-Hut takes about a twentieth of
// the FFT-accelerated interpolation's time at 10,000 points and a quarter
// at 70,000. The interpolation's cost is dominated by 2-D FFTs of a grid
// of (6·span)² nodes, and gonum's FFT is several times slower than the
// FFTW that FIt-SNE relies on; its O(n) cost only wins at millions of
// points.
func newRepulsion(n, threads int, method string) repulsion {
	switch {
	case method == "fft":
		return newFFTRepulsion(n, threads)
	case method == "exact" || method == "" && n <= exactRepulsionMax:
		return exactRepulsion{threads: threads}
	}
	return newBHRepulsion(n, threads)
}

// exactRepulsion sums the repulsion over all pairs.
type exactRepulsion struct{ threads int }

func (e exactRepulsion) forces(y, rep []float64) float64 {
	n := len(y) / 2
	threads := max(1, min(e.threads, n))
	zs := make([]float64, threads)
	parallel.Ranges(n, threads, func(t, lo, hi int) {
		for i := lo; i < hi; i++ {
			var r0, r1, z float64
			yi0, yi1 := y[2*i], y[2*i+1]
			for j := range n {
				d0, d1 := yi0-y[2*j], yi1-y[2*j+1]
				w := 1 / (1 + d0*d0 + d1*d1)
				z += w
				r0 += w * w * d0
				r1 += w * w * d1
			}
			rep[2*i], rep[2*i+1] = r0, r1
			zs[t] += z - 1 // the j = i term
		}
	})
	z := 0.0
	for _, v := range zs {
		z += v
	}
	return z
}
