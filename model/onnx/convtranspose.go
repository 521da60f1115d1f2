package onnx

import (
	"fmt"
	"sync"

	"github.com/latent-explorer/latent/model/sgemm"
)

// convTranspose is ConvTranspose, computed as a GEMM of the transposed
// weights with the input followed by col2im, the adjoint of Conv's
// im2col (Dumoulin and Visin, "A guide to convolution arithmetic for deep
// learning", 2016). Both GEMM orientations are prepared from constant
// weights on first use: Wᵀ·X when the input has many pixels, Xᵀ·W when it
// has few (a latent vector of 1×1 pixels, as DCGAN's first layer).
// Weights computed in the graph are packed at each run.
type convTranspose struct {
	convAttrs   // resolved at load when the weights are constant
	spec        convSpec
	outPadSet   []int // output_padding as given, or nil
	outShapeSet []int // output_shape's spatial sizes as given, or nil
	cin, coutG  int
	w           []float32 // constant weights, or nil
	bias        []float32
	onceA       sync.Once
	wt          []sgemm.PackedA // per group: (Cout/group·kh·kw) × Cin/group
	onceB       sync.Once
	wb          []sgemm.PackedB // per group: Cin/group × (Cout/group·kh·kw)
	oncePh      sync.Once
	wph         []sgemm.PackedA // per group and phase group: stacked sub-kernels (convtranspose_phase.go)
}

func buildConvTranspose(c *nodeCtx) (op, error) {
	if err := c.need(2, 3); err != nil {
		return nil, err
	}
	sp, err := readConvSpec(c)
	if err != nil {
		return nil, err
	}
	o := &convTranspose{spec: sp, outPadSet: intsOrNil(c.ints("output_padding")), outShapeSet: intsOrNil(c.ints("output_shape"))}
	if o.bias, err = constBias(c.input(2), c.nInputs() > 2 && c.in[2] >= 0); err != nil {
		return nil, err
	}
	w := c.input(1)
	if w == nil {
		return o, nil // computed weights: checked at run time
	}
	if len(w.Shape) == 5 {
		_, err := o.spec.resolveND(3, w.Shape[2:])
		return o, err // 3-D: read at each run
	}
	if o.convAttrs, err = o.resolve(w.Shape); err != nil {
		return nil, err
	}
	o.cin, o.coutG, o.w = w.Shape[0], w.Shape[1], w.Float
	if o.bias != nil && len(o.bias) != o.coutG*o.group {
		return nil, fmt.Errorf("a bias of %d values for %d output channels", len(o.bias), o.coutG*o.group)
	}
	return o, nil
}

// resolve checks the attributes against weights [Cin, Cout/group, k...].
func (o *convTranspose) resolve(ws []int) (convAttrs, error) {
	if len(ws) < 3 {
		return convAttrs{}, fmt.Errorf("weights of shape %v: want a float tensor of rank 3 or 4", ws)
	}
	a, err := o.spec.resolve(len(ws)-2, ws[2:])
	if err != nil {
		return a, err
	}
	if ws[0]%a.group != 0 {
		return a, fmt.Errorf("%d input channels do not split into %d groups", ws[0], a.group)
	}
	if o.outPadSet != nil && len(o.outPadSet) != a.dims {
		return a, fmt.Errorf("output_padding %v does not match %d spatial dimensions", o.outPadSet, a.dims)
	}
	if o.outShapeSet != nil && len(o.outShapeSet) != a.dims && len(o.outShapeSet) != a.dims+2 {
		return a, fmt.Errorf("output_shape %v does not match %d spatial dimensions", o.outShapeSet, a.dims)
	}
	return a, nil
}

// ctRun is one run's view of a ConvTranspose: attributes, weights and
// bias, constant or computed.
type ctRun struct {
	*convTranspose
	a          convAttrs
	cin, coutG int
	w          []float32 // computed weights, or nil for the constant ones
	bias       []float32
}

func (r *ctRun) mdim() int { return r.coutG * r.a.kernel[0] * r.a.kernel[1] }

