//go:build !amd64

package onnx

var useAsm = false

func kern6x16(k int, a, b, c *float32, ldc int, acc bool) { panic("onnx: no assembly kernel") }

func kern1x16(k int, a, b, c *float32) { panic("onnx: no assembly kernel") }

func actAVX2(dst, src *float32, n int, tanh bool) { panic("onnx: no assembly kernel") }
