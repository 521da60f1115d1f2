package projection

// exactRepulsionMax is the number of points up to which t-SNE sums the
// repulsion directly: at 2,000 points the O(n²) sum (about 4 ns a pair)
// costs what the smallest FFT grid does, and is exact.
const exactRepulsionMax = 2000

// repulsion computes t-SNE's unnormalised repulsive forces into rep and
// returns the normalisation Z (see fftRepulsion.forces).
type repulsion interface {
	forces(y, rep []float64) float64
}

// newRepulsion returns the direct sum for small n, the FFT-accelerated
// interpolation otherwise.
func newRepulsion(n, threads int) repulsion {
	if n <= exactRepulsionMax {
		return exactRepulsion{threads: threads}
	}
	return newFFTRepulsion(n, threads)
}

// exactRepulsion sums the repulsion over all pairs.
type exactRepulsion struct{ threads int }

func (e exactRepulsion) forces(y, rep []float64) float64 {
	n := len(y) / 2
	threads := max(1, min(e.threads, n))
	zs := make([]float64, threads)
	parallelRanges(n, threads, func(t, lo, hi int) {
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
