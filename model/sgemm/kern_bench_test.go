// Benchmarks of MulSet at the shapes Winograd (16 columns) and im2col
// (thousands of columns) give it, reporting GFLOPS.

package sgemm

import "testing"

func benchMul(b *testing.B, m, n, k int) {
	a := make([]float32, m*k)
	bb := make([]float32, k*n)
	for i := range a {
		a[i] = float32(i%7) - 3
	}
	for i := range bb {
		bb[i] = float32(i%5) - 2
	}
	pa := PackA(make([]float32, PackedASize(m, k)), a, k, 1, m, k)
	pb := PackB(make([]float32, PackedBSize(k, n)), bb, n, 1, k, n)
	c := make([]float32, m*n)
	b.ResetTimer()
	for b.Loop() {
		MulSet(pa, pb, c, n)
	}
	b.ReportMetric(float64(2*m*n*k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOPS")
}

func BenchmarkMul66x16x64(b *testing.B)    { benchMul(b, 66, 16, 64) }
func BenchmarkMul36x16x32(b *testing.B)    { benchMul(b, 36, 16, 32) }
func BenchmarkMul66x4096x576(b *testing.B) { benchMul(b, 66, 4096, 576) }
func BenchmarkMul66x256x256(b *testing.B)  { benchMul(b, 66, 256, 256) }

// benchMulMatrix times a product whose A is used once, as a MatMul's
// activations are: packed first (packed) or read in place by MulMatrix.
func benchMulMatrix(b *testing.B, m, n, k int, packed bool) {
	a := make([]float32, m*k)
	bb := make([]float32, k*n)
	for i := range a {
		a[i] = float32(i%7) - 3
	}
	for i := range bb {
		bb[i] = float32(i%5) - 2
	}
	pb := PackB(make([]float32, PackedBSize(k, n)), bb, n, 1, k, n)
	buf := make([]float32, PackedASize(m, k))
	c := make([]float32, m*n)
	b.ResetTimer()
	for b.Loop() {
		if packed {
			MulSet(PackA(buf, a, k, 1, m, k), pb, c, n)
		} else {
			MulMatrix(Matrix{M: m, K: k, Stride: k, Data: a}, pb, c, n, false)
		}
	}
	b.ReportMetric(float64(2*m*n*k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOPS")
}

func BenchmarkPackMul64x256x256(b *testing.B)    { benchMulMatrix(b, 64, 256, 256, true) }
func BenchmarkMatrixMul64x256x256(b *testing.B)  { benchMulMatrix(b, 64, 256, 256, false) }
func BenchmarkPackMul64x1024x256(b *testing.B)   { benchMulMatrix(b, 64, 1024, 256, true) }
func BenchmarkMatrixMul64x1024x256(b *testing.B) { benchMulMatrix(b, 64, 1024, 256, false) }
func BenchmarkPackMul64x256x1024(b *testing.B)   { benchMulMatrix(b, 64, 256, 1024, true) }
func BenchmarkMatrixMul64x256x1024(b *testing.B) { benchMulMatrix(b, 64, 256, 1024, false) }

func BenchmarkMatrixMul4096x256x256(b *testing.B)  { benchMulMatrix(b, 4096, 256, 256, false) }
func BenchmarkMatrixMul4096x1024x256(b *testing.B) { benchMulMatrix(b, 4096, 1024, 256, false) }
func BenchmarkMatrixMul4096x256x1024(b *testing.B) { benchMulMatrix(b, 4096, 256, 1024, false) }