// packedT returns per group Wᵀ as packed A matrices.
func (r *ctRun) packedT(s *Session) []sgemm.PackedA {
	if r.w == nil {
		r.onceA.Do(func() {
			r.convTranspose.wt = packTransposed(nil, nil, r.convTranspose.w, r.mdim(), r.cin/r.a.group, r.a.group)
		})
		return r.convTranspose.wt
	}
	m, k := r.mdim(), r.cin/r.a.group
	return packTransposed(s.headersA(r.a.group), s.slot(slotA, sgemm.PackedASize(m, k)*r.a.group), r.w, m, k, r.a.group)
}

// packedW returns per group W as packed B matrices.
func (r *ctRun) packedW(s *Session) []sgemm.PackedB {
	if r.w == nil {
		r.onceB.Do(func() {
			r.convTranspose.wb = packWeightsB(nil, nil, r.convTranspose.w, r.mdim(), r.cin/r.a.group, r.a.group)
		})
		return r.convTranspose.wb
	}
	m, k := r.mdim(), r.cin/r.a.group
	return packWeightsB(s.headersB(r.a.group), s.slot(slotB, sgemm.PackedBSize(k, m)*r.a.group), r.w, m, k, r.a.group)
}

// packTransposed packs each group's Wᵀ (m×k of the k×m weights) into dst
// and headers (nil allocates).
func packTransposed(headers []sgemm.PackedA, dst, w []float32, m, k, group int) []sgemm.PackedA {
	size := sgemm.PackedASize(m, k)
	if dst == nil {
		dst = make([]float32, size*group)
	}
	p := headers
	if p == nil {
		p = make([]sgemm.PackedA, group)
	}
	for g := range p {
		p[g] = sgemm.PackA(dst[g*size:(g+1)*size], w[g*k*m:], 1, m, m, k)
	}
	return p
}

// packWeightsB packs each group's W (k×m) into dst and headers (nil
// allocates).
func packWeightsB(headers []sgemm.PackedB, dst, w []float32, m, k, group int) []sgemm.PackedB {
	size := sgemm.PackedBSize(k, m)
	if dst == nil {
		dst = make([]float32, size*group)
	}
	p := headers
	if p == nil {
		p = make([]sgemm.PackedB, group)
	}
	for g := range p {
		p[g] = sgemm.PackB(dst[g*size:(g+1)*size], w[g*k*m:], m, 1, k, m)
	}
	return p
}

// outSize returns the output size along spatial dimension i and the begin
// padding.
func (r *ctRun) outSize(i, in int) (int, int) {
	a := &r.a
	k := (a.kernel[i]-1)*a.dilations[i] + 1
	s := a.strides[i]
	off := 2 - a.dims
	outPad := 0
	if r.outPadSet != nil && i >= off {
		outPad = r.outPadSet[i-off]
	}
	full := s*(in-1) + outPad + k
	if r.outShapeSet != nil {
		out := 1
		if i >= off {
			out = r.outShapeSet[len(r.outShapeSet)-a.dims+i-off]
		}
		// An output larger than the full one is padded at the end (as
		// onnxruntime does and the specification's cases expect).
		total := max(0, full-out)
		if a.autoPad == "SAME_UPPER" {
			return out, total / 2
		}
		return out, total - total/2
	}
	switch a.autoPad {
	case "SAME_UPPER", "SAME_LOWER":
		out := in * s
		total := full - out
		if a.autoPad == "SAME_UPPER" {
			return out, total / 2
		}
		return out, total - total/2
	case "VALID":
		return full, 0
	}
	return full - a.pads[i] - a.pads[2+i], a.pads[i]
}

// prepare returns the run's view: constant weights, or the computed input
// checked.
func (o *convTranspose) prepare(in []*Tensor) (ctRun, error) {
	r := ctRun{convTranspose: o, a: o.convAttrs, cin: o.cin, coutG: o.coutG}
	if o.w == nil {
		w := in[1]
		if !w.IsFloat() {
			return r, fmt.Errorf("weights of type %s", TypeName(w.Type))
		}
		a, err := o.resolve(w.Shape)
		if err != nil {
			return r, err
		}
		r.a, r.cin, r.coutG, r.w = a, w.Shape[0], w.Shape[1], w.Float
	}
	var err error
	cout := r.coutG * r.a.group
	r.bias, err = runBias(o.bias, in, cout)
	if err == nil && r.bias != nil && len(r.bias) != cout {
		err = fmt.Errorf("a bias of %d values for %d output channels", len(r.bias), cout)
	}
	return r, err
}

