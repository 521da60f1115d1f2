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
	// act is an elementwise activation fused into the operator (fuse.go),
	// applied to each output channel as it is gathered, or nil.
	act chanAct
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
		if err := o.runConvTranspose3D(in[0], w.Float, w.Shape, bias, out[0]); err != nil {
			return err
		}
		o.act.apply(out[0].Float)
		return nil
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
	bias := r.gatherBias(s, &g)
	switch plan := newPhasePlan(&r.a); {
	case r.usePhases(&plan, &g):
		r.runPhases(s, &plan, x.Float, y, &g)
	case bias == nil:
		r.initBias(y, n, oh*ow)
		r.runLarge(s, x.Float, y, nil, &g)
	case r.vectorIn(&g):
		r.runVector(s, x.Float, y)
		return nil
	case h*w < sgemm.NR:
		r.runSmall(s, x.Float, y, bias, &g)
		return nil
	default:
		r.runLarge(s, x.Float, y, bias, &g)
		return nil
	}
	o.act.apply(y)
	return nil
}

// gatherBias returns the bias col2im's gather writes with (zeros when
// the operator has none), or nil when the shape takes the scatter.
func (r *ctRun) gatherBias(s *Session, g *geom) []float32 {
	if !g.gathers() {
		return nil
	}
	if r.bias != nil {
		return r.bias
	}
	zeros := s.weightScratch(r.coutG * r.a.group)
	clear(zeros)
	return zeros
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
// col2im (bias: see Session.col2im). When col2im gathers, the GEMM and
// the gather go together over blocks of output channels (col2imGEMM),
// or, with too few blocks to share among the threads (DCGAN's and
// VQ-VAE's last layers, 3 output channels), the packing of X and the
// GEMM go together over its panels of columns (packMulJob), then the
// gather; the sums are the same either way.
func (o *ctRun) runLarge(s *Session, x, y, bias []float32, g *geom) {
	m, k, hw := o.mdim(), o.cin/o.a.group, g.h*g.w
	cout := o.coutG * o.a.group
	wt := o.packedT(s)
	chunk := max(1, colLimit/max(1, m*hw))
	for n0 := 0; n0 < g.n; n0 += chunk {
		nb := min(chunk, g.n-n0)
		cols := nb * hw
		for gi := 0; gi < o.a.group; gi++ {
			pb := sgemm.PackedB{K: k, N: cols, Data: s.slot(slotB, sgemm.PackedBSize(k, cols))}
			ld := colStride(cols)
			panels := ceilDiv(cols, sgemm.NR)
			_, blocks := channelBlocks(g, o.coutG)
			switch {
			case bias != nil && blocks >= 2*s.threadCount():
				s.packMul(packMulJob{pb: pb, x: x, n0: n0, c: o.cin, hw: hw, c0: gi * k, packOnly: true})
				col := s.slot(slotCol, gemmColSize(m, nb, hw))
				s.col2imGEMM(wt[gi], pb, g, y, col, bias, o.act, n0, nb, cout, gi*o.coutG, o.coutG)
			case bias != nil:
				col := s.slot(slotCol, m*ld)
				s.packMul(packMulJob{wt: wt[gi], pb: pb, col: col, ld: ld, x: x, n0: n0, c: o.cin, hw: hw, c0: gi * k})
				s.col2im(g, y, col, bias, o.act, n0, nb, cout, gi*o.coutG, o.coutG, ld, 1)
			default:
				col := s.slot(slotCol, m*ld)
				packImagePanels(pb, x, n0, o.cin, hw, gi*k, 0, panels)
				s.mul(wt[gi], pb, col, ld, true)
				s.col2im(g, y, col, nil, chanAct{}, n0, nb, cout, gi*o.coutG, o.coutG, ld, 1)
			}
		}
	}
}

// colStride returns the row stride of a column matrix of cols columns:
// cols, or a panel more when rows a multiple of 4 KiB apart would put
// the taps col2im reads together (16 rows for a 4×4 kernel) in one set
// of the L1 cache (batch 64's rows of 4096 columns: the gather took 15 %
// of VQ-VAE's run instead of 4 %).
func colStride(cols int) int {
	if cols%1024 == 0 {
		return cols + sgemm.NR
	}
	return cols
}

// packMulJob computes col = wt·pb, packing each panel of pb (packImagePanels'
// matrix of images n0… of x) as it multiplies it, or only packs pb
// (packOnly); split over the panels.
type packMulJob struct {
	wt                sgemm.PackedA
	pb                sgemm.PackedB
	col, x            []float32
	ld, n0, c, hw, c0 int // ld: col's row stride
	packOnly          bool
}

func (j *packMulJob) do(lo, hi int) {
	packImagePanels(j.pb, j.x, j.n0, j.c, j.hw, j.c0, lo, hi)
	if j.packOnly {
		return
	}
	j0, j1 := lo*sgemm.NR, min(hi*sgemm.NR, j.pb.N)
	sgemm.MulSet(j.wt, j.pb.Cols(j0, j1), j.col[j0:], j.ld)
}

// packMul runs j on the session's threads.
func (s *Session) packMul(j packMulJob) {
	panels := ceilDiv(j.pb.N, sgemm.NR)
	if s == nil {
		j.do(0, panels)
		return
	}
	s.packMulJob = j
	// A packed float costs about as much as a multiply-add.
	s.parallel(&s.packMulJob, panels, (j.wt.M+1)*j.pb.K*sgemm.NR)
	s.packMulJob = packMulJob{}
}

// vectorIn reports whether each image is one pixel whose output is the
// kernel's window, each output element one tap (DCGAN's first layer, a
// latent vector spread over a 4×4 kernel): no pads, dilations 1, one
// group.
func (r *ctRun) vectorIn(g *geom) bool {
	return g.h == 1 && g.w == 1 && g.oh == r.a.kernel[0] && g.ow == r.a.kernel[1] && g.pt == 0 && g.pl == 0 &&
		r.a.dilations == [2]int{1, 1} && r.a.group == 1
}

// runVector computes a vectorIn run: Xᵀ·W, rows images, columns
// (channel, ki, kj), is the output itself; then the bias and the
// activation. One image's product splits over the panels of W, each
// chunk adding its bias and activation (vectorJob): it streams W, 3.3 MB
// for DCGAN's first layer, from memory.
func (o *ctRun) runVector(s *Session, x, y []float32) {
	m := o.mdim()
	n := len(y) / m
	wb := o.packedW(s)[0]
	j := vectorJob{x: x, y: y, w: wb, bias: o.bias, act: o.act, coutG: o.coutG}
	if n > 1 {
		clear(y)
		multiply(s, x, o.cin, 1, n, wb, y, m)
		j.x = nil
		j.do(0, n*ceilDiv(m, sgemm.NR))
		return
	}
	panels := ceilDiv(m, sgemm.NR)
	if s == nil {
		j.do(0, panels)
		return
	}
	s.vectorJob = j
	s.parallel(&s.vectorJob, panels, o.cin*sgemm.NR)
	s.vectorJob = vectorJob{}
}

// vectorJob is runVector's work over panels of NR output elements of
// the images' outputs laid end to end: with x set (one image), the
// product of x and those panels of w; then their bias and activation.
type vectorJob struct {
	x, y, bias []float32
	w          sgemm.PackedB
	act        chanAct
	coutG      int
}

func (j *vectorJob) do(lo, hi int) {
	m := j.w.N
	kk := m / j.coutG
	j0, j1 := lo*sgemm.NR, min(hi*sgemm.NR, len(j.y))
	if j.x != nil {
		seg := j.y[j0:j1]
		clear(seg)
		sgemm.Gemv(j.x[:j.w.K], j.w.Cols(j0, j1), seg)
	}
	for e := j0; e < j1; {
		c := e % m / kk
		end := min(j1, e-e%kk+kk)
		seg := j.y[e:end]
		if j.bias != nil {
			b := j.bias[c]
			for p := range seg {
				seg[p] += b
			}
		}
		j.act.apply(seg)
		e = end
	}
}

// runSmall computes per group colᵀ = Xᵀ·W, rows (image, pixel).
func (o *ctRun) runSmall(s *Session, x, y, bias []float32, g *geom) {
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
			s.col2im(g, y, col, bias, o.act, n0, nb, o.coutG*o.a.group, gi*o.coutG, o.coutG, 1, m)
		}
	}
}

