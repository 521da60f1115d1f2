package onnx

import (
	"unsafe"

	"github.com/latent-explorer/latent/model/sgemm"
)

// Winograd's minimal filtering F(4×4, 3×3) (Lavin and Gray, "Fast
// algorithms for convolutional neural networks", CVPR 2016, with their
// interpolation points 0, ±1, ±2, ∞): each 4×4 block of output pixels is
// computed from the 6×6 input block under it as Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A.
// The 36 elementwise products, summed over input channels, are 36 GEMMs of
// the transformed weights U (Cout × Cin) with the transformed tiles V
// (Cin × tiles): 2.25 multiply-adds per output pixel and channel pair,
// against F(2×2, 3×3)'s 4 and im2col's 9, at the cost of larger
// transforms and about ten times F(2×2)'s rounding error (still well
// within 1e-4 of a float64 sum on the decoders' activations; see
// TestWinograd4MatchesIm2col).
//
//	Bᵀ = [4 0 -5 0 1 0; 0 -4 -4 1 1 0; 0 4 -4 -1 1 0;
//	      0 -2 -1 2 1 0; 0 2 -1 -2 1 0; 0 4 0 -5 0 1]
//	G  = [¼ 0 0; -⅙ -⅙ -⅙; -⅙ ⅙ -⅙; 1/24 1/12 ⅙; 1/24 -1/12 ⅙; 0 0 1]
//	Aᵀ = [1 1 1 1 1 0; 0 1 -1 2 -2 0; 0 1 1 4 4 0; 0 1 -1 8 -8 1]
//
// As for F(2×2), work is split over panels of sgemm.NR tiles, each
// transformed, multiplied and transformed back on its own, so results do
// not depend on the thread count. On amd64 the transforms take eight
// tiles at a time (wino4_amd64.s), each tile read from the image, or from
// a zero-padded copy at a border; output channels go in blocks of
// wino4Block so the products stay in cache until transformed back.

// wino4Block is the most output channels one round of the 36 GEMMs
// computes (a multiple of sgemm.MR).
const wino4Block = 48

// winograd4 holds the transformed weights, U[ξ] for the 36 positions ξ of
// a 6×6 tile, each packed as an sgemm A matrix of Cout rows rounded up to
// a multiple of sgemm.MR (the extra rows are zero, so the GEMMs never take
// sgemm's partial-panel path).
type winograd4 struct {
	u             []sgemm.PackedA // consecutive in data, size floats apart
	data          []float32
	cout, coutPad int
	size          int
	narrow        wino4Transposed // for panels of few tiles (wino4narrow.go)
}

// wino4G is G, in float64.
var wino4G = [6][3]float64{
	{1.0 / 4, 0, 0},
	{-1.0 / 6, -1.0 / 6, -1.0 / 6},
	{-1.0 / 6, 1.0 / 6, -1.0 / 6},
	{1.0 / 24, 1.0 / 12, 1.0 / 6},
	{1.0 / 24, -1.0 / 12, 1.0 / 6},
	{0, 0, 1},
}

// newWinograd4 transforms weights [cout, cin, 3, 3] into U = G g Gᵀ in
// float64, rounded once.
func newWinograd4(w []float32, cout, cin int) *winograd4 {
	pad := ceilDiv(cout, sgemm.MR) * sgemm.MR
	u := make([]float32, 36*pad*cin) // [ξ][co][ci]
	for co := 0; co < cout; co++ {
		for ci := 0; ci < cin; ci++ {
			k := w[(co*cin+ci)*9:][:9]
			var t [6][3]float64 // G g
			for i := range 6 {
				for j := range 3 {
					t[i][j] = wino4G[i][0]*float64(k[j]) + wino4G[i][1]*float64(k[3+j]) + wino4G[i][2]*float64(k[6+j])
				}
			}
			for i := range 6 {
				for j := range 6 {
					v := t[i][0]*wino4G[j][0] + t[i][1]*wino4G[j][1] + t[i][2]*wino4G[j][2]
					u[((i*6+j)*pad+co)*cin+ci] = float32(v)
				}
			}
		}
	}
	size := sgemm.PackedASize(pad, cin)
	packed := make([]float32, 36*size)
	o := &winograd4{u: make([]sgemm.PackedA, 36), data: packed, cout: cout, coutPad: pad, size: size}
	for x := range 36 {
		o.u[x] = sgemm.PackA(packed[x*size:(x+1)*size], u[x*pad*cin:], cin, 1, pad, cin)
	}
	return o
}

