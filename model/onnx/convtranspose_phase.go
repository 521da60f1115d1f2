package onnx

import (
	"github.com/latent-explorer/latent/model/sgemm"
)

// ConvTranspose by stride phases (the sub-pixel view of Shi et al.,
// "Real-time single image and video super-resolution using an efficient
// sub-pixel convolutional neural network", 2016). With stride s along a
// dimension, output position o = q·s + r − pad receives exactly the
// kernel taps k ≡ r (mod s), k = r + s·j, from input q − j. So the
// outputs of one phase r form an ordinary stride-1 convolution of the
// input with the sub-kernel of those taps, flipped. Phases whose
// sub-kernels have the same number of taps are stacked as the rows of
// one weight matrix (s² times the output channels when s divides the
// kernel), multiplied by offMul (convoff.go) with the zero-padded input
// read in place, over its padded width; each panel of the product goes
// straight into the strided output positions, with the bias. There is
// no im2col or col2im buffer and no scatter-add: each output element is
// written once. usePhases picks this or GEMM + col2im by shape.

// A ctPhaseGroup is a rectangle of phases, rh0 ≤ rh < rh1 and
// rw0 ≤ rw < rw1, whose sub-kernels have kh×kw taps.
type ctPhaseGroup struct {
	rh0, rh1, rw0, rw1 int
	kh, kw             int
}

func (g *ctPhaseGroup) phases() int { return (g.rh1 - g.rh0) * (g.rw1 - g.rw0) }

// A ctPhasePlan is the phase groups of a kernel and stride: along a
// dimension, phases r < k mod s have ⌈k/s⌉ taps and the others ⌊k/s⌋, so
// there are at most two kinds per dimension and four groups.
type ctPhasePlan struct {
	groups [4]ctPhaseGroup
	n      int
	empty  bool // phases without taps (kernel smaller than stride): bias only
}

// phaseRanges returns the phase ranges of one dimension: {r0, r1, taps}.
func phaseRanges(k, s int) (rs [2][3]int, n int, empty bool) {
	hi, split := ceilDiv(k, s), k%s
	if split == 0 {
		split = s
	}
	rs[0] = [3]int{0, split, hi}
	n = 1
	if split < s {
		if lo := k / s; lo > 0 {
			rs[1] = [3]int{split, s, lo}
			n = 2
		} else {
			empty = true
		}
	}
	return rs, n, empty
}

func newPhasePlan(a *convAttrs) ctPhasePlan {
	var p ctPhasePlan
	hs, nh, eh := phaseRanges(a.kernel[0], a.strides[0])
	ws, nw, ew := phaseRanges(a.kernel[1], a.strides[1])
	p.empty = eh || ew
	for i := 0; i < nh; i++ {
		for j := 0; j < nw; j++ {
			p.groups[p.n] = ctPhaseGroup{rh0: hs[i][0], rh1: hs[i][1], rw0: ws[j][0], rw1: ws[j][1], kh: hs[i][2], kw: ws[j][2]}
			p.n++
		}
	}
	return p
}

// floorDiv returns ⌊a/b⌋ for b > 0.
func floorDiv(a, b int) int {
	if a >= 0 {
		return a / b
	}
	return -ceilDiv(-a, b)
}

// qRange returns the range of q (output q·s + r − pad) that phases
// r0 ≤ r < r1 cover within an output of size out: first and count.
func qRange(r0, r1, s, pad, out int) (q0, n int) {
	q0 = ceilDiv(pad-(r1-1), s)
	return q0, floorDiv(out-1+pad-r0, s) - q0 + 1
}

