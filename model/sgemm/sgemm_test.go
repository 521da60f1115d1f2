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

// kernels are the kernel sets a test runs: the portable Go kernels, the
// AVX2 ones and the AVX-512 ones, each where the CPU can run it.
func kernels() []struct {
	name        string
	asm, asm512 bool
} {
	ks := []struct {
		name        string
		asm, asm512 bool
	}{{"go", false, false}}
	if hasAsm {
		ks = append(ks, struct {
			name        string
			asm, asm512 bool
		}{"avx2", true, false})
	}
	if has512 {
		ks = append(ks, struct {
			name        string
			asm, asm512 bool
		}{"avx512", true, true})
	}
	return ks
}

// gemmSizes leave partial tiles of every kernel (12×32, 8×32, 6×32,
// 12×16, 8×16, 6×16), rows that every combination of 12-, 8- and 6-row
// tiles covers, and several cache blocks (of rows and of depth).
var gemmSizes = [][3]int{{1, 1, 1}, {1, 37, 300}, {6, 16, 5}, {7, 17, 257}, {13, 40, 600}, {64, 33, 16},
	{12, 32, 3}, {24, 64, 9}, {18, 96, 260}, {30, 70, 33}, {11, 31, 2}, {17, 48, 513},
	{16, 40, 20}, {64, 96, 256}, {25, 33, 7}, {13, 17, 1},
	{14, 48, 40}, {20, 40, 9}, {22, 72, 300}, {34, 24, 5}, {10, 33, 8}, {500, 40, 3}}

// mulBy runs the product of a (m×k) and b (k×n) into c as Gemv (m = 1,
// acc), Mul (acc) or MulSet, or as MulMatrix over a (unpacked, rows k+3
// apart) when unpacked is set.
func mulBy(a, b, c []float32, m, n, k int, acc, unpacked bool) {
	pb := PackB(make([]float32, PackedBSize(k, n)), b, n, 1, k, n)
	switch {
	case unpacked:
		wide := make([]float32, m*(k+3))
		for i := 0; i < m; i++ {
			copy(wide[i*(k+3):], a[i*k:(i+1)*k])
		}
		MulMatrix(Matrix{M: m, K: k, Stride: k + 3, Data: wide[:len(wide)-3]}, pb, c, n, acc)
	case m == 1 && acc:
		Gemv(a, pb, c)
	case acc:
		Mul(PackA(make([]float32, PackedASize(m, k)), a, k, 1, m, k), pb, c, n)
	default:
		MulSet(PackA(make([]float32, PackedASize(m, k)), a, k, 1, m, k), pb, c, n)
	}
}

