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
