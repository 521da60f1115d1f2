package onnx

import (
	"unsafe"

	"github.com/latent-explorer/latent/model/sgemm"
)

// col2im, the adjoint of im2col: ConvTranspose's GEMM gives a column
// matrix whose rows are (output channel, ki, kj) and whose columns are
// input pixels; each output element is the sum of the entries of the
// taps that land on it. The gather form (gatherPlan) writes each output
// element once, bias plus its sum: with stride 2 along the width in
// registers, 8 or 16 column pairs at a time (gatherPairsAVX2,
// gatherPairs512), otherwise phase row by phase row (gatherAVX2, or the
// Go loops); the scatter form (scatterRow) adds each tap's row into an
// output that holds the bias, for the shapes the gather does not take
// (dilations, very wide rows). col2imGEMM runs the GEMM and the gather
// together, block by block, while the block is in cache.

// gatherWidth bounds the floats of the phase rows of one output row.
const gatherWidth = 1024

// A gatherPlan is the gather form of col2im for one run's geometry,
// shared by every output channel and image. Output row oy takes the
// kernel rows ki ≡ oy + pt (mod sh), from input row (oy + pt − ki)/sh.
// Along the width, output column ox = p·sw + r − pl takes the taps
// kj = r + sw·t from input column p − t: for each phase r, its sum is a
// sum of whole input rows shifted by t, added contiguously into phase
// row r (q floats); then the phase rows interleave into the output row.
// The loops hold no division, and the order of the sums does not depend
// on the threads.
type gatherPlan struct {
	prog   []int // per output row: its tap count, then per tap the offset of its row in the channel's columns and of its place in the phase rows
	idx    []int // per output column: its place in the phase rows
	oh, ow int
	w, cs  int // input row length, its pixels' stride in the columns
	alen   int // floats of the phase rows, a multiple of 8
	span   int // floats of a channel's columns the taps read
	// The output row's form for the assembly kernel: sw = 1 is a run of
	// a phase row from e (o = −1); sw = 2 alternates the two phase rows
	// from e and o; otherwise o = −2 (idx).
	e, o  int
	pairs gatherPairs // stride 2 over contiguous pixels (cs = 1)
}

// gatherPairs is a stride-2 gatherPlan in the form of gatherPairsAVX2,
// which sums 8 even and 8 odd output columns of a row at once in
// registers: even column ox = 2i takes, from each kernel row ki of the
// output row, the taps kj = re + 2t at input column i + e0 − t (re, e0
// the phase and place of column 0), odd columns likewise from ro, o0.
// The sums run over ki, then t, as the phase rows' do, so both forms give
// the same floats.
type gatherPairs struct {
	rows []int // per output row: its kernel row count, then each one's offset in the channel's columns
	// per block of 8 column pairs and tap (the ne even taps, then the no
	// odd ones), 16 int32s: 8 mask lanes, −1 where the input column lies
	// in the row, then the tap's offset kj·rs + place − t
	table  []int32
	ne, no int
	blocks int
	// wide: the AVX-512 form (gatherPairs512), 16 pairs a block, an
	// entry 4 int32s: the mask's 16 bits, the offset
	wide bool
}

// gathers reports whether col2im may gather: dilations 1 and phase rows
// that fit gatherWidth.
func (g *geom) gathers() bool {
	return g.a.dilations == [2]int{1, 1} && g.a.strides[1]*g.gatherPhase() <= gatherWidth-8
}

// gatherPhase is the length of one phase row.
func (g *geom) gatherPhase() int {
	sw := g.a.strides[1]
	return max(g.w+(g.a.kernel[1]-1)/sw, (g.ow-1+g.pl)/sw+1)
}