// packPhaseWeights packs group pg's stacked sub-kernels for conv group gi
// into dst as an A matrix: rows (phase, output channel), columns (input
// channel, jh, jw), tap (jh, jw) of phase (rh, rw) being kernel element
// (rh + sh·(kh−1−jh), rw + sw·(kw−1−jw)).
func (r *ctRun) packPhaseWeights(dst, w []float32, pg *ctPhaseGroup, gi int) sgemm.PackedA {
	cinG, coutG := r.cin/r.a.group, r.coutG
	KH, KW := r.a.kernel[0], r.a.kernel[1]
	sh, sw := r.a.strides[0], r.a.strides[1]
	nw := pg.rw1 - pg.rw0
	m, k := pg.phases()*coutG, cinG*pg.kh*pg.kw
	dst = dst[:sgemm.PackedASize(m, k)]
	for i := 0; i < len(dst)/k; i++ {
		i0, ir := i/sgemm.MR*sgemm.MR, i%sgemm.MR
		out := dst[i0*k+ir:]
		if i >= m {
			for p := 0; p < k; p++ {
				out[p*sgemm.MR] = 0
			}
			continue
		}
		ph, co := i/coutG, i%coutG
		rh, rw := pg.rh0+ph/nw, pg.rw0+ph%nw
		p := 0
		for ci := 0; ci < cinG; ci++ {
			src := w[((gi*cinG+ci)*coutG+co)*KH*KW:]
			for jh := 0; jh < pg.kh; jh++ {
				row := src[(rh+sh*(pg.kh-1-jh))*KW:]
				for jw := 0; jw < pg.kw; jw++ {
					out[p*sgemm.MR] = row[rw+sw*(pg.kw-1-jw)]
					p++
				}
			}
		}
	}
	return sgemm.PackedA{M: m, K: k, Data: dst}
}

// phaseWeightsSize is the floats of all packed phase weights.
func (r *ctRun) phaseWeightsSize(p *ctPhasePlan) int {
	n := 0
	for i := 0; i < p.n; i++ {
		g := &p.groups[i]
		n += sgemm.PackedASize(g.phases()*r.coutG, r.cin/r.a.group*g.kh*g.kw)
	}
	return n * r.a.group
}

// packAllPhases packs every (conv group, phase group) pair into dst and
// headers, index gi·4 + pg.
func (r *ctRun) packAllPhases(headers []sgemm.PackedA, dst, w []float32, p *ctPhasePlan) []sgemm.PackedA {
	off := 0
	for gi := 0; gi < r.a.group; gi++ {
		for i := 0; i < p.n; i++ {
			g := &p.groups[i]
			size := sgemm.PackedASize(g.phases()*r.coutG, r.cin/r.a.group*g.kh*g.kw)
			headers[gi*4+i] = r.packPhaseWeights(dst[off:off+size], w, g, gi)
			off += size
		}
	}
	return headers
}

// phaseWeights returns the packed phase weights: prepared once for
// constant weights, packed into scratch for computed ones.
func (r *ctRun) phaseWeights(s *Session, p *ctPhasePlan) []sgemm.PackedA {
	if r.w == nil {
		r.oncePh.Do(func() {
			r.convTranspose.wph = r.packAllPhases(make([]sgemm.PackedA, 4*r.a.group),
				make([]float32, r.phaseWeightsSize(p)), r.convTranspose.w, p)
		})
		return r.convTranspose.wph
	}
	return r.packAllPhases(s.headersA(4*r.a.group), s.slot(slotA, r.phaseWeightsSize(p)), r.w, p)
}

// ctPhaseRun is one phase group of one run: its stride-1 convolution
// over the padded input, columns t = q'h·wp + q'w for output phase
// positions (q0h + q'h, q0w + q'w), q'w < nqw (the columns past nqw in
// each row are computed and dropped).
type ctPhaseRun struct {
	grp      ctPhaseGroup
	pg       int // the group's index in the plan
	q0h, q0w int // first q along each dimension
	nqh, nqw int
	m, k     int
	cols     int // columns per image: (nqh−1)·wp + nqw
	ppi      int // panels per image
	panel0   int // first panel in the job's range
	w        sgemm.PackedA
	off      []int     // row offsets of (channel, jh, jw) in the padded input
	c        []float32 // m×NR per panel
}

// ctPhaseJob is a ConvTranspose's phase groups for one conv group and one
// chunk of images, split over the panels of all the groups' columns;
// each panel's product and store is independent of the others.
type ctPhaseJob struct {
	r      ctRun
	xp, y  []float32 // padded input of the chunk, output
	hp, wp int       // padded input size
	n0, nb int
	gi     int
	oh, ow int
	pt, pl int
	runs   [4]ctPhaseRun
	nr     int
	panels int
	cinG   int
}

func (j *ctPhaseJob) do(lo, hi int) {
	plane := j.hp * j.wp
	cin := j.cinG * j.r.a.group
	for i := 0; i < j.nr; i++ {
		pr := &j.runs[i]
		a, b := max(lo, pr.panel0), min(hi, pr.panel0+j.nb*pr.ppi)
		for idx := a; idx < b; idx++ {
			local := idx - pr.panel0
			img, t0 := local/pr.ppi, local%pr.ppi*sgemm.NR
			n := min(sgemm.NR, pr.cols-t0)
			c := pr.c[local*pr.m*sgemm.NR:][:pr.m*sgemm.NR]
			offMul(pr.w, j.xp[(img*cin+j.gi*j.cinG)*plane+t0:], pr.off, nil, c, sgemm.NR, n)
			j.store(pr, c, img, t0, n)
		}
	}
}

