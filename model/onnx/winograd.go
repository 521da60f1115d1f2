package onnx

import (
	"sync"

	"github.com/latent-explorer/latent/model/sgemm"
)

// Winograd's minimal filtering F(2×2, 3×3) for 3×3 convolutions of stride
// and dilation 1 with constant weights (Lavin and Gray, "Fast algorithms
// for convolutional neural networks", CVPR 2016): each 2×2 block of
// output pixels (a tile) is computed from the 4×4 input block under it as
// Aᵀ[(G g Gᵀ) ⊙ (Bᵀ d B)]A. The 16 elementwise products, summed over
// input channels, are 16 GEMMs of the transformed weights U (Cout × Cin,
// transformed once at load) with the transformed input tiles V (Cin ×
// tiles): 16 multiply-adds per tile and channel pair instead of im2col's
// 36, and a transformed input 4 values per pixel instead of 9.
//
// Work is split over panels of sgemm.NR tiles, and when they are too
// few for the threads over blocks of their output channels too
// (splitChannels); each panel's transform, products and output
// transform depend on that panel alone, so results do not depend on the
// thread count.
//
// F(4×4, 3×3) (winograd4.go) needs 2.25 multiply-adds per output pixel
// and channel pair where this needs 4; winoChoice picks between the two
// and im2col by the layer's shape.

// winoMinChannels is the fewest input channels for which the transforms
// pay for themselves.
const winoMinChannels = 4

// winograd holds the transformed weights, U[ξ] for the 16 positions ξ of
// a 4×4 tile, each packed as an sgemm A matrix (Cout × Cin), and those of
// F(4×4, 3×3) (winograd4.go), made at the first run that uses them.
type winograd struct {
	u    []sgemm.PackedA
	w    []float32 // the weights [cout, cin, 3, 3]
	once sync.Once
	f4   *winograd4
}

// useWinograd reports whether a Conv's resolved attributes and weights
// suit F(2×2, 3×3).
func useWinograd(a *convAttrs, cinG int) bool {
	return a.dims == 2 && a.group == 1 && a.kernel == [2]int{3, 3} && a.strides == [2]int{1, 1} &&
		a.dilations == [2]int{1, 1} && cinG >= winoMinChannels
}

// newWinograd transforms weights [cout, cin, 3, 3] into U = G g Gᵀ, with
// G = [1 0 0; ½ ½ ½; ½ -½ ½; 0 0 1], in float64 rounded once.
func newWinograd(w []float32, cout, cin int) *winograd {
	g := [4][3]float64{{1, 0, 0}, {0.5, 0.5, 0.5}, {0.5, -0.5, 0.5}, {0, 0, 1}}
	u := make([]float32, 16*cout*cin) // [ξ][co][ci]
	for co := 0; co < cout; co++ {
		for ci := 0; ci < cin; ci++ {
			k := w[(co*cin+ci)*9:][:9]
			var t [4][3]float64 // G g
			for i := 0; i < 4; i++ {
				for j := 0; j < 3; j++ {
					t[i][j] = g[i][0]*float64(k[j]) + g[i][1]*float64(k[3+j]) + g[i][2]*float64(k[6+j])
				}
			}
			for i := 0; i < 4; i++ {
				for j := 0; j < 4; j++ {
					v := t[i][0]*g[j][0] + t[i][1]*g[j][1] + t[i][2]*g[j][2]
					u[((i*4+j)*cout+co)*cin+ci] = float32(v)
				}
			}
		}
	}
	size := sgemm.PackedASize(cout, cin)
	packed := make([]float32, 16*size)
	o := &winograd{u: make([]sgemm.PackedA, 16), w: w}
	for x := 0; x < 16; x++ {
		o.u[x] = sgemm.PackA(packed[x*size:(x+1)*size], u[x*cout*cin:], cin, 1, cout, cin)
	}
	return o
}

// winoJob is one Winograd convolution split over panels of tiles.
type winoJob struct {
	w             *winograd
	w4            *winograd4 // F(4×4) instead (winograd4.go)
	cb            int        // F(4×4): output channels per block of GEMMs
	blocks        int        // units of output channels a panel is split in (splitChannels)
	vAll          []float32  // with blocks > 1: each panel's transformed input, made before the units run
	vPer          int        // floats of one panel's in vAll
	bias          []float32
	x, y          []float32
	n, cin, cout  int
	h, wd, oh, ow int
	pt, pl        int
	th, tw        int // tiles per column and row of an image
	tiles         int // n·th·tw
	scratch       []float32
	per           int      // floats of one panel's scratch
	free          chan int // indices of unused scratch regions
}

