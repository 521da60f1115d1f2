package onnx

import (
	"fmt"
	"math"

	"github.com/latent-explorer/latent/model/sgemm"
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
	if err := firstErr(checkSize(a.steps, o.dirs, a.batch, o.hidden), checkSize(a.steps, a.batch, o.gates(), o.hidden)); err != nil {
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
		k := o.pack(s, a, d)
		for b := 0; b < B; b++ {
			o.sequence(a, k, ys, d, b)
		}
	}
	return nil
}

// rnnKernel is one direction's work prepared for the GEMM kernels: the
// input projections X·Wᵀ of every step and batch entry at once, and Rᵀ
// (and for GRU R_hᵀ alone) packed for the per-step products with h.
type rnnKernel struct {
	xw     []float32 // row (step, batch entry) in X's order, gates·hidden columns
	r, rh  sgemm.PackedB
	hf, rf []float32 // h (or r∘h) in float32
	rpre   []float32 // R·h
	rhh    []float32 // R_h·(r∘h)
}

// pack prepares direction d: the four session scratch slots hold X·Wᵀ,
// X and W packed (then R_h packed), and R packed.
func (o *recurrent) pack(s *Session, a *rnnArgs, d int) *rnnKernel {
	H, G, I := o.hidden, o.gates(), a.inp
	rows := a.steps * a.batch
	k := &rnnKernel{xw: s.slot(0, rows*G*H), hf: make([]float32, H), rf: make([]float32, H),
		rpre: make([]float32, G*H), rhh: make([]float32, H)}
	w := a.w[d*G*H*I:][:G*H*I]
	r := a.r[d*G*H*H:][:G*H*H]
	pa := sgemm.PackA(s.slot(1, sgemm.PackedASize(rows, I)), a.x, I, 1, rows, I)
	pw := sgemm.PackB(s.slot(2, sgemm.PackedBSize(I, G*H)), w, 1, I, I, G*H)
	sgemm.MulSet(pa, pw, k.xw, G*H)
	k.r = sgemm.PackB(s.slot(3, sgemm.PackedBSize(H, G*H)), r, 1, H, H, G*H)
	if o.cell == "GRU" && !o.linearReset {
		k.rh = sgemm.PackB(s.slot(1, sgemm.PackedBSize(H, H)), r[2*H*H:], 1, H, H, H)
	}
	return k
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
func (o *recurrent) sequence(a *rnnArgs, k *rnnKernel, ys [][]float32, d, b int) {
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
	pre := make([]float64, o.gates()*H)
	for i := 0; i < n; i++ {
		t := i
		if o.reverse || d == 1 {
			t = n - 1 - i
		}
		row := t*a.batch + b
		if o.batchFirst {
			row = b*T + t
		}
		o.step(a, k, d, row, h, c, pre)
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

// step advances the state h (and c) of direction d by the input in row
// of k.xw; pre is scratch of gates·hidden values.
func (o *recurrent) step(a *rnnArgs, k *rnnKernel, d, row int, h, c, pre []float64) {
	H, G := o.hidden, o.gates()
	g := gateInputs{acts: o.acts[d], clip: o.clip}
	var wb []float32
	if a.b != nil {
		wb, g.rb = a.b[d*2*G*H:][:G*H], a.b[d*2*G*H+G*H:][:G*H]
	}
	for j, v := range k.xw[row*G*H : (row+1)*G*H] {
		pre[j] = float64(v)
		if wb != nil {
			pre[j] += float64(wb[j])
		}
	}
	for i, v := range h {
		k.hf[i] = float32(v)
	}
	clear(k.rpre)
	sgemm.Gemv(k.hf, k.r, k.rpre)
	g.rpre = k.rpre
	switch o.cell {
	case "RNN":
		for j := 0; j < H; j++ {
			h[j] = g.acts[0](g.clipped(pre[j] + g.rh(j)))
		}
	case "GRU":
		o.gruStep(g, k, pre, h)
	default:
		var p []float32
		if a.p != nil {
			p = a.p[d*3*H:][:3*H]
		}
		o.lstmStep(g, p, pre, h, c)
	}
}

// gateInputs is one step's recurrence products R·h, their bias Rb (nil
// if none), the direction's activations and the clip.
type gateInputs struct {
	rpre []float32
	rb   []float32
	acts []func(float64) float64
	clip float64
}

// rh returns row j of R·h plus Rb[j].
func (g gateInputs) rh(j int) float64 {
	v := float64(g.rpre[j])
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
func (o *recurrent) gruStep(g gateInputs, k *rnnKernel, pre, h []float64) {
	H := o.hidden
	f, act := g.acts[0], g.acts[1]
	for j := 0; j < 2*H; j++ { // z and r
		pre[j] = f(g.clipped(pre[j] + g.rh(j)))
	}
	z, r := pre[:H], pre[H:2*H]
	if !o.linearReset {
		for i := range k.rf {
			k.rf[i] = float32(r[i] * h[i])
		}
		clear(k.rhh)
		sgemm.Gemv(k.rf, k.rh, k.rhh)
	}
	for j := 0; j < H; j++ {
		var v float64
		if o.linearReset {
			v = r[j] * g.rh(2*H+j)
		} else {
			v = float64(k.rhh[j])
			if g.rb != nil {
				v += float64(g.rb[2*H+j])
			}
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
		pre[j] += g.rh(j)
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
