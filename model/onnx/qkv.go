package onnx

import (
	"fmt"

	"github.com/latent-explorer/latent/model/sgemm"
)

// Attention's queries, keys and values as PyTorch exports them: one
// Linear layer for all three, then
//
//	Reshape [b L 3 h d], Transpose perm [2 0 3 1 4], Split along axis 0
//
// which writes the product once and copies it once more into the three
// parts, head by head. When the MatMul multiplies by a constant (its
// bias fused, fuse.go) and nothing else reads its output or the
// Reshape's, the three nodes run as one step (qkvSplit) where the Split
// was: the product of each batch item's rows with each head's columns is
// written straight into that head's place in its part. Each element is
// the same sum as the MatMul's, so the results are the same bits; shapes
// that do not fit that pattern run the three steps one after the other.

// qkvNodes are the MatMul and the Reshape fused into a transposed Split.
type qkvNodes struct {
	mm, reshape *nodeProto
}

// fuseQKV folds the Reshape producing transposed Split node n's input,
// and the MatMul producing the Reshape's, into n.
func fuseQKV(n *nodeProto, producer map[string]*nodeProto, readers map[string]int, drop map[*nodeProto]bool) {
	r := producer[n.inputs[0]]
	if r == nil || drop[r] || r.opType != "Reshape" || r.domain != "" || readers[n.inputs[0]] != 1 ||
		len(r.inputs) != 2 || len(r.outputs) != 1 {
		return
	}
	p := producer[r.inputs[0]]
	if p == nil || drop[p] || p.opType != "MatMul" || p.domain != "" || p.fusedAct != nil || p.headsOut ||
		p.residual != "" || p.gelu != nil || len(p.inputs) != 2 || len(p.outputs) != 1 || readers[r.inputs[0]] != 1 ||
		p.transposed[0] {
		return
	}
	n.qkv = &qkvNodes{mm: p, reshape: r}
	drop[p], drop[r] = true, true
}

// qkvOp builds the fused step of Split node n (whose transposeSplit is
// ts): its inputs become the MatMul's two, the Reshape's shape and the
// Split's sizes (or none).
func (b *builder) qkvOp(n *nodeProto, ts transposeSplit, st *step) (op, error) {
	p, r := n.qkv.mm, n.qkv.reshape
	mmIn := []int{b.value(p.inputs[0]), b.value(p.inputs[1])}
	mo, err := b.buildFused(p, mmIn, buildMatMul)
	if err != nil {
		return nil, err
	}
	mm := mo.(*matMul)
	if p.bias != nil {
		mm.bias = p.bias.Float
	}
	rIn := []int{b.value(r.inputs[0]), b.value(r.inputs[1])}
	ro, err := b.buildFused(r, rIn, buildReshape)
	if err != nil {
		return nil, err
	}
	sizes := -1
	if len(st.in) > 1 {
		sizes = st.in[1]
	}
	st.in = []int{mmIn[0], mmIn[1], rIn[1], sizes}
	return qkvSplit{mm: mm, rs: ro.(*reshape), ts: ts}, nil
}

// qkvSplit is a MatMul, a Reshape of its product and a transposed Split
// of that (transposeSplit) as one step.
type qkvSplit struct {
	mm *matMul
	rs *reshape
	ts transposeSplit
}

func (o qkvSplit) run(s *Session, in, out []*Tensor) error {
	x, w, shape, sizes := in[0], in[1], in[2], in[3]
	if ok, err := o.direct(s, x, w, shape, sizes, out); ok || err != nil {
		return err
	}
	// The three steps, the product and its view in the session's own.
	y, view := s.fusedTemps()
	if _, err := o.mm.product(s, []*Tensor{x, w}, []*Tensor{y}, false, nil); err != nil {
		return fmt.Errorf("MatMul: %w", err)
	}
	if err := o.rs.run(s, []*Tensor{y, shape}, []*Tensor{view}); err != nil {
		return fmt.Errorf("Reshape: %w", err)
	}
	return o.ts.run(s, []*Tensor{view, sizes}, out)
}