// packImagePanels fills panels [p0, p1) of pb, the B matrix of channels
// c0..c0+pb.K of images n0… of x (NCHW with c channels of hw pixels):
// rows channels, columns (image, pixel).
func packImagePanels(pb sgemm.PackedB, x []float32, n0, c, hw, c0, p0, p1 int) {
	cg, cols := pb.K, pb.N
	for j0 := p0 * sgemm.NR; j0 < p1*sgemm.NR; j0 += sgemm.NR {
		panel := pb.Data[j0*cg : (j0+sgemm.NR)*cg]
		if img, px := j0/hw, j0%hw; px+sgemm.NR <= hw && j0+sgemm.NR <= cols {
			// The panel's columns are one run of pixels of one
			// image: four 16-byte moves a row.
			src := x[((n0+img)*c+c0)*hw+px:]
			for r := 0; r < cg; r++ {
				d, s := panel[r*sgemm.NR:(r+1)*sgemm.NR], src[r*hw:r*hw+sgemm.NR]
				*(*[4]float32)(d[0:4]) = *(*[4]float32)(s[0:4])
				*(*[4]float32)(d[4:8]) = *(*[4]float32)(s[4:8])
				*(*[4]float32)(d[8:12]) = *(*[4]float32)(s[8:12])
				*(*[4]float32)(d[12:16]) = *(*[4]float32)(s[12:16])
			}
			continue
		}
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
}

// ceilDiv returns ⌈a/b⌉ for b > 0.
func ceilDiv(a, b int) int {
	if a >= 0 {
		return (a + b - 1) / b
	}
	return -(-a / b)
}
