package onnx

//go:noescape
func gatherAVX2(out, acc, col *float32, prog, idx *int, oh, ow, w, alen, e, o int, b float32)

//go:noescape
func gatherPairsAVX2(out, col *float32, rows *int, table *int32, oh, ow, ne, no int, b float32, relu bool)

//go:noescape
func gatherPairs512(out, col *float32, rows *int, table *int32, oh, ow, ne, no int, b float32, relu bool)
