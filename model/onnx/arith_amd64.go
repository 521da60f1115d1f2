package onnx

//go:noescape
func addVV(dst, a, b *float32, n int)

//go:noescape
func subVV(dst, a, b *float32, n int)

//go:noescape
func mulVV(dst, a, b *float32, n int)

//go:noescape
func divVV(dst, a, b *float32, n int)

//go:noescape
func addVS(dst, a *float32, b float32, n int)

//go:noescape
func subVS(dst, a *float32, b float32, n int)

//go:noescape
func mulVS(dst, a *float32, b float32, n int)

//go:noescape
func divVS(dst, a *float32, b float32, n int)

//go:noescape
func leakyAVX2(dst, src *float32, n int, alpha float32)

//go:noescape
func lerpAVX2(dst, a, b *float32, n int, w float32)

//go:noescape
func lineAVX2(dst, r *float32, x0, x1 *int32, w *float32, n int)
