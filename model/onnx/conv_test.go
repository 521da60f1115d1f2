package onnx

import (
	"strings"
	"testing"
)

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

// TestVolumes runs 3-D Conv (grouped, strided, dilated, with a folded
// BatchNorm3d), ConvTranspose3d, MaxPool3d and AvgPool3d exported from
// PyTorch (reference: PyTorch 1.13).
func TestVolumes(t *testing.T) {
	for _, name := range []string{"volume3d_opset11", "volume3d_opset17"} {
		t.Run(name, func(t *testing.T) { runRuntimeFixture(t, name, 2e-5) })
	}
}

// TestComputedWeightsAllocate checks that a steady stream of runs with
// computed weights allocates nothing: the weights are packed into the
// session's scratch.
func TestComputedWeightsAllocate(t *testing.T) {
	for _, name := range []string{"modconv_grouped_opset17", "modconv_transposed_opset17", "modconv_fused_opset17"} {
		m, in, _ := runtimeFixture(t, name)
		s := m.NewSession()
		if _, err := s.Run(in...); err != nil {
			t.Fatal(err)
		}
		allocs := testing.AllocsPerRun(20, func() {
			if _, err := s.Run(in...); err != nil {
				t.Fatal(err)
			}
		})
		if allocs != 0 {
			t.Errorf("%s: %.0f allocations per run, want 0", name, allocs)
		}
	}
}

// TestConvWorkBounded refuses a convolution whose computed weights meet
// more pixels than the work bound allows, rather than running for long.
func TestConvWorkBounded(t *testing.T) {
	defer func(m int) { maxElems = m }(maxElems)
	maxElems = 1 << 12 // bound 2²² multiply-adds per image
	o := &conv{spec: convSpec{autoPad: "SAME_UPPER", group: 1}}
	x := NewTensor(make([]float32, 160*60*60), 1, 160, 60, 60)
	small := NewTensor(make([]float32, 100*9), 1, 100, 3, 3) // 900·3600 < 2²²
	big := NewTensor(make([]float32, 160*9), 1, 160, 3, 3)   // 1440·3600 > 2²²
	out := []*Tensor{{}}
	if err := o.run(&Session{}, []*Tensor{NewTensor(make([]float32, 100*3600), 1, 100, 60, 60), small, nil}, out); err != nil {
		t.Fatalf("within the bound: %v", err)
	}
	if err := o.run(&Session{}, []*Tensor{x, big, nil}, out); err == nil || !strings.Contains(err.Error(), "too much work") {
		t.Fatalf("a convolution beyond the work bound: %v", err)
	}
}
