package onnx

import (
	"fmt"
	"math"
)

// recurrent is RNN, GRU (Cho et al., 2014) and LSTM (Hochreiter and
// Schmidhuber, 1997) as ONNX defines them: forward, reverse or
// bidirectional over X [seq, batch, input] (layout 1, opset 14:
// [batch, seq, input]), gates in ONNX's order (LSTM i o f c, GRU z r h),
// optional biases, sequence lengths, initial states and LSTM peepholes,
// the activations attribute with its alphas and betas, clip, and GRU's
// linear_before_reset. Outputs Y, Y_h and (LSTM) Y_c; steps past a
// sequence's length give zeros in Y.
type recurrent struct {
	cell        string // "RNN", "GRU" or "LSTM"
	hidden      int
	dirs        int
	reverse     bool // the only direction runs backwards
	acts        [][]func(float64) float64
	clip        float64 // 0: none
	batchFirst  bool    // layout 1
	linearReset bool    // GRU's linear_before_reset
}

// gates returns the number of gates of a cell.
func (o *recurrent) gates() int {
	switch o.cell {
	case "GRU":
		return 3
	case "LSTM":
		return 4
	}
	return 1
}

func buildRecurrent(c *nodeCtx) (op, error) {
	o := &recurrent{cell: c.node.opType, hidden: int(c.int("hidden_size", 0)), dirs: 1}
	if o.hidden < 1 || o.hidden > 1<<16 {
		return nil, fmt.Errorf("hidden_size %d", o.hidden)
	}
	switch d := c.string("direction", "forward"); d {
	case "forward":
	case "reverse":
		o.reverse = true
	case "bidirectional":
		o.dirs = 2
	default:
		return nil, fmt.Errorf("direction %q", d)
	}
	o.clip = float64(c.float("clip", 0))
	if c.opset >= 14 {
		o.batchFirst = c.int("layout", 0) != 0
	}
	if o.cell == "GRU" {
		o.linearReset = c.int("linear_before_reset", 0) != 0
	}
	if o.cell == "LSTM" && c.int("input_forget", 0) != 0 {
		return nil, fmt.Errorf("input_forget=1: %w", ErrUnsupported)
	}
	if err := o.readActivations(c); err != nil {
		return nil, err
	}
	inputs := 6
	if o.cell == "LSTM" {
		inputs = 8
	}
	return o, c.need(3, inputs)
}

// defaultActivations are each cell's activations for one direction.
var defaultActivations = map[string][]string{
	"RNN": {"Tanh"}, "GRU": {"Sigmoid", "Tanh"}, "LSTM": {"Sigmoid", "Tanh", "Tanh"},
}

// readActivations reads activations, activation_alpha and
// activation_beta: one list for every direction, the alphas and betas
// taken in order by the activations that have them.
func (o *recurrent) readActivations(c *nodeCtx) error {
	per := len(defaultActivations[o.cell])
	var names []string
	if a := c.attr("activations"); a != nil {
		for _, s := range a.strings {
			names = append(names, string(s))
		}
	} else {
		for d := 0; d < o.dirs; d++ {
			names = append(names, defaultActivations[o.cell]...)
		}
	}
	if len(names) != per*o.dirs {
		return fmt.Errorf("%d activations, want %d", len(names), per*o.dirs)
	}
	var alphas, betas []float32
	if a := c.attr("activation_alpha"); a != nil {
		alphas = a.floats
	}
	if a := c.attr("activation_beta"); a != nil {
		betas = a.floats
	}
	for d := 0; d < o.dirs; d++ {
		var fs []func(float64) float64
		for _, n := range names[d*per : (d+1)*per] {
			f, err := activation(n, &alphas, &betas)
			if err != nil {
				return err
			}
			fs = append(fs, f)
		}
		o.acts = append(o.acts, fs)
	}
	return nil
}

