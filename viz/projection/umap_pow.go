package projection

import "math"

// umapPow returns x^y for x > 0 as 2^(y·log₂x) with polynomial log₂ and
// exp₂, about ten times faster than math.Pow and within 1e-9 relative
// error for the arguments SGD meets. The layout optimisation spends most
// of its time here: one power per gradient. Arguments outside the fast
// path's range go to math.Pow.
func umapPow(x, y float64) float64 {
	if !(x > 1e-300 && x < 1e300) {
		return math.Pow(x, y)
	}
	t := y * fastLog2(x)
	if !(t > -1000 && t < 1000) {
		return math.Pow(x, y)
	}
	return fastExp2(t)
}

// fastLog2 is log₂ x for positive normal x: the exponent plus
// log₂ m for the mantissa m in [√½, √2), by the series
// ln m = 2·atanh((m−1)/(m+1)) to the 11th power.
func fastLog2(x float64) float64 {
	bits := math.Float64bits(x)
	e := int((bits>>52)&0x7ff) - 1023
	m := math.Float64frombits(bits&(1<<52-1) | 1023<<52) // [1, 2)
	if m > math.Sqrt2 {
		m /= 2
		e++
	}
	s := (m - 1) / (m + 1)
	s2 := s * s
	p := 1 + s2*(1.0/3+s2*(1.0/5+s2*(1.0/7+s2*(1.0/9+s2*(1.0/11)))))
	return float64(e) + 2*s*p*math.Log2E
}

// fastExp2 is 2^t for |t| < 1000: 2^round(t) from the exponent bits times
// 2^f, |f| ≤ ½, by its Taylor series to the 10th power.
func fastExp2(t float64) float64 {
	i := math.Floor(t + 0.5)
	f := (t - i) * math.Ln2
	p := 1 + f*(1+f*(1.0/2+f*(1.0/6+f*(1.0/24+f*(1.0/120+f*(1.0/720+f*(1.0/5040+f*(1.0/40320+f*(1.0/362880+f/3628800)))))))))
	if i < -1022 {
		return math.Ldexp(p, int(i))
	}
	return p * math.Float64frombits(uint64(int64(i)+1023)<<52)
}