// store moves a panel's product, columns t0..t0+n of image img, plus
// bias, to their output positions. The phases along the width of one
// output row interleave, so they are stored together, q by q.
func (j *ctPhaseJob) store(pr *ctPhaseRun, c []float32, img, t0, n int) {
	r := &j.r
	sh, sw := r.a.strides[0], r.a.strides[1]
	coutG, cout := r.coutG, r.coutG*r.a.group
	ohw := j.oh * j.ow
	nh, nw := pr.grp.rh1-pr.grp.rh0, pr.grp.rw1-pr.grp.rw0
	// Valid q'w of phase rw0+i: qa[i] ≤ q'w < qb[i], from
	// 0 ≤ (q0w + q'w)·sw + rw − pl < ow and q'w < nqw; all valid in
	// [qlo, qhi).
	var qa, qb [maxPhaseW]int
	qlo, qhi := 0, pr.nqw
	for i := 0; i < nw; i++ {
		rw := pr.grp.rw0 + i
		qa[i] = max(0, ceilDiv(j.pl-rw, sw)-pr.q0w)
		qb[i] = min(pr.nqw, floorDiv(j.ow-1+j.pl-rw, sw)-pr.q0w+1)
		qlo, qhi = max(qlo, qa[i]), min(qhi, qb[i])
	}
	// Output column of q'w and phase rw0+i: base + q'w·sw + i.
	base := pr.q0w*sw + pr.grp.rw0 - j.pl
	out := j.y[(j.n0+img)*cout*ohw:][:cout*ohw]
	var src [maxPhaseW][]float32
	// Segments of the panel in one row of q, outside; the rows of the
	// product (phase, channel) inside.
	for t := t0; t < t0+n; {
		qy, qx := t/j.wp, t%j.wp
		run := min(t0+n-t, j.wp-qx)
		end := min(qx+run, pr.nqw)
		off := t - t0 - qx // the product's column of q'w is off + q'w
		lo, hi := max(qx, qlo), min(end, qhi)
		if lo >= hi {
			lo, hi = end, end
		}
		for ph := 0; ph < nh && qx < end; ph++ {
			oy := (pr.q0h+qy)*sh + pr.grp.rh0 + ph - j.pt
			if oy < 0 || oy >= j.oh {
				continue
			}
			for cg := 0; cg < coutG; cg++ {
				co := j.gi*coutG + cg
				var b float32
				if r.bias != nil {
					b = r.bias[co]
				}
				for i := 0; i < nw; i++ {
					src[i] = c[((ph*nw+i)*coutG+cg)*sgemm.NR:][:n]
				}
				row := out[co*ohw+oy*j.ow:][:j.ow]
				if lo < hi {
					storePhases(row[base+lo*sw:], src[:nw], off+lo, off+hi, sw, b)
				}
				// The edges, where only some phases land in the output.
				for q := qx; q < end; q++ {
					if q == lo {
						q = hi - 1
						continue
					}
					for i := 0; i < nw; i++ {
						if q >= qa[i] && q < qb[i] {
							row[base+q*sw+i] = src[i][off+q] + b
						}
					}
				}
			}
		}
		t += run
	}
}

// storePhases writes out[q·sw + i] = src[i][q0+q] + b for q < q1−q0 and
// every phase i.
func storePhases(out []float32, src [][]float32, q0, q1, sw int, b float32) {
	n := q1 - q0
	switch {
	case len(src) == 4 && sw == 4:
		s0, s1, s2, s3 := src[0][q0:q1], src[1][q0:q1], src[2][q0:q1], src[3][q0:q1]
		s1, s2, s3 = s1[:len(s0)], s2[:len(s0)], s3[:len(s0)]
		out = out[:4*n]
		for q, v := range s0 {
			d := (*[4]float32)(out[4*q:])
			d[0], d[1], d[2], d[3] = v+b, s1[q]+b, s2[q]+b, s3[q]+b
		}
	case len(src) == 2 && sw == 2:
		s0, s1 := src[0][q0:q1], src[1][q0:q1]
		s1 = s1[:len(s0)]
		out = out[:2*n]
		for q, v := range s0 {
			d := (*[2]float32)(out[2*q:])
			d[0], d[1] = v+b, s1[q]+b
		}
	default:
		for i, s := range src {
			d := out[i:]
			for q, v := range s[q0:q1] {
				d[q*sw] = v + b
			}
		}
	}
}

