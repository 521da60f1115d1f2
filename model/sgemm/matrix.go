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
	mulMatrix(a, packedView(b), nil, c, ldc, acc)
}

// MulMatrixBias computes C = A·B + bias, bias holding one value per
// column (a Linear layer's), as MulMatrix would into a C holding the bias
// in every row: the same bits, without writing C twice.
func MulMatrixBias(a Matrix, b PackedB, bias, c []float32, ldc int) {
	if len(bias) < b.N {
		panic(fmt.Sprintf("sgemm: a bias of %d for %d columns", len(bias), b.N))
	}
	mulMatrix(a, packedView(b), bias[:b.N], c, ldc, false)
}

// MulMatrices computes C += A·B, or C = A·B when acc is false, for A
// (m×k) and B (k×n) both unpacked, stored by rows: b.M = k rows of b.K =
// n values, b.Stride apart. Where the CPU has AVX-512 the kernels read B
// in place as well as A, so a product of two activations (attention's
// scores by its values) packs neither; elsewhere B is packed a panel at
// a time. Each element is summed as MulMatrix sums it from B's PackB.
func MulMatrices(a, b Matrix, c []float32, ldc int, acc bool) {
	if a.K != b.M {
		panic("sgemm: gemm inner dimensions differ")
	}
	if b.M > 0 && (b.Stride < b.K || len(b.Data) < (b.M-1)*b.Stride+b.K) {
		panic(fmt.Sprintf("sgemm: a %d×%d matrix with stride %d in %d values", b.M, b.K, b.Stride, len(b.Data)))
	}
	if use512 {
		mulMatrix(a, bView{data: b.Data, k: b.M, n: b.K, stride: b.Stride}, nil, c, ldc, acc)
		return
	}
	if a.M == 0 {
		return
	}
	if a.K == 0 {
		mulMatrix(a, bView{k: 0, n: b.K}, nil, c, ldc, acc)
		return
	}
	var buf [kc * NR]float32
	for k0 := 0; k0 < a.K; k0 += kc {
		kb := min(kc, a.K-k0)
		ak := Matrix{M: a.M, K: kb, Stride: a.Stride, Data: a.Data[k0:]}
		for j0 := 0; j0 < b.K; j0 += NR {
			pb := PackB(buf[:], b.Data[k0*b.Stride+j0:], b.Stride, 1, kb, min(NR, b.K-j0))
			mulMatrix(ak, packedView(pb), nil, c[j0:], ldc, acc || k0 > 0)
		}
	}
}

// bView is B as the kernels read it: PackB's panels (stride 0), or a k×n
// matrix stored by rows stride apart, read in place (AVX-512 only).
type bView struct {
	data   []float32
	k, n   int
	stride int
}

func packedView(b PackedB) bView { return bView{data: b.Data, k: b.K, n: b.N} }

// at returns the row at depth k0 of the w (NR or 2·NR) columns from j0,
// checked for kb rows, with the kernels' bs and bstep for it.
func (v bView) at(j0, k0, kb, w int) (b *float32, bs, bstep int) {
	if v.stride == 0 {
		bp := v.data[j0*v.k+k0*NR:]
		_ = bp[(w/NR-1)*NR*v.k+kb*NR-1]
		return unsafe.SliceData(bp), 4 * NR * v.k, bstepPacked
	}
	bp := v.data[k0*v.stride+j0:]
	_ = bp[(kb-1)*v.stride+w-1]
	return unsafe.SliceData(bp), 4 * NR, 4 * v.stride
}

// partial returns the last, partial, panel (the columns from j0 on, fewer
// than NR) at depth k0 as packed rows of NR zero-padded: in place when B
// is packed, else copied into buf.
func (v bView) partial(buf *[kc * NR]float32, j0, k0, kb int) *float32 {
	if v.stride == 0 {
		bp := v.data[j0*v.k+k0*NR:]
		_ = bp[kb*NR-1]
		return unsafe.SliceData(bp)
	}
	cols := v.n - j0
	for p := range kb {
		row := buf[p*NR : p*NR+NR]
		copy(row, v.data[(k0+p)*v.stride+j0:][:cols])
		clear(row[cols:])
	}
	return &buf[0]
}