// gatherPlan builds the plan for a column matrix whose rows are rs
// apart and pixels cs apart, in s's scratch.
func (g *geom) gatherPlan(s *Session, rs, cs int) gatherPlan {
	sh, sw := g.a.strides[0], g.a.strides[1]
	kh, kw := g.a.kernel[0], g.a.kernel[1]
	q := g.gatherPhase()
	p := gatherPlan{oh: g.oh, ow: g.ow, w: g.w, cs: cs, alen: ceilDiv(sw*q, 8) * 8}
	ints := s.ints(g.oh*(1+2*ceilDiv(kh, sh)*kw) + g.ow + g.oh*(1+ceilDiv(kh, sh)) + kw)
	p.idx, ints = ints[:g.ow], ints[g.ow:]
	for ox := range p.idx {
		u := ox + g.pl
		p.idx[ox] = u%sw*q + u/sw
	}
	switch {
	case sw == 1:
		p.e, p.o = p.idx[0], -1
	case sw == 2 && g.ow > 1:
		p.e, p.o = p.idx[0], p.idx[1]
	default:
		p.e, p.o = 0, -2
	}
	n := 0
	for oy := 0; oy < g.oh; oy++ {
		head := n
		n++
		for ki, iy := g.firstKernelRow(oy); ki < kh && iy >= 0; ki, iy = ki+sh, iy-1 {
			for kj := 0; kj < kw; kj++ {
				ints[n], ints[n+1] = (ki*kw+kj)*rs+iy*g.w*cs, kj%sw*q+kj/sw
				p.span = max(p.span, ints[n]+(g.w-1)*cs+1)
				n += 2
			}
		}
		ints[head] = (n - head - 1) / 2
	}
	p.prog = ints[:n]
	if sw == 2 && cs == 1 && kw <= maxPairTaps {
		p.pairs = g.gatherPairs(s, ints[n:], rs)
	}
	return p
}

// maxPairTaps bounds the kernel width of gatherPairs (and its offsets
// fit int32s: colLimit bounds the columns).
const maxPairTaps = 32

// gatherPairs builds the plan's stride-2 form in ints and s's scratch.
func (g *geom) gatherPairs(s *Session, ints []int, rs int) gatherPairs {
	kw := g.a.kernel[1]
	var p gatherPairs
	n := 0
	for oy := 0; oy < g.oh; oy++ {
		head := n
		n++
		for ki, iy := g.firstKernelRow(oy); ki < g.a.kernel[0] && iy >= 0; ki, iy = ki+g.a.strides[0], iy-1 {
			ints[n] = ki*kw*rs + iy*g.w
			n++
		}
		ints[head] = n - head - 1
	}
	p.rows = ints[:n]
	// Column 2i + side is u = 2i + side + pl: phase u mod 2, place
	// i + (side + pl)/2; tap kj = r + 2t reads input column place − t.
	var taps, shifts [maxPairTaps]int
	nt := 0
	for side := 0; side < 2; side++ {
		r, p0 := (side+g.pl)%2, (side+g.pl)/2
		for kj, t := r, 0; kj < kw; kj, t = kj+2, t+1 {
			taps[nt], shifts[nt] = kj*rs+p0-t, p0-t
			nt++
		}
		if side == 0 {
			p.ne = nt
		}
	}
	p.no = nt - p.ne
	if p.wide = use512 && g.w > 8; p.wide {
		p.table512(s, taps[:nt], shifts[:nt], g.ow, g.w)
	} else {
		p.table256(s, taps[:nt], shifts[:nt], g.ow, g.w)
	}
	return p
}

// table256 fills gatherPairsAVX2's table: blocks of 8 pairs, an entry 8
// lane masks, −1 where input column 8k + lane + shift lies in [0, w),
// then the tap's offset.
func (p *gatherPairs) table256(s *Session, taps, shifts []int, ow, w int) {
	nt := len(taps)
	p.blocks = ceilDiv(ow, 16)
	p.table = s.int32s(p.blocks * nt * 16)
	for k := 0; k < p.blocks; k++ {
		for j := range taps {
			e := p.table[(k*nt+j)*16:][:16]
			clear(e)
			for l := range 8 {
				if x := 8*k + l + shifts[j]; x >= 0 && x < w {
					e[l] = -1
				}
			}
			e[8] = int32(taps[j])
		}
	}
}

// table512 fills gatherPairs512's table: blocks of 16 pairs, an entry the
// 16-bit mask of the lanes whose input column lies in [0, w), then the
// offset.
func (p *gatherPairs) table512(s *Session, taps, shifts []int, ow, w int) {
	nt := len(taps)
	p.blocks = ceilDiv(ow, 32)
	p.table = s.int32s(p.blocks * nt * 4)
	for k := 0; k < p.blocks; k++ {
		for j := range taps {
			var m int32
			for l := range 16 {
				if x := 16*k + l + shifts[j]; x >= 0 && x < w {
					m |= 1 << l
				}
			}
			e := p.table[(k*nt+j)*4:][:4]
			e[0], e[1], e[2], e[3] = m, int32(taps[j]), 0, 0
		}
	}
}

