//go:build !amd64

package onnx

func nearest512(r float32, p, n *float32, k int) int { panic("onnx: no assembly kernel") }
