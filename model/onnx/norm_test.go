package onnx

import "testing"

// TestOptionalOutputs runs LayerNormalization with its Mean and
// InvStdDev outputs (reference: NumPy) and MaxPool with its Indices
// output in row- and column-major order (reference: PyTorch's
// max_pool2d indices plus each plane's offset).
func TestOptionalOutputs(t *testing.T) { runRuntimeFixture(t, "optional_outputs_opset17", 1e-5) }
