package sgemm

import (
	"fmt"
	"unsafe"
)

// Matrix is an m×k matrix stored by rows, Stride values apart (Stride ≥
// K), not packed: MulMatrix reads it in place where the CPU has AVX-512,
// and packs it a panel at a time, in a buffer of its own, elsewhere. A
// product's activations (a MatMul's left side) are used once, so packing
// them all first costs a pass over memory that this saves.
type Matrix struct {
	M, K, Stride int
	Data         []float32
}

// Rows returns the rows i0 ≤ i < i1 of a, a view sharing its data. A
// product through it computes each element as the whole product does.
func (a Matrix) Rows(i0, i1 int) Matrix {
	if i0 < 0 || i1 < i0 || i1 > a.M {
		panic(fmt.Sprintf("sgemm: rows %d to %d of a matrix of %d", i0, i1, a.M))
	}
	return Matrix{M: i1 - i0, K: a.K, Stride: a.Stride, Data: a.Data[i0*a.Stride:]}
}

// MulMatrix computes C += A·B, or C = A·B when acc is false, for A
// unpacked and B packed (k×n); C is m×n with rows ldc apart. Each element
// is summed as Mul and MulSet sum it from PackA's packing of A.
func MulMatrix(a Matrix, b PackedB, c []float32, ldc int, acc bool) {
	mulMatrix(a, b, nil, c, ldc, acc)
}

// MulMatrixBias computes C = A·B + bias, bias holding one value per
// column (a Linear layer's), as MulMatrix would into a C holding the bias
// in every row: the same bits, without writing C twice.
func MulMatrixBias(a Matrix, b PackedB, bias, c []float32, ldc int) {
	if len(bias) < b.N {
		panic(fmt.Sprintf("sgemm: a bias of %d for %d columns", len(bias), b.N))
	}
	mulMatrix(a, b, bias[:b.N], c, ldc, false)
}

// mulMatrix is MulMatrix, with C starting from bias (when not nil and
// acc is false).
func mulMatrix(a Matrix, b PackedB, bias, c []float32, ldc int, acc bool) {
	if a.K != b.K {
		panic("sgemm: gemm inner dimensions differ")
	}
	if a.M == 0 {
		return
	}
	if a.Stride < a.K || len(a.Data) < (a.M-1)*a.Stride+a.K {
		panic(fmt.Sprintf("sgemm: a %d×%d matrix with stride %d in %d values", a.M, a.K, a.Stride, len(a.Data)))
	}
	whole := 0 // rows read in place
	if use512 && a.K > 0 {
		whole = a.M - a.M%MR
	}
	// The rows after the last whole panel are read in place too, by a
	// last 6-row tile overlapping the rows before them (mulTail).
	tail := whole > 0 && whole < a.M
	if bias != nil && !acc && !tail {
		// Rows the in-place kernels do not take start from the bias.
		for i := whole; i < a.M; i++ {
			copy(c[i*ldc:i*ldc+b.N], bias)
		}
	}
	if a.K == 0 {
		if !acc && bias == nil {
			for i := 0; i < a.M; i++ {
				clear(c[i*ldc : i*ldc+b.N])
			}
		}
		return
	}
	var buf [MR * kc]float32
	for k0 := 0; k0 < a.K; k0 += kc {
		kb := min(kc, a.K-k0)
		add := acc || k0 > 0
		bk := bias // the bias starts the first depth block's sums
		if add {
			bk = nil
		}
		// Blocks of mc rows, each over every B panel: the block stays in
		// cache while B's panels pass, instead of all of A passing for each
		// pair of B panels.
		for i0 := 0; i0 < whole; i0 += mc {
			i1 := min(i0+mc, whole)
			mulInPlace(a.Rows(i0, i1), b, bk, k0, kb, c[i0*ldc:], ldc, add)
		}
		if tail {
			mulTail(a.Rows(a.M-MR, a.M), b, bk, k0, kb, c[whole*ldc:], ldc, add, a.M-whole)
			continue
		}
		// The rest a panel at a time: pack its rows of this depth block,
		// then multiply by every B panel.
		for i0 := whole; i0 < a.M; i0 += MR {
			rows := min(MR, a.M-i0)
			pa := PackA(buf[:], a.Data[i0*a.Stride+k0:], a.Stride, 1, rows, kb)
			mulPanel(pa, b, k0, c[i0*ldc:], ldc, add || bias != nil)
		}
	}
}

