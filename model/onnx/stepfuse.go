package onnx

// Rewrites of compiled steps, after constant folding, for patterns whose
// recognition needs the folded constants (a Pow's exponent, a Reshape's
// target, ReduceSum's axes): modulated convolutions (modconv.go), sums
// of products with a constant (contract.go), and a VQ-VAE's nearest
// codebook entries and their lookup (nearest.go, gathert.go). A
// rewritten step keeps the steps it replaces, to run them as they were
// when a run's shapes do not suit the rewrite.

// stepGraph indexes a model's steps: the step writing each value and the
// number of step inputs reading it.
type stepGraph struct {
	m        *Model
	producer []int  // by value: the step writing it, -1 if none
	readers  []int  // by value: step inputs reading it; graph outputs count 2
	drop     []bool // by step: replaced by a rewrite
}

func newStepGraph(m *Model) *stepGraph {
	g := &stepGraph{m: m, producer: make([]int, len(m.names)), readers: make([]int, len(m.names)),
		drop: make([]bool, len(m.steps))}
	for i := range g.producer {
		g.producer[i] = -1
	}
	for k, st := range m.steps {
		for _, v := range st.out {
			g.producer[v] = k
		}
		for _, v := range st.in {
			if v >= 0 {
				g.readers[v]++
			}
		}
	}
	for _, v := range m.outputIdx {
		g.readers[v] += 2
	}
	return g
}

// sole returns the index of the step of type opType that writes value v
// as its only output, when v has exactly readers readers; -1 otherwise.
func (g *stepGraph) sole(v int, opType string, readers int) int {
	if v < 0 || g.readers[v] != readers {
		return -1
	}
	k := g.producer[v]
	if k < 0 || g.drop[k] {
		return -1
	}
	if st := &g.m.steps[k]; st.opType != opType || len(st.out) != 1 || st.shapeOnly {
		return -1
	}
	return k
}

// constant returns value v's constant tensor, or nil.
func (g *stepGraph) constant(v int) *Tensor {
	if v < 0 {
		return nil
	}
	return g.m.consts[v]
}

// scalarConst reports whether value v is a constant float of one element
// and rank at most 1 (broadcasting keeps the other operand's shape), and
// returns it.
func (g *stepGraph) scalarConst(v int) (float32, bool) {
	t := g.constant(v)
	if t == nil || !t.IsFloat() || len(t.Float) != 1 || len(t.Shape) > 1 {
		return 0, false
	}
	return t.Float[0], true
}

// subSteps returns the steps at the given indices in graph order.
func (g *stepGraph) subSteps(idx ...int) []step {
	keep := make([]bool, len(g.m.steps))
	for _, k := range idx {
		keep[k] = true
	}
	var sub []step
	for k, st := range g.m.steps {
		if keep[k] {
			sub = append(sub, st)
		}
	}
	return sub
}

// fuseSteps applies the rewrites to m's steps.
func (m *Model) fuseSteps() {
	g := newStepGraph(m)
	for k := range m.steps {
		if !g.drop[k] {
			g.fuseModConv(k)
		}
	}
	for k := range m.steps {
		if !g.drop[k] {
			g.fuseSumProduct(k)
		}
	}
	for k := range m.steps {
		if !g.drop[k] {
			g.fuseNearest(k)
		}
	}
	for k := range m.steps {
		if !g.drop[k] {
			g.fuseGatherChannels(k)
		}
	}
	kept := m.steps[:0]
	for k, st := range m.steps {
		if !g.drop[k] {
			kept = append(kept, st)
		}
	}
	m.steps = kept
}

// runSteps runs steps as Run does, for a rewritten step whose run's
// shapes do not suit it.
func (s *Session) runSteps(steps []step) error {
	for _, st := range steps {
		if err := s.exec(st); err != nil {
			return err
		}
	}
	return nil
}
