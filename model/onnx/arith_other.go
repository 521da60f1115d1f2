//go:build !amd64

package onnx

func addVV(dst, a, b *float32, n int) { panic("onnx: no assembly kernel") }
func subVV(dst, a, b *float32, n int) { panic("onnx: no assembly kernel") }
func mulVV(dst, a, b *float32, n int) { panic("onnx: no assembly kernel") }
func divVV(dst, a, b *float32, n int) { panic("onnx: no assembly kernel") }

func addVS(dst, a *float32, b float32, n int) { panic("onnx: no assembly kernel") }
func subVS(dst, a *float32, b float32, n int) { panic("onnx: no assembly kernel") }
func mulVS(dst, a *float32, b float32, n int) { panic("onnx: no assembly kernel") }
func divVS(dst, a *float32, b float32, n int) { panic("onnx: no assembly kernel") }

func leakyAVX2(dst, src *float32, n int, alpha float32) { panic("onnx: no assembly kernel") }

func lerpAVX2(dst, a, b *float32, n int, w float32) { panic("onnx: no assembly kernel") }

func lineAVX2(dst, r *float32, x0, x1 *int32, w *float32, n int) { panic("onnx: no assembly kernel") }
