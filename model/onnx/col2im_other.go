//go:build !amd64

package onnx

func gatherAVX2(out, acc, col *float32, prog, idx *int, oh, ow, w, alen, e, o int, b float32) {
	panic("onnx: no assembly kernel")
}