func (o *convTranspose) run(s *Session, in, out []*Tensor) error {
	if w := in[1]; len(w.Shape) == 5 && w.IsFloat() {
		bias, err := runBias(o.bias, in, w.Shape[1]*o.spec.group)
		if err != nil {
			return err
		}
		return o.runConvTranspose3D(in[0], w.Float, w.Shape, bias, out[0])
	}
	r, err := o.prepare(in)
	if err != nil {
		return err
	}
	x := in[0]
	n, cin, h, w, err := r.a.spatial(x.Shape)
	if err != nil {
		return err
	}
	if !x.IsFloat() || cin != r.cin {
		return fmt.Errorf("input of shape %v, the weights want %d channels", x.Shape, r.cin)
	}
	oh, pt := r.outSize(0, h)
	ow, pl := r.outSize(1, w)
	if oh < 1 || ow < 1 {
		return fmt.Errorf("output size %d×%d is empty", oh, ow)
	}
	cout := r.coutG * r.a.group
	if err := checkSize(n, cout, oh, ow); err != nil {
		return err
	}
	var sh [4]int
	y := out[0].floats(r.a.outShape(sh[:], n, cout, oh, ow)...)
	if err := checkWork(r.cin*r.mdim(), h*w); err != nil {
		return err
	}
	g := geom{n: n, c: cin, h: h, w: w, oh: oh, ow: ow, pt: pt, pl: pl, a: &r.a}
	if plan := newPhasePlan(&r.a); r.usePhases(&plan, &g) {
		r.runPhases(s, &plan, x.Float, y, &g)
		return nil
	}
	r.initBias(y, n, oh*ow)
	if h*w < sgemm.NR {
		r.runSmall(s, x.Float, y, &g)
		return nil
	}
	r.runLarge(s, x.Float, y, &g)
	return nil
}

func (o *ctRun) initBias(y []float32, n, ohw int) {
	cout := o.coutG * o.a.group
	for i := 0; i < n; i++ {
		for c := 0; c < cout; c++ {
			var b float32
			if o.bias != nil {
				b = o.bias[c]
			}
			dst := y[(i*cout+c)*ohw:][:ohw]
			for p := range dst {
				dst[p] = b
			}
		}
	}
}

// runLarge computes per group col = Wᵀ·X over a chunk of images, then
// col2im.
func (o *ctRun) runLarge(s *Session, x, y []float32, g *geom) {
	m, k, hw := o.mdim(), o.cin/o.a.group, g.h*g.w
	wt := o.packedT(s)
	chunk := max(1, colLimit/max(1, m*hw))
	for n0 := 0; n0 < g.n; n0 += chunk {
		nb := min(chunk, g.n-n0)
		cols := nb * hw
		for gi := 0; gi < o.a.group; gi++ {
			pb := packImages(s.slot(slotB, sgemm.PackedBSize(k, cols)), x, n0, nb, o.cin, hw, gi*k, k)
			col := s.slot(slotCol, m*cols)
			s.mul(wt[gi], pb, col, cols, true)
			s.col2im(g, y, col, n0, nb, o.coutG*o.a.group, gi*o.coutG, o.coutG, cols, 1)
		}
	}
}

// runSmall computes per group colᵀ = Xᵀ·W, rows (image, pixel).
func (o *ctRun) runSmall(s *Session, x, y []float32, g *geom) {
	m, k, hw := o.mdim(), o.cin/o.a.group, g.h*g.w
	wb := o.packedW(s)
	chunk := max(1, colLimit/max(1, m*hw))
	for n0 := 0; n0 < g.n; n0 += chunk {
		nb := min(chunk, g.n-n0)
		rows := nb * hw
		for gi := 0; gi < o.a.group; gi++ {
			col := s.slot(slotCol, rows*m)
			clear(col)
			src := x[(n0*o.cin+gi*k)*hw:]
			if hw == 1 {
				multiply(s, src, o.cin, 1, rows, wb[gi], col, m)
			} else {
				for i := 0; i < nb; i++ {
					img := src[i*o.cin*hw:]
					multiply(s, img, 1, hw, hw, wb[gi], col[i*hw*m:], m)
				}
			}
			s.col2im(g, y, col, n0, nb, o.coutG*o.a.group, gi*o.coutG, o.coutG, 1, m)
		}
	}
}

