package sgemm

import (
	"fmt"
	"unsafe"
)

const (
	MR = 6   // rows of a micro-tile: PackedA's panel height
	NR = 16  // columns of a micro-tile: PackedB's panel width
	kc = 256 // depth of a cache block
)

// PackedA is an m×k matrix in panels of MR rows, zero-padded: row i0+r of
// panel i0/MR, column p, is Data[i0*K + p*MR + r].
type PackedA struct {
	M, K int
	Data []float32
}

// PackedB is a k×n matrix in panels of NR columns, zero-padded: column
// j0+q of panel j0/NR, row p, is Data[j0*K + p*NR + q].
type PackedB struct {
	K, N int
	Data []float32
}

// PackedASize is the length of the buffer PackA needs for an m×k matrix.
func PackedASize(m, k int) int { return (m + MR - 1) / MR * MR * k }

// PackedBSize is the length of the buffer PackB needs for a k×n matrix.
func PackedBSize(k, n int) int { return (n + NR - 1) / NR * NR * k }

// Cols returns the columns j0 ≤ j < j1 of b, a view sharing its data;
// j0 must be a multiple of NR.
func (b PackedB) Cols(j0, j1 int) PackedB {
	if j0%NR != 0 || j0 < 0 || j1 < j0 || j1 > b.N {
		panic(fmt.Sprintf("sgemm: columns %d to %d of a packed matrix of %d", j0, j1, b.N))
	}
	return PackedB{K: b.K, N: j1 - j0, Data: b.Data[j0*b.K:]}
}

// Rows returns the rows i0 ≤ i < i1 of a, a view sharing its data; i0
// must be a multiple of MR. A product through it computes each element
// as the whole product does.
func (a PackedA) Rows(i0, i1 int) PackedA {
	if i0%MR != 0 || i0 < 0 || i1 < i0 || i1 > a.M {
		panic(fmt.Sprintf("sgemm: rows %d to %d of a packed matrix of %d", i0, i1, a.M))
	}
	return PackedA{M: i1 - i0, K: a.K, Data: a.Data[i0*a.K:]}
}

// PackA packs the m×k matrix a (element (i,p) at a[i*rs+p*cs]) into dst.
// It panics if dst is shorter than PackedASize(m, k).
func PackA(dst []float32, a []float32, rs, cs, m, k int) PackedA {
	if len(dst) < PackedASize(m, k) {
		panic(fmt.Sprintf("sgemm: PackA of %d×%d needs %d values of dst, has %d", m, k, PackedASize(m, k), len(dst)))
	}
	dst = dst[:PackedASize(m, k)]
	for i0 := 0; i0 < m; i0 += MR {
		panel := dst[i0*k : (i0+MR)*k]
		rows := min(MR, m-i0)
		for p := 0; p < k; p++ {
			g := panel[p*MR : p*MR+MR]
			for r := 0; r < rows; r++ {
				g[r] = a[(i0+r)*rs+p*cs]
			}
			for r := rows; r < MR; r++ {
				g[r] = 0
			}
		}
	}
	return PackedA{m, k, dst}
}

// PackB packs the k×n matrix b (element (p,j) at b[p*rs+j*cs]) into dst.
// It panics if dst is shorter than PackedBSize(k, n).
func PackB(dst []float32, b []float32, rs, cs, k, n int) PackedB {
	if len(dst) < PackedBSize(k, n) {
		panic(fmt.Sprintf("sgemm: PackB of %d×%d needs %d values of dst, has %d", k, n, PackedBSize(k, n), len(dst)))
	}
	dst = dst[:PackedBSize(k, n)]
	for j0 := 0; j0 < n; j0 += NR {
		panel := dst[j0*k : (j0+NR)*k]
		cols := min(NR, n-j0)
		for p := 0; p < k; p++ {
			g := panel[p*NR : p*NR+NR]
			row := b[p*rs+j0*cs:]
			if cs == 1 {
				copy(g, row[:cols])
			} else {
				for c := 0; c < cols; c++ {
					g[c] = row[c*cs]
				}
			}
			for c := cols; c < NR; c++ {
				g[c] = 0
			}
		}
	}
	return PackedB{k, n, dst}
}