// direct runs the step as one product per batch item and head when the
// shapes fit: x [… L K] by the constant W [K N], reshaped to [B L S H D]
// (N = S·H·D, D a multiple of sgemm.NR), transposed by [2 0 3 1 4] and
// split into S parts of one. It reports whether it did.
func (o qkvSplit) direct(s *Session, x, w, shapeT, sizesT *Tensor, out []*Tensor) (bool, error) {
	mm := o.mm
	if mm.packed == nil || mm.transA || !x.IsFloat() || len(x.Shape) < 2 || o.rs.kind != "Reshape" {
		return false, nil
	}
	k, n := x.Shape[len(x.Shape)-1], mm.packed.N
	if k != mm.packed.K {
		return false, nil
	}
	rows := numel(x.Shape[:len(x.Shape)-1])
	var rb [maxRank]int
	// The product's shape, in the session's scratch (an error message
	// may keep it).
	yShape := append(append(s.ints(len(x.Shape))[:0], x.Shape[:len(x.Shape)-1]...), n)
	hdr := Tensor{Shape: yShape}
	r, err := o.rs.reshapeTo(rb[:0], &hdr, shapeT)
	if err != nil || len(r) != 5 {
		return false, nil
	}
	nb, l, parts, heads, d := r[0], r[1], r[2], r[3], r[4]
	if nb*l != rows || parts*heads*d != n || d%sgemm.NR != 0 || len(out) != parts || parts > maxQKVParts ||
		!isPerm(o.ts.t.perm, 2, 0, 3, 1, 4) {
		return false, nil
	}
	sizes := o.ts.s.sizes
	if sizesT != nil {
		if sizes, err = intInput(sizesT, "split"); err != nil {
			return false, nil
		}
	}
	for _, v := range sizes {
		if v != 1 {
			return false, nil
		}
	}
	if sizes != nil && len(sizes) != parts {
		return false, nil
	}
	if len(x.Float) < rows*k {
		return false, fmt.Errorf("MatMul input of shape %v holds %d values", x.Shape, len(x.Float))
	}
	j := qkvJob{x: x.Float, b: *mm.packed, bias: mm.bias, k: k, l: l, heads: heads, d: d, parts: parts}
	for p := range parts {
		j.y[p] = out[p].floats(1, nb, heads, l, d)
	}
	units := nb * parts * heads
	if s == nil {
		j.do(0, units)
		return true, nil
	}
	s.qkvJob = j
	s.parallel(&s.qkvJob, units, l*k*d)
	s.qkvJob = qkvJob{}
	return true, nil
}

// isPerm reports whether perm is exactly want.
func isPerm(perm []int, want ...int) bool {
	if len(perm) != len(want) {
		return false
	}
	for i, p := range perm {
		if p != want[i] {
			return false
		}
	}
	return true
}

// qkvJob is qkvSplit's products, one unit per batch item, part and head:
// the batch item's l rows of x by the head's d columns of b, plus their
// bias, into the head's l×d block of its part.
type qkvJob struct {
	x                     []float32
	b                     sgemm.PackedB
	bias                  []float32
	y                     [maxQKVParts][]float32
	k, l, heads, d, parts int
}

// maxQKVParts bounds the parts of a fused Split (q, k and v: 3).
const maxQKVParts = 8

func (j *qkvJob) do(lo, hi int) {
	for u := lo; u < hi; u++ {
		item, rest := u/(j.parts*j.heads), u%(j.parts*j.heads)
		part, head := rest/j.heads, rest%j.heads
		col := (part*j.heads + head) * j.d
		a := sgemm.Matrix{M: j.l, K: j.k, Stride: j.k, Data: j.x[item*j.l*j.k:]}
		c := j.y[part][(item*j.heads+head)*j.l*j.d:]
		b := j.b.Cols(col, col+j.d)
		if j.bias != nil {
			sgemm.MulMatrixBias(a, b, j.bias[col:], c, j.d)
		} else {
			sgemm.MulMatrix(a, b, c, j.d, false)
		}
	}
}