// mulMatrix is MulMatrix over a view of B (unpacked only with AVX-512),
// with C starting from bias (when not nil and acc is false).
func mulMatrix(a Matrix, b bView, bias, c []float32, ldc int, acc bool) {
	if a.K != b.k {
		panic("sgemm: gemm inner dimensions differ")
	}
	if a.M == 0 {
		return
	}
	if a.Stride < a.K || len(a.Data) < (a.M-1)*a.Stride+a.K {
		panic(fmt.Sprintf("sgemm: a %d×%d matrix with stride %d in %d values", a.M, a.K, a.Stride, len(a.Data)))
	}
	if a.K == 0 {
		for i := 0; i < a.M; i++ {
			row := c[i*ldc : i*ldc+b.n]
			switch {
			case acc:
			case bias != nil:
				copy(row, bias)
			default:
				clear(row)
			}
		}
		return
	}
	if !use512 {
		mulPacking(a, PackedB{K: b.k, N: b.n, Data: b.data}, bias, c, ldc, acc)
		return
	}
	// Rows are read in place by tiles of 12, 8 and 6 (all of them but
	// the last of an odd number); the rows after are read in place too,
	// by a last 6-row tile overlapping the rows before them (mulTail), or,
	// with fewer than 6 rows in all, copied into one.
	whole := tiled(a.M)
	var few [MR * kc]float32
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
		for i0 := 0; i0 < whole; {
			i1 := min(i0+mc, whole)
			if whole-i1 < 24 {
				i1 = whole // no short last block: its tiles might not fit
			}
			mulInPlace(a.Rows(i0, i1), b, bk, k0, kb, c[i0*ldc:], ldc, add, a.M*ldc >= prefetchC)
			i0 = i1
		}
		switch r := a.M - whole; {
		case r == 0:
		case whole > 0:
			mulTail(a.Data[(a.M-MR)*a.Stride+k0:], a.Stride, b, bk, k0, kb, c[whole*ldc:], ldc, add, r)
		default:
			// Fewer rows than a tile: copied to its end, after zeros.
			clear(few[:(MR-r)*kb])
			for i := range r {
				copy(few[(MR-r+i)*kb:(MR-r+i+1)*kb], a.Data[i*a.Stride+k0:])
			}
			mulTail(few[:MR*kb], kb, b, bk, k0, kb, c, ldc, add, r)
		}
	}
}

// mulPacking is mulMatrix without AVX-512: A packed a panel of rows at a
// time, each multiplied by every B panel.
func mulPacking(a Matrix, b PackedB, bias, c []float32, ldc int, acc bool) {
	if bias != nil && !acc {
		for i := 0; i < a.M; i++ {
			copy(c[i*ldc:i*ldc+b.N], bias)
		}
	}
	var buf [MR * kc]float32
	for k0 := 0; k0 < a.K; k0 += kc {
		kb := min(kc, a.K-k0)
		add := acc || k0 > 0 || bias != nil
		for i0 := 0; i0 < a.M; i0 += MR {
			rows := min(MR, a.M-i0)
			pa := PackA(buf[:], a.Data[i0*a.Stride+k0:], a.Stride, 1, rows, kb)
			mulPanel(pa, b, k0, c[i0*ldc:], ldc, add)
		}
	}
}

// tiled returns how many of m rows tiles of 12, 8 and 6 rows cover
// exactly (tileRows): every even number from 6 on but 10, of which 8.
func tiled(m int) int {
	switch m &^= 1; {
	case m < MR:
		return 0
	case m == 10:
		return 8
	}
	return m
}

// tileRows returns how many tiles of 12, 8 and 6 rows cover m rows, m
// a value of tiled, in that order from the top.
func tileRows(m int) (t12, t8, t6 int) {
	q := m / 12
	switch m % 12 {
	case 0:
		return q, 0, 0
	case 6:
		return q, 0, 1
	case 8:
		return q, 1, 0
	case 2:
		return q - 1, 1, 1
	case 4:
		return q - 1, 2, 0
	case 10:
		return q - 1, 2, 1
	}
	panic(fmt.Sprintf("sgemm: %d rows do not tile", m))
}

// prefetchC is the floats of C from which tiles prefetch their rows of
// C: 1 MiB, half the second-level cache (a variable for the benchmark).
var prefetchC = 1 << 18

// tileHeight is the rows of tile t of tileRows' t12, t8 (and then 6s).
func tileHeight(t, t12, t8 int) int {
	switch {
	case t < t12:
		return 12
	case t < t12+t8:
		return 8
	}
	return MR
}

// tileKernel runs the AVX-512 kernel of h rows (12, 8 or 6) and w
// columns (2·NR or NR) over an unpacked A, prefetching from pf.
func tileKernel(h, w, k int, a *float32, as int, b *float32, bs int, c *float32, ldc int, acc bool, bias *float32, bstep int, pf *float32) {
	switch {
	case h == 12 && w == 2*NR:
		kern12x32(k, a, as, b, bs, c, ldc, acc, true, bias, bstep, pf)
	case h == 8 && w == 2*NR:
		kern8x32(k, a, as, b, bs, c, ldc, acc, true, bias, bstep, pf)
	case w == 2*NR:
		kern6x32(k, a, as, b, bs, c, ldc, acc, true, bias, bstep, pf)
	case h == 12:
		kern12x16(k, a, as, b, bs, c, ldc, acc, true, bias, bstep, pf)
	case h == 8:
		kern8x16(k, a, as, b, bs, c, ldc, acc, true, bias, bstep, pf)
	default:
		kern6x16w(k, a, as, b, bs, c, ldc, acc, true, bias, bstep, pf)
	}
}

