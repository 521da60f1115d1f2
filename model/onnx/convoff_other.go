//go:build !amd64

package onnx

func kernOff6x16(k int, a, b *float32, off *int, c *float32, ldc int, acc bool, bias *float32) {
	panic("onnx: no assembly kernel")
}

func kernOff1x64(k int, a, b *float32, off *int, c *float32, bias float32) {
	panic("onnx: no assembly kernel")
}
