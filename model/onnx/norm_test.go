package onnx

import (
	"math"
	"testing"
)

// TestOptionalOutputs runs LayerNormalization with its Mean and
// InvStdDev outputs (reference: NumPy) and MaxPool with its Indices
// output in row- and column-major order (reference: PyTorch's
// max_pool2d indices plus each plane's offset).
func TestOptionalOutputs(t *testing.T) { runRuntimeFixture(t, "optional_outputs_opset17", 1e-5) }

// TestNormalizeAVX2 compares normalize's vector kernels with its Go
// loops on rows of awkward lengths, offset from zero: the same mean, the
// inverse deviation within float64 rounding, the outputs within one
// float32 unit.
func TestNormalizeAVX2(t *testing.T) {
	if !useAsm {
		t.Skip("no AVX2")
	}
	defer func() { useAsm = true }()
	for _, n := range []int{8, 9, 15, 16, 31, 100, 1027} {
		x, scale, bias := make([]float32, n), make([]float32, n), make([]float32, n)
		for i := range x {
			x[i] = 50 + float32(math.Sin(float64(i)*1.7))*3
			scale[i] = 1 + float32(i%5)/7
			bias[i] = float32(i%3) - 1
		}
		var got [2][]float32
		var mean, inv [2]float64
		for k, asm := range []bool{true, false} {
			useAsm = asm
			got[k] = make([]float32, n)
			mean[k], inv[k] = normalize(got[k], x, 1e-5, scale, bias)
		}
		if mean[0] != mean[1] || math.Abs(inv[0]-inv[1]) > 1e-12*inv[1] {
			t.Fatalf("n %d: mean %v, 1/σ %v with AVX2; %v, %v without", n, mean[0], inv[0], mean[1], inv[1])
		}
		for i := range x {
			if d := math.Abs(float64(got[0][i] - got[1][i])); d > 1e-6*math.Abs(float64(got[1][i]))+1e-7 {
				t.Fatalf("n %d element %d: %v with AVX2, %v without", n, i, got[0][i], got[1][i])
			}
		}
	}
}
