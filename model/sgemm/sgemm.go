package sgemm

import (
	"fmt"
	"unsafe"
)

const (
	MR = 6   // rows of a micro-tile: PackedA's panel height
	NR = 16  // columns of a micro-tile: PackedB's panel width
	kc = 256 // depth of a cache block
	mc = 480 // rows of a cache block of A (unpacked: 240 KiB at depth kc)

	bstepPacked = 4 * NR // the AVX-512 kernels' bstep for packed B: bytes from one row of a panel to the next
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
		p0 := 0
		if use512 && rs == 1 && cols == NR && cs >= NR {
			// A transposed matrix (attention's keys) by 16×16 blocks.
			for ; p0+NR <= k; p0 += NR {
				_ = b[(j0+NR-1)*cs+p0+NR-1]
				transpose16(&panel[p0*NR], &b[j0*cs+p0], 4*cs)
			}
		}
		for p := p0; p < k; p++ {
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
	for k0 := 0; k0 < k; k0 += kc {
		kb := min(kc, k-k0)
		add := acc || k0 > 0
		j0 := 0
		if use512 {
			// Pairs of whole B panels, then (below) what is left.
			for ; j0+2*NR <= n; j0 += 2 * NR {
				mulWide(a, b.Data[j0*k+k0*NR:], k0, kb, c[j0:], ldc, add)
			}
		}
		for ; j0 < n; j0 += NR {
			bp := b.Data[j0*k+k0*NR:]
			cols := min(NR, n-j0)
			i0 := 0
			if use512 && cols == NR {
				for ; i0+2*MR <= m; i0 += 2 * MR {
					ap := a.Data[i0*k+k0*MR:]
					_ = ap[MR*k+kb*MR-1]
					_ = bp[kb*NR-1]
					_ = c[(i0+2*MR-1)*ldc+j0+NR-1]
					kern12x16(kb, unsafe.SliceData(ap), 4*MR*k, unsafe.SliceData(bp), 0,
						unsafe.SliceData(c[i0*ldc+j0:]), ldc, add, false, nil, bstepPacked, unsafe.SliceData(bp))
				}
			}
			for ; i0 < m; i0 += MR {
				ap := a.Data[i0*k+k0*MR:]
				if i0+MR <= m && cols == NR {
					micro(kb, ap, bp, c[i0*ldc+j0:], ldc, add)
					continue
				}
				var tile [MR * NR]float32
				micro(kb, ap, bp, tile[:], NR, false)
				storeTile(tile[:], NR, c[i0*ldc+j0:], ldc, min(MR, m-i0), cols, add)
			}
		}
	}
}

// mulWide is mulTo's AVX-512 path over two whole B panels (bp, panels
// NR·k apart, at depth k0): 12×32 micro-tiles, then a 6×32 one for a
// remaining whole A panel, then a partial one through a tile.
func mulWide(a PackedA, bp []float32, k0, kb int, c []float32, ldc int, add bool) {
	m, k := a.M, a.K
	_ = bp[NR*k+kb*NR-1]
	b, bs := unsafe.SliceData(bp), 4*NR*k
	i0 := 0
	for ; i0+2*MR <= m; i0 += 2 * MR {
		ap := a.Data[i0*k+k0*MR:]
		_ = ap[MR*k+kb*MR-1]
		_ = c[(i0+2*MR-1)*ldc+2*NR-1]
		kern12x32(kb, unsafe.SliceData(ap), 4*MR*k, b, bs, unsafe.SliceData(c[i0*ldc:]), ldc, add, false, nil, bstepPacked, b)
	}
	if i0 == m {
		return
	}
	ap := a.Data[i0*k+k0*MR:]
	_ = ap[kb*MR-1]
	if i0+MR <= m {
		_ = c[(i0+MR-1)*ldc+2*NR-1]
		kern6x32(kb, unsafe.SliceData(ap), 0, b, bs, unsafe.SliceData(c[i0*ldc:]), ldc, add, false, nil, bstepPacked, b)
		if i0 += MR; i0 == m {
			return
		}
		ap = a.Data[i0*k+k0*MR:]
	}
	var tile [MR * 2 * NR]float32
	kern6x32(kb, unsafe.SliceData(ap), 0, b, bs, unsafe.SliceData(tile[:]), 2*NR, false, false, nil, bstepPacked, b)
	storeTile(tile[:], 2*NR, c[i0*ldc:], ldc, m-i0, 2*NR, add)
}

// storeTile adds (or, when add is false, copies) the rows×cols corner of
// tile, rows ld apart, into c, rows ldc apart.
func storeTile(tile []float32, ld int, c []float32, ldc, rows, cols int, add bool) {
	for r := 0; r < rows; r++ {
		src, dst := tile[r*ld:r*ld+cols], c[r*ldc:r*ldc+cols]
		if add {
			copyAdd(dst, src)
		} else {
			copy(dst, src)
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