// run computes the convolution of x [n cin h w] into y [n cout oh ow],
// by F(4×4, 3×3) or F(2×2, 3×3) as winoChoice chooses.
func (o *winograd) run(s *Session, x, y, bias []float32, n, cin, cout, h, w, oh, ow, pt, pl int) {
	if winoChoice(n, cin, cout, oh, ow) == 4 {
		o.once.Do(func() { o.f4 = newWinograd4(o.w, cout, cin) })
		o.f4.run(s, x, y, bias, n, cin, cout, h, w, oh, ow, pt, pl)
		return
	}
	o.run2(s, x, y, bias, n, cin, cout, h, w, oh, ow, pt, pl)
}

// suits reports whether Winograd (either) beats im2col on n images of
// oh×ow outputs.
func (o *winograd) suits(n, oh, ow int) bool { return winoChoice(n, 0, 0, oh, ow) != 0 }

// winoChoice picks the algorithm for a 3×3 convolution of n images of
// cin channels into cout of oh×ow: 0 for im2col, 2 for F(2×2, 3×3), 4 for
// F(4×4, 3×3). Each GEMM multiplies all the weights by a panel of 16
// columns whether or not the columns are filled, so its cost is the
// positions (9, 16, 36) times the panels of 16 pixels, tiles of 2×2 or
// tiles of 4×4. Small images fill few: im2col wins when its panels are at
// most twice F(4×4)'s (4×4 images: 9 against 36), F(2×2) when F(4×4)
// fills less than half a panel and the channels are many enough
// (cin·cout ≥ 256·256) for the GEMM to outweigh F(2×2)'s tile-by-tile
// transforms of narrow images (8×8, 256 channels: 0.59 against 0.66 ms
// with sgemm's AVX-512 kernels; 128 channels: 0.23 against 0.17 ms the
// other way, 192: 0.39 against 0.35). Elsewhere
// F(4×4) (a 256×256 image of 32 channels: 16 ms against F(2×2)'s 28 and
// im2col's 109; BenchmarkConv3x3).
func winoChoice(n, cin, cout, oh, ow int) int {
	p1 := ceilDiv(n*oh*ow, 16)
	t4 := n * ceilDiv(oh, 4) * ceilDiv(ow, 4)
	switch {
	case p1 <= 2*ceilDiv(t4, 16):
		return 0
	case 2*t4 < 16 && cin*cout >= 256*256:
		return 2
	}
	return 4
}

// run2 is run by F(2×2, 3×3).
func (o *winograd) run2(s *Session, x, y, bias []float32, n, cin, cout, h, w, oh, ow, pt, pl int) {
	th, tw := (oh+1)/2, (ow+1)/2
	var j *winoJob
	if s != nil {
		j = &s.winoJob
	} else {
		j = new(winoJob)
	}
	*j = winoJob{w: o, bias: bias, x: x, y: y, n: n, cin: cin, cout: cout, h: h, wd: w, oh: oh, ow: ow,
		pt: pt, pl: pl, th: th, tw: tw, tiles: n * th * tw}
	defer func() { *j = winoJob{} }()
	panels := ceilDiv(j.tiles, sgemm.NR)
	threads := s.threadCount()
	j.cb, j.blocks = splitChannels(panels, threads, cout, cout)
	units := panels * j.blocks
	j.per = 16 * (cin + cout) * sgemm.NR
	j.scratch = s.slot(slotB, min(threads, units)*j.per)
	j.free = s.regions(min(threads, units))
	if s == nil {
		j.do(0, units)
		return
	}
	if j.blocks > 1 {
		j.vPer = 16 * cin * sgemm.NR
		j.vAll = s.slot(slotA, panels*j.vPer)
		for p := range panels {
			j.panel(p, j.vAll[p*j.vPer:(p+1)*j.vPer], nil, 0, 0, true)
		}
	}
	s.parallel(j, units, 16*cin*cout*sgemm.NR/j.blocks)
}

// splitChannels returns the output channels of one block of a Winograd
// convolution of rows channels (at most block, a multiple of sgemm.MR)
// and the units of work each panel of tiles is cut in, a block each: one
// unit of all the blocks when the panels are enough to keep the threads
// busy; else about two units a thread (a small image), whose panels'
// input the calling thread transforms first, once (vAll). Each output is
// computed the same whatever the cut.
func splitChannels(panels, threads, rows, block int) (cb, blocks int) {
	if panels >= 2*threads || rows <= sgemm.MR {
		return block, 1
	}
	per := ceilDiv(rows, ceilDiv(2*threads, panels))
	cb = min(block, max(sgemm.MR, ceilDiv(per, sgemm.MR)*sgemm.MR))
	return cb, ceilDiv(rows, cb)
}

