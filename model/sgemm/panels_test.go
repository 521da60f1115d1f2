package sgemm

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestMulSetPanels checks the panel kernels (Go, AVX2, AVX-512) against
// a float64 product per product, over odd and even numbers of row
// panels, and that the AVX-512 kernel gives the AVX2 kernel's bits (the
// Go kernel rounds each product before adding it: not the same bits).
func TestMulSetPanels(t *testing.T) {
	asm, asm512 := useAsm, use512
	defer func() { useAsm, use512 = asm, asm512 }()
	rng := rand.New(rand.NewPCG(7, 8))
	for _, sz := range [][2]int{{6, 1}, {12, 3}, {18, 32}, {30, 7}, {24, 100}, {6, 0}} {
		m, k := sz[0], sz[1]
		const count = 3
		as, bs, cs := m*k+5, k*NR+3, m*NR+2 // gaps between products
		a, b := randSlice(rng, count*as), randSlice(rng, count*bs)
		var results [][]float32
		for _, kernel := range kernels() {
			useAsm, use512 = kernel.asm, kernel.asm512
			c := randSlice(rng, count*cs)
			MulSetPanels(a, as, b, bs, c, cs, m, k, count)
			for x := range count {
				for i := range m {
					for j := range NR {
						var want float64
						for p := range k {
							want += float64(a[x*as+(i/MR)*MR*k+p*MR+i%MR]) * float64(b[x*bs+p*NR+j])
						}
						got := c[x*cs+i*NR+j]
						if math.Abs(float64(got)-want) > 1e-4*math.Sqrt(float64(k+1)) {
							t.Fatalf("%s %d×%d product %d (%d,%d): %g, want %g", kernel.name, m, k, x, i, j, got, want)
						}
					}
				}
			}
			results = append(results, c)
		}
		if len(results) == 3 {
			for x := range count {
				for i := range m * NR {
					if g, w := results[2][x*cs+i], results[1][x*cs+i]; math.Float32bits(g) != math.Float32bits(w) {
						t.Fatalf("%d×%d: AVX-512 gives %g, AVX2 %g", m, k, g, w)
					}
				}
			}
		}
	}
}
