// Benchmarks of MulSet at the shapes Winograd (16 columns) and im2col
// (thousands of columns) give it, reporting GFLOPS.

package sgemm

import (
	"fmt"
	"testing"
)

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

// BenchmarkMatrixMulColdB multiplies 64×256 activations by eight 256×1024
// weight matrices in turn (8 MiB, more than the second-level cache), as
// a transformer's layers stream their weights from the shared cache.
func BenchmarkMatrixMulColdB(b *testing.B) {
	m, k, n := 64, 256, 1024
	a := make([]float32, m*k)
	for i := range a {
		a[i] = float32(i%7) - 3
	}
	var pbs [8]PackedB
	for w := range pbs {
		bb := make([]float32, k*n)
		for i := range bb {
			bb[i] = float32((i+w)%5) - 2
		}
		pbs[w] = PackB(make([]float32, PackedBSize(k, n)), bb, n, 1, k, n)
	}
	c := make([]float32, m*n)
	i := 0
	for b.Loop() {
		MulMatrix(Matrix{M: m, K: k, Stride: k, Data: a}, pbs[i%8], c, n, false)
		i++
	}
	b.ReportMetric(float64(2*m*n*k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOPS")
}

// BenchmarkPrefetchC times large-C products with and without the
// prefetch of C's rows (prefetchC), and a small one with it.
func BenchmarkPrefetchC(b *testing.B) {
	for _, on := range []bool{false, true} {
		for _, s := range [][3]int{{4096, 1024, 256}, {4096, 256, 1024}, {4096, 768, 256}, {64, 1024, 256}} {
			b.Run(fmt.Sprintf("on=%v/%dx%dx%d", on, s[0], s[1], s[2]), func(b *testing.B) {
				defer func(p int) { prefetchC = p }(prefetchC)
				prefetchC = 1 << 40
				if on {
					prefetchC = 0
				}
				benchMulMatrix(b, s[0], s[1], s[2], false)
			})
		}
	}
}
