package onnx

import "testing"

// TestComputedWeights runs StyleGAN2-style modulated convolutions, whose
// weights (and in the fused form the bias) are computed in the graph
// from a style input: grouped with group = batch, fused at batch 1, and
// transposed (reference: PyTorch 1.13's F.conv2d and F.conv_transpose2d,
// tools/onnx/make_runtime_fixtures.py).
func TestComputedWeights(t *testing.T) {
	for _, name := range []string{
		"modconv_grouped_opset11", "modconv_grouped_opset17",
		"modconv_transposed_opset11", "modconv_transposed_opset17", "modconv_fused_opset17",
	} {
		t.Run(name, func(t *testing.T) {
			m, _, _ := runtimeFixture(t, name)
			if m.OpCounts["Conv"]+m.OpCounts["ConvTranspose"] != 1 {
				t.Fatalf("operators %v, want one convolution", m.OpCounts)
			}
			forKernels(t, func(t *testing.T) { runRuntimeFixture(t, name, 1e-4) })
		})
	}
}
