package onnx

//go:noescape
func winoIn8(src *float32, ld int, v *float32, vs int)

//go:noescape
func winoOut8(m *float32, ms int, y *float32, ld int, bias float32)

//go:noescape
func wino4In8(a *wino4Args, groups int)

//go:noescape
func wino4Out8(a *wino4Args, groups int)

//go:noescape
func wino4Narrow512(a *wino4NarrowArgs)
