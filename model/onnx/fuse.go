package onnx

import (
	"fmt"
	"math"
)

// Load-time graph rewrites that save whole passes over activations:
//
//   - a BatchNormalization right after a Conv or ConvTranspose with
//     constant weights is folded into them (scale the weights of each
//     output channel, shift the bias), as inference engines do since
//     Jacob et al., "Quantization and training of neural networks for
//     efficient integer-arithmetic-only inference" (CVPR 2018), §3.2;
//   - an elementwise activation right after a Conv, ConvTranspose or Gemm
//     is applied by that operator to its fresh output, while it is still
//     in cache;
//   - a GroupNorm as PyTorch exports it (InstanceNormalization between
//     Reshapes, then Mul and Add by per-channel constants), and a SiLU
//     after it, run as the InstanceNormalization (groupnorm_fused.go);
//   - a Softmax of a Div or Mul by a scalar (attention's scaled scores)
//     scales each row as it normalises it (scaledSoftmax, reduce.go);
//   - an Add of a constant vector to a MatMul by a constant matrix (a
//     Linear layer's bias) starts the MatMul's sums from the bias;
//   - an Add of another value to a MatMul's output (a transformer's skip
//     connection, after the bias) is done by the MatMul to each part of
//     its output as it finishes it, while it is in cache;
//   - GELU as PyTorch exports it (Div, Erf, Add, Mul, Mul) runs as one
//     operator over cache-sized blocks (gelu.go);
//   - a Transpose read only by a Split along axis 0 (attention's q, k
//     and v) writes each part straight from its input (transposeSplit);
//     when that input is a Reshape of a MatMul by a constant (the
//     Linear layer of q, k and v), the MatMul writes each head's block
//     of its product straight into its part (qkv.go);
//   - a Transpose that swaps the last two axes of a MatMul operand (the
//     Kᵀ of attention) is done by the MatMul's packing, which reads the
//     operand with swapped strides, instead of by a copy;
//   - a Transpose of a batched MatMul's output that swaps its last batch
//     axis with its rows (attention's heads back beside each other,
//     perm [0 2 1 3]) is done by the MatMul writing each product's rows
//     that far apart.
//
// A rewrite happens only when the intermediate value has no other reader
// and is not a graph output, so the results are unchanged.

// actInside is an operator that applies a fused activation itself, to
// each part of its output as the thread that wrote it finishes it, while
// it is still in cache.
type actInside interface {
	setAct(f func(dst, src []float32))
}

// fusedAct wraps an operator with an activation applied in place.
type fusedAct struct {
	op
	act func(dst, src []float32)
}

func (f fusedAct) run(s *Session, in, out []*Tensor) error {
	if err := f.op.run(s, in, out); err != nil {
		return err
	}
	f.apply(s, out[0].Float)
	return nil
}

// apply runs the activation on y in place, in chunks over s's threads.
func (f fusedAct) apply(s *Session, y []float32) {
	if s == nil || len(y) < 2*elemChunk {
		f.act(y, y)
		return
	}
	s.actJob = actJob{f: f.act, y: y}
	s.parallel(&s.actJob, ceilDiv(len(y), elemChunk), elemChunk/8)
	s.actJob = actJob{}
}

// actJob is an activation in place over chunks of elemChunk elements.
type actJob struct {
	f func(dst, src []float32)
	y []float32
}

func (j *actJob) do(lo, hi int) {
	y := j.y[lo*elemChunk : min(hi*elemChunk, len(j.y))]
	j.f(y, y)
}

