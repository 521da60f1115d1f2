package onnx

import (
	"fmt"
	"math"

	"github.com/latent-explorer/latent/model/sgemm"
)

// StyleGAN2's modulated convolution (Karras et al., "Analyzing and
// improving the image quality of StyleGAN", CVPR 2020, §2.2) exported in
// its fused form computes each item's weights at every run:
//
//	A = W ⊙ s                  W [1, Cout, Cin, k, k] constant, s [B, 1, Cin, 1, 1]
//	d = 1/√(Σ over Cin, k, k of A² + ε)
//	y = Conv(x [1, B·Cin, h, w], Reshape(A ⊙ d, [B·Cout, Cin, k, k]), group B)
//
// seven passes over B·Cout·Cin·k² weights, which the convolution must
// then pack, and cannot transform for Winograd, at each run. The
// convolution is linear in its weights, so output channel o of item b is
// d[b,o]·Conv(x_b ⊙ s_b, W)[o]: the convolution by the constant W
// (packed and transformed at load) of the input scaled per channel, then
// scaled per output channel, with d[b,o] = 1/√(Σ_c s[b,c]²·Q[o,c] + ε)
// and Q[o,c] = Σ W[o,c]² over the kernel computed at load. modConv runs
// the chain so; its results differ from the graph's by rounding only.
// Without demodulation (StyleGAN2's ToRGB in the fused form) d is 1.

// modConvFast turns the rewritten form on; tests turn it off to compare
// it with the steps it replaces.
var modConvFast = true

// modConv is a Conv whose weights are a modulated, demodulated constant.
type modConv struct {
	inner   *conv         // the convolution by W [Cout, Cin, k, k], group 1, no bias
	w       *Tensor       // W as inner's weights
	q       sgemm.PackedB // Qᵀ, Cin × Cout
	eps     float32
	demod   bool // demodulated; else d = 1
	cout    int
	cin     int
	wRank   int // the rank of W as the graph gives it, 4 or 5
	target0 int64
	group   int    // the Conv's group attribute
	steps   []step // the replaced steps, for runs whose shapes do not suit
}

// fuseModConv rewrites step k when it is the Conv of a modulated
// convolution; it reports whether it did.
func (g *stepGraph) fuseModConv(k int) bool {
	st := &g.m.steps[k]
	act, wrapped := st.op.(fusedAct)
	c, ok := st.op.(*conv)
	if wrapped {
		c, ok = act.op.(*conv)
	}
	if st.opType != "Conv" || !ok || c.weights != nil || len(st.in) < 2 || len(st.out) != 1 {
		return false
	}
	chain, o := g.matchModulation(st.in[1])
	if o == nil {
		return false
	}
	spec := c.spec
	spec.group = 1
	o.inner = &conv{spec: spec}
	if o.inner.setWeights(o.w) != nil || o.inner.dims != 2 {
		return false
	}
	o.group = c.spec.group
	orig := *st
	orig.op = c
	for _, i := range chain {
		g.drop[i] = true
	}
	o.steps = append(g.subSteps(chain...), orig)
	in := []int{st.in[0], g.m.steps[chain[0]].in[o.styleArg(g, chain[0])]}
	if len(st.in) > 2 {
		in = append(in, st.in[2])
	}
	st.op, st.in = o, in
	if wrapped {
		st.op = fusedAct{op: o, act: act.act}
	}
	return true
}

// matchModulation matches the chain computing a Conv's weights wv,
// Reshape(A ⊙ 1/√(ReduceSum(A², [2, 3, 4]) + ε)) or Reshape(A), with
// A = W ⊙ s, and returns its steps (A's Mul first) and the op, or nil.
func (g *stepGraph) matchModulation(wv int) ([]int, *modConv) {
	rs := g.sole(wv, "Reshape", 1)
	if rs < 0 {
		return nil, nil
	}
	target := g.constant(g.m.steps[rs].in[1])
	mul := g.sole(g.m.steps[rs].in[0], "Mul", 1)
	if target == nil || target.IsFloat() || len(target.Int) != 4 || mul < 0 {
		return nil, nil
	}
	for k := 0; k < 2; k++ {
		m := g.m.steps[mul]
		av, dv := m.in[k], m.in[1-k]
		demod, eps, ok := g.matchDemod(dv, av)
		if !ok {
			continue
		}
		am := g.producer[av]
		if am < 0 || g.drop[am] || g.m.steps[am].opType != "Mul" || len(g.m.steps[am].out) != 1 {
			continue
		}
		o := g.modulationOf(am, target.Int)
		if o == nil || g.readers[av] != 1+demod.squareReads {
			continue
		}
		o.eps, o.demod = eps, true
		return append([]int{am}, append(demod.steps, rs, mul)...), o
	}
	// Without demodulation (StyleGAN2's ToRGB): Reshape(W ⊙ s).
	if o := g.modulationOf(mul, target.Int); o != nil {
		return []int{mul, rs}, o
	}
	return nil, nil
}

