//go:build !amd64

package onnx

func gatherAVX2(out, acc, col *float32, prog, idx *int, oh, ow, w, alen, e, o int, b float32) {
	panic("onnx: no assembly kernel")
}

func gatherPairsAVX2(out, col *float32, rows *int, table *int32, oh, ow, ne, no int, b float32, relu bool) {
	panic("onnx: no assembly kernel")
}

func gatherPairs512(out, col *float32, rows *int, table *int32, oh, ow, ne, no int, b float32, relu bool) {
	panic("onnx: no assembly kernel")
}
