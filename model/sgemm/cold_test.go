package sgemm

import "testing"

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
