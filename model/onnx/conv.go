package onnx

import (
	"fmt"

	"github.com/latent-explorer/latent/model/sgemm"
)

// convAttrs are the attributes Conv and ConvTranspose share, for 1-D and
// 2-D operators (1-D runs as 2-D with height 1); 3-D and the pools use
// ndAttrs (nd.go).
type convAttrs struct {
	autoPad   string
	kernel    [2]int
	strides   [2]int
	dilations [2]int
	pads      [4]int // top, left, bottom, right
	group     int
	dims      int // spatial dimensions, 1 or 2
}

// convSpec holds the shared attributes as the node gives them, before
// the kernel's shape is known: a computed weight gives it only at run
// time.
type convSpec struct {
	autoPad                         string
	group                           int
	kernel, strides, dilations, pad []int // nil where not given
}

// readConvSpec reads the shared attributes.
func readConvSpec(c *nodeCtx) (convSpec, error) {
	sp := convSpec{autoPad: c.string("auto_pad", "NOTSET"), group: int(c.int("group", 1))}
	sp.kernel, sp.strides = intsOrNil(c.ints("kernel_shape")), intsOrNil(c.ints("strides"))
	sp.dilations, sp.pad = intsOrNil(c.ints("dilations")), intsOrNil(c.ints("pads"))
	switch sp.autoPad {
	case "NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID":
	default:
		return sp, fmt.Errorf("auto_pad %q: %w", sp.autoPad, ErrUnsupported)
	}
	if sp.group < 1 {
		return sp, fmt.Errorf("group %d", sp.group)
	}
	return sp, nil
}

func intsOrNil(v []int64) []int {
	if v == nil {
		return nil
	}
	return toInts(v)
}

// resolve checks the attributes against dims spatial dimensions and a
// kernel of the given shape (nil: kernel_shape gives it). It does not
// allocate, so a computed weight may be resolved at each run.
func (sp *convSpec) resolve(dims int, kernel []int) (convAttrs, error) {
	a := convAttrs{autoPad: sp.autoPad, group: sp.group, dims: dims}
	if dims < 1 || dims > 2 {
		return a, fmt.Errorf("%d spatial dimensions: %w (1 or 2)", dims, ErrUnsupported)
	}
	if sp.kernel != nil {
		if kernel != nil && !equalShapes(sp.kernel, kernel) {
			return a, fmt.Errorf("kernel_shape %v differs from the weights' %v", sp.kernel, kernel)
		}
		kernel = sp.kernel
	}
	if len(kernel) != dims {
		return a, fmt.Errorf("kernel_shape %v does not match %d spatial dimensions", kernel, dims)
	}
	for _, v := range [][]int{sp.strides, sp.dilations} {
		if v != nil && len(v) != dims {
			return a, fmt.Errorf("strides %v or dilations %v do not match %d spatial dimensions", sp.strides, sp.dilations, dims)
		}
	}
	if sp.pad != nil && len(sp.pad) != 2*dims {
		return a, fmt.Errorf("pads %v does not match %d spatial dimensions", sp.pad, dims)
	}
	a.kernel, a.strides, a.dilations = [2]int{1, 1}, [2]int{1, 1}, [2]int{1, 1}
	off := 2 - dims
	for i := 0; i < dims; i++ {
		a.kernel[off+i] = kernel[i]
		if sp.strides != nil {
			a.strides[off+i] = sp.strides[i]
		}
		if sp.dilations != nil {
			a.dilations[off+i] = sp.dilations[i]
		}
		if sp.pad != nil {
			a.pads[off+i], a.pads[2+off+i] = sp.pad[i], sp.pad[dims+i]
		}
	}
	for i := 0; i < 2; i++ {
		if a.kernel[i] < 1 || a.strides[i] < 1 || a.dilations[i] < 1 || a.pads[i] < 0 || a.pads[2+i] < 0 {
			return a, fmt.Errorf("bad kernel, strides, dilations or pads")
		}
	}
	return a, nil
}

// spatial returns a 4-D view [n c h w] of a 3-D or 4-D input.
func (a *convAttrs) spatial(shape []int) (n, c, h, w int, err error) {
	if len(shape) != a.dims+2 {
		return 0, 0, 0, 0, fmt.Errorf("input of shape %v, want %d dimensions", shape, a.dims+2)
	}
	if a.dims == 1 {
		return shape[0], shape[1], 1, shape[2], nil
	}
	return shape[0], shape[1], shape[2], shape[3], nil
}

