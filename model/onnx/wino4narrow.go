package onnx

import (
	"sync"

	"github.com/latent-explorer/latent/model/sgemm"
)

// A panel of F(4×4) tiles holds sgemm.NR of them, the columns of its 36
// GEMMs; a small image (8×8 at batch 1: 4 tiles) leaves most columns
// empty, and the GEMMs then cost as much as im2col's. Such a panel's
// products are computed instead by output channels, 16 to a vector, for
// 4 tiles (wino4Narrow512), in blocks of at least 16 channels, from the
// weights transposed, Uᵀ[ξ] of cin rows of output channels (36·cin·cout
// floats, made at the first such run: 1.2 MB for VQ-VAE's 64→128
// layer). Each sum is taken from 0 over the input channels in order by
// FMA, as sgemm sums it, so the results are the same bits. Each weight
// serves only 4 tiles, so the products run at the speed Uᵀ streams in:
// VQ-VAE's layer takes 37 µs with Uᵀ in L2, 75 µs with it out of L2 as
// in the model (by sgemm's panels: 88 and 97 µs).

// wino4NarrowTiles is the most tiles of a panel the narrow products take.
const wino4NarrowTiles = 4

// wino4Narrow turns the narrow products on (AVX-512); tests turn it off.
var wino4Narrow = true

// wino4NarrowArgs are wino4Narrow512's arguments (offsets in
// wino4narrow_amd64.s); ldu, us, vs and ms are in bytes.
type wino4NarrowArgs struct {
	u, v, m         uintptr
	ldu, us, vs, ms int
	rows, cin       int
}

// wino4Transposed is Uᵀ of a winograd4, made at its first narrow run.
type wino4Transposed struct {
	once sync.Once
	ut   []float32
}

// transposed returns Uᵀ, [ξ][ci][co], made once.
func (o *winograd4) transposed() []float32 {
	o.narrow.once.Do(func() {
		ld, cin := o.cout, o.u[0].K
		ut := make([]float32, 36*cin*ld)
		for x := range 36 {
			u := o.u[x].Data
			for co := range o.cout {
				panel := u[co/sgemm.MR*sgemm.MR*cin:]
				for ci := range cin {
					ut[(x*cin+ci)*ld+co] = panel[ci*sgemm.MR+co%sgemm.MR]
				}
			}
		}
		o.narrow.ut = ut
	})
	return o.narrow.ut
}

// narrowProducts computes the products of output channels c0..c0+nc of
// a panel of nt tiles into sc.m, and reports whether it could.
func (j *winoJob) narrowProducts(sc *wino4Scratch, nt, c0, nc int) bool {
	if !j.narrowOn() || nt > wino4NarrowTiles || nc < 16 {
		return false
	}
	ut, ld := j.w4.transposed(), j.w4.cout
	vs, ms := wino4Stride(j.cin), wino4Stride(j.cb)
	_ = sc.v[35*vs+j.cin*sgemm.NR-1]
	_ = sc.m[35*ms+nc*sgemm.NR-1]
	_ = ut[(35*j.cin+j.cin-1)*ld+c0+nc-1]
	a := wino4NarrowArgs{u: addr(&ut[c0]), v: addr(&sc.v[0]), m: addr(&sc.m[0]),
		ldu: 4 * ld, us: 4 * j.cin * ld, vs: 4 * vs, ms: 4 * ms, rows: nc, cin: j.cin}
	wino4Narrow512(&a)
	return true
}

// narrowOn reports whether the narrow products may run.
func (j *winoJob) narrowOn() bool { return useAsm && use512 && wino4Narrow && j.cin > 0 }

// narrowSplit returns the output channels of each unit of a job whose
// only panel takes the narrow products, at several threads: one block a
// thread, a multiple of 16 channels (splitChannels' multiples of
// sgemm.MR would leave the kernel partial vectors to recompute), none
// of fewer than 16.
func (j *winoJob) narrowSplit(panels, threads int) (cb int, ok bool) {
	if panels != 1 || threads < 2 || j.tiles > wino4NarrowTiles || !j.narrowOn() {
		return 0, false
	}
	blocks := min(threads, j.cout/16)
	if blocks < 2 {
		return 0, false
	}
	cb = ceilDiv(ceilDiv(j.cout, blocks), 16) * 16
	return cb, j.cout-(ceilDiv(j.cout, cb)-1)*cb >= 16
}