// mulInPlace is MulMatrix's AVX-512 path at depth block [k0, k0+kb) over
// a's rows (a value of tiled): micro-tiles of 12, 8 or 6 rows by 32 or
// 16 columns read A in place; a last partial B panel goes through a
// tile. With a bias (add false), each row of C is the sum plus the bias.
// With pfC, each tile prefetches its rows of C for writing as it starts,
// so that the stores of a C too large to stay in cache do not wait on
// memory.
func mulInPlace(a Matrix, b bView, bias []float32, k0, kb int, c []float32, ldc int, add, pfC bool) {
	m, n := a.M, b.n
	if m == 0 {
		return
	}
	_ = a.Data[(m-1)*a.Stride+k0+kb-1]
	_ = c[(m-1)*ldc+n-1]
	as := 4 * a.Stride
	at := func(i0 int) *float32 { return unsafe.SliceData(a.Data[i0*a.Stride+k0:]) }
	biasAt := func(j0 int) *float32 {
		if bias == nil {
			return nil
		}
		return unsafe.SliceData(bias[j0:])
	}
	t12, t8, t6 := tileRows(m)
	// tiles runs the tile kernels of width w (2·NR or NR) down the rows
	// into c from column j0.
	// The first two tiles of a pair of packed B panels prefetch the
	// next pair's panels (at its depth block) into the second-level
	// cache, one each, while the pair's other tiles run: weights too
	// large for it then stream from the shared cache ahead of their use.
	next := func(j int) *float32 {
		if b.stride != 0 || j >= n-n%NR {
			return nil
		}
		return unsafe.SliceData(b.data[j*b.k+k0*NR:])
	}
	tiles := func(w int, bp *float32, bs, bstep, j0 int, bj *float32) {
		i0 := 0
		for t := range t12 + t8 + t6 {
			h := tileHeight(t, t12, t8)
			if pfC {
				prefetchRows(unsafe.SliceData(c[i0*ldc+j0:]), ldc, h)
			}
			pf := bp
			if t < 2 && w == 2*NR {
				if p := next(j0 + 2*NR + t*NR); p != nil {
					pf = p
				}
			}
			tileKernel(h, w, kb, at(i0), as, bp, bs, unsafe.SliceData(c[i0*ldc+j0:]), ldc, add, bj, bstep, pf)
			i0 += h
		}
	}
	j0 := 0
	for ; j0+2*NR <= n; j0 += 2 * NR {
		bp, bs, bstep := b.at(j0, k0, kb, 2*NR)
		tiles(2*NR, bp, bs, bstep, j0, biasAt(j0))
	}
	for ; j0 < n; j0 += NR {
		if j0+NR > n {
			var buf [kc * NR]float32
			bp := b.partial(&buf, j0, k0, kb)
			var tile [12 * NR]float32
			// Each tile's rows through the tile buffer.
			i0 := 0
			for t := range t12 + t8 + t6 {
				h := tileHeight(t, t12, t8)
				tileKernel(h, NR, kb, at(i0), as, bp, 0, unsafe.SliceData(tile[:]), NR, false, nil, bstepPacked, bp)
				if bias != nil {
					for r := range h {
						copy(c[(i0+r)*ldc+j0:(i0+r)*ldc+n], bias[j0:n])
					}
				}
				storeTile(tile[:], NR, c[i0*ldc+j0:], ldc, h, n-j0, add || bias != nil)
				i0 += h
			}
			return
		}
		bp, _, bstep := b.at(j0, k0, kb, NR)
		tiles(NR, bp, 0, bstep, j0, biasAt(j0))
	}
}

// mulTail multiplies 6 rows of A in place (their depth block [k0,
// k0+kb) from a[0], rows lda apart) through a tile, and adds (add), or
// sets, or sets to bias plus, the last r of them into c's first r rows:
// the rows after a product's last whole panel, with the 6 − r rows
// before them recomputed (to the same sums) and left unused.
func mulTail(a []float32, lda int, b bView, bias []float32, k0, kb int, c []float32, ldc int, add bool, r int) {
	n := b.n
	_ = a[(MR-1)*lda+kb-1]
	_ = c[(r-1)*ldc+n-1]
	at := unsafe.SliceData(a)
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
		bp, bs, bstep := b.at(j0, k0, kb, 2*NR)
		kern6x32(kb, at, 4*lda, bp, bs, unsafe.SliceData(tile[:]), 2*NR, false, true, nil, bstep, bp)
		store(2*NR, j0, 2*NR)
	}
	for ; j0 < n; j0 += NR {
		var bp *float32
		bstep := bstepPacked
		if j0+NR > n {
			var buf [kc * NR]float32
			bp = b.partial(&buf, j0, k0, kb)
		} else {
			bp, _, bstep = b.at(j0, k0, kb, NR)
		}
		kern6x16w(kb, at, 4*lda, bp, 0, unsafe.SliceData(tile[:]), NR, false, true, nil, bstep, bp)
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
					unsafe.SliceData(c[j0:]), ldc, add, false, nil, bstepPacked, unsafe.SliceData(bp))
				continue
			}
			kern6x32(kb, unsafe.SliceData(pa.Data), 0, unsafe.SliceData(bp), 4*NR*k,
				unsafe.SliceData(tile[:]), 2*NR, false, false, nil, bstepPacked, unsafe.SliceData(bp))
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
