package onnx

import "math"

// expFast returns eˣ to about 1e-9 relative error over float32's range:
// x = n·ln2 + r with |r| ≤ ln2/2, eʳ by its degree-8 Taylor polynomial
// (Horner form), and 2ⁿ assembled in the exponent bits (Cody and Waite,
// "Software Manual for the Elementary Functions", 1980). It is several
// times faster than math.Exp, which matters for sigmoid and tanh outputs
// over whole images.
func expFast(x float64) float64 {
	switch {
	case x > 88.8:
		return math.Inf(1)
	case x < -104:
		return 0
	case x != x:
		return x
	}
	n := math.Floor(x*math.Log2E + 0.5)
	r := x - n*math.Ln2
	p := 1 + r*(1+r*(1.0/2+r*(1.0/6+r*(1.0/24+r*(1.0/120+r*(1.0/720+r*(1.0/5040+r*(1.0/40320))))))))
	return p * math.Float64frombits(uint64(int64(n)+1023)<<52)
}

// sigmoidFast is 1/(1+e⁻ˣ).
func sigmoidFast(v float32) float32 {
	return float32(1 / (1 + expFast(-float64(v))))
}

// tanhFast is tanh(x) = 1 − 2/(e²ˣ+1), exact to float32 rounding.
func tanhFast(v float32) float32 {
	x := float64(v)
	if x > 20 {
		return 1
	}
	if x < -20 {
		return -1
	}
	if x > -0.03 && x < 0.03 {
		// Taylor: keeps relative accuracy near zero.
		return float32(x * (1 - x*x/3*(1-2*x*x/5)))
	}
	return float32(1 - 2/(expFast(2*x)+1))
}

// erfFast is the error function to about 3e-8 relative error (float32
// results are correctly rounded or one unit off), several times faster
// than math.Erf: x·P(x²) for |x| ≤ 1, and 1 − e^(−x²)·R(x) for
// 1 < |x| < 4, with polynomials fitted to math.Erf by least relative
// squares on Chebyshev nodes; beyond 4, erfc(x) < 1.6e-8 and erf(x) = ±1.
func erfFast(x float64) float64 {
	a := math.Abs(x)
	var r float64
	switch {
	case a <= 1:
		t := x * x
		return x * (1.1283791670801049 + t*(-0.3761263855282761+t*(0.11283783443885148+t*(-0.026865475515024134+
			t*(0.0052211386964433615+t*(-0.0008485438920848298+t*(0.00011274737961619596+t*-9.689741136534313e-06)))))))
	case a < 4:
		s := (a - 2.5) / 1.5
		p := 0.2108063588427727 + s*(-0.1115210407671238+s*(0.05611089023543196+s*(-0.02700497734423606+
			s*(0.012484595004474859+s*(-0.005571632909335916+s*(0.0024242901239410926+s*(-0.0010070914159222948+
				s*(0.0003697168983207849+s*(-0.00015413261745352014+s*(9.565717922628905e-05+s*-3.317872276996023e-05))))))))))
		r = 1 - expFast(-a*a)*p
	case a >= 4:
		r = 1
	default:
		return x // NaN
	}
	return math.Copysign(r, x)
}
