//go:build !amd64

package onnx

func winoIn8(src *float32, ld int, v *float32, vs int) { panic("onnx: no assembly kernel") }

func winoOut8(m *float32, ms int, y *float32, ld int, bias float32) {
	panic("onnx: no assembly kernel")
}

func wino4In8(a *wino4Args, groups int) { panic("onnx: no assembly kernel") }

func wino4Out8(a *wino4Args, groups int) { panic("onnx: no assembly kernel") }
func wino4Narrow512(a *wino4NarrowArgs)  { panic("onnx: no assembly kernel") }