// demodChain is the steps computing 1/√(ReduceSum(A², [2, 3, 4]) + ε).
type demodChain struct {
	steps       []int
	squareReads int // A's reads by the square: Pow 1, Mul 2
}

// matchDemod matches dv = 1/√(ReduceSum(av², [2, 3, 4], keepdims) + ε)
// through Div(1, ·) or Reciprocal, Sqrt, Add, ReduceSum and Pow(·, 2) or
// Mul(av, av).
func (g *stepGraph) matchDemod(dv, av int) (demodChain, float32, bool) {
	var ch demodChain
	sq := -1
	if k := g.sole(dv, "Div", 1); k >= 0 {
		if one, ok := g.scalarConst(g.m.steps[k].in[0]); ok && one == 1 {
			ch.steps, sq = append(ch.steps, k), g.sole(g.m.steps[k].in[1], "Sqrt", 1)
		}
	} else if k := g.sole(dv, "Reciprocal", 1); k >= 0 {
		ch.steps, sq = append(ch.steps, k), g.sole(g.m.steps[k].in[0], "Sqrt", 1)
	}
	if sq < 0 {
		return ch, 0, false
	}
	add := g.sole(g.m.steps[sq].in[0], "Add", 1)
	if add < 0 {
		return ch, 0, false
	}
	a := g.m.steps[add]
	rv, eps, ok := a.in[0], float32(0), false
	if eps, ok = g.scalarConst(a.in[1]); !ok {
		rv = a.in[1]
		if eps, ok = g.scalarConst(a.in[0]); !ok {
			return ch, 0, false
		}
	}
	red := g.sole(rv, "ReduceSum", 1)
	if red < 0 || !g.sumsKernels(red) {
		return ch, 0, false
	}
	ch.steps = append(ch.steps, sq, add, red)
	x := g.m.steps[red].in[0]
	if p := g.sole(x, "Pow", 1); p >= 0 {
		e, ok := g.scalarConst(g.m.steps[p].in[1])
		if !ok || e != 2 || g.m.steps[p].in[0] != av {
			return ch, 0, false
		}
		ch.steps, ch.squareReads = append(ch.steps, p), 1
	} else if p := g.sole(x, "Mul", 1); p >= 0 {
		if in := g.m.steps[p].in; in[0] != av || in[1] != av {
			return ch, 0, false
		}
		ch.steps, ch.squareReads = append(ch.steps, p), 2
	} else {
		return ch, 0, false
	}
	return ch, eps, true
}

// sumsKernels reports whether ReduceSum step k sums axes 2, 3 and 4 of a
// rank-5 tensor keeping them.
func (g *stepGraph) sumsKernels(k int) bool {
	st := g.m.steps[k]
	r, ok := st.op.(reduce)
	if !ok || r.kind != "Sum" || !r.keepDims {
		return false
	}
	axes := r.axes
	if len(st.in) > 1 && st.in[1] >= 0 {
		t := g.constant(st.in[1])
		if t == nil || t.IsFloat() {
			return false
		}
		axes = t.Int
	}
	var seen [5]bool
	for _, a := range axes {
		ax, err := normAxis(int(a), 5)
		if err != nil || ax < 2 || seen[ax] {
			return false
		}
		seen[ax] = true
	}
	return len(axes) == 3
}

// modulationOf returns the op for Mul step am of a constant W [1, Cout,
// Cin, k, k] or [Cout, Cin, k, k] and a computed style, whose product the
// Reshape to target makes the Conv's weights [·, Cin, k, k]; nil if it is
// not one.
func (g *stepGraph) modulationOf(am int, target []int64) *modConv {
	in := g.m.steps[am].in
	w := g.constant(in[0])
	if w == nil {
		w = g.constant(in[1])
	}
	if w == nil || !w.IsFloat() || g.constant(in[0]) != nil && g.constant(in[1]) != nil {
		return nil
	}
	shape := w.Shape
	if len(shape) == 5 && shape[0] == 1 {
		shape = shape[1:]
	}
	if len(shape) != 4 || target[0] == 0 || target[0] < -1 {
		return nil
	}
	for i := 1; i < 4; i++ {
		if target[i] != int64(shape[i]) {
			return nil
		}
	}
	cout, cin := shape[0], shape[1]
	o := &modConv{w: &Tensor{Shape: shape, Float: w.Float, Type: typeFloat}, cout: cout, cin: cin,
		wRank: len(w.Shape), target0: target[0]}
	kk := shape[2] * shape[3]
	q := make([]float32, cout*cin)
	for i := range q {
		var sum float64
		for _, v := range w.Float[i*kk : (i+1)*kk] {
			sum += float64(v) * float64(v)
		}
		q[i] = float32(sum)
	}
	o.q = sgemm.PackB(make([]float32, sgemm.PackedBSize(cin, cout)), q, 1, cin, cin, cout)
	return o
}