// outSize computes a Conv's or pool's output size along dimension i and
// its begin padding, applying auto_pad.
func (a *convAttrs) outSize(i, in int, ceil bool) (out, padBegin int) {
	k := (a.kernel[i]-1)*a.dilations[i] + 1
	s := a.strides[i]
	switch a.autoPad {
	case "SAME_UPPER", "SAME_LOWER":
		out = (in + s - 1) / s
		total := max(0, (out-1)*s+k-in)
		if a.autoPad == "SAME_UPPER" {
			return out, total / 2
		}
		return out, total - total/2
	case "VALID":
		return (in-k)/s + 1, 0
	}
	span := in + a.pads[i] + a.pads[2+i] - k
	if ceil {
		out = (span+s-1)/s + 1
		// The last window must start inside the input or its left padding.
		if (out-1)*s >= in+a.pads[i] {
			out--
		}
	} else {
		out = span/s + 1
	}
	return out, a.pads[i]
}

// outShape returns the 4-D output shape in the input's rank.
func (a *convAttrs) outShape(dst []int, n, c, h, w int) []int {
	if a.dims == 1 {
		return append(dst[:0], n, c, w)
	}
	return append(dst[:0], n, c, h, w)
}

// conv is Conv, computed as im2col followed by a GEMM with the weights
// (Chellapilla et al., "High performance convolutional neural networks
// for document processing", 2006). Constant weights are packed at load;
// weights computed in the graph (StyleGAN2's modulated convolution) are
// packed at each run.
type conv struct {
	convAttrs                  // resolved at load when the weights are constant
	spec       convSpec        // the attributes, for computed weights
	cout, cinG int             // from constant weights
	weights    []sgemm.PackedA // per group: Cout/group × Cin/group·kh·kw; nil if computed
	bias       []float32       // constant bias, or nil
	wino       *winograd       // F(2×2, 3×3) weights when the layer suits it (winograd.go)
}

// checkWork refuses a convolution of one image whose weights (weights
// elements) meet positions pixels more often than any decoder needs: a
// malformed model fails with an error instead of running for hours. The
// bound (2⁴⁰ multiply-adds at the default maxElems) is 16 times that of
// the largest layer of a 512×512 Stable Diffusion VAE decoder.
func checkWork(weights, positions int) error {
	if positions > 0 && weights > (maxElems<<10)/positions {
		return fmt.Errorf("weights of %d elements over %d positions per image: too much work", weights, positions)
	}
	return nil
}

// colLimit bounds the floats of one im2col or col2im matrix; batches are
// processed in chunks that fit.
const colLimit = 4 << 20

func buildConv(c *nodeCtx) (op, error) {
	if err := c.need(2, 3); err != nil {
		return nil, err
	}
	sp, err := readConvSpec(c)
	if err != nil {
		return nil, err
	}
	o := &conv{spec: sp}
	if o.bias, err = constBias(c.input(2), c.nInputs() > 2 && c.in[2] >= 0); err != nil {
		return nil, err
	}
	w := c.input(1)
	if w == nil {
		return o, nil // computed weights: checked at run time
	}
	if !w.IsFloat() || len(w.Shape) < 3 || len(w.Shape) > 5 {
		return nil, fmt.Errorf("weights of shape %v: want a float tensor of rank 3 to 5", w.Shape)
	}
	if len(w.Shape) == 5 {
		_, err := sp.resolveND(3, w.Shape[2:])
		return o, err // 3-D: runConv3D reads the weights at each run
	}
	return o, o.setWeights(w)
}

// setWeights resolves o's attributes against constant 1-D or 2-D weights
// w and packs them (and transforms them for Winograd where it serves).
func (o *conv) setWeights(w *Tensor) error {
	var err error
	if o.convAttrs, err = o.spec.resolve(len(w.Shape)-2, w.Shape[2:]); err != nil {
		return err
	}
	o.cout, o.cinG = w.Shape[0], w.Shape[1]
	if err := checkConvWeights(w.Shape, o.group, len(o.bias)); err != nil {
		return err
	}
	o.weights = packConvWeights(nil, nil, w.Float, o.cout, o.cinG*o.kernel[0]*o.kernel[1], o.group)
	if useWinograd(&o.convAttrs, o.cinG) {
		o.wino = newWinograd(w.Float, o.cout, o.cinG)
	}
	return nil
}