// fuse rewrites nodes (in topological order) and returns the new list.
func (b *builder) fuse(nodes []*nodeProto, outputs []*valueInfo) []*nodeProto {
	readers := map[string]int{}
	readBy := map[string][]*nodeProto{}
	for _, n := range nodes {
		for _, in := range n.inputs {
			readers[in]++
			readBy[in] = append(readBy[in], n)
		}
	}
	for _, o := range outputs {
		readers[o.name] += 2 // never fuse away a graph output
	}
	producer := map[string]*nodeProto{}
	for _, n := range nodes {
		for _, o := range n.outputs {
			producer[o] = n
		}
	}
	pos := map[*nodeProto]int{} // each node's place in the order
	for i, n := range nodes {
		pos[n] = i
	}
	drop := map[*nodeProto]bool{}
	b.fuseGroupNorms(nodes, producer, readers, drop)
	for _, n := range nodes {
		if drop[n] {
			continue
		}
		if n.opType == "MatMul" {
			fuseTransposes(n, producer, readers, drop)
		}
		if n.opType == "Mul" && fuseSiLU(n, producer, readers, drop) {
			continue
		}
		if n.opType == "Add" && (b.fuseBias(n, producer, readers, drop) || fuseResidual(n, producer, readers, drop, pos)) {
			continue
		}
		if n.opType == "Div" && b.fuseGELU(n, producer, readers, readBy, drop) {
			continue
		}
		if n.opType == "Split" && fuseTransposeSplit(n, producer, readers, drop) {
			fuseQKV(n, producer, readers, drop)
		}
		if n.opType == "Transpose" && fuseHeadsOut(n, producer, readers, drop) {
			continue
		}
		if len(n.inputs) == 0 {
			continue
		}
		p := producer[n.inputs[0]]
		if p == nil || drop[p] || readers[n.inputs[0]] != 1 || len(p.outputs) != 1 || p.fusedAct != nil {
			continue
		}
		switch {
		case n.opType == "BatchNormalization" && (p.opType == "Conv" || p.opType == "ConvTranspose"):
			if b.foldBatchNorm(p, n) {
				p.outputs[0] = n.outputs[0]
				producer[n.outputs[0]] = p
				drop[n] = true
			}
		case n.opType == "Softmax" && n.domain == "" && len(n.outputs) == 1 &&
			(p.opType == "Div" || p.opType == "Mul") && p.domain == "" && len(p.inputs) == 2 && p.softmax == nil:
			p.softmax = n
			p.outputs[0] = n.outputs[0]
			producer[n.outputs[0]] = p
			drop[n] = true
		case fusable[n.opType] && len(n.inputs) == 1 && len(n.outputs) == 1 &&
			(p.opType == "Conv" || p.opType == "ConvTranspose" || p.opType == "Gemm"):
			p.fusedAct = n
			p.outputs[0] = n.outputs[0]
			producer[n.outputs[0]] = p
			drop[n] = true
		}
	}
	kept := nodes[:0]
	for _, n := range nodes {
		if !drop[n] {
			kept = append(kept, n)
		}
	}
	return kept
}

// fuseSiLU folds Mul node n of x and Sigmoid(x) (SiLU, x·σ(x), as
// PyTorch exports it) into the Sigmoid, which then multiplies its own
// output by its input in one pass: the same products, one pass and one
// activation fewer.
func fuseSiLU(n *nodeProto, producer map[string]*nodeProto, readers map[string]int, drop map[*nodeProto]bool) bool {
	if len(n.inputs) != 2 || len(n.outputs) != 1 || n.domain != "" {
		return false
	}
	for k := 0; k < 2; k++ {
		p := producer[n.inputs[k]]
		if p == nil || drop[p] || p.opType != "Sigmoid" || p.domain != "" || p.silu || p.fusedAct != nil ||
			len(p.inputs) != 1 || len(p.outputs) != 1 || p.inputs[0] != n.inputs[1-k] || readers[n.inputs[k]] != 1 {
			continue
		}
		p.silu = true
		p.outputs[0] = n.outputs[0]
		producer[n.outputs[0]] = p
		drop[n] = true
		return true
	}
	return false
}

// fuseBias folds Add node n of a MatMul's output and a constant vector
// of the MatMul's column count into the MatMul, whose constant B fixes
// that count: each output row then starts from the bias.
func (b *builder) fuseBias(n *nodeProto, producer map[string]*nodeProto, readers map[string]int, drop map[*nodeProto]bool) bool {
	if len(n.inputs) != 2 || len(n.outputs) != 1 || n.domain != "" {
		return false
	}
	for k := 0; k < 2; k++ {
		p := producer[n.inputs[k]]
		if p == nil || drop[p] || p.opType != "MatMul" || p.domain != "" || p.bias != nil || p.fusedAct != nil || p.headsOut ||
			p.residual != "" || p.gelu != nil || len(p.inputs) != 2 || len(p.outputs) != 1 || readers[n.inputs[k]] != 1 {
			continue
		}
		bias, w := b.constThrough(n.inputs[1-k], producer), b.constThrough(p.inputs[1], producer)
		if bias == nil || w == nil || !bias.IsFloat() || !w.IsFloat() || len(bias.Shape) != 1 || len(w.Shape) < 2 {
			continue
		}
		cols := w.Shape[len(w.Shape)-1]
		if p.transposed[1] {
			cols = w.Shape[len(w.Shape)-2]
		}
		if bias.Shape[0] != cols {
			continue
		}
		p.bias = bias
		p.outputs[0] = n.outputs[0]
		producer[n.outputs[0]] = p
		drop[n] = true
		return true
	}
	return false
}