// wino4Scratch is one thread's scratch of an F(4×4) convolution.
type wino4Scratch struct {
	v      []float32 // transformed tiles, [ξ][ci][NR]
	m      []float32 // products of a block of output channels, [ξ][co][NR]
	inBlk  []float32 // zero-padded 6×8 input blocks of border tiles, [tile][ci][6][8]
	outBlk []float32 // 4×4 outputs of border tiles, [tile][co][4][4]
	tmp    []float32 // the kernels' 36 vectors
}

// wino4Size is the floats of one thread's scratch.
func wino4Size(cin, cb int) int {
	return 36*wino4Stride(cin) + 36*wino4Stride(cb) + wino4Tiles*(cin*48+cb*16) + 36*8 + 16
}

// wino4Tiles is the tiles of one panel of the job: the columns of its
// GEMMs, wino4Tiles/NR sgemm panels.
const wino4Tiles = sgemm.NR

// wino4Stride is the floats between positions ξ of V or of the products,
// of rows rows: a cache line more than the rows, so that the 36 vectors
// of a tile do not fall in a few cache sets when rows·64 is a power of 2.
func wino4Stride(rows int) int { return rows*wino4Tiles + sgemm.NR }

// vcol is the offset in V (position 0, channel 0) of the tile q of a
// panel: V holds, for each ξ, wino4Tiles/NR packed B panels of cin × NR.
func (j *winoJob) vcol(q int) int { return q/sgemm.NR*j.cin*sgemm.NR + q%sgemm.NR }

func (j *winoJob) scratch4(buf []float32) wino4Scratch {
	var sc wino4Scratch
	take := func(n int) []float32 { s := buf[:n:n]; buf = buf[n:]; return s }
	sc.v = take(36 * wino4Stride(j.cin))
	sc.m = take(36 * wino4Stride(j.cb))
	sc.inBlk = take(wino4Tiles * j.cin * 48)
	sc.outBlk = take(wino4Tiles * j.cb * 16)
	sc.tmp = take(36*8 + 16) // the last 16: where the output kernel writes tiles past the last
	return sc
}

// run computes the convolution of x [n cin h w] into y [n cout oh ow].
func (o *winograd4) run(s *Session, x, y, bias []float32, n, cin, cout, h, w, oh, ow, pt, pl int) {
	th, tw := ceilDiv(oh, 4), ceilDiv(ow, 4)
	var j *winoJob
	if s != nil {
		j = &s.winoJob
	} else {
		j = new(winoJob)
	}
	*j = winoJob{w4: o, bias: bias, x: x, y: y, n: n, cin: cin, cout: cout, h: h, wd: w, oh: oh, ow: ow,
		pt: pt, pl: pl, th: th, tw: tw, tiles: n * th * tw, cb: min(o.coutPad, wino4Block)}
	defer func() { *j = winoJob{} }()
	panels := ceilDiv(j.tiles, wino4Tiles)
	threads := s.threadCount()
	j.cb, j.blocks = splitChannels(panels, threads, o.coutPad, j.cb)
	if cb, ok := j.narrowSplit(panels, threads); ok {
		j.cb, j.blocks = cb, ceilDiv(cout, cb)
	}
	units := panels * j.blocks
	j.per = wino4Size(cin, j.cb)
	j.scratch = s.slot(slotB, min(threads, units)*j.per)
	j.free = s.regions(min(threads, units))
	if s == nil {
		j.do(0, units)
		return
	}
	if j.blocks > 1 {
		j.vPer = 36 * wino4Stride(cin)
		j.vAll = s.slot(slotA, panels*j.vPer)
		sc := j.scratch4(j.scratch[:j.per])
		for p := range panels {
			sc.v = j.vAll[p*j.vPer : (p+1)*j.vPer]
			j.panel4(p, &sc, 0, 0, true)
		}
	}
	s.parallel(j, units, 36*cin*cout*wino4Tiles/j.blocks)
}

// wino4Tile is where one tile reads and writes.
type wino4Tile struct {
	img, iy, ix, oy, ox int
	src, dst            int  // offsets of the input block's top-left (channel 0; maybe outside) and the output block's
	in, out             bool // the 6×8 input block (read by the kernel) and the 4×4 output block are inside
}

