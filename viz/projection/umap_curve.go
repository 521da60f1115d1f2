package projection

import "math"

// fitUMAPCurve fits the low-dimensional similarity 1/(1 + a·d^(2b)) to the
// target curve that is 1 up to minDist and exp(−(d − minDist)/spread)
// beyond, sampled at 300 points on [0, 3·spread], by least squares as
// umap-learn's find_ab_params does with scipy's curve_fit
// (Levenberg–Marquardt from a = b = 1).
func fitUMAPCurve(minDist, spread float64) (a, b float64) {
	const samples = 300
	xs := make([]float64, samples)
	ys := make([]float64, samples)
	for i := range xs {
		x := 3 * spread * float64(i) / (samples - 1)
		xs[i] = x
		ys[i] = 1
		if x >= minDist {
			ys[i] = math.Exp(-(x - minDist) / spread)
		}
	}
	return levenbergMarquardtAB(xs, ys)
}

// curveSSE is the sum of squared residuals of 1/(1 + a·x^(2b)) on (xs, ys).
func curveSSE(xs, ys []float64, a, b float64) float64 {
	var s float64
	for i, x := range xs {
		r := 1/(1+a*math.Pow(x, 2*b)) - ys[i]
		s += r * r
	}
	return s
}

// curveNormal returns JᵀJ (as jaa, jab, jbb) and Jᵀr (ga, gb) at (a, b).
func curveNormal(xs, ys []float64, a, b float64) (jaa, jab, jbb, ga, gb float64) {
	for i, x := range xs {
		if x == 0 {
			continue // f = 1 and both derivatives vanish
		}
		p := math.Pow(x, 2*b)
		f := 1 / (1 + a*p)
		r := f - ys[i]
		da := -p * f * f
		db := -a * p * 2 * math.Log(x) * f * f
		jaa += da * da
		jab += da * db
		jbb += db * db
		ga += da * r
		gb += db * r
	}
	return
}

// levenbergMarquardtAB minimises curveSSE over (a, b) from (1, 1) with
// Marquardt's diagonal damping.
func levenbergMarquardtAB(xs, ys []float64) (float64, float64) {
	a, b, lambda := 1.0, 1.0, 1e-3
	sse := curveSSE(xs, ys, a, b)
	for range 500 {
		jaa, jab, jbb, ga, gb := curveNormal(xs, ys, a, b)
		m00, m11 := jaa*(1+lambda), jbb*(1+lambda)
		det := m00*m11 - jab*jab
		if det == 0 {
			break
		}
		da := -(m11*ga - jab*gb) / det
		db := -(m00*gb - jab*ga) / det
		if a+da <= 0 {
			lambda *= 10
			continue
		}
		next := curveSSE(xs, ys, a+da, b+db)
		if next < sse {
			converged := sse-next < 1e-15*(1+sse)
			a, b, sse = a+da, b+db, next
			lambda = max(lambda/10, 1e-12)
			if converged {
				break
			}
		} else {
			lambda *= 10
			if lambda > 1e12 {
				break
			}
		}
	}
	return a, b
}