// fuseResidual folds Add node n of a MatMul's output and another value
// into the MatMul, which adds that value to its output: when that value
// is made before the MatMul runs (pos orders the nodes).
func fuseResidual(n *nodeProto, producer map[string]*nodeProto, readers map[string]int, drop map[*nodeProto]bool, pos map[*nodeProto]int) bool {
	if len(n.inputs) != 2 || len(n.outputs) != 1 || n.domain != "" || n.inputs[0] == n.inputs[1] {
		return false
	}
	for k := 0; k < 2; k++ {
		p := producer[n.inputs[k]]
		if p == nil || drop[p] || p.opType != "MatMul" || p.domain != "" || p.fusedAct != nil || p.headsOut ||
			p.residual != "" || p.gelu != nil || len(p.inputs) != 2 || len(p.outputs) != 1 || readers[n.inputs[k]] != 1 {
			continue
		}
		if x := producer[n.inputs[1-k]]; x != nil && pos[x] > pos[p] {
			continue
		}
		p.residual = n.inputs[1-k]
		p.outputs[0] = n.outputs[0]
		producer[n.outputs[0]] = p
		drop[n] = true
		return true
	}
	return false
}

// siluOp is a Sigmoid fused with the Mul by its input.
type siluOp struct{ op }

func (f siluOp) run(s *Session, in, out []*Tensor) error {
	if x := in[0]; x.IsFloat() && len(in) == 1 {
		// x/(1 + e^−x) in one pass, in chunks over threads.
		y := out[0].floats(x.Shape...)
		if s == nil || len(y) < 2*elemChunk {
			siluTo(y, x.Float, 1, nil, 0)
			return nil
		}
		s.binJob = binJob{f: siluTo, dst: y, a: x.Float, b: x.Float}
		s.parallel(&s.binJob, ceilDiv(len(y), elemChunk), elemChunk/8)
		s.binJob = binJob{}
		return nil
	}
	if err := f.op.run(s, in, out); err != nil {
		return err
	}
	x, y := in[0].Float, out[0].Float
	if len(x) != len(y) {
		return fmt.Errorf("SiLU of %d values gave %d", len(x), len(y))
	}
	for i, v := range x {
		y[i] *= v
	}
	return nil
}

// siluTo is SiLU as a binJob's function (the second operand unused).
func siluTo(dst, a []float32, _ int, _ []float32, _ int) { affine(dst, a, 1, 0, true) }

// fuseTransposes makes MatMul node n read its operands through the
// Transposes that produce them, when these swap the last two axes only
// and have no other reader.
func fuseTransposes(n *nodeProto, producer map[string]*nodeProto, readers map[string]int, drop map[*nodeProto]bool) {
	for k := 0; k < 2 && k < len(n.inputs); k++ {
		p := producer[n.inputs[k]]
		if p == nil || drop[p] || p.opType != "Transpose" || readers[n.inputs[k]] != 1 ||
			len(p.inputs) != 1 || !swapsLastTwo(p) {
			continue
		}
		n.inputs[k] = p.inputs[0]
		n.transposed[k] = true
		drop[p] = true
	}
}

// fuseHeadsOut folds Transpose node n into the MatMul that produces its
// input, when it swaps the two axes before the last (a batched MatMul's
// last batch axis and its rows) and keeps the others, and nothing else
// reads the MatMul's output.
func fuseHeadsOut(n *nodeProto, producer map[string]*nodeProto, readers map[string]int, drop map[*nodeProto]bool) bool {
	if n.domain != "" || len(n.inputs) != 1 || len(n.outputs) != 1 || len(n.attrs) != 1 || n.attrs[0].name != "perm" {
		return false
	}
	perm := n.attrs[0].ints
	r := len(perm)
	if r < 3 || perm[r-1] != int64(r-1) || perm[r-2] != int64(r-3) || perm[r-3] != int64(r-2) {
		return false
	}
	for i := 0; i < r-3; i++ {
		if perm[i] != int64(i) {
			return false
		}
	}
	p := producer[n.inputs[0]]
	if p == nil || drop[p] || p.opType != "MatMul" || p.domain != "" || p.bias != nil || p.headsOut || p.residual != "" ||
		p.gelu != nil || len(p.inputs) != 2 || len(p.outputs) != 1 || readers[n.inputs[0]] != 1 {
		return false
	}
	p.headsOut = true
	p.headsRank = r
	p.outputs[0] = n.outputs[0]
	producer[n.outputs[0]] = p
	drop[n] = true
	return true
}

// fuseTransposeSplit makes Split node n, along axis 0, transpose its
// parts straight from the input of the Transpose that produces its input,
// when nothing else reads that Transpose's output (transposeSplit).
func fuseTransposeSplit(n *nodeProto, producer map[string]*nodeProto, readers map[string]int, drop map[*nodeProto]bool) bool {
	if n.domain != "" || len(n.inputs) == 0 {
		return false
	}
	p := producer[n.inputs[0]]
	if p == nil || drop[p] || p.opType != "Transpose" || p.domain != "" || readers[n.inputs[0]] != 1 ||
		len(p.inputs) != 1 || len(p.outputs) != 1 || p.fusedAct != nil {
		return false
	}
	var perm []int64
	axis := int64(0)
	for _, a := range p.attrs {
		if a.name == "perm" {
			perm = a.ints
		}
	}
	for _, a := range n.attrs {
		if a.name == "axis" {
			axis = a.i
		}
	}
	if len(perm) == 0 || axis != 0 && axis != -int64(len(perm)) {
		return false
	}
	n.inputs[0] = p.inputs[0]
	n.splitOf = p
	drop[p] = true
	return true
}

