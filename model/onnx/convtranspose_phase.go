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
// sub-kernels have the same number of taps share one im2col matrix: their
// sub-kernels are stacked as the rows of one weight matrix (s² times the
// output channels when s divides the kernel), and one GEMM gives all of
// them; its result goes straight into the strided output positions, with
// the bias. There is no col2im buffer and no scatter-add, and each output
// element is written once.

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

// ctPhaseRun is one phase group of one run: the geometry of its
// stride-1 convolution and its share of the scratch.
type ctPhaseRun struct {
	grp      ctPhaseGroup
	pg       int       // the group's index in the plan
	a        convAttrs // the sub-kernel's convolution
	g        geom
	q0h, q0w int // first q along each dimension
	m, k     int
	cols     int // images × phase positions
	panel0   int // first panel in the job's range
	w        sgemm.PackedA
	pb, c    []float32
}

// ctPhaseJob is a ConvTranspose's phase groups for one conv group and one
// chunk of images, split over the panels of all the groups' columns;
// each panel's im2col, product and store is independent of the others.
type ctPhaseJob struct {
	r        ctRun
	x, y     []float32
	n0, nb   int
	gi       int
	oh, ow   int
	pt, pl   int
	runs     [4]ctPhaseRun
	nr       int
	panels   int
	cinG, co int
}

func (j *ctPhaseJob) do(lo, hi int) {
	for i := 0; i < j.nr; i++ {
		pr := &j.runs[i]
		np := ceilDiv(pr.cols, sgemm.NR)
		a, b := max(lo, pr.panel0), min(hi, pr.panel0+np)
		if a >= b {
			continue
		}
		j0, j1 := (a-pr.panel0)*sgemm.NR, min((b-pr.panel0)*sgemm.NR, pr.cols)
		pb := pr.g.im2colPacked(pr.pb, j.x, j.n0, j.nb, j.gi*j.cinG, j.cinG, j0, j1)
		sgemm.MulSet(pr.w, pb.Cols(j0, j1), pr.c[j0:], pr.cols)
		j.store(pr, j0, j1)
	}
}

// store moves columns j0..j1 of a phase group's product, plus bias, to
// their output positions.
func (j *ctPhaseJob) store(pr *ctPhaseRun, j0, j1 int) {
	r := &j.r
	sh, sw := r.a.strides[0], r.a.strides[1]
	coutG, cout := r.coutG, r.coutG*r.a.group
	nqh, nqw := pr.g.oh, pr.g.ow
	nq, ohw := nqh*nqw, j.oh*j.ow
	nw := pr.grp.rw1 - pr.grp.rw0
	for row := 0; row < pr.m; row++ {
		ph, co := row/coutG, row%coutG
		rh, rw := pr.grp.rh0+ph/nw, pr.grp.rw0+ph%nw
		co += j.gi * coutG
		var b float32
		if r.bias != nil {
			b = r.bias[co]
		}
		// Valid q along the width: 0 ≤ q·sw + rw − pl < ow.
		qa, qb := ceilDiv(j.pl-rw, sw)-pr.q0w, floorDiv(j.ow-1+j.pl-rw, sw)-pr.q0w+1
		src := pr.c[row*pr.cols:]
		for col := j0; col < j1; {
			img, p := col/nq, col%nq
			qy, qx := p/nqw, p%nqw
			run := min(j1-col, nqw-qx)
			oy := (pr.q0h+qy)*sh + rh - j.pt
			if oy >= 0 && oy < j.oh {
				x0, x1 := max(qx, qa), min(qx+run, qb)
				if x0 < x1 {
					dst := j.y[((j.n0+img)*cout+co)*ohw+oy*j.ow:]
					s := src[col-qx+x0 : col-qx+x1]
					ox := (pr.q0w+x0)*sw + rw - j.pl
					if sw == 1 {
						d := dst[ox : ox+len(s)]
						for i, v := range s {
							d[i] = v + b
						}
					} else {
						d := dst[ox : ox+(len(s)-1)*sw+1]
						for i, v := range s {
							d[i*sw] = v + b
						}
					}
				}
			}
			col += run
		}
	}
}