// activation returns the named activation of the recurrent operators,
// taking its alpha and beta from the front of the lists when they have
// one (or its defaults).
func activation(name string, alphas, betas *[]float32) (func(float64) float64, error) {
	take := func(l *[]float32, def float64) float64 {
		if len(*l) == 0 {
			return def
		}
		v := float64((*l)[0])
		*l = (*l)[1:]
		return v
	}
	switch name {
	case "Relu":
		return func(v float64) float64 { return math.Max(v, 0) }, nil
	case "Tanh":
		return math.Tanh, nil
	case "Sigmoid":
		return func(v float64) float64 { return 1 / (1 + math.Exp(-v)) }, nil
	case "Softsign":
		return func(v float64) float64 { return v / (1 + math.Abs(v)) }, nil
	case "Softplus":
		return softplus, nil
	case "Affine":
		a, b := take(alphas, 1), take(betas, 0)
		return func(v float64) float64 { return a*v + b }, nil
	case "ScaledTanh":
		a, b := take(alphas, 1), take(betas, 1)
		return func(v float64) float64 { return a * math.Tanh(b*v) }, nil
	case "HardSigmoid":
		a, b := take(alphas, 0.2), take(betas, 0.5)
		return func(v float64) float64 { return math.Min(math.Max(a*v+b, 0), 1) }, nil
	case "LeakyRelu":
		a := take(alphas, 0.01)
		return func(v float64) float64 { return math.Max(v, 0) + a*math.Min(v, 0) }, nil
	case "ThresholdedRelu":
		a := take(alphas, 1)
		return func(v float64) float64 {
			if v > a {
				return v
			}
			return 0
		}, nil
	case "Elu":
		a := take(alphas, 1)
		return func(v float64) float64 {
			if v < 0 {
				return a * math.Expm1(v)
			}
			return v
		}, nil
	}
	return nil, fmt.Errorf("activation %q: %w", name, ErrUnsupported)
}

// rnnArgs are a recurrent node's inputs, checked, with its sizes.
type rnnArgs struct {
	x, w, r, b, p     []float32
	lens              []int64
	initH, initC      *Tensor
	steps, batch, inp int
}

func (o *recurrent) args(in []*Tensor) (*rnnArgs, error) {
	get := func(k int) *Tensor {
		if k < len(in) {
			return in[k]
		}
		return nil
	}
	x, w, r := in[0], in[1], in[2]
	if len(x.Shape) != 3 || !x.IsFloat() || !w.IsFloat() || !r.IsFloat() {
		return nil, fmt.Errorf("X of shape %v, want float [seq batch input]", x.Shape)
	}
	a := &rnnArgs{x: x.Float, w: w.Float, r: r.Float, steps: x.Shape[0], batch: x.Shape[1], inp: x.Shape[2]}
	if o.batchFirst {
		a.steps, a.batch = a.batch, a.steps
	}
	gh := o.gates() * o.hidden
	if !equalShapes(w.Shape, []int{o.dirs, gh, a.inp}) || !equalShapes(r.Shape, []int{o.dirs, gh, o.hidden}) {
		return nil, fmt.Errorf("W %v and R %v, want [%d %d %d] and [%d %d %d]", w.Shape, r.Shape, o.dirs, gh, a.inp, o.dirs, gh, o.hidden)
	}
	if t := get(3); t != nil {
		if !t.IsFloat() || t.Len() != o.dirs*2*gh {
			return nil, fmt.Errorf("B of shape %v, want [%d %d]", t.Shape, o.dirs, 2*gh)
		}
		a.b = t.Float
	}
	if t := get(4); t != nil {
		if t.IsFloat() || t.Len() != a.batch {
			return nil, fmt.Errorf("sequence_lens of shape %v, want [%d] integers", t.Shape, a.batch)
		}
		for _, n := range t.Int {
			if n < 0 || n > int64(a.steps) {
				return nil, fmt.Errorf("sequence length %d for %d steps", n, a.steps)
			}
		}
		a.lens = t.Int
	}
	for k, dst := range []**Tensor{&a.initH, &a.initC} {
		if t := get(5 + k); t != nil {
			if !t.IsFloat() || t.Len() != o.dirs*a.batch*o.hidden {
				return nil, fmt.Errorf("initial state of shape %v", t.Shape)
			}
			*dst = t
		}
	}
	if t := get(7); t != nil {
		if !t.IsFloat() || t.Len() != o.dirs*3*o.hidden {
			return nil, fmt.Errorf("P of shape %v, want [%d %d]", t.Shape, o.dirs, 3*o.hidden)
		}
		a.p = t.Float
	}
	return a, nil
}

