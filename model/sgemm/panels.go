package sgemm

import (
	"fmt"
	"unsafe"
)

// panelArgs are the arguments of the panel kernels (offsets in
// panels_amd64.s).
type panelArgs struct {
	a, b, c    uintptr // the first product's A, B and C
	k, panels  int     // depth and row panels of MR
	count      int     // products
	as, bs, cs int     // bytes between products' A, B and C
}

// MulSetPanels computes count products C[x] = A[x]·B[x], x < count, of
// the same shape: A[x] is m×k packed (PackA's layout, m a multiple of
// MR) at a[x*as:], B[x] one packed panel of NR columns (PackB's layout)
// at b[x*bs:], and C[x] is m×NR with rows NR apart at c[x*cs:]. Each
// element is summed as MulSet sums it. Many short products (Winograd's:
// one per tile position, as deep as the input channels) cost one call.
func MulSetPanels(a []float32, as int, b []float32, bs int, c []float32, cs int, m, k, count int) {
	if m%MR != 0 || m < 0 || k < 0 || count < 0 {
		panic(fmt.Sprintf("sgemm: MulSetPanels of %d products of %d×%d by %d×%d", count, m, k, k, NR))
	}
	if count == 0 || m == 0 {
		return
	}
	last := count - 1
	_ = c[last*cs+m*NR-1]
	if k > 0 {
		_ = a[last*as+m*k-1]
		_ = b[last*bs+k*NR-1]
	}
	if k == 0 || !useAsm {
		for x := range count {
			MulSet(PackedA{M: m, K: k, Data: a[x*as : x*as+m*k]}, PackedB{K: k, N: NR, Data: b[x*bs : x*bs+k*NR]},
				c[x*cs:x*cs+m*NR], NR)
		}
		return
	}
	args := panelArgs{a: addr(a), b: addr(b), c: addr(c), k: k, panels: m / MR, count: count,
		as: 4 * as, bs: 4 * bs, cs: 4 * cs}
	if use512 {
		panels512(&args)
	} else {
		panelsAVX2(&args)
	}
}

// addr is the address of s's first element, for the kernels' arguments.
func addr(s []float32) uintptr { return uintptr(unsafe.Pointer(unsafe.SliceData(s))) }
