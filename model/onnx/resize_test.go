package onnx

import "testing"

// TestResizeModes runs Resize in align_corners (linear, downsampling;
// cubic, upsampling), asymmetric, pytorch_half_pixel to a length of 1 and
// tf_crop_and_resize with extrapolation (reference: onnx 1.12's
// interpolate_nd, tools/onnx/make_runtime_fixtures.py).
func TestResizeModes(t *testing.T) { runRuntimeFixture(t, "resize_modes_opset13", 1e-5) }