func (o *recurrent) run(s *Session, in, out []*Tensor) error {
	a, err := o.args(in)
	if err != nil {
		return err
	}
	if err := checkSize(a.steps, o.dirs, a.batch, o.hidden); err != nil {
		return err
	}
	T, D, B, H := a.steps, o.dirs, a.batch, o.hidden
	ys := make([][]float32, 3)
	for k := range out {
		shape := []int{D, B, H}
		switch {
		case k == 0 && o.batchFirst:
			shape = []int{B, T, D, H}
		case k == 0:
			shape = []int{T, D, B, H}
		case o.batchFirst:
			shape = []int{B, D, H}
		}
		if k < 3 {
			ys[k] = out[k].floats(shape...)
			clear(ys[k])
		}
	}
	for d := 0; d < D; d++ {
		for b := 0; b < B; b++ {
			o.sequence(a, ys, d, b)
		}
	}
	return nil
}

// at returns the offset of (direction d, batch b) in a state tensor.
func (o *recurrent) at(d, b, batch int) int {
	if o.batchFirst {
		return (b*o.dirs + d) * o.hidden
	}
	return (d*batch + b) * o.hidden
}

// sequence runs direction d over batch entry b, writing Y, Y_h and Y_c
// (those of ys that are not nil).
func (o *recurrent) sequence(a *rnnArgs, ys [][]float32, d, b int) {
	H, T := o.hidden, a.steps
	h, c := make([]float64, H), make([]float64, H)
	st := o.at(d, b, a.batch)
	if a.initH != nil {
		for i := range h {
			h[i] = float64(a.initH.Float[st+i])
		}
	}
	if a.initC != nil && o.cell == "LSTM" {
		for i := range c {
			c[i] = float64(a.initC.Float[st+i])
		}
	}
	n := T
	if a.lens != nil {
		n = int(a.lens[b])
	}
	pre, tmp := make([]float64, o.gates()*H), make([]float64, H)
	for k := 0; k < n; k++ {
		t := k
		if o.reverse || d == 1 {
			t = n - 1 - k
		}
		xo := (t*a.batch + b) * a.inp
		if o.batchFirst {
			xo = (b*T + t) * a.inp
		}
		o.step(a, d, a.x[xo:xo+a.inp], h, c, pre, tmp)
		if ys[0] != nil {
			yo := ((t*o.dirs+d)*a.batch + b) * H
			if o.batchFirst {
				yo = ((b*T+t)*o.dirs + d) * H
			}
			for i, v := range h {
				ys[0][yo+i] = float32(v)
			}
		}
	}
	for k, v := range [][]float64{h, c} {
		if ys[1+k] != nil && (k == 0 || o.cell == "LSTM") {
			for i := range v {
				ys[1+k][st+i] = float32(v[i])
			}
		}
	}
}

// step advances the state h (and c) by one input x of direction d; pre
// is scratch of gates·hidden values, tmp of hidden values.
func (o *recurrent) step(a *rnnArgs, d int, x []float32, h, c, pre, tmp []float64) {
	H, G := o.hidden, o.gates()
	w := a.w[d*G*H*a.inp:]
	g := gateInputs{r: a.r[d*G*H*H:], acts: o.acts[d], clip: o.clip}
	if a.b != nil {
		g.rb = a.b[d*2*G*H+G*H:][:G*H]
	}
	for j := range pre {
		pre[j] = dot(w[j*a.inp:(j+1)*a.inp], x)
		if a.b != nil {
			pre[j] += float64(a.b[d*2*G*H+j])
		}
	}
	switch o.cell {
	case "RNN":
		for j := 0; j < H; j++ {
			tmp[j] = g.acts[0](g.clipped(pre[j] + g.rh(j, h, H)))
		}
		copy(h, tmp)
	case "GRU":
		o.gruStep(g, pre, h, tmp)
	default:
		var p []float32
		if a.p != nil {
			p = a.p[d*3*H:][:3*H]
		}
		o.lstmStep(g, p, pre, h, c)
	}
}