// maxPhaseW bounds the phases along the width a group may hold (the
// stride); wider strides take the GEMM + col2im path.
const maxPhaseW = 8

// phaseCost estimates the cost of a run by phases and by GEMM + col2im,
// in multiply-adds, for one image of h×w input and oh×ow output. The
// phase form's GEMM computes whole row tiles and panels over the padded
// width, then stores each output once (about 8 multiply-adds an
// element); col2im's GEMM writes Cout·kh·kw rows that its gather sums
// into the output: about 4 multiply-adds an element with stride 2
// (gatherPairs), 12 with other strides, 28 for the scatter (measured on
// the decoders' layers at one thread, TestConvTransposeTiming). The
// choice must not depend on the thread count: the two forms round
// differently.
func (r *ctRun) phaseCost(p *ctPhasePlan, g *geom) (phase, col2im int) {
	h, w, oh, ow, pt, pl := g.h, g.w, g.oh, g.ow, g.pt, g.pl
	cinG := r.cin / r.a.group
	// The padded width, as runPhases computes it.
	pL := 0
	for i := 0; i < p.n; i++ {
		g := &p.groups[i]
		q0, _ := qRange(g.rw0, g.rw1, r.a.strides[1], pl, ow)
		pL = max(pL, g.kw-1-q0)
	}
	wp := pL + w
	for i := 0; i < p.n; i++ {
		g := &p.groups[i]
		q0, nq := qRange(g.rw0, g.rw1, r.a.strides[1], pl, ow)
		wp = max(wp, pL-(g.kw-1-q0)+nq+g.kw-1)
	}
	for i := 0; i < p.n; i++ {
		g := &p.groups[i]
		_, nqh := qRange(g.rh0, g.rh1, r.a.strides[0], pt, oh)
		_, nqw := qRange(g.rw0, g.rw1, r.a.strides[1], pl, ow)
		if nqh <= 0 || nqw <= 0 {
			continue
		}
		m := ceilDiv(g.phases()*r.coutG, sgemm.MR) * sgemm.MR
		cols := ceilDiv((nqh-1)*wp+nqw, sgemm.NR) * sgemm.NR
		phase += m * cinG * g.kh * g.kw * cols
	}
	phase += 8 * r.coutG * oh * ow
	m := ceilDiv(r.mdim(), sgemm.MR) * sgemm.MR
	col2im = m*cinG*ceilDiv(h*w, sgemm.NR)*sgemm.NR + gatherCost(g)*r.mdim()*h*w
	return phase * r.a.group, col2im * r.a.group
}

// gatherCost is col2im's cost an element of its column matrix, in
// multiply-adds (phaseCost).
func gatherCost(g *geom) int {
	switch {
	case !g.gathers():
		return 28
	case g.a.strides[1] == 2 && g.h*g.w >= sgemm.NR:
		return 4
	}
	return 12
}

// usePhases reports whether a run goes by stride phases: dilations 1, a
// stride that divides the kernel (otherwise the phases' sub-kernels
// differ, and their small GEMMs lost to col2im on convbn's 3×3 stride-2
// layer) and a lower cost estimate. The 2-D stride-2 layers of the
// decoders (DCGAN-64, VQ-VAE, convbn, the conditional decoder) take
// col2im, whose stride-2 gather is cheap; the 1-D audio decoder's
// stride-4 layers of 1024 samples and more go by phases.
func (r *ctRun) usePhases(p *ctPhasePlan, g *geom) bool {
	if r.a.dilations != [2]int{1, 1} || r.a.strides[1] > maxPhaseW || forceCol2im {
		return false
	}
	if forcePhases {
		return true
	}
	if r.a.kernel[0]%r.a.strides[0] != 0 || r.a.kernel[1]%r.a.strides[1] != 0 {
		return false
	}
	phase, col := r.phaseCost(p, g)
	return phase < col
}

// forceCol2im and forcePhases pick the path regardless of cost (tests).
var forceCol2im, forcePhases bool