// firstKernelRow returns the first kernel row ki that lands on output
// row oy and its input row: then ki + sh from the input row above, while
// ki < kh and the input row ≥ 0.
func (g *geom) firstKernelRow(oy int) (ki, iy int) {
	sh := g.a.strides[0]
	u := oy + g.pt
	ki, iy = u%sh, u/sh
	if iy >= g.h {
		ki, iy = ki+(iy-g.h+1)*sh, g.h-1
	}
	return ki, iy
}

// channel writes one output channel, dst = b + the sum of its taps,
// from col, the channel's rows of the column matrix; acc holds alen
// floats. With relu set it may apply max(v, 0) as it stores; it reports
// whether it did.
func (p *gatherPlan) channel(dst, col []float32, b float32, acc []float32, relu bool) bool {
	acc = acc[:p.alen]
	_ = dst[p.oh*p.ow-1]
	if useAsm && p.cs == 1 {
		if p.span > len(col) {
			panic("onnx: col2im's columns are short")
		}
		if q := &p.pairs; q.blocks > 0 && q.wide {
			gatherPairs512(unsafe.SliceData(dst), unsafe.SliceData(col), unsafe.SliceData(q.rows), unsafe.SliceData(q.table),
				p.oh, p.ow, q.ne, q.no, b, relu)
			return relu
		}
		if q := &p.pairs; q.blocks > 0 {
			gatherPairsAVX2(unsafe.SliceData(dst), unsafe.SliceData(col), unsafe.SliceData(q.rows), unsafe.SliceData(q.table),
				p.oh, p.ow, q.ne, q.no, b, relu)
			return relu
		}
		gatherAVX2(unsafe.SliceData(dst), unsafe.SliceData(acc), unsafe.SliceData(col), unsafe.SliceData(p.prog),
			unsafe.SliceData(p.idx), p.oh, p.ow, p.w, p.alen, p.e, p.o, b)
		return false
	}
	prog := p.prog
	for oy := 0; oy < p.oh; oy++ {
		clear(acc)
		n := prog[0]
		taps := prog[1 : 1+2*n]
		prog = prog[1+2*n:]
		for t := 0; t < len(taps); t += 2 {
			a := acc[taps[t+1]:][:p.w]
			src := col[taps[t]:]
			if p.cs == 1 {
				src = src[:p.w]
				for x, v := range src {
					a[x] += v
				}
				continue
			}
			for x := range a {
				a[x] += src[x*p.cs]
			}
		}
		out := dst[oy*p.ow:][:p.ow]
		for ox, k := range p.idx {
			out[ox] = acc[k] + b
		}
	}
	return false
}

// A chanAct is an elementwise activation fused into a
// ConvTranspose (fuse.go), applied to each output channel as it is
// written: f, or nil for none; relu marks Relu, which the stride-2
// gather applies as it stores.
type chanAct struct {
	f    func(dst, src []float32)
	relu bool
}

// apply applies the activation to x in place.
func (a chanAct) apply(x []float32) {
	if a.f != nil {
		a.f(x, x)
	}
}

// col2im moves the column matrix into y (NCHW, cout channels): element
// (row, column) at col[row*rs+column*cs], rows (channel c0+ch, ki, kj) for
// ch < cg, columns (image n0+i, input pixel). With bias (len cout) it
// writes each output channel of the chunk whole, bias plus the sum of its
// taps (gatherPlan), then applies act (nil: none) to it; with bias nil
// it adds the taps into y, which holds the bias already (scatterRow),
// and act must be nil.
func (s *Session) col2im(g *geom, y, col, bias []float32, act chanAct, n0, nb, cout, c0, cg, rs, cs int) {
	j := s.newCol2imJob(g, y, col, bias, act, n0, nb, cout, c0, cg, rs, cs)
	if s == nil {
		j.do(0, nb*cg)
	} else {
		// A scattered element costs about a dozen multiply-adds.
		s.parallel(j, nb*cg, 12*g.a.kernel[0]*g.a.kernel[1]*g.h*g.w)
	}
	*j = col2imJob{}
}