// packImages packs channels c0..c0+cg of images n0..n0+nb of x (NCHW with
// c channels of hw pixels) as a B matrix: rows channels, columns
// (image, pixel).
func packImages(dst, x []float32, n0, nb, c, hw, c0, cg int) sgemm.PackedB {
	if nb == 1 {
		return sgemm.PackB(dst, x[(n0*c+c0)*hw:], hw, 1, cg, hw)
	}
	cols := nb * hw
	dst = dst[:sgemm.PackedBSize(cg, cols)]
	for j0 := 0; j0 < cols; j0 += sgemm.NR {
		panel := dst[j0*cg : (j0+sgemm.NR)*cg]
		for q := 0; q < sgemm.NR; q++ {
			col := j0 + q
			if col >= cols {
				for r := 0; r < cg; r++ {
					panel[r*sgemm.NR+q] = 0
				}
				continue
			}
			src := x[((n0+col/hw)*c+c0)*hw+col%hw:]
			for r := 0; r < cg; r++ {
				panel[r*sgemm.NR+q] = src[r*hw]
			}
		}
	}
	return sgemm.PackedB{K: cg, N: cols, Data: dst}
}

// col2im adds the column matrix into y (NCHW, cout channels): element
// (row, column) at col[row*rs+column*cs], rows (channel c0+ch, ki, kj) for
// ch < cg, columns (image n0+i, input pixel).
func (g *geom) col2im(y, col []float32, n0, nb, cout, c0, cg, rs, cs int) {
	for idx := 0; idx < nb*cg; idx++ {
		g.col2imChannel(y, col, n0, idx/cg, cout, c0, idx%cg, rs, cs)
	}
}

// col2imChannel is col2im's output channel c0+ch of image n0+i.
func (g *geom) col2imChannel(y, col []float32, n0, i, cout, c0, ch, rs, cs int) {
	kh, kw := g.a.kernel[0], g.a.kernel[1]
	hw, ohw := g.h*g.w, g.oh*g.ow
	dst := y[((n0+i)*cout+c0+ch)*ohw:][:ohw]
	for ki := 0; ki < kh; ki++ {
		for kj := 0; kj < kw; kj++ {
			row := col[((ch*kh+ki)*kw+kj)*rs+i*hw*cs:]
			g.scatterRow(dst, row, ki, kj, cs)
		}
	}
}

// col2imJob is a col2im split over its (image, output channel) pairs,
// each written by one thread in one order.
type col2imJob struct {
	a                        convAttrs
	g                        geom
	y, col                   []float32
	n0, cout, c0, cg, rs, cs int
}

func (j *col2imJob) do(lo, hi int) {
	for idx := lo; idx < hi; idx++ {
		j.g.col2imChannel(j.y, j.col, j.n0, idx/j.cg, j.cout, j.c0, idx%j.cg, j.rs, j.cs)
	}
}

// col2im is geom.col2im on the session's threads.
func (s *Session) col2im(g *geom, y, col []float32, n0, nb, cout, c0, cg, rs, cs int) {
	if s == nil {
		g.col2im(y, col, n0, nb, cout, c0, cg, rs, cs)
		return
	}
	j := &s.col2imJob
	// The fields one by one: copying *g would let its pointer to the
	// run's attributes escape.
	*j = col2imJob{a: *g.a, y: y, col: col, n0: n0, cout: cout, c0: c0, cg: cg, rs: rs, cs: cs}
	j.g = geom{n: g.n, c: g.c, h: g.h, w: g.w, oh: g.oh, ow: g.ow, pt: g.pt, pl: g.pl, a: &j.a}
	// A scattered element costs about a dozen multiply-adds.
	s.parallel(j, nb*cg, 12*g.a.kernel[0]*g.a.kernel[1]*g.h*g.w)
	*j = col2imJob{}
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

// ceilDiv returns ⌈a/b⌉ for b > 0.
func ceilDiv(a, b int) int {
	if a >= 0 {
		return (a + b - 1) / b
	}
	return -(-a / b)
}
