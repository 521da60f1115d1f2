//go:build !amd64

package onnx

var useAsm = false

var use512 = false

func actAVX2(dst, src *float32, n int, tanh bool) { panic("onnx: no assembly kernel") }

func expAVX2(dst, src *float32, n int, m float32) { panic("onnx: no assembly kernel") }

func affineAVX2(dst, src *float32, n int, alpha, beta float32, silu bool) {
	panic("onnx: no assembly kernel")
}

func sumSqAVX2(x *float32, n int) (s, q float64) { panic("onnx: no assembly kernel") }

func maxAVX2(x *float32, n int) float32 { panic("onnx: no assembly kernel") }

func scaleAVX2(x *float32, n int, s float64) { panic("onnx: no assembly kernel") }

func scaleToAVX2(dst, src *float32, n int, c float32, div bool) { panic("onnx: no assembly kernel") }

func erfAVX2(dst, src *float32, n int) { panic("onnx: no assembly kernel") }

func reluAVX2(dst, src *float32, n int) { panic("onnx: no assembly kernel") }

func centerSqAVX2(x *float32, n int, mean float64) float64 { panic("onnx: no assembly kernel") }

func normAVX2(dst, x *float32, n int, mean, inv float64, scale, bias *float32) {
	panic("onnx: no assembly kernel")
}

func erf512(dst, src *float32, n int) { panic("onnx: no assembly kernel") }

func geluAVX2(y, x *float32, n int, c *[3]float32) { panic("onnx: no assembly kernel") }

func gelu512(y, x *float32, n int, c *[3]float32) { panic("onnx: no assembly kernel") }

func layerNormRows512(dst, x *float32, n int, eps float64, scale, bias *float32, stats *[8]float64) {
	panic("onnx: no assembly kernel")
}

func softmaxRows512(y, x *float32, n int, c float32, mode int) { panic("onnx: no assembly kernel") }

func addRows512(dst, src *float32, rows, cols, ld int) { panic("onnx: no assembly kernel") }