// Mul computes C += A·B for packed A (m×k) and B (k×n); C is m×n with
// rows ldc apart.
func Mul(a PackedA, b PackedB, c []float32, ldc int) { mulTo(a, b, c, ldc, true) }

// MulSet computes C = A·B, so C need not be cleared first.
func MulSet(a PackedA, b PackedB, c []float32, ldc int) {
	if a.K == 0 {
		for i := 0; i < a.M; i++ {
			clear(c[i*ldc : i*ldc+b.N])
		}
		return
	}
	mulTo(a, b, c, ldc, false)
}

// mulTo computes C += A·B, or C = A·B when acc is false.
func mulTo(a PackedA, b PackedB, c []float32, ldc int, acc bool) {
	if a.K != b.K {
		panic("sgemm: gemm inner dimensions differ")
	}
	m, n, k := a.M, b.N, a.K
	var tile [MR * NR]float32
	for k0 := 0; k0 < k; k0 += kc {
		kb := min(kc, k-k0)
		add := acc || k0 > 0
		for j0 := 0; j0 < n; j0 += NR {
			bp := b.Data[j0*k+k0*NR:]
			for i0 := 0; i0 < m; i0 += MR {
				ap := a.Data[i0*k+k0*MR:]
				if i0+MR <= m && j0+NR <= n {
					micro(kb, ap, bp, c[i0*ldc+j0:], ldc, add)
					continue
				}
				micro(kb, ap, bp, tile[:], NR, false)
				for r := 0; r < min(MR, m-i0); r++ {
					row := c[(i0+r)*ldc+j0:]
					for q := 0; q < min(NR, n-j0); q++ {
						if add {
							row[q] += tile[r*NR+q]
						} else {
							row[q] = tile[r*NR+q]
						}
					}
				}
			}
		}
	}
}

// Gemv computes c += a·B for one row a of length k and packed B (k×n).
func Gemv(a []float32, b PackedB, c []float32) {
	k, n := b.K, b.N
	var tile [NR]float32
	for j0 := 0; j0 < n; j0 += NR {
		bp := b.Data[j0*k:]
		if j0+NR <= n {
			micro1(k, a, bp, c[j0:j0+NR])
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

// micro is the MR×NR micro-kernel: c += a·b over depth k ≥ 1, or
// c = a·b when acc is false.
func micro(k int, a, b, c []float32, ldc int, acc bool) {
	if useAsm {
		_ = c[(MR-1)*ldc+NR-1]
		_ = a[k*MR-1]
		_ = b[k*NR-1]
		kern6x16(k, unsafe.SliceData(a), unsafe.SliceData(b), unsafe.SliceData(c), ldc, acc)
		return
	}
	microGo(k, a, b, c, ldc, acc)
}

// micro1 is the 1×NR kernel.
func micro1(k int, a, b, c []float32) {
	if k == 0 {
		return
	}
	if useAsm {
		_ = c[NR-1]
		_ = a[k-1]
		_ = b[k*NR-1]
		kern1x16(k, unsafe.SliceData(a), unsafe.SliceData(b), unsafe.SliceData(c))
		return
	}
	for p := 0; p < k; p++ {
		av := a[p]
		g := b[p*NR : p*NR+NR]
		for q := range NR {
			c[q] += av * g[q]
		}
	}
}

// microGo is the portable micro-kernel.
func microGo(k int, a, b, c []float32, ldc int, acc bool) {
	var sum [MR][NR]float32
	for p := 0; p < k; p++ {
		g := b[p*NR : p*NR+NR]
		for r := range MR {
			av := a[p*MR+r]
			row := &sum[r]
			for q := range NR {
				row[q] += av * g[q]
			}
		}
	}
	for r := range MR {
		if acc {
			copyAdd(c[r*ldc:r*ldc+NR], sum[r][:])
		} else {
			copy(c[r*ldc:r*ldc+NR], sum[r][:])
		}
	}
}
