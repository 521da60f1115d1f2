package onnx

import "fmt"

// GELU as PyTorch exports it (nn.GELU, approximate="none"):
//
//	y = Mul(Mul(x, Add(Erf(Div(x, √2)), 1)), 0.5)
//
// five elementwise passes over the activations, four of them writing a
// value that only the next reads. fuseGELU rewrites the chain into its
// Div, or into the MatMul before it (a Linear layer, which then runs it
// on each part of its product while in cache), as one pass of the same
// float32 operations in the same order as the separate operators.

// geluFusion holds the chain's constants: y = ((erf(x/div) + add)·x)·mul.
type geluFusion struct{ div, add, mul float32 }

// fuseGELU folds the chain whose Div is n into n, when every constant is
// a one-element tensor of rank at most 1 (so that it broadcasts without
// changing the shape) and no intermediate value has another reader.
func (b *builder) fuseGELU(n *nodeProto, producer map[string]*nodeProto, readers map[string]int, readBy map[string][]*nodeProto, drop map[*nodeProto]bool) bool {
	if n.opType != "Div" || n.domain != "" || len(n.inputs) != 2 || len(n.outputs) != 1 {
		return false
	}
	x := n.inputs[0]
	div, ok := b.scalarConst(n.inputs[1], producer)
	if !ok {
		return false
	}
	// reader returns the single node reading value v, if it is of type op.
	reader := func(v, op string) *nodeProto {
		if readers[v] != 1 || len(readBy[v]) != 1 {
			return nil
		}
		m := readBy[v][0]
		if drop[m] || m.opType != op || m.domain != "" || len(m.outputs) != 1 || m.fusedAct != nil {
			return nil
		}
		return m
	}
	// other returns the input of binary node m that is not v.
	other := func(m *nodeProto, v string) (string, bool) {
		if len(m.inputs) != 2 {
			return "", false
		}
		switch v {
		case m.inputs[0]:
			return m.inputs[1], true
		case m.inputs[1]:
			return m.inputs[0], true
		}
		return "", false
	}
	erf := reader(n.outputs[0], "Erf")
	if erf == nil || len(erf.inputs) != 1 {
		return false
	}
	add := reader(erf.outputs[0], "Add")
	if add == nil {
		return false
	}
	c, ok := other(add, erf.outputs[0])
	addC, okC := b.scalarConst(c, producer)
	if !ok || !okC {
		return false
	}
	mulX := reader(add.outputs[0], "Mul")
	if mulX == nil {
		return false
	}
	if c, ok := other(mulX, add.outputs[0]); !ok || c != x {
		return false
	}
	half := reader(mulX.outputs[0], "Mul")
	if half == nil {
		return false
	}
	c, ok = other(half, mulX.outputs[0])
	mulC, okC := b.scalarConst(c, producer)
	if !ok || !okC {
		return false
	}
	n.gelu = &geluFusion{div: div, add: addC, mul: mulC}
	n.outputs[0] = half.outputs[0]
	producer[half.outputs[0]] = n
	drop[erf], drop[add], drop[mulX], drop[half] = true, true, true, true
	// A MatMul (a Linear layer) whose output only the chain reads runs it
	// on each part of its product as it finishes, while it is in cache.
	if p := producer[x]; p != nil && !drop[p] && p.opType == "MatMul" && p.domain == "" && p.fusedAct == nil && p.gelu == nil &&
		!p.headsOut && p.residual == "" && len(p.outputs) == 1 && readers[x] == 2 && len(readBy[x]) == 2 &&
		(readBy[x][0] == n && readBy[x][1] == mulX || readBy[x][0] == mulX && readBy[x][1] == n) {
		p.gelu = n.gelu
		p.outputs[0] = n.outputs[0]
		producer[n.outputs[0]] = p
		drop[n] = true
	}
	return true
}

// scalarConst returns the value of a float constant of one element and
// rank at most 1: an initializer or the output of a Constant node.
func (b *builder) scalarConst(name string, producer map[string]*nodeProto) (float32, bool) {
	t := b.constThrough(name, producer)
	if t == nil {
		if p := producer[name]; p != nil && p.opType == "Constant" && p.domain == "" {
			for _, a := range p.attrs {
				switch {
				case a.name == "value" && a.t != nil:
					t, _ = tensorFromProto(a.t)
				case a.name == "value_float":
					t = &Tensor{Shape: []int{}, Float: []float32{a.f}, Type: typeFloat}
				}
			}
		}
	}
	if t == nil || !t.IsFloat() || len(t.Float) != 1 || len(t.Shape) > 1 {
		return 0, false
	}
	return t.Float[0], true
}

// geluOp is the fused chain, run by the Div node.
type geluOp struct{ f geluFusion }

func (o geluOp) run(s *Session, in, out []*Tensor) error {
	x := in[0]
	if !x.IsFloat() {
		return fmt.Errorf("GELU (Div, Erf, Add, Mul, Mul) of a %s tensor", TypeName(x.Type))
	}
	shape := x.Shape
	if len(shape) == 0 {
		shape = []int{1} // the rank-1 constants broadcast a scalar x to [1]
	}
	y := out[0].floats(shape...)
	c := [3]float32{o.f.div, o.f.add, o.f.mul}
	if s == nil {
		j := &geluJob{c: c, x: x.Float, y: y}
		j.do(0, ceilDiv(len(y), elemChunk))
		return nil
	}
	s.geluJob = geluJob{c: c, x: x.Float, y: y}
	s.parallel(&s.geluJob, ceilDiv(len(y), elemChunk), elemChunk/4)
	s.geluJob = geluJob{}
	return nil
}

// geluJob runs the chain over chunks of elemChunk elements; c holds its
// constants (div, add, mul) as the one-element operands of its steps.
type geluJob struct {
	c    [3]float32
	x, y []float32
}

func (j *geluJob) do(lo, hi int) {
	i0, i1 := lo*elemChunk, min(hi*elemChunk, len(j.y))
	geluChain(j.y[i0:i1], j.x[i0:i1], &j.c)
}

// geluChain writes the chain of x (constants c: div, add, mul) into y,
// which may be x, in one pass: in vectors where the CPU has AVX2 (the
// last partial vector through a buffer, so that every element is
// computed alike), else element by element.
func geluChain(y, x []float32, c *[3]float32) {
	if len(y) == 0 {
		return
	}
	if useAsm {
		w, kern := 8, geluAVX2
		if use512 {
			w, kern = 16, gelu512
		}
		n := len(y) &^ (w - 1)
		if n > 0 {
			_ = x[n-1]
			kern(&y[0], &x[0], n, c)
		}
		if n < len(y) {
			var buf [16]float32
			copy(buf[:], x[n:len(y)])
			kern(&buf[0], &buf[0], w, c)
			copy(y[n:], buf[:len(y)-n])
		}
		return
	}
	// The operators' steps element by element (so that y may be x).
	for i, v := range x[:len(y)] {
		e := float32(erfFast(float64(v / c[0])))
		y[i] = ((e + c[1]) * v) * c[2]
	}
}

// act returns the chain as an activation in place (a MatMul's).
func (f geluFusion) act() func(dst, src []float32) {
	c := [3]float32{f.div, f.add, f.mul}
	return func(dst, src []float32) { geluChain(dst, src, &c) }
}
