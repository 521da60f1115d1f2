package onnx

import "testing"

// TestConvTransposeOutputShape runs ConvTranspose with an output_shape
// larger than the full output, which pads at the end (reference: PyTorch
// 1.13's F.conv_transpose2d with the equivalent output_padding).
func TestConvTransposeOutputShape(t *testing.T) {
	runRuntimeFixture(t, "convtranspose_output_shape_opset13", 1e-4)
}
