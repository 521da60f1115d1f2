package sgemm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// naive is the reference: C = A·B (+ C when acc).
func naive(a, b, c []float32, m, n, k int, acc bool) {
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			var s float64
			for p := 0; p < k; p++ {
				s += float64(a[i*k+p]) * float64(b[p*n+j])
			}
			if acc {
				s += float64(c[i*n+j])
			}
			c[i*n+j] = float32(s)
		}
	}
}

func randSlice(rng *rand.Rand, n int) []float32 {
	v := make([]float32, n)
	for i := range v {
		v[i] = float32(rng.NormFloat64())
	}
	return v
}

// TestGemm checks the packed GEMM, its assembly and Go kernels, and the
// single-row path against a float64 triple loop, over sizes that leave
// partial tiles and several cache blocks.
func TestGemm(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	asm := useAsm
	defer func() { useAsm = asm }()
	for _, kernel := range []bool{false, asm} {
		useAsm = kernel
		for _, sz := range [][3]int{{1, 1, 1}, {1, 37, 300}, {6, 16, 5}, {7, 17, 257}, {13, 40, 600}, {64, 33, 16}} {
			m, n, k := sz[0], sz[1], sz[2]
			for _, acc := range []bool{true, false} {
				t.Run(fmt.Sprintf("asm=%v/%dx%dx%d/acc=%v", kernel, m, n, k, acc), func(t *testing.T) {
					a, b, c0 := randSlice(rng, m*k), randSlice(rng, k*n), randSlice(rng, m*n)
					want := append([]float32(nil), c0...)
					naive(a, b, want, m, n, k, acc)
					got := append([]float32(nil), c0...)
					pb := PackB(make([]float32, PackedBSize(k, n)), b, n, 1, k, n)
					switch {
					case m == 1 && acc:
						Gemv(a, pb, got)
					case acc:
						Mul(PackA(make([]float32, PackedASize(m, k)), a, k, 1, m, k), pb, got, n)
					default:
						MulSet(PackA(make([]float32, PackedASize(m, k)), a, k, 1, m, k), pb, got, n)
					}
					for i := range want {
						if d := math.Abs(float64(got[i] - want[i])); d > 1e-4*math.Sqrt(float64(k)) {
							t.Fatalf("element %d: %g, want %g", i, got[i], want[i])
						}
					}
				})
			}
		}
	}
}