func (j *winoJob) do(lo, hi int) {
	if j.w4 != nil {
		j.do4(lo, hi)
		return
	}
	r := <-j.free
	buf := j.scratch[r*j.per : (r+1)*j.per]
	v, m := buf[:16*j.cin*sgemm.NR], buf[16*j.cin*sgemm.NR:]
	for u := lo; u < hi; u++ {
		c0, c1 := j.unitChannels(u)
		if p := u / j.blocks; j.vAll != nil {
			j.panel(p, j.vAll[p*j.vPer:(p+1)*j.vPer], m, c0, c1, false)
		} else {
			j.panel(p, v, m, c0, c1, true)
		}
	}
	j.free <- r
}

// unitChannels returns the output channels of unit u.
func (j *winoJob) unitChannels(u int) (c0, c1 int) {
	if j.blocks == 1 {
		return 0, j.cout
	}
	c0 = u % j.blocks * j.cb
	return c0, min(j.cout, c0+j.cb)
}

// winoPos is the column, within a group of eight, of each of eight
// consecutive tiles: the order the kernels' lane shuffles leave them in.
var winoPos = [8]int{0, 1, 4, 5, 2, 3, 6, 7}

// panel computes output channels c0..c1 (c0 a multiple of sgemm.MR) of
// the tiles p·NR .. p·NR+NR-1, in two groups of eight, transforming
// their input first when in is set (else v holds it).
// A group of eight consecutive tiles of one tile row (row8) goes through
// the 8-tile kernels, through a zero-padded copy of its block at the
// image's border; other groups go tile by tile.
func (j *winoJob) panel(p int, v, m []float32, c0, c1 int, in bool) {
	const nr = sgemm.NR
	t0 := p * nr
	nt := min(nr, j.tiles-t0)
	var src, dst [nr]int // offset of each tile's input block (channel 0, maybe outside) and output block
	var iy, ix, oy, ox [nr]int
	var inside [nr]bool
	var row8, in8, out8 [2]bool
	perImg := j.th * j.tw
	for q := 0; q < nt; q++ {
		t := t0 + q
		img, r := t/perImg, t%perImg
		ty, tx := r/j.tw, r%j.tw
		iy[q], ix[q] = 2*ty-j.pt, 2*tx-j.pl
		oy[q], ox[q] = 2*ty, 2*tx
		inside[q] = iy[q] >= 0 && iy[q]+4 <= j.h && ix[q] >= 0 && ix[q]+4 <= j.wd
		src[q] = img*j.cin*j.h*j.wd + iy[q]*j.wd + ix[q]
		dst[q] = img*j.cout*j.oh*j.ow + oy[q]*j.ow + ox[q]
		if q%8 == 0 {
			g := q / 8
			row8[g] = q+8 <= nt && tx+8 <= j.tw && useAsm
			in8[g] = iy[q] >= 0 && iy[q]+4 <= j.h && ix[q] >= 0 && ix[q]+18 <= j.wd
			out8[g] = oy[q]+2 <= j.oh && ox[q]+16 <= j.ow
		}
	}
	cstride := j.cin * nr // one ξ's rows in v
	hw := j.h * j.wd
	var block [4 * 18]float32
	for c := 0; c < j.cin && in; c++ {
		for g := 0; g < 2; g++ {
			q0 := 8 * g
			if row8[g] {
				if in8[g] {
					winoIn8(&j.x[src[q0]+c*hw], j.wd, &v[c*nr+q0], cstride)
					continue
				}
				base := c*hw + src[q0] - iy[q0]*j.wd - ix[q0]
				for a := 0; a < 4; a++ {
					row := block[a*18 : a*18+18]
					y := iy[q0] + a
					if y < 0 || y >= j.h {
						clear(row)
						continue
					}
					in := j.x[base+y*j.wd : base+(y+1)*j.wd]
					x0 := ix[q0]
					lo, hi := max(0, -x0), min(18, j.wd-x0)
					if hi <= lo {
						clear(row)
						continue
					}
					clear(row[:lo])
					copy(row[lo:hi], in[x0+lo:x0+hi])
					clear(row[hi:])
				}
				winoIn8(&block[0], 18, &v[c*nr+q0], cstride)
				continue
			}
			for q := q0; q < q0+8; q++ {
				j.tileIn(v[c*nr+q0+winoPos[q-q0]:], cstride, q < nt, inside[q], c*hw+src[q], iy[q], ix[q])
			}
		}
	}
	if c0 == c1 {
		return
	}
	mstride := j.cout * nr
	for x := 0; x < 16; x++ {
		b := sgemm.PackedB{K: j.cin, N: nr, Data: v[x*cstride : (x+1)*cstride]}
		sgemm.MulSet(j.w.u[x].Rows(c0, c1), b, m[x*mstride+c0*nr:], nr)
	}
	ohw := j.oh * j.ow
	var outBlock [2 * 16]float32
	for co := c0; co < c1; co++ {
		var bias float32
		if j.bias != nil {
			bias = j.bias[co]
		}
		for g := 0; g < 2; g++ {
			q0 := 8 * g
			if row8[g] {
				if out8[g] {
					winoOut8(&m[co*nr+q0], mstride, &j.y[dst[q0]+co*ohw], j.ow, bias)
					continue
				}
				winoOut8(&m[co*nr+q0], mstride, &outBlock[0], 16, bias)
				out := j.y[dst[q0]+co*ohw:]
				w := min(16, j.ow-ox[q0])
				copy(out[:w], outBlock[:w])
				if oy[q0]+1 < j.oh {
					copy(out[j.ow:j.ow+w], outBlock[16:16+w])
				}
				continue
			}
			for q := q0; q < min(q0+8, nt); q++ {
				j.tileOut(m[co*nr+q0+winoPos[q-q0]:], mstride, j.y[dst[q]+co*ohw:], oy[q], ox[q], bias)
			}
		}
	}
}