// checkConvWeights checks Conv weights [Cout, Cin/group, k...] against
// the groups and a bias of nb values (0: none).
func checkConvWeights(shape []int, group, nb int) error {
	if shape[0]%group != 0 {
		return fmt.Errorf("%d output channels do not split into %d groups", shape[0], group)
	}
	if nb != 0 && nb != shape[0] {
		return fmt.Errorf("a bias of %d values for %d output channels", nb, shape[0])
	}
	return nil
}

// packConvWeights packs each group's weights (Cout/group rows of k) as
// an A matrix, into dst and headers when they are given (a session's
// scratch; nil allocates).
func packConvWeights(headers []sgemm.PackedA, dst, w []float32, cout, k, group int) []sgemm.PackedA {
	coutG := cout / group
	size := sgemm.PackedASize(coutG, k)
	if dst == nil {
		dst = make([]float32, size*group)
	}
	packed := headers
	if packed == nil {
		packed = make([]sgemm.PackedA, group)
	}
	for g := range packed {
		src := w[g*coutG*k : (g+1)*coutG*k]
		packed[g] = sgemm.PackA(dst[g*size:(g+1)*size], src, k, 1, coutG, k)
	}
	return packed
}

// constBias returns a constant bias, nil when not given or computed (the
// run reads a computed bias from its input).
func constBias(b *Tensor, given bool) ([]float32, error) {
	if !given || b == nil {
		return nil, nil
	}
	if !b.IsFloat() || len(b.Shape) != 1 {
		return nil, fmt.Errorf("bias of shape %v: want a float vector", b.Shape)
	}
	return b.Float, nil
}

// runBias returns the bias of a run: the constant one, or the computed
// input, checked to hold n values.
func runBias(constant []float32, in []*Tensor, n int) ([]float32, error) {
	if constant != nil || len(in) < 3 || in[2] == nil {
		return constant, nil
	}
	if b := in[2]; !b.IsFloat() || len(b.Shape) != 1 || len(b.Float) != n {
		return nil, fmt.Errorf("bias of shape %v for %d output channels", b.Shape, n)
	}
	return in[2].Float, nil
}

// convRun is one run's view of a Conv: attributes, weights and bias,
// constant or computed.
type convRun struct {
	a          convAttrs
	cout, cinG int
	weights    []sgemm.PackedA
	bias       []float32
}

// prepare returns the run's weights: the constant ones, or the computed
// input checked and packed into scratch.
func (o *conv) prepare(s *Session, in []*Tensor) (convRun, error) {
	r := convRun{a: o.convAttrs, cout: o.cout, cinG: o.cinG, weights: o.weights}
	if o.weights == nil {
		w := in[1]
		if !w.IsFloat() || len(w.Shape) < 3 {
			return r, fmt.Errorf("weights of shape %v: want a float tensor of rank 3 or 4", w.Shape)
		}
		a, err := o.spec.resolve(len(w.Shape)-2, w.Shape[2:])
		if err != nil {
			return r, err
		}
		if err := checkConvWeights(w.Shape, a.group, 0); err != nil {
			return r, err
		}
		r.a, r.cout, r.cinG = a, w.Shape[0], w.Shape[1]
		k := r.cinG * a.kernel[0] * a.kernel[1]
		size := sgemm.PackedASize(r.cout/a.group, k) * a.group
		r.weights = packConvWeights(s.headersA(a.group), s.slot(slotA, size), w.Float, r.cout, k, a.group)
	}
	var err error
	r.bias, err = runBias(o.bias, in, r.cout)
	if err == nil && r.bias != nil && len(r.bias) != r.cout {
		err = fmt.Errorf("a bias of %d values for %d output channels", len(r.bias), r.cout)
	}
	return r, err
}