// phaseCost returns the multiply-adds of the phase form of a run with an
// h×w input and oh×ow output, and of the GEMM + col2im form; the phase
// form computes padded rows and, when the stride does not divide the
// kernel, several sub-kernel shapes.
func (r *ctRun) phaseCost(p *ctPhasePlan, h, w, oh, ow, pt, pl int) (phase, col2im int) {
	cinG := r.cin / r.a.group
	for i := 0; i < p.n; i++ {
		g := &p.groups[i]
		_, nqh := qRange(g.rh0, g.rh1, r.a.strides[0], pt, oh)
		_, nqw := qRange(g.rw0, g.rw1, r.a.strides[1], pl, ow)
		m := ceilDiv(g.phases()*r.coutG, sgemm.MR) * sgemm.MR
		phase += m * cinG * g.kh * g.kw * max(0, nqh) * max(0, nqw)
	}
	m := ceilDiv(r.mdim(), sgemm.MR) * sgemm.MR
	return phase, m * cinG * h * w
}

// usePhases reports whether a run goes by stride phases: dilations 1 and
// no more work than GEMM + col2im by more than a quarter (col2im's
// scatter costs about that much; DCGAN's first layer, a 1×1 input, stays
// with the GEMM).
func (r *ctRun) usePhases(p *ctPhasePlan, g *geom) bool {
	if r.a.dilations != [2]int{1, 1} || forceCol2im {
		return false
	}
	phase, col := r.phaseCost(p, g.h, g.w, g.oh, g.ow, g.pt, g.pl)
	return forcePhases || 4*phase <= 5*col
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
	*j = ctPhaseJob{r: *r, x: x, y: y, oh: g.oh, ow: g.ow, pt: g.pt, pl: g.pl, cinG: r.cin / r.a.group}
	// Per image: the floats of the im2col matrices and products, and
	// the multiply-adds.
	perPB, perC, work := 0, 0, 0
	for i := 0; i < p.n; i++ {
		grp := &p.groups[i]
		q0h, nqh := qRange(grp.rh0, grp.rh1, r.a.strides[0], g.pt, g.oh)
		q0w, nqw := qRange(grp.rw0, grp.rw1, r.a.strides[1], g.pl, g.ow)
		if nqh <= 0 || nqw <= 0 {
			continue
		}
		pr := &j.runs[j.nr]
		j.nr++
		pr.grp, pr.pg, pr.q0h, pr.q0w = *grp, i, q0h, q0w
		pr.a = convAttrs{kernel: [2]int{grp.kh, grp.kw}, strides: [2]int{1, 1}, dilations: [2]int{1, 1}, group: 1, dims: 2}
		// Input q − j for q = q0 + q', tap j = kh−1−j': begin padding
		// kh−1−q0.
		pr.g = geom{n: g.n, c: g.c, h: g.h, w: g.w, oh: nqh, ow: nqw, pt: grp.kh - 1 - q0h, pl: grp.kw - 1 - q0w, a: &pr.a}
		pr.m, pr.k = grp.phases()*r.coutG, j.cinG*grp.kh*grp.kw
		perPB += pr.k * nqh * nqw
		perC += pr.m * nqh * nqw
		work += pr.m * pr.k * nqh * nqw
	}
	chunk := max(1, colLimit/max(1, perPB, perC))
	for n0 := 0; n0 < g.n; n0 += chunk {
		j.n0, j.nb = n0, min(chunk, g.n-n0)
		for gi := 0; gi < r.a.group; gi++ {
			j.gi = gi
			// Scratch per group: the packed im2col matrices in slotB,
			// the products in slotCol, one after the other.
			var nb, nc int
			for i := 0; i < j.nr; i++ {
				pr := &j.runs[i]
				pr.cols = j.nb * pr.g.oh * pr.g.ow
				nb += sgemm.PackedBSize(pr.k, pr.cols)
				nc += pr.m * pr.cols
			}
			pbAll, cAll := s.slot(slotB, nb), s.slot(slotCol, nc)
			j.panels = 0
			for i := 0; i < j.nr; i++ {
				pr := &j.runs[i]
				pr.w = wp[gi*4+pr.pg]
				nb, nc := sgemm.PackedBSize(pr.k, pr.cols), pr.m*pr.cols
				pr.pb, pr.c, pbAll, cAll = pbAll[:nb], cAll[:nc], pbAll[nb:], cAll[nc:]
				pr.panel0 = j.panels
				j.panels += ceilDiv(pr.cols, sgemm.NR)
			}
			if s == nil {
				j.do(0, j.panels)
			} else {
				s.parallel(j, j.panels, max(1, work*j.nb/max(1, j.panels)))
			}
		}
	}
	*j = ctPhaseJob{}
}