func (j *winoJob) tile4(t int) wino4Tile {
	perImg := j.th * j.tw
	img, r := t/perImg, t%perImg
	ty, tx := r/j.tw, r%j.tw
	tl := wino4Tile{img: img, iy: 4*ty - j.pt, ix: 4*tx - j.pl, oy: 4 * ty, ox: 4 * tx}
	hw := j.h * j.wd
	tl.src = img*j.cin*hw + tl.iy*j.wd + tl.ix
	tl.dst = img*j.cout*j.oh*j.ow + tl.oy*j.ow + tl.ox
	tl.in = tl.iy >= 0 && tl.iy+6 <= j.h && tl.ix >= 0 && tl.ix+6 <= j.wd &&
		tl.src+(j.cin-1)*hw+5*j.wd+8 <= len(j.x)
	tl.out = tl.oy+4 <= j.oh && tl.ox+4 <= j.ow
	return tl
}

// do4 runs units lo..hi: unit u is panel u/blocks, its block of output
// channels u%blocks (all of them when blocks is 1), from the panel's
// input transformed before (vAll) or here.
func (j *winoJob) do4(lo, hi int) {
	r := <-j.free
	sc := j.scratch4(j.scratch[r*j.per : (r+1)*j.per])
	for u := lo; u < hi; u++ {
		c0, c1 := j.unitChannels(u)
		p := u / j.blocks
		if j.vAll != nil {
			sc.v = j.vAll[p*j.vPer : (p+1)*j.vPer]
		}
		j.panel4(p, &sc, c0, c1, j.vAll == nil)
	}
	j.free <- r
}

// panel4 computes output channels c0..c1 (c0 a multiple of the block)
// of the tiles p·NR .. p·NR+NR-1, transforming their input first when in
// is set (else V holds it).
func (j *winoJob) panel4(p int, sc *wino4Scratch, c0, c1 int, in bool) {
	const nr = sgemm.NR
	t0 := p * wino4Tiles
	nt := min(wino4Tiles, j.tiles-t0)
	var tl [wino4Tiles]wino4Tile
	for q := range nt {
		tl[q] = j.tile4(t0 + q)
	}
	if in {
		j.in4(tl[:nt], sc)
	}
	vs, ms := wino4Stride(j.cin), wino4Stride(j.cb)
	cols := ceilDiv(nt, nr) * nr
	for ; c0 < c1; c0 += j.cb {
		rows := min(j.cb, j.w4.coutPad-c0)
		nc := min(j.cb, j.cout-c0)
		if cols == sgemm.NR {
			if !j.narrowProducts(sc, nt, c0, nc) {
				sgemm.MulSetPanels(j.w4.data[c0*j.cin:], j.w4.size, sc.v, vs, sc.m, ms, rows, j.cin, 36)
			}
		} else {
			for x := range 36 {
				u := j.w4.u[x]
				a := sgemm.PackedA{M: rows, K: j.cin, Data: u.Data[c0*j.cin : (c0+rows)*j.cin]}
				b := sgemm.PackedB{K: j.cin, N: cols, Data: sc.v[x*vs : x*vs+j.cin*cols]}
				sgemm.MulSet(a, b, sc.m[x*ms:], wino4Tiles)
			}
		}
		j.out4(tl[:nt], sc, c0, nc)
	}
}

// wino4Prefetch is how many channels ahead the input kernel prefetches.
const wino4Prefetch = 2

const wino4PrefetchOut = 2

// wino4Zero is the input block of a tile past the last.
var wino4Zero [8]float32

// wino4Args are the 8-tile kernels' arguments (offsets in wino4_amd64.s).
// Addresses are uintptrs: they point into tensors and scratch on the heap,
// which the job keeps alive.
type wino4Args struct {
	ptr     [8]uintptr // each tile's first row, channel 0
	ld      [8]int     // bytes between a tile's rows
	cs      [8]int     // bytes between a tile's channels
	mat     uintptr    // V (input) or the products (output) of lane 0, position 0, channel 0
	ms, mcs int        // bytes between positions ξ and between channels in mat
	n       int        // channels (≥ 1)
	tmp     uintptr    // 36 vectors of scratch
	bias    uintptr    // output: the first channel's bias
	bcs     int        // bytes between biases (0: one for all)
	pf      int        // how far ahead of tiles 0, 4 and 7 to prefetch
}

// The kernels step from one group's arguments to the next by 256 bytes.
var _ = [1]struct{}{}[unsafe.Sizeof(wino4Args{})-256]

func addr(p *float32) uintptr { return uintptr(unsafe.Pointer(p)) }