func (o *conv) run(s *Session, in, out []*Tensor) error {
	if w := in[1]; len(w.Shape) == 5 && w.IsFloat() {
		bias, err := runBias(o.bias, in, w.Shape[0])
		if err != nil {
			return err
		}
		return runConv3D(s, &o.spec, in[0], w.Float, w.Shape, bias, out[0])
	}
	r, err := o.prepare(s, in)
	if err != nil {
		return err
	}
	x := in[0]
	n, cin, h, w, err := r.a.spatial(x.Shape)
	if err != nil {
		return err
	}
	if !x.IsFloat() || cin != r.cinG*r.a.group {
		return fmt.Errorf("input of shape %v, the weights want %d channels", x.Shape, r.cinG*r.a.group)
	}
	oh, pt := r.a.outSize(0, h, false)
	ow, pl := r.a.outSize(1, w, false)
	if oh < 1 || ow < 1 {
		return fmt.Errorf("input of shape %v is smaller than the kernel", x.Shape)
	}
	if err := checkSize(n, r.cout, oh, ow); err != nil {
		return err
	}
	var sh [4]int
	y := out[0].floats(r.a.outShape(sh[:], n, r.cout, oh, ow)...)
	k := r.cinG * r.a.kernel[0] * r.a.kernel[1]
	if err := checkWork(r.cout*k, oh*ow); err != nil {
		return err
	}
	if o.wino != nil && o.weights != nil && o.wino.suits(n, oh, ow) {
		o.wino.run(s, x.Float, y, r.bias, n, cin, r.cout, h, w, oh, ow, pt, pl)
		return nil
	}
	if g := (geom{n: n, c: cin, h: h, w: w, oh: oh, ow: ow, pt: pt, pl: pl}); r.use1D(&g) {
		r.conv1D(s, x.Float, y, &g) // convoff.go
		return nil
	}
	var j *convJob
	if s != nil {
		j = &s.convJob
	} else {
		j = new(convJob)
	}
	*j = convJob{r: r, x: x.Float, y: y, k: k, ohw: oh * ow}
	j.g = geom{n: n, c: cin, h: h, w: w, oh: oh, ow: ow, pt: pt, pl: pl, a: &j.r.a}
	coutG := r.cout / r.a.group
	chunk := max(1, colLimit/max(1, k*j.ohw))
	for n0 := 0; n0 < n; n0 += chunk {
		j.n0, j.nb = n0, min(chunk, n-n0)
		j.cols = j.nb * j.ohw
		for gi := 0; gi < r.a.group; gi++ {
			j.gi = gi
			j.pb = s.slot(slotB, sgemm.PackedBSize(k, j.cols))
			j.c = s.slot(slotCol, coutG*j.cols)
			panels := ceilDiv(j.cols, sgemm.NR)
			if s == nil {
				j.do(0, panels)
			} else {
				s.parallel(j, panels, coutG*k*sgemm.NR)
			}
		}
	}
	*j = convJob{}
	return nil
}

// convJob is one group of one chunk of images of a Conv, split over the
// panels of columns (image, output pixel) of its GEMM: each panel's
// im2col, product and move into the output is independent of the
// others'.
type convJob struct {
	r        convRun
	g        geom
	x, y     []float32
	pb, c    []float32 // scratch: packed im2col matrix, GEMM result
	k, ohw   int
	n0, nb   int
	cols, gi int
}

func (j *convJob) do(lo, hi int) {
	j0, j1 := lo*sgemm.NR, min(hi*sgemm.NR, j.cols)
	coutG := j.r.cout / j.r.a.group
	pb := j.g.im2colPacked(j.pb, j.x, j.n0, j.nb, j.gi*j.r.cinG, j.r.cinG, j0, j1)
	sgemm.MulSet(j.r.weights[j.gi], pb.Cols(j0, j1), j.c[j0:], j.cols)
	j.r.scatter(j.y, j.c, j.n0, j.nb, j.gi*coutG, coutG, j.ohw, j0, j1)
}

// scatter adds bias and moves columns j0..j1 of the GEMM result
// (channels × images·pixels) into the NCHW output.
func (o *convRun) scatter(y, c []float32, n0, nb, c0, cg, ohw, j0, j1 int) {
	cols := nb * ohw
	for ch := 0; ch < cg; ch++ {
		var b float32
		if o.bias != nil {
			b = o.bias[c0+ch]
		}
		for col := j0; col < j1; {
			i, p := col/ohw, col%ohw
			run := min(j1-col, ohw-p)
			dst := y[((n0+i)*o.cout+c0+ch)*ohw+p:][:run]
			src := c[ch*cols+col:][:run]
			for q, v := range src {
				dst[q] = v + b
			}
			col += run
		}
	}
}

// geom is the geometry of one convolution run.
type geom struct {
	n, c, h, w, oh, ow, pt, pl int
	a                          *convAttrs
}