// gateInputs is one direction's recurrence weights R, their bias Rb (nil
// if none), its activations and the clip.
type gateInputs struct {
	r    []float32
	rb   []float32
	acts []func(float64) float64
	clip float64
}

// rh returns row j of R times h, plus Rb[j].
func (g gateInputs) rh(j int, h []float64, n int) float64 {
	v := dot64(g.r[j*n:(j+1)*n], h)
	if g.rb != nil {
		v += float64(g.rb[j])
	}
	return v
}

func (g gateInputs) clipped(v float64) float64 {
	if g.clip > 0 {
		return math.Min(math.Max(v, -g.clip), g.clip)
	}
	return v
}

// gruStep is one GRU step: z and r from x and h, the candidate h̃ from x
// and R_h·(r∘h) (with linear_before_reset, r∘(R_h·h + Rb_h)), then
// h = (1−z)∘h̃ + z∘h. pre holds the input parts of z, r and h̃.
func (o *recurrent) gruStep(g gateInputs, pre, h, tmp []float64) {
	H := o.hidden
	f, act := g.acts[0], g.acts[1]
	for j := 0; j < 2*H; j++ { // z and r
		pre[j] = f(g.clipped(pre[j] + g.rh(j, h, H)))
	}
	z, r := pre[:H], pre[H:2*H]
	if !o.linearReset {
		for i := range tmp {
			tmp[i] = r[i] * h[i]
		}
	}
	for j := 0; j < H; j++ {
		var v float64
		if o.linearReset {
			v = r[j] * g.rh(2*H+j, h, H)
		} else {
			v = g.rh(2*H+j, tmp, H)
		}
		pre[2*H+j] = act(g.clipped(pre[2*H+j] + v))
	}
	for j := 0; j < H; j++ {
		h[j] = (1-z[j])*pre[2*H+j] + z[j]*h[j]
	}
}

// lstmStep is one LSTM step with gates i, o, f and the cell input c̃ in
// ONNX's order, peepholes p (i, o, f; nil if none): C = f∘C + i∘c̃,
// h = o∘h(C). pre holds the input parts of the gates.
func (o *recurrent) lstmStep(g gateInputs, p []float32, pre, h, c []float64) {
	H := o.hidden
	f, act, hact := g.acts[0], g.acts[1], g.acts[2]
	peep := func(k, j int, v float64) float64 {
		if p == nil {
			return 0
		}
		return float64(p[k*H+j]) * v
	}
	for j := 0; j < 4*H; j++ {
		pre[j] += g.rh(j, h, H)
	}
	for j := 0; j < H; j++ {
		ig := f(g.clipped(pre[j] + peep(0, j, c[j])))
		fg := f(g.clipped(pre[2*H+j] + peep(2, j, c[j])))
		cc := act(g.clipped(pre[3*H+j]))
		c[j] = fg*c[j] + ig*cc
		og := f(g.clipped(pre[H+j] + peep(1, j, c[j])))
		h[j] = og * hact(c[j])
	}
}

// dot is the float64 dot product of two float32 vectors.
func dot(a, b []float32) float64 {
	var s float64
	for i, v := range a[:len(b)] {
		s += float64(v) * float64(b[i])
	}
	return s
}

// dot64 is the dot product of float32 weights and a float64 state.
func dot64(a []float32, b []float64) float64 {
	var s float64
	for i, v := range a[:len(b)] {
		s += float64(v) * b[i]
	}
	return s
}
