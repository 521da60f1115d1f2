package onnx

//go:noescape
func nearest512(r float32, p, n *float32, k int) int