// im2colPacked writes the im2col matrix of images n0..n0+nb and channels
// c0..c0+cg directly in packed-B form: rows (channel, ki, kj), columns
// (image, output pixel). It fills only the panels of columns j0..j1 (j0
// a multiple of NR) and returns the header of the whole matrix.
func (g *geom) im2colPacked(dst, x []float32, n0, nb, c0, cg, j0, j1 int) sgemm.PackedB {
	k := cg * g.a.kernel[0] * g.a.kernel[1]
	cols := nb * g.oh * g.ow
	dst = dst[:sgemm.PackedBSize(k, cols)]
	var segs [sgemm.NR]colSegment
	for ; j0 < j1; j0 += sgemm.NR {
		n := g.segments(&segs, n0, c0, j0, min(j0+sgemm.NR, j1))
		g.fillPanel(dst[j0*k:(j0+sgemm.NR)*k], x, segs[:n], cg)
	}
	return sgemm.PackedB{K: k, N: cols, Data: dst}
}

// A colSegment is a run of a panel's columns that lie in one output row
// of one image: q0..q0+n in the panel, reading input row iy and columns
// ix, ix+stride, ... (before the kernel offset) from the image at base.
type colSegment struct {
	q0, n, base, iy, ix int
}

// segments cuts the columns j0..j1 of a panel into segments; it returns
// their number.
func (g *geom) segments(segs *[sgemm.NR]colSegment, n0, c0, j0, j1 int) int {
	ohw, n := g.oh*g.ow, 0
	for col := j0; col < j1; {
		img, p := col/ohw, col%ohw
		oy, ox := p/g.ow, p%g.ow
		run := min(j1-col, g.ow-ox)
		segs[n] = colSegment{
			q0: col - j0, n: run,
			base: ((n0+img)*g.c + c0) * g.h * g.w,
			iy:   oy*g.a.strides[0] - g.pt,
			ix:   ox*g.a.strides[1] - g.pl,
		}
		n++
		col += run
	}
	return n
}

// fillPanel writes one panel's rows (channel, ki, kj) from the segments
// of its columns; columns past the segments are zero padding.
func (g *geom) fillPanel(panel, x []float32, segs []colSegment, cg int) {
	kh, kw := g.a.kernel[0], g.a.kernel[1]
	last := segs[len(segs)-1]
	if used := last.q0 + last.n; used < sgemm.NR {
		for r := 0; r < cg*kh*kw; r++ {
			clear(panel[r*sgemm.NR+used : (r+1)*sgemm.NR])
		}
	}
	for ch := 0; ch < cg; ch++ {
		for ki := 0; ki < kh; ki++ {
			rows := panel[(ch*kh+ki)*kw*sgemm.NR : (ch*kh+ki+1)*kw*sgemm.NR]
			yy := ki * g.a.dilations[0]
			for _, sg := range segs {
				if y := sg.iy + yy; y < 0 || y >= g.h {
					for kj := 0; kj < kw; kj++ {
						clear(rows[kj*sgemm.NR+sg.q0 : kj*sgemm.NR+sg.q0+sg.n])
					}
					continue
				}
				src := x[sg.base+(ch*g.h+sg.iy+yy)*g.w:][:g.w]
				g.fillSegment(rows, src, sg)
			}
		}
	}
}

// fillSegment writes a segment's columns of the kw rows (ki fixed, kj
// from 0) that read input row src.
func (g *geom) fillSegment(rows, src []float32, sg colSegment) {
	sx := g.a.strides[1]
	for kj := 0; kj < g.a.kernel[1]; kj++ {
		seg := rows[kj*sgemm.NR+sg.q0 : kj*sgemm.NR+sg.q0+sg.n]
		xx := sg.ix + kj*g.a.dilations[1]
		if sx == 1 && xx >= 0 && xx+sg.n <= g.w {
			if sg.n == sgemm.NR {
				// A whole panel row: four 16-byte moves (a copy of
				// the whole array compiles to a call of memmove).
				d, s := (*[sgemm.NR]float32)(seg), (*[sgemm.NR]float32)(src[xx:xx+sgemm.NR])
				*(*[4]float32)(d[0:4]) = *(*[4]float32)(s[0:4])
				*(*[4]float32)(d[4:8]) = *(*[4]float32)(s[4:8])
				*(*[4]float32)(d[8:12]) = *(*[4]float32)(s[8:12])
				*(*[4]float32)(d[12:16]) = *(*[4]float32)(s[12:16])
			} else {
				copy(seg, src[xx:xx+sg.n])
			}
			continue
		}
		for q := range seg {
			if c := xx + q*sx; c >= 0 && c < g.w {
				seg[q] = src[c]
			} else {
				seg[q] = 0
			}
		}
	}
}
