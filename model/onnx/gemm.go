package onnx

import "unsafe"

// Single-precision matrix multiplication, C += A·B, in the manner of
// Goto and van de Geijn, "Anatomy of high-performance matrix
// multiplication" (ACM TOMS 34(3), 2008): A is packed into panels of mr
// rows and B into panels of nr columns, each stored k-major, so that a
// register-blocked micro-kernel (6×16 with AVX2/FMA on amd64, see
// gemm_amd64.s) streams both from contiguous memory. Weights are packed
// once at load; activations are packed per run into session scratch.

const (
	mr = 6   // rows of a micro-tile
	nr = 16  // columns of a micro-tile
	kc = 256 // depth of a cache block
)

// packedA is an m×k matrix in panels of mr rows, zero-padded.
type packedA struct {
	m, k int
	data []float32
}

// packedB is a k×n matrix in panels of nr columns, zero-padded.
type packedB struct {
	k, n int
	data []float32
}

func packedASize(m, k int) int { return (m + mr - 1) / mr * mr * k }
func packedBSize(k, n int) int { return (n + nr - 1) / nr * nr * k }

// packA packs the m×k matrix a (element (i,p) at a[i*rs+p*cs]) into dst.
func packA(dst []float32, a []float32, rs, cs, m, k int) packedA {
	dst = dst[:packedASize(m, k)]
	for i0 := 0; i0 < m; i0 += mr {
		panel := dst[i0*k : (i0+mr)*k]
		rows := min(mr, m-i0)
		for p := 0; p < k; p++ {
			g := panel[p*mr : p*mr+mr]
			for r := 0; r < rows; r++ {
				g[r] = a[(i0+r)*rs+p*cs]
			}
			for r := rows; r < mr; r++ {
				g[r] = 0
			}
		}
	}
	return packedA{m, k, dst}
}

// packB packs the k×n matrix b (element (p,j) at b[p*rs+j*cs]) into dst.
func packB(dst []float32, b []float32, rs, cs, k, n int) packedB {
	dst = dst[:packedBSize(k, n)]
	for j0 := 0; j0 < n; j0 += nr {
		panel := dst[j0*k : (j0+nr)*k]
		cols := min(nr, n-j0)
		for p := 0; p < k; p++ {
			g := panel[p*nr : p*nr+nr]
			row := b[p*rs+j0*cs:]
			if cs == 1 {
				copy(g, row[:cols])
			} else {
				for c := 0; c < cols; c++ {
					g[c] = row[c*cs]
				}
			}
			for c := cols; c < nr; c++ {
				g[c] = 0
			}
		}
	}
	return packedB{k, n, dst}
}

// gemm computes C += A·B for packed A (m×k) and B (k×n); C is m×n with
// rows ldc apart.
func gemm(a packedA, b packedB, c []float32, ldc int) { gemmTo(a, b, c, ldc, true) }

// gemmSet computes C = A·B, so C need not be cleared first.
func gemmSet(a packedA, b packedB, c []float32, ldc int) {
	if a.k == 0 {
		for i := 0; i < a.m; i++ {
			clear(c[i*ldc : i*ldc+b.n])
		}
		return
	}
	gemmTo(a, b, c, ldc, false)
}

// gemmTo computes C += A·B, or C = A·B when acc is false.
func gemmTo(a packedA, b packedB, c []float32, ldc int, acc bool) {
	if a.k != b.k {
		panic("onnx: gemm inner dimensions differ")
	}
	m, n, k := a.m, b.n, a.k
	var tile [mr * nr]float32
	for k0 := 0; k0 < k; k0 += kc {
		kb := min(kc, k-k0)
		add := acc || k0 > 0
		for j0 := 0; j0 < n; j0 += nr {
			bp := b.data[j0*k+k0*nr:]
			for i0 := 0; i0 < m; i0 += mr {
				ap := a.data[i0*k+k0*mr:]
				if i0+mr <= m && j0+nr <= n {
					micro(kb, ap, bp, c[i0*ldc+j0:], ldc, add)
					continue
				}
				micro(kb, ap, bp, tile[:], nr, false)
				for r := 0; r < min(mr, m-i0); r++ {
					row := c[(i0+r)*ldc+j0:]
					for q := 0; q < min(nr, n-j0); q++ {
						if add {
							row[q] += tile[r*nr+q]
						} else {
							row[q] = tile[r*nr+q]
						}
					}
				}
			}
		}
	}
}

// gemv computes c += a·B for one row a of length k and packed B (k×n).
func gemv(a []float32, b packedB, c []float32) {
	k, n := b.k, b.n
	var tile [nr]float32
	for j0 := 0; j0 < n; j0 += nr {
		bp := b.data[j0*k:]
		if j0+nr <= n {
			micro1(k, a, bp, c[j0:j0+nr])
			continue
		}
		clear(tile[:])
		micro1(k, a, bp, tile[:])
		copyAdd(c[j0:n], tile[:n-j0])
	}
}

func copyAdd(dst, src []float32) {
	for i, v := range src {
		dst[i] += v
	}
}

// micro is the mr×nr micro-kernel: c += a·b over depth k ≥ 1, or
// c = a·b when acc is false.
func micro(k int, a, b, c []float32, ldc int, acc bool) {
	if useAsm {
		_ = c[(mr-1)*ldc+nr-1]
		_ = a[k*mr-1]
		_ = b[k*nr-1]
		kern6x16(k, unsafe.SliceData(a), unsafe.SliceData(b), unsafe.SliceData(c), ldc, acc)
		return
	}
	microGo(k, a, b, c, ldc, acc)
}

// micro1 is the 1×nr kernel.
func micro1(k int, a, b, c []float32) {
	if k == 0 {
		return
	}
	if useAsm {
		_ = c[nr-1]
		_ = a[k-1]
		_ = b[k*nr-1]
		kern1x16(k, unsafe.SliceData(a), unsafe.SliceData(b), unsafe.SliceData(c))
		return
	}
	for p := 0; p < k; p++ {
		av := a[p]
		g := b[p*nr : p*nr+nr]
		for q := range nr {
			c[q] += av * g[q]
		}
	}
}

// microGo is the portable micro-kernel.
func microGo(k int, a, b, c []float32, ldc int, acc bool) {
	var sum [mr][nr]float32
	for p := 0; p < k; p++ {
		g := b[p*nr : p*nr+nr]
		for r := range mr {
			av := a[p*mr+r]
			row := &sum[r]
			for q := range nr {
				row[q] += av * g[q]
			}
		}
	}
	for r := range mr {
		if acc {
			copyAdd(c[r*ldc:r*ldc+nr], sum[r][:])
		} else {
			copy(c[r*ldc:r*ldc+nr], sum[r][:])
		}
	}
}
