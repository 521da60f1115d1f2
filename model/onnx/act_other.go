//go:build !amd64

package onnx

var useAsm = false

func actAVX2(dst, src *float32, n int, tanh bool) { panic("onnx: no assembly kernel") }

func expAVX2(dst, src *float32, n int, m float32) { panic("onnx: no assembly kernel") }
