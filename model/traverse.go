package model

import "fmt"

// Traversal writes the latent vectors of a traversal grid into dst and
// returns it: one row per dimension in dims, steps columns. Vector
// (i, j), at dst[i*steps+j], is base with dimension dims[i] set to
//
//	base[d] + v_j·scale[d],  v_j = lo + (hi−lo)·j/(steps−1),
//
// so each row sweeps one dimension from lo to hi while the others stay
// at base — the latent traversals used to look for disentangled factors
// (Higgins et al. 2017, β-VAE, fig. 7). scale is the unit of lo and hi in
// each dimension (the codes' standard deviations, or the prior's); nil
// means 1 for every dimension.
//
// dst is reused when it holds len(dims)·steps vectors of len(base).
// Traversal panics if steps < 2, a dimension is out of range or scale has
// the wrong length.
func Traversal(dst [][]float64, base []float64, dims []int, lo, hi float64, steps int, scale []float64) [][]float64 {
	checkSteps(steps)
	if scale != nil && len(scale) != len(base) {
		panic(fmt.Sprintf("model: traversal scale of length %d for a base of length %d", len(scale), len(base)))
	}
	dst = resizeRows(dst, len(dims)*steps, len(base))
	for i, d := range dims {
		if d < 0 || d >= len(base) {
			panic(fmt.Sprintf("model: traversal dimension %d out of range [0, %d)", d, len(base)))
		}
		s := 1.0
		if scale != nil {
			s = scale[d]
		}
		for j := range steps {
			z := dst[i*steps+j]
			copy(z, base)
			z[d] = base[d] + StepValue(lo, hi, steps, j)*s
		}
	}
	return dst
}

// StepValue returns the j-th of steps evenly spaced values from lo to hi,
// both included: lo + (hi−lo)·j/(steps−1), exactly lo at j = 0 and hi at
// j = steps−1.
func StepValue(lo, hi float64, steps, j int) float64 {
	checkSteps(steps)
	if j == steps-1 {
		return hi
	}
	return lo + (hi-lo)*float64(j)/float64(steps-1)
}

// StepValues returns the steps values StepValue gives from lo to hi.
func StepValues(lo, hi float64, steps int) []float64 {
	v := make([]float64, steps)
	for j := range v {
		v[j] = StepValue(lo, hi, steps, j)
	}
	return v
}

// Interpolation writes steps latent vectors from a to b into dst and
// returns it: vector j is at t = j/(steps−1), so the first is a and the
// last is b. With slerp the path follows the great circle between them
// (Slerp; White 2016 argues it suits Gaussian latents better, since the
// straight line passes through low-norm points the prior rarely
// produces), otherwise the straight line (Lerp).
//
// dst is reused when it holds steps vectors of len(a). Interpolation
// panics if steps < 2 or a and b differ in length.
func Interpolation(dst [][]float64, a, b []float64, steps int, slerp bool) [][]float64 {
	checkSteps(steps)
	if len(a) != len(b) {
		panic(fmt.Sprintf("model: interpolation between vectors of lengths %d and %d", len(a), len(b)))
	}
	dst = resizeRows(dst, steps, len(a))
	for j := range steps {
		t := StepValue(0, 1, steps, j)
		if slerp {
			Slerp(dst[j], a, b, t)
		} else {
			Lerp(dst[j], a, b, t)
		}
	}
	return dst
}

// Float32s flattens vectors into one row-major float32 slice, the form
// Decoder.DecodeBatch takes, reusing dst when it is large enough.
func Float32s(dst []float32, vecs [][]float64) []float32 {
	n := 0
	for _, v := range vecs {
		n += len(v)
	}
	if cap(dst) < n {
		dst = make([]float32, n)
	}
	dst = dst[:0]
	for _, v := range vecs {
		for _, x := range v {
			dst = append(dst, float32(x))
		}
	}
	return dst
}

func checkSteps(steps int) {
	if steps < 2 {
		panic(fmt.Sprintf("model: %d steps; want at least 2", steps))
	}
}

// resizeRows returns dst with n rows of length d, reusing what it can.
func resizeRows(dst [][]float64, n, d int) [][]float64 {
	if cap(dst) < n {
		dst = append(dst[:cap(dst)], make([][]float64, n-cap(dst))...)
	}
	dst = dst[:n]
	for i := range dst {
		dst[i] = resize(dst[i], d)
	}
	return dst
}
