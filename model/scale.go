package model

import "math"

// Scaled returns the array's values times scale as float32, the input of
// an encoder or a reconstruction score. Scale 0 means the usual one: 1/255
// for uint8 data (images stored 0–255, so they become [0, 1]), else 1.
func (a *Array) Scaled(scale float64) []float32 {
	if scale == 0 {
		scale = 1
		if a.DType == "uint8" {
			scale = 1.0 / 255
		}
	}
	if a.U8 != nil {
		x := make([]float32, len(a.U8))
		for i, v := range a.U8 {
			x[i] = float32(float64(v) * scale)
		}
		return x
	}
	x := make([]float32, len(a.Data))
	for i, v := range a.Data {
		x[i] = float32(v * scale)
	}
	return x
}

// GuessRange guesses a decoder's value range from its outputs: [0, 1]
// (a sigmoid) or [−1, 1] (a tanh) when the values fit, else the values'
// own finite range, or an interval around the only value.
func GuessRange(y []float32) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, v := range y {
		if f := float64(v); !math.IsNaN(f) && !math.IsInf(f, 0) {
			lo, hi = math.Min(lo, f), math.Max(hi, f)
		}
	}
	switch {
	case lo > hi: // no finite values
		return 0, 1
	case lo >= 0 && hi <= 1:
		return 0, 1
	case lo >= -1 && hi <= 1:
		return -1, 1
	case hi > lo:
		return lo, hi
	}
	return lo - 1, lo + 1
}