// runPhases computes the ConvTranspose by stride phases.
func (r *ctRun) runPhases(s *Session, p *ctPhasePlan, x, y []float32, g *geom) {
	if p.empty {
		r.initBias(y, g.n, g.oh*g.ow)
	}
	wp := r.phaseWeights(s, p)
	var j *ctPhaseJob
	if s != nil {
		j = &s.ctPhaseJob
	} else {
		j = new(ctPhaseJob)
	}
	*j = ctPhaseJob{r: *r, y: y, oh: g.oh, ow: g.ow, pt: g.pt, pl: g.pl, cinG: r.cin / r.a.group}
	// Phase group i reads input q'+j'−P for output q' and tap j',
	// P = kh−1−q0 along each dimension; the padded input begins PT, PL
	// before the input and is large enough for every group.
	pT, pL, nOff := 0, 0, 0
	for i := 0; i < p.n; i++ {
		grp := &p.groups[i]
		q0h, nqh := qRange(grp.rh0, grp.rh1, r.a.strides[0], g.pt, g.oh)
		q0w, nqw := qRange(grp.rw0, grp.rw1, r.a.strides[1], g.pl, g.ow)
		if nqh <= 0 || nqw <= 0 {
			continue
		}
		pr := &j.runs[j.nr]
		j.nr++
		*pr = ctPhaseRun{grp: *grp, pg: i, q0h: q0h, q0w: q0w, nqh: nqh, nqw: nqw,
			m: grp.phases() * r.coutG, k: j.cinG * grp.kh * grp.kw}
		pT, pL = max(pT, grp.kh-1-q0h), max(pL, grp.kw-1-q0w)
		nOff += pr.k
	}
	hp, wpad := pT+g.h, pL+g.w
	for i := 0; i < j.nr; i++ {
		pr := &j.runs[i]
		hp = max(hp, pT-(pr.grp.kh-1-pr.q0h)+pr.nqh+pr.grp.kh-1)
		wpad = max(wpad, pL-(pr.grp.kw-1-pr.q0w)+pr.nqw+pr.grp.kw-1)
	}
	j.hp, j.wp = hp, wpad
	plane := hp * wpad
	offs := s.ints(nOff)
	work := 0
	for i := 0; i < j.nr; i++ {
		pr := &j.runs[i]
		pr.off, offs = offs[:pr.k], offs[pr.k:]
		dh, dw := pT-(pr.grp.kh-1-pr.q0h), pL-(pr.grp.kw-1-pr.q0w)
		for ci := 0; ci < j.cinG; ci++ {
			for jh := 0; jh < pr.grp.kh; jh++ {
				for jw := 0; jw < pr.grp.kw; jw++ {
					pr.off[(ci*pr.grp.kh+jh)*pr.grp.kw+jw] = ci*plane + (jh+dh)*wpad + jw + dw
				}
			}
		}
		pr.cols = (pr.nqh-1)*wpad + pr.nqw
		pr.ppi = ceilDiv(pr.cols, sgemm.NR)
		work += pr.m * pr.k * pr.ppi * sgemm.NR
	}
	perC := 0
	for i := 0; i < j.nr; i++ {
		perC += j.runs[i].m * j.runs[i].ppi * sgemm.NR
	}
	chunk := max(1, colLimit/max(1, g.c*plane, perC))
	for n0 := 0; n0 < g.n; n0 += chunk {
		nb := min(chunk, g.n-n0)
		j.n0, j.nb = n0, nb
		xp := s.slot(slotB, nb*g.c*plane+sgemm.NR)
		clear(xp)
		for i := 0; i < nb*g.c; i++ {
			src, dst := x[(n0*g.c+i)*g.h*g.w:], xp[i*plane+pT*wpad+pL:]
			for iy := 0; iy < g.h; iy++ {
				copy(dst[iy*wpad:iy*wpad+g.w], src[iy*g.w:(iy+1)*g.w])
			}
		}
		j.xp = xp
		cAll := s.slot(slotCol, nb*perC)
		j.panels = 0
		for i := 0; i < j.nr; i++ {
			pr := &j.runs[i]
			nc := nb * pr.ppi * pr.m * sgemm.NR
			pr.c, cAll = cAll[:nc], cAll[nc:]
			pr.panel0 = j.panels
			j.panels += nb * pr.ppi
		}
		for gi := 0; gi < r.a.group; gi++ {
			j.gi = gi
			for i := 0; i < j.nr; i++ {
				j.runs[i].w = wp[gi*4+j.runs[i].pg]
			}
			if s == nil {
				j.do(0, j.panels)
			} else {
				s.parallel(j, j.panels, max(1, work/max(1, j.panels/nb)))
			}
		}
	}
	*j = ctPhaseJob{}
}