// swapsLastTwo reports whether Transpose node t has a perm attribute that
// swaps the last two of at least two axes and keeps the others in place.
func swapsLastTwo(t *nodeProto) bool {
	if len(t.attrs) != 1 || t.attrs[0].name != "perm" {
		return false
	}
	perm := t.attrs[0].ints
	r := len(perm)
	if r < 2 || perm[r-1] != int64(r-2) || perm[r-2] != int64(r-1) {
		return false
	}
	for i := 0; i < r-2; i++ {
		if perm[i] != int64(i) {
			return false
		}
	}
	return true
}

// fusable lists the activations that may run inside the producer.
var fusable = map[string]bool{"Relu": true, "LeakyRelu": true, "Sigmoid": true, "Tanh": true, "Elu": true, "Selu": true, "HardSigmoid": true, "Softplus": true}

// constNamed returns an initializer by name, or nil.
func (b *builder) constNamed(name string) *Tensor {
	if i, ok := b.index[name]; ok {
		return b.m.consts[i]
	}
	return nil
}

// foldBatchNorm scales conv's weights and shifts its bias by bn, giving
// conv new constant inputs. It reports false when it cannot.
func (b *builder) foldBatchNorm(conv, bn *nodeProto) bool {
	if len(bn.inputs) != 5 || len(bn.outputs) != 1 || len(conv.inputs) < 2 {
		return false
	}
	for _, a := range bn.attrs {
		// PyTorch 1.13 and later write training_mode = 0 on every
		// exported BatchNormalization: inference, foldable.
		inference := a.name == "training_mode" && a.i == 0
		if a.name != "epsilon" && a.name != "momentum" && a.name != "spatial" && !inference {
			return false
		}
	}
	eps := 1e-5
	for _, a := range bn.attrs {
		if a.name == "epsilon" {
			eps = float64(a.f)
		}
	}
	w := b.constNamed(conv.inputs[1])
	var p [4]*Tensor
	for i := range p {
		p[i] = b.constNamed(bn.inputs[i+1])
		if p[i] == nil || !p[i].IsFloat() {
			return false
		}
	}
	if w == nil || !w.IsFloat() || len(w.Shape) < 3 {
		return false
	}
	cout, transposed := w.Shape[0], conv.opType == "ConvTranspose"
	group := 1
	for _, a := range conv.attrs {
		if a.name == "group" {
			group = int(a.i)
		}
	}
	if transposed {
		if group < 1 || w.Shape[0]%group != 0 {
			return false
		}
		cout = w.Shape[1] * group
	}
	c := len(p[0].Float)
	if c != cout || len(p[1].Float) != c || len(p[2].Float) != c || len(p[3].Float) != c {
		return false
	}
	var bias []float32
	if len(conv.inputs) > 2 && conv.inputs[2] != "" {
		bt := b.constNamed(conv.inputs[2])
		if bt == nil || !bt.IsFloat() || len(bt.Float) != c {
			return false
		}
		bias = bt.Float
	}
	mul, add := make([]float32, c), make([]float32, c)
	for i := range mul {
		m := float64(p[0].Float[i]) / math.Sqrt(float64(p[3].Float[i])+eps)
		var b0 float64
		if bias != nil {
			b0 = float64(bias[i])
		}
		mul[i] = float32(m)
		add[i] = float32((b0-float64(p[2].Float[i]))*m + float64(p[1].Float[i]))
	}
	nw := w.clone()
	inner := numel(w.Shape[2:])
	for k := range nw.Float {
		var oc int
		if transposed {
			coutG := w.Shape[1]
			ic, j := k/(coutG*inner), k/inner%coutG
			oc = ic/(w.Shape[0]/group)*coutG + j
		} else {
			oc = k / (numel(w.Shape[1:]))
		}
		nw.Float[k] *= mul[oc]
	}
	wName, bName := conv.outputs[0]+"/folded_weights", conv.outputs[0]+"/folded_bias"
	b.m.consts[b.value(wName)] = nw
	b.m.consts[b.value(bName)] = &Tensor{Shape: []int{c}, Float: add, Type: typeFloat}
	conv.inputs = []string{conv.inputs[0], wName, bName}
	return true
}
