package onnx

import (
	"math"
	"math/rand/v2"
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

// TestLayerNormRows512 checks the four-row AVX-512 LayerNorm against
// normalize's AVX2 path row by row (outputs, Mean and InvStdDev), over
// row counts that leave 0 to 3 rows to recompute in a last group of four
// (fewer than four rows take the AVX2 path), on rows of normal values,
// with an offset, constant rows and signed zeros.
func TestLayerNormRows512(t *testing.T) {
	if !use512 {
		t.Skip("no AVX-512")
	}
	defer func() { use512 = true }()
	rng := rand.New(rand.NewPCG(43, 44))
	for _, n := range []int{16, 48, 256, 272} {
		for _, kind := range []string{"normal", "offset", "constant", "zeros"} {
			for rows := 1; rows <= 9; rows++ {
				x, scale, bias := make([]float32, rows*n), make([]float32, n), make([]float32, n)
				for i := range x {
					switch kind {
					case "normal":
						x[i] = float32(rng.NormFloat64()*3) + float32(i/n)
					case "offset":
						x[i] = 1000 + float32(rng.NormFloat64())
					case "constant":
						x[i] = 3.25
					case "zeros":
						x[i] = float32(math.Copysign(0, float64(i%2)-0.5))
					}
				}
				for i := range scale {
					scale[i], bias[i] = float32(rng.NormFloat64()), float32(rng.NormFloat64())
				}
				var got [2][]float32
				var stats [2][2][]float32
				for v, wide := range []bool{false, true} {
					use512 = wide
					got[v] = make([]float32, len(x))
					stats[v] = [2][]float32{make([]float32, rows), make([]float32, rows)}
					j := layerNormJob{o: &layerNorm{eps: 1e-5}, x: x, y: got[v], scale: scale, bias: bias, inner: n, stats: stats[v]}
					j.do(0, rows)
				}
				for i := range x {
					if math.Float32bits(got[0][i]) != math.Float32bits(got[1][i]) {
						t.Fatalf("n %d %s rows %d element %d: AVX-512 %v, AVX2 %v", n, kind, rows, i, got[1][i], got[0][i])
					}
				}
				for k := range 2 {
					for r := range rows {
						if math.Float32bits(stats[0][k][r]) != math.Float32bits(stats[1][k][r]) {
							t.Fatalf("n %d %s rows %d: statistic %d of row %d: AVX-512 %v, AVX2 %v", n, kind, rows, k, r, stats[1][k][r], stats[0][k][r])
						}
					}
				}
			}
		}
	}
}