// styleArg returns which input of Mul step am is the style.
func (o *modConv) styleArg(g *stepGraph, am int) int {
	if g.constant(g.m.steps[am].in[0]) != nil {
		return 1
	}
	return 0
}

// suits reports whether a run's input x and style sv take the fast form
// and returns the items (groups).
func (o *modConv) suits(x, sv *Tensor) (int, bool) {
	r := len(sv.Shape)
	if !x.IsFloat() || !sv.IsFloat() || len(x.Shape) != 4 || r > 5 || r < 3 || (r < 5 && o.wRank < 5) {
		return 0, false
	}
	items := 1
	if r == 5 {
		items = sv.Shape[0]
	}
	if sv.Shape[r-1] != 1 || sv.Shape[r-2] != 1 || sv.Shape[r-3] != o.cin || (r >= 4 && sv.Shape[r-4] != 1) {
		return 0, false
	}
	if items != o.group || x.Shape[1] != items*o.cin || o.target0 != -1 && o.target0 != int64(items*o.cout) {
		return 0, false
	}
	return items, true
}

func (o *modConv) run(s *Session, in, out []*Tensor) error {
	x, sv := in[0], in[1]
	items, ok := o.suits(x, sv)
	if !ok || !modConvFast {
		return s.runSteps(o.steps)
	}
	var bias []float32
	if len(in) > 2 && in[2] != nil {
		if b := in[2]; !b.IsFloat() || len(b.Shape) != 1 || len(b.Float) != items*o.cout {
			return fmt.Errorf("bias of shape %v for %d output channels", b.Shape, items*o.cout)
		}
		bias = in[2].Float
	}
	// Slot 0 (the inner convolution uses the others): the scaled input,
	// then the demodulation, made before the convolution takes slot A.
	buf := s.slot(0, len(x.Float)+items*(o.cin+o.cout))
	xs, s2, d := buf[:len(x.Float)], buf[len(x.Float):][:items*o.cin], buf[len(x.Float)+items*o.cin:]
	if o.demod {
		o.demodulation(s, d, s2, sv.Float, items)
	}
	n, h, w := x.Shape[0], x.Shape[2], x.Shape[3]
	scaleChannels(xs, x.Float, sv.Float, nil, h*w)
	j := &s.modJob
	j.x.setShape(n*items, o.cin, h, w)
	j.x.Float, j.x.Type = xs, typeFloat
	j.in = [2]*Tensor{&j.x, o.w}
	err := o.inner.run(s, j.in[:], out[:1])
	j.x.Float = nil
	if err != nil {
		return err
	}
	y := out[0]
	y.setShape(n, items*o.cout, y.Shape[2], y.Shape[3])
	switch {
	case o.demod:
		scaleChannels(y.Float, y.Float, d, bias, y.Shape[2]*y.Shape[3])
	case bias != nil:
		scaleChannels(y.Float, y.Float, nil, bias, y.Shape[2]*y.Shape[3])
	}
	return nil
}

// scaleChannels writes dst = src·scale[c] + bias[c] for each plane of hw
// values, c the plane's index modulo the scales' (or biases') length; a
// nil scale is 1, a nil bias 0.
func scaleChannels(dst, src, scale, bias []float32, hw int) {
	per := len(scale)
	if scale == nil {
		per = len(bias)
	}
	for c := 0; c*hw < len(src); c++ {
		a, b := float32(1), float32(0)
		if scale != nil {
			a = scale[c%per]
		}
		if bias != nil {
			b = bias[c%per]
		}
		affine(dst[c*hw:(c+1)*hw], src[c*hw:(c+1)*hw], a, b, false)
	}
}

// modJob holds a modulated convolution's view of its scaled input.
type modJob struct {
	x  Tensor
	in [2]*Tensor
}

// demodulation writes d[b·Cout + o] = 1/√(Σ_c s[b,c]²·Q[o,c] + ε), the
// sums as one product of the squared styles (into s2) by Qᵀ.
func (o *modConv) demodulation(s *Session, d, s2, style []float32, items int) {
	mulf(s2, style[:len(s2)], 1, style, 1)
	a := sgemm.PackA(s.slot(slotA, sgemm.PackedASize(items, o.cin)), s2, o.cin, 1, items, o.cin)
	sgemm.MulSet(a, o.q, d, o.cout)
	for i, v := range d {
		d[i] = float32(1 / math.Sqrt(float64(v+o.eps)))
	}
}