// TestGemm checks the packed GEMM, its Go, AVX2 and AVX-512 kernels and
// the single-row path against a float64 triple loop.
func TestGemm(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	asm, asm512 := useAsm, use512
	defer func() { useAsm, use512 = asm, asm512 }()
	for _, kernel := range kernels() {
		useAsm, use512 = kernel.asm, kernel.asm512
		for _, sz := range gemmSizes {
			m, n, k := sz[0], sz[1], sz[2]
			for _, mode := range []struct{ acc, unpacked bool }{{true, false}, {false, false}, {true, true}, {false, true}} {
				acc := mode.acc
				t.Run(fmt.Sprintf("%s/%dx%dx%d/acc=%v/unpacked=%v", kernel.name, m, n, k, acc, mode.unpacked), func(t *testing.T) {
					a, b, c0 := randSlice(rng, m*k), randSlice(rng, k*n), randSlice(rng, m*n)
					want := append([]float32(nil), c0...)
					naive(a, b, want, m, n, k, acc)
					got := append([]float32(nil), c0...)
					mulBy(a, b, got, m, n, k, acc, mode.unpacked)
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

// TestWideKernelsMatchAVX2 checks that the AVX-512 kernels, on packed
// and on unpacked A, sum each element as the AVX2 kernel does on packed A:
// the same bits, so that results depend neither on the CPU's vector width
// nor on whether A was packed.
func TestWideKernelsMatchAVX2(t *testing.T) {
	if !has512 {
		t.Skip("no AVX-512 here")
	}
	asm, asm512 := useAsm, use512
	defer func() { useAsm, use512 = asm, asm512 }()
	rng := rand.New(rand.NewPCG(5, 6))
	for _, sz := range gemmSizes {
		m, n, k := sz[0], sz[1], sz[2]
		for _, acc := range []bool{true, false} {
			a, b, c0 := randSlice(rng, m*k), randSlice(rng, k*n), randSlice(rng, m*n)
			var got [3][]float32
			for i, mode := range []struct{ wide, unpacked bool }{{false, false}, {true, false}, {true, true}} {
				useAsm, use512 = true, mode.wide
				got[i] = append([]float32(nil), c0...)
				mulBy(a, b, got[i], m, n, k, acc, mode.unpacked)
			}
			for v := 1; v < len(got); v++ {
				if m == 1 && acc && v == 2 {
					continue // Gemv, not Mul, made got[0]
				}
				for i := range got[0] {
					if math.Float32bits(got[0][i]) != math.Float32bits(got[v][i]) {
						t.Fatalf("%dx%dx%d acc=%v element %d: AVX-512 (unpacked %v) %g, AVX2 %g",
							m, n, k, acc, i, v == 2, got[v][i], got[0][i])
					}
				}
			}
		}
	}
}

// TestMulMatrixBias checks that MulMatrixBias gives, bit for bit, what
// MulMatrix adds to a C holding the bias in every row, with every kernel
// set, over the sizes of TestGemm.
func TestMulMatrixBias(t *testing.T) {
	asm, asm512 := useAsm, use512
	defer func() { useAsm, use512 = asm, asm512 }()
	rng := rand.New(rand.NewPCG(11, 12))
	for _, kernel := range kernels() {
		useAsm, use512 = kernel.asm, kernel.asm512
		for _, sz := range gemmSizes {
			m, n, k := sz[0], sz[1], sz[2]
			a, b, bias := randSlice(rng, m*k), randSlice(rng, k*n), randSlice(rng, n)
			pb := PackB(make([]float32, PackedBSize(k, n)), b, n, 1, k, n)
			am := Matrix{M: m, K: k, Stride: k, Data: a}
			want := make([]float32, m*n)
			for i := range m {
				copy(want[i*n:], bias)
			}
			MulMatrix(am, pb, want, n, true)
			got := randSlice(rng, m*n)
			MulMatrixBias(am, pb, bias, got, n)
			for i := range want {
				if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
					t.Fatalf("%s %dx%dx%d element %d: %g, want %g", kernel.name, m, n, k, i, got[i], want[i])
				}
			}
		}
	}
}

// TestMulMatrices checks that MulMatrices, B read in place (rows n+5
// apart), gives bit for bit what MulMatrix gives on B's PackB, adding and
// setting, with every kernel set, over the sizes of TestGemm and a
// product of no depth.
func TestMulMatrices(t *testing.T) {
	asm, asm512 := useAsm, use512
	defer func() { useAsm, use512 = asm, asm512 }()
	rng := rand.New(rand.NewPCG(13, 14))
	for _, kernel := range kernels() {
		useAsm, use512 = kernel.asm, kernel.asm512
		for _, sz := range append(gemmSizes, [3]int{5, 20, 0}, [3]int{3, 70, 300}) {
			m, n, k := sz[0], sz[1], sz[2]
			for _, acc := range []bool{true, false} {
				a, b, c0 := randSlice(rng, m*k), randSlice(rng, k*n), randSlice(rng, m*n)
				am := Matrix{M: m, K: k, Stride: k, Data: a}
				want := append([]float32(nil), c0...)
				MulMatrix(am, PackB(make([]float32, PackedBSize(k, n)), b, n, 1, k, n), want, n, acc)
				wide := make([]float32, k*(n+5))
				for p := range k {
					copy(wide[p*(n+5):], b[p*n:(p+1)*n])
				}
				if k > 0 {
					wide = wide[:len(wide)-5]
				}
				got := append([]float32(nil), c0...)
				MulMatrices(am, Matrix{M: k, K: n, Stride: n + 5, Data: wide}, got, n, acc)
				for i := range want {
					if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
						t.Fatalf("%s %dx%dx%d acc=%v element %d: %g, want %g", kernel.name, m, n, k, acc, i, got[i], want[i])
					}
				}
			}
		}
	}
}

// TestPackBTransposed checks PackB of a matrix stored by columns (B =
// Kᵀ, as attention's scores read the keys), which AVX-512 packs by 16×16
// transposes, against the packed layout's definition.
func TestPackBTransposed(t *testing.T) {
	asm, asm512 := useAsm, use512
	defer func() { useAsm, use512 = asm, asm512 }()
	rng := rand.New(rand.NewPCG(15, 16))
	for _, kernel := range kernels() {
		useAsm, use512 = kernel.asm, kernel.asm512
		for _, k := range []int{1, 15, 16, 17, 64, 100} {
			for _, n := range []int{1, 16, 17, 33, 64} {
				ld := k + 3 // column j of B at src[j*ld:]
				src := randSlice(rng, n*ld)
				dst := randSlice(rng, PackedBSize(k, n))
				PackB(dst, src, 1, ld, k, n)
				for j0 := 0; j0 < n; j0 += NR {
					for p := range k {
						for q := range NR {
							want := float32(0)
							if j0+q < n {
								want = src[(j0+q)*ld+p]
							}
							if got := dst[j0*k+p*NR+q]; got != want {
								t.Fatalf("%s k=%d n=%d: (%d, %d) packed as %g, want %g", kernel.name, k, n, p, j0+q, got, want)
							}
						}
					}
				}
			}
		}
	}
}