// newCol2imJob sets up the session's col2im job (nil session: a new
// one).
func (s *Session) newCol2imJob(g *geom, y, col, bias []float32, act chanAct, n0, nb, cout, c0, cg, rs, cs int) *col2imJob {
	var j *col2imJob
	if s != nil {
		j = &s.col2imJob
	} else {
		j = new(col2imJob)
	}
	// The fields one by one: copying *g would let its pointer to the
	// run's attributes escape.
	*j = col2imJob{a: *g.a, y: y, col: col, bias: bias, act: act, n0: n0, nb: nb, cout: cout, c0: c0, cg: cg, rs: rs, cs: cs, group: max(1, nb)}
	j.g = geom{n: g.n, c: g.c, h: g.h, w: g.w, oh: g.oh, ow: g.ow, pt: g.pt, pl: g.pl, a: &j.a}
	if bias != nil {
		j.plan = j.g.gatherPlan(s, rs, cs)
	}
	return j
}

// col2imJob is a col2im split over its (image, output channel) pairs,
// each written by one thread in one order.
type col2imJob struct {
	a                            convAttrs
	g                            geom
	y, col, bias                 []float32
	act                          chanAct
	n0, nb, cout, c0, cg, rs, cs int
	plan                         gatherPlan // when bias is set
	// The GEMM of col2imGEMM: col's rows for channels [c0, c1) are
	// wt's rows times pb.
	wt     sgemm.PackedA
	pb     sgemm.PackedB
	unit   int // channels per block
	blocks int // channel blocks
	// The images' columns in groups of group images (col2imGEMM; other
	// forms: one group), each group's rows, rs apart, grpSize floats.
	group, grpSize int
}

func (j *col2imJob) do(lo, hi int) {
	for idx := lo; idx < hi; idx++ {
		j.channels(idx/j.cg, idx%j.cg, idx%j.cg+1)
	}
}

// channels moves the output channels c0+ch, ch in [ch0, ch1), of image
// n0+i.
func (j *col2imJob) channels(i, ch0, ch1 int) {
	var acc [gatherWidth]float32
	kh, kw := j.g.a.kernel[0], j.g.a.kernel[1]
	hw, ohw := j.g.h*j.g.w, j.g.oh*j.g.ow
	for ch := ch0; ch < ch1; ch++ {
		dst := j.y[((j.n0+i)*j.cout+j.c0+ch)*ohw:][:ohw]
		grp := i / j.group
		col := j.col[grp*j.grpSize+ch*kh*kw*j.rs+(i-grp*j.group)*hw*j.cs:]
		if j.bias != nil {
			if !j.plan.channel(dst, col, j.bias[j.c0+ch], acc[:], j.act.relu) {
				j.act.apply(dst)
			}
			continue
		}
		for ki := 0; ki < kh; ki++ {
			for kj := 0; kj < kw; kj++ {
				j.g.scatterRow(dst, col[(ki*kw+kj)*j.rs:], ki, kj, j.cs)
			}
		}
	}
}

// col2imGEMM computes col = wt·pb (rows (channel, ki, kj), columns
// (image, pixel)) and gathers it into y with the bias and act, as
// col2im, over blocks of output channels and groups of images: each
// block's rows of the GEMM for a group's columns and its gather run
// together, on one thread, while they are in cache. col holds the
// groups one after the other (gemmGroups), each with its rows ld
// apart, so that a gather reads rows near each other (batch 32 of
// VQ-VAE's 8×8 layer in one group of 2048 columns took twice the time a
// batch of one did, per image).
func (s *Session) col2imGEMM(wt sgemm.PackedA, pb sgemm.PackedB, g *geom, y, col, bias []float32, act chanAct, n0, nb, cout, c0, cg int) {
	unit, blocks := channelBlocks(g, cg)
	group, ld := gemmGroups(nb, g.h*g.w)
	j := s.newCol2imJob(g, y, col, bias, act, n0, nb, cout, c0, cg, ld, 1)
	j.wt, j.pb, j.unit, j.blocks = wt, pb, unit, blocks
	j.group, j.grpSize = group, wt.M*ld
	n := ceilDiv(nb, group) * blocks
	if s == nil {
		j.gemm(0, n)
	} else {
		s.parallel(gemmCol2im{j}, n, j.unit*g.a.kernel[0]*g.a.kernel[1]*wt.K*min(nb, group)*g.h*g.w)
	}
	*j = col2imJob{}
}