// in4 writes the transformed input of the panel's tiles ts into V,
// through the 8-tile kernel or tile by tile.
func (j *winoJob) in4(ts []wino4Tile, sc *wino4Scratch) {
	const nr = sgemm.NR
	if !useAsm {
		for q := range ts {
			j.tileIn4(sc.v[j.vcol(q):], wino4Stride(j.cin), &ts[q])
		}
		return
	}
	hw := j.h * j.wd
	var a [wino4Tiles / 8]wino4Args
	groups := ceilDiv(len(ts), 8)
	for g := range groups {
		a := &a[g]
		for k := range 8 {
			q := 8*g + k
			switch {
			case q >= len(ts):
				a.ptr[k] = addr(&wino4Zero[0])
			case ts[q].in:
				a.ptr[k], a.ld[k], a.cs[k] = addr(&j.x[ts[q].src]), 4*j.wd, 4*hw
			default:
				blk := sc.inBlk[q*j.cin*48 : (q+1)*j.cin*48]
				j.borderIn4(blk, &ts[q])
				a.ptr[k], a.ld[k], a.cs[k] = addr(&blk[0]), 4*8, 4*48
			}
		}
		a.mat, a.ms, a.mcs, a.n = addr(&sc.v[j.vcol(8*g)]), 4*wino4Stride(j.cin), 4*nr, j.cin
		a.tmp = addr(&sc.tmp[0])
		a.pf = wino4Prefetch * 4 * hw
	}
	wino4In8(&a[0], groups)
}

// borderIn4 copies a border tile's 6×6 input blocks, zero outside the
// image, into blk as 6×8 blocks, one per channel (columns 6 and 7 are
// read by the kernel but not used).
func (j *winoJob) borderIn4(blk []float32, t *wino4Tile) {
	hw := j.h * j.wd
	lo, hi := max(0, -t.ix), min(6, j.wd-t.ix)
	r0, r1 := max(0, -t.iy), min(6, j.h-t.iy)
	if hi <= lo {
		r1 = r0
	}
	for c := 0; c < j.cin; c++ {
		b := blk[c*48 : c*48+48]
		base := (t.img*j.cin+c)*hw + t.ix
		for r := range 6 {
			row := (*[6]float32)(b[r*8 : r*8+6])
			if r < r0 || r >= r1 {
				*row = [6]float32{}
				continue
			}
			off := base + (t.iy+r)*j.wd
			switch { // element by element: a copy would call memmove
			case lo == 0 && hi == 6: // a tile at the top or bottom
				x := j.x[off : off+6 : off+6]
				row[0], row[1], row[2], row[3], row[4], row[5] = x[0], x[1], x[2], x[3], x[4], x[5]
			case lo == 1 && hi == 6: // at the left, padding 1
				x := j.x[off+1 : off+6 : off+6]
				row[0], row[1], row[2], row[3], row[4], row[5] = 0, x[0], x[1], x[2], x[3], x[4]
			case lo == 0 && hi == 5: // at the right, padding 1
				x := j.x[off : off+5 : off+5]
				row[0], row[1], row[2], row[3], row[4], row[5] = x[0], x[1], x[2], x[3], x[4], 0
			case lo == 1 && hi == 5: // a 4-wide image, padding 1 (StyleGAN's first layer)
				x := j.x[off+1 : off+5 : off+5]
				row[0], row[1], row[2], row[3], row[4], row[5] = 0, x[0], x[1], x[2], x[3], 0
			default:
				*row = [6]float32{}
				copy(row[lo:hi], j.x[off+lo:off+hi])
			}
		}
	}
}

// out4 transforms the products of channels c0..c0+nc-1 of the panel's
// tiles ts into their outputs.
func (j *winoJob) out4(ts []wino4Tile, sc *wino4Scratch, c0, nc int) {
	ohw := j.oh * j.ow
	if !useAsm {
		for q := range ts {
			for c := range nc {
				var bias float32
				if j.bias != nil {
					bias = j.bias[c0+c]
				}
				j.tileOut4(sc.m[c*wino4Tiles+q:], wino4Stride(j.cb), &ts[q], c0+c, bias)
			}
		}
		return
	}
	var a [wino4Tiles / 8]wino4Args
	groups := ceilDiv(len(ts), 8)
	for g := range groups {
		a := &a[g]
		for k := range 8 {
			q := 8*g + k
			switch {
			case q >= len(ts):
				a.ptr[k] = addr(&sc.tmp[36*8])
			case ts[q].out:
				a.ptr[k], a.ld[k], a.cs[k] = addr(&j.y[ts[q].dst+c0*ohw]), 4*j.ow, 4*ohw
			default:
				a.ptr[k], a.ld[k], a.cs[k] = addr(&sc.outBlk[q*j.cb*16]), 4*4, 4*16
			}
		}
		a.mat, a.ms, a.mcs, a.n = addr(&sc.m[8*g]), 4*wino4Stride(j.cb), 4*wino4Tiles, nc
		a.tmp = addr(&sc.tmp[0])
		a.pf = wino4PrefetchOut * 4 * ohw
		a.bias = addr(&wino4Zero[0])
		if j.bias != nil {
			a.bias, a.bcs = addr(&j.bias[c0]), 4
		}
	}
	wino4Out8(&a[0], groups)
	for q := range ts {
		if t := &ts[q]; !t.out {
			j.borderOut4(sc.outBlk[q*j.cb*16:], t, c0, nc)
		}
	}
}