// mulInPlace is MulMatrix's AVX-512 path at depth block [k0, k0+kb) over
// a's rows, a whole number of panels of MR: micro-tiles of 12 or 6 rows
// by 32 or 16 columns read A in place; a last partial B panel goes
// through a tile. With a bias (add false), each row of C is the sum plus
// the bias.
func mulInPlace(a Matrix, b PackedB, bias []float32, k0, kb int, c []float32, ldc int, add bool) {
	m, n, k := a.M, b.N, b.K
	if m == 0 {
		return
	}
	_ = a.Data[(m-1)*a.Stride+k0+kb-1]
	_ = c[(m-1)*ldc+n-1]
	as := 4 * a.Stride
	bs := 4 * NR * k
	at := func(i0 int) *float32 { return unsafe.SliceData(a.Data[i0*a.Stride+k0:]) }
	biasAt := func(j0 int) *float32 {
		if bias == nil {
			return nil
		}
		return unsafe.SliceData(bias[j0:])
	}
	j0 := 0
	for ; j0+2*NR <= n; j0 += 2 * NR {
		bp := b.Data[j0*k+k0*NR:]
		_ = bp[NR*k+kb*NR-1]
		bj := biasAt(j0)
		i0 := 0
		for ; i0+2*MR <= m; i0 += 2 * MR {
			kern12x32(kb, at(i0), as, unsafe.SliceData(bp), bs, unsafe.SliceData(c[i0*ldc+j0:]), ldc, add, true, bj)
		}
		if i0 < m {
			kern6x32(kb, at(i0), as, unsafe.SliceData(bp), bs, unsafe.SliceData(c[i0*ldc+j0:]), ldc, add, true, bj)
		}
	}
	for ; j0 < n; j0 += NR {
		bp := b.Data[j0*k+k0*NR:]
		_ = bp[kb*NR-1]
		if j0+NR > n {
			var tile [MR * NR]float32
			for i0 := 0; i0 < m; i0 += MR {
				kern6x16w(kb, at(i0), as, unsafe.SliceData(bp), 0, unsafe.SliceData(tile[:]), NR, false, true, nil)
				if bias != nil {
					for r := range MR {
						copy(c[(i0+r)*ldc+j0:(i0+r)*ldc+n], bias[j0:n])
					}
				}
				storeTile(tile[:], NR, c[i0*ldc+j0:], ldc, MR, n-j0, add || bias != nil)
			}
			return
		}
		bj := biasAt(j0)
		i0 := 0
		for ; i0+2*MR <= m; i0 += 2 * MR {
			kern12x16(kb, at(i0), as, unsafe.SliceData(bp), 0, unsafe.SliceData(c[i0*ldc+j0:]), ldc, add, true, bj)
		}
		if i0 < m {
			kern6x16w(kb, at(i0), as, unsafe.SliceData(bp), 0, unsafe.SliceData(c[i0*ldc+j0:]), ldc, add, true, bj)
		}
	}
}

// mulTail multiplies the 6 rows of a (at depth block [k0, k0+kb)) in
// place through a tile, and adds (add), or sets, or sets to bias plus,
// the last r of them into c's first r rows: the rows after a product's
// last whole panel, with the 6 − r rows before them recomputed (to the
// same sums) and left unused.
func mulTail(a Matrix, b PackedB, bias []float32, k0, kb int, c []float32, ldc int, add bool, r int) {
	n, k := b.N, b.K
	_ = a.Data[(MR-1)*a.Stride+k0+kb-1]
	_ = c[(r-1)*ldc+n-1]
	at := unsafe.SliceData(a.Data[k0:])
	var tile [MR * 2 * NR]float32
	store := func(ld, j0, cols int) {
		for q := range r {
			row, src := c[q*ldc+j0:q*ldc+j0+cols], tile[(MR-r+q)*ld:(MR-r+q)*ld+cols]
			switch {
			case add:
				copyAdd(row, src)
			case bias != nil:
				copy(row, bias[j0:j0+cols])
				copyAdd(row, src)
			default:
				copy(row, src)
			}
		}
	}
	j0 := 0
	for ; j0+2*NR <= n; j0 += 2 * NR {
		bp := b.Data[j0*k+k0*NR:]
		_ = bp[NR*k+kb*NR-1]
		kern6x32(kb, at, 4*a.Stride, unsafe.SliceData(bp), 4*NR*k, unsafe.SliceData(tile[:]), 2*NR, false, true, nil)
		store(2*NR, j0, 2*NR)
	}
	for ; j0 < n; j0 += NR {
		bp := b.Data[j0*k+k0*NR:]
		_ = bp[kb*NR-1]
		kern6x16w(kb, at, 4*a.Stride, unsafe.SliceData(bp), 0, unsafe.SliceData(tile[:]), NR, false, true, nil)
		store(NR, j0, min(NR, n-j0))
	}
}

// mulPanel multiplies one packed panel of A (at most MR rows, depth the
// block at k0 of B) by every panel of B into c, through a tile where the
// panel or B's last panel is partial.
func mulPanel(pa PackedA, b PackedB, k0 int, c []float32, ldc int, add bool) {
	n, k, kb := b.N, b.K, pa.K
	j0 := 0
	if use512 {
		var tile [MR * 2 * NR]float32
		for ; j0+2*NR <= n; j0 += 2 * NR {
			bp := b.Data[j0*k+k0*NR:]
			_ = bp[NR*k+kb*NR-1]
			_ = pa.Data[kb*MR-1]
			if pa.M == MR {
				_ = c[(MR-1)*ldc+j0+2*NR-1]
				kern6x32(kb, unsafe.SliceData(pa.Data), 0, unsafe.SliceData(bp), 4*NR*k,
					unsafe.SliceData(c[j0:]), ldc, add, false, nil)
				continue
			}
			kern6x32(kb, unsafe.SliceData(pa.Data), 0, unsafe.SliceData(bp), 4*NR*k,
				unsafe.SliceData(tile[:]), 2*NR, false, false, nil)
			storeTile(tile[:], 2*NR, c[j0:], ldc, pa.M, 2*NR, add)
		}
	}
	var tile [MR * NR]float32
	for ; j0 < n; j0 += NR {
		bp := b.Data[j0*k+k0*NR:]
		if pa.M == MR && j0+NR <= n {
			micro(kb, pa.Data, bp, c[j0:], ldc, add)
			continue
		}
		micro(kb, pa.Data, bp, tile[:], NR, false)
		storeTile(tile[:], NR, c[j0:], ldc, pa.M, min(NR, n-j0), add)
	}
}