// tileIn writes one tile's transformed input block, at v[ξ·vs]; the
// block's top-left is at x[off] when inside (else row iy, column ix,
// zero outside the image); a tile past the last (valid false) is zero.
func (j *winoJob) tileIn(v []float32, vs int, valid, inside bool, off, iy, ix int) {
	var d [16]float32
	switch {
	case !valid:
	case inside:
		s := j.x[off:]
		_ = s[3*j.wd+3]
		copy(d[0:4], s[0:4])
		copy(d[4:8], s[j.wd:j.wd+4])
		copy(d[8:12], s[2*j.wd:2*j.wd+4])
		copy(d[12:16], s[3*j.wd:3*j.wd+4])
	default:
		base := off - iy*j.wd - ix
		for a := 0; a < 4; a++ {
			y := iy + a
			if y < 0 || y >= j.h {
				continue
			}
			for b := 0; b < 4; b++ {
				if x := ix + b; x >= 0 && x < j.wd {
					d[a*4+b] = j.x[base+y*j.wd+x]
				}
			}
		}
	}
	// t = Bᵀ d, rows: d0-d2, d1+d2, d2-d1, d1-d3; then v = t B, the
	// same combination of columns (the order of the 8-tile kernels).
	var t [16]float32
	for b := 0; b < 4; b++ {
		t[b] = d[b] - d[8+b]
		t[4+b] = d[4+b] + d[8+b]
		t[8+b] = d[8+b] - d[4+b]
		t[12+b] = d[4+b] - d[12+b]
	}
	for a := 0; a < 4; a++ {
		r := t[a*4 : a*4+4]
		v[(a*4+0)*vs] = r[0] - r[2]
		v[(a*4+1)*vs] = r[1] + r[2]
		v[(a*4+2)*vs] = r[2] - r[1]
		v[(a*4+3)*vs] = r[1] - r[3]
	}
}

// tileOut writes one tile's 2×2 outputs (those inside the image) from its
// products at m[ξ·ms], adding bias: Aᵀ e A with Aᵀ = [1 1 1 0; 0 1 -1 -1],
// in the 8-tile kernel's order of operations.
func (j *winoJob) tileOut(m []float32, ms int, out []float32, oy, ox int, bias float32) {
	var e [16]float32
	for x := range e {
		e[x] = m[x*ms]
	}
	var r0, r1 [4]float32
	for b := 0; b < 4; b++ {
		r0[b] = (e[4+b] + e[8+b]) + e[b]
		r1[b] = (e[4+b] - e[8+b]) - e[12+b]
	}
	right := ox+1 < j.ow
	out[0] = r0[0] + r0[1] + r0[2] + bias
	if right {
		out[1] = r0[1] - r0[2] - r0[3] + bias
	}
	if oy+1 < j.oh {
		out[j.ow] = r1[0] + r1[1] + r1[2] + bias
		if right {
			out[j.ow+1] = r1[1] - r1[2] - r1[3] + bias
		}
	}
}