// borderOut4 copies the outputs of a border tile that are inside the
// image from blk ([co][4][4]) into y.
func (j *winoJob) borderOut4(blk []float32, t *wino4Tile, c0, nc int) {
	ohw := j.oh * j.ow
	rows, cols := min(4, j.oh-t.oy), min(4, j.ow-t.ox)
	for c := range nc {
		out := j.y[t.dst+(c0+c)*ohw:]
		for r := range rows {
			copy(out[r*j.ow:r*j.ow+cols], blk[c*16+r*4:c*16+r*4+cols])
		}
	}
}

// wino4BT applies Bᵀ to d[0], d[s], …, d[5s] in place, in the 8-tile
// kernel's order of operations.
func wino4BT(d []float32, s int) {
	d0, d1, d2, d3, d4, d5 := d[0], d[s], d[2*s], d[3*s], d[4*s], d[5*s]
	a, b := d4-4*d2, d3-4*d1
	c, e := d4-d2, d3-d1
	d[0] = d4 + 4*d0 - 5*d2
	d[s] = a + b
	d[2*s] = a - b
	d[3*s] = c + 2*e
	d[4*s] = c - 2*e
	d[5*s] = d5 + 4*d1 - 5*d3
}

// tileIn4 writes one tile's transformed input, channel by channel, at
// v[(ξ·cin + c)·NR]: the 6×6 block (zero outside the image) times Bᵀ on
// both sides.
func (j *winoJob) tileIn4(v []float32, vs int, t *wino4Tile) {
	const nr = sgemm.NR
	hw := j.h * j.wd
	for c := 0; c < j.cin; c++ {
		var d [36]float32
		base := (t.img*j.cin + c) * hw
		for r := range 6 {
			y := t.iy + r
			if y < 0 || y >= j.h {
				continue
			}
			for col := range 6 {
				if x := t.ix + col; x >= 0 && x < j.wd {
					d[r*6+col] = j.x[base+y*j.wd+x]
				}
			}
		}
		for r := range 6 {
			wino4BT(d[r*6:], 1)
		}
		for col := range 6 {
			wino4BT(d[col:], 6)
		}
		for x := range 36 {
			v[x*vs+c*nr] = d[x]
		}
	}
}

// wino4AT applies Aᵀ to m[0], m[s], …, m[5s], writing four values at
// out[0], out[s], out[2s], out[3s].
func wino4AT(out, m []float32, s int) {
	s1, d1 := m[s]+m[2*s], m[s]-m[2*s]
	s2, d2 := m[3*s]+m[4*s], m[3*s]-m[4*s]
	out[0] = m[0] + s1 + s2
	out[s] = d1 + 2*d2
	out[2*s] = s1 + 4*s2
	out[3*s] = m[5*s] + d1 + 8*d2
}

// tileOut4 writes channel co of one tile's outputs (those inside the
// image) from its products at m[ξ·ms], adding bias.
func (j *winoJob) tileOut4(m []float32, ms int, t *wino4Tile, co int, bias float32) {
	var e [36]float32
	for x := range e {
		e[x] = m[x*ms]
	}
	e[7] += bias // Aᵀ's column 1 is all ones: this adds bias to every output
	var tmp [24]float32
	for col := range 6 {
		wino4AT(tmp[col:], e[col:], 6)
	}
	out := j.y[t.dst+co*j.oh*j.ow:]
	rows, cols := min(4, j.oh-t.oy), min(4, j.ow-t.ox)
	for r := range rows {
		var y [4]float32
		wino4AT(y[:], tmp[r*6:], 1)
		copy(out[r*j.ow:r*j.ow+cols], y[:cols])
	}
}
