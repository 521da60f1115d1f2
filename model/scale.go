package model

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
	x := make([]float32, len(a.Data))
	for i, v := range a.Data {
		x[i] = float32(v * scale)
	}
	return x
}