// gemmGroups returns col2imGEMM's images per group and its row stride
// for nb images of hw pixels: groups of about gatherCols columns, which
// begin on a panel of B, or one group when hw is not a multiple of NR.
func gemmGroups(nb, hw int) (group, ld int) {
	group = nb
	if hw%sgemm.NR == 0 {
		group = min(nb, max(1, gatherCols/hw))
	}
	return group, colStride(group * hw)
}

// gemmColSize is the floats of col2imGEMM's column matrix of m rows.
func gemmColSize(m, nb, hw int) int {
	group, ld := gemmGroups(nb, hw)
	return ceilDiv(nb, group) * m * ld
}

// gatherCols is about the columns of one group of images of col2imGEMM.
const gatherCols = 256

// gatherL1 bounds the floats of the column matrix one product of
// col2imGEMM computes before they are gathered, so that they are
// gathered from L1 (32 KiB: DCGAN's 8×8 layer 391 → 383 µs, VQ-VAE's 8×8
// at batch 32 7.50 → 6.85 ms; 64 KiB the same).
const gatherL1 = 8192

// channelBlocks returns the output channels of one block of
// col2imGEMM, whose rows begin on a row panel of the weights, and the
// number of blocks.
func channelBlocks(g *geom, cg int) (unit, blocks int) {
	kk := g.a.kernel[0] * g.a.kernel[1]
	unit = sgemm.MR / gcd(sgemm.MR, kk)
	return unit, ceilDiv(cg, unit)
}

// gemmCol2im is a col2imJob's GEMM and gather, split over (image group,
// channel block) pairs.
type gemmCol2im struct{ j *col2imJob }

func (b gemmCol2im) do(lo, hi int) { b.j.gemm(lo, hi) }

// gemm computes and gathers the (image group, channel block) pairs
// [lo, hi), index group·blocks + block: the blocks of one group in one
// product.
func (j *col2imJob) gemm(lo, hi int) {
	kk := j.g.a.kernel[0] * j.g.a.kernel[1]
	hw := j.g.h * j.g.w
	for idx := lo; idx < hi; {
		grp, b0 := idx/j.blocks, idx%j.blocks
		i0, i1 := grp*j.group, min((grp+1)*j.group, j.nb)
		// As many blocks as keep their rows in L1 while gathered.
		b1 := min(j.blocks, b0+hi-idx, b0+max(1, gatherL1/(j.unit*kk*(i1-i0)*hw)))
		idx += b1 - b0
		ch0, ch1 := b0*j.unit, min(b1*j.unit, j.cg)
		r0, r1 := ch0*kk, ch1*kk
		sgemm.MulSet(j.wt.Rows(r0, r1), j.pb.Cols(i0*hw, i1*hw), j.col[grp*j.grpSize+r0*j.rs:], j.rs)
		for i := i0; i < i1; i++ {
			j.channels(i, ch0, ch1)
		}
	}
}

// gcd returns the greatest common divisor of a, b > 0.
func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// scatterRow adds one kernel tap's contributions of one image: src holds
// the input pixels cs apart. The range of input columns landing inside
// the output is computed once per tap, so the inner loop has no branches.
func (g *geom) scatterRow(dst, src []float32, ki, kj, cs int) {
	sh, sw := g.a.strides[0], g.a.strides[1]
	offY, offX := ki*g.a.dilations[0]-g.pt, kj*g.a.dilations[1]-g.pl
	// ix in [lo, hi) gives 0 <= ix*sw+offX < ow.
	lo := max(0, ceilDiv(-offX, sw))
	hi := min(g.w, ceilDiv(g.ow-offX, sw))
	if lo >= hi {
		return
	}
	for iy := 0; iy < g.h; iy++ {
		oy := iy*sh + offY
		if oy < 0 || oy >= g.oh {
			continue
		}
		out := dst[oy*g.ow : (oy+1)*g.ow]
		in := src[iy*g.w*cs:]
		if cs == 1 {
			in = in[lo:hi]
			if sw == 1 {
				o := out[lo+offX : hi+offX]
				for i, v := range in {
					o[i] += v
				}
				continue
			}
			o := out[lo*sw+offX:]
			for i, v := range in {
				o[i*sw] += v
			}
			continue
		}
		for ix := lo; ix < hi; ix++ {
			out[ix*sw+offX] += in[ix*cs]
		}
	}
}
