package onnx

import (
	"sync"

	"github.com/latent-explorer/latent/model/sgemm"
)

// A ReduceSum of the product of a constant C and a computed X is a
// contraction: StyleGAN2's demodulation in its constant-weight form,
// Σ over Cin, k, k of W² [1, Cout, Cin, k, k] ⊙ s² [B, 1, Cin, 1, 1],
// broadcasts to B·Cout·Cin·k² products for B·Cout sums. Each axis of the
// broadcast product is, by which operand spans it and whether it is
// summed, a row of the result (X alone, kept), a column (C alone, kept),
// a summed axis of both, or a summed axis of C alone, summed into C once
// for the layout (C'); then the result is the matrix product X·C' by
// sgemm, C' packed once. sumProduct runs it so when the axes of each
// kind merge into one stride of each operand and of the result, and the
// replaced Mul and ReduceSum otherwise; the results differ by rounding
// (float32 sums where ReduceSum sums in float64). A sum of the products'
// squares, Σ (C ⊙ X)² (PyTorch's export of (W·s).pow(2).sum()), is
// Σ C² ⊙ X²: the same product with C² and X squared at each run.

// sumProduct is ReduceSum(Mul(C, X)) with C constant.
type sumProduct struct {
	c        *Tensor
	axes     []int64
	keepDims bool
	square   bool   // the sum of the products' squares: C holds C², X is squared at each run
	steps    []step // the Mul (and square) and the ReduceSum, for runs that do not suit

	mu    sync.Mutex
	packs []productPack // C' by layout, made at the first run of each
}

// productPack is C summed over some of its axes and packed as one
// operand of the product.
type productPack struct {
	pre, sum uint32 // C's axes summed into C', and those summed with X
	asA      bool   // packed as A (C'ᵀ, the result transposed), else as B
	a        sgemm.PackedA
	b        sgemm.PackedB
}

// fuseSumProduct rewrites ReduceSum step k of a Mul by a constant; it
// reports whether it did.
func (g *stepGraph) fuseSumProduct(k int) bool {
	st := &g.m.steps[k]
	r, ok := st.op.(reduce)
	if st.opType != "ReduceSum" || !ok || r.kind != "Sum" || len(st.out) != 1 {
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
	chain := []int{k}
	pv, square := st.in[0], false
	if sq, reads := g.squareOf(pv); sq >= 0 {
		chain, pv, square = append(chain, sq), g.m.steps[sq].in[0], true
		if g.readers[pv] != reads {
			return false
		}
	} else if g.readers[pv] != 1 {
		return false
	}
	mul := g.producer[pv]
	if mul < 0 || g.drop[mul] || g.m.steps[mul].opType != "Mul" || len(g.m.steps[mul].out) != 1 || len(axes) == 0 {
		return false
	}
	in := g.m.steps[mul].in
	c, xv := g.constant(in[0]), in[1]
	if c == nil {
		c, xv = g.constant(in[1]), in[0]
	}
	if c == nil || !c.IsFloat() || g.constant(xv) != nil {
		return false
	}
	o := &sumProduct{c: c, axes: axes, keepDims: r.keepDims, square: square, steps: g.subSteps(append(chain, mul)...)}
	if square {
		c2 := make([]float32, len(c.Float))
		for i, v := range c.Float {
			c2[i] = v * v
		}
		o.c = &Tensor{Shape: c.Shape, Float: c2, Type: typeFloat}
	}
	for _, i := range append(chain[1:], mul) {
		g.drop[i] = true
	}
	st.op, st.in = o, []int{xv}
	return true
}

// squareOf returns the step squaring into value v, Pow(p, 2) or
// Mul(p, p), as v's only writer with one reader, and the reads of p it
// makes; -1 if there is none.
func (g *stepGraph) squareOf(v int) (int, int) {
	if p := g.sole(v, "Pow", 1); p >= 0 {
		if e, ok := g.scalarConst(g.m.steps[p].in[1]); ok && e == 2 {
			return p, 1
		}
	} else if p := g.sole(v, "Mul", 1); p >= 0 {
		if in := g.m.steps[p].in; in[0] == in[1] {
			return p, 2
		}
	}
	return -1, 0
}

// productShape is a run's contraction: the result's shape and the
// product's matrix form, rows m, columns n, summed length k, with the
// strides of X (xm, xk), C' (ck, cn) and the result (om, on).
type productShape struct {
	out                [maxRank]int // the result's shape
	outRank            int
	m, n, k            int
	xm, xk, ck, cn     int
	om, on             int
	pre, sum           uint32
	rowMajor           bool
	cShape             [maxRank]int // C'
	rank, cRank, xRank int
}

// axisKind is what one axis of the broadcast product is to the contraction.
const (
	axisNone = iota // of length 1
	axisRow         // X's alone, kept
	axisCol         // C's alone, kept
	axisSum         // both operands', summed
	axisPre         // C's alone, summed
)

// shape plans a run on x of shape xs, or reports that it does not suit.
func (o *sumProduct) shape(xs []int) (productShape, bool) {
	p := productShape{rank: max(len(xs), len(o.c.Shape)), cRank: len(o.c.Shape), xRank: len(xs)}
	if p.rank > maxRank {
		return p, false
	}
	var red [maxRank]bool
	for _, a := range o.axes {
		ax, err := normAxis(int(a), p.rank)
		if err != nil || red[ax] {
			return p, false
		}
		red[ax] = true
	}
	var kind [maxRank]int
	var size, full [maxRank]int
	for a := 0; a < p.rank; a++ {
		cd, xd := dimAligned(o.c.Shape, a, p.rank), dimAligned(xs, a, p.rank)
		if cd != xd && cd != 1 && xd != 1 {
			return p, false
		}
		size[a], full[a] = max(cd, xd), max(cd, xd)
		if red[a] {
			full[a] = 1
		}
		if !red[a] || o.keepDims {
			p.out[p.outRank], p.outRank = full[a], p.outRank+1
		}
		if kind[a] = axisKindOf(cd, xd, red[a]); kind[a] < 0 {
			return p, false
		}
		if ca := a - (p.rank - p.cRank); ca >= 0 {
			p.cShape[ca] = cd
			switch kind[a] {
			case axisPre:
				p.pre |= 1 << ca
				p.cShape[ca] = 1
			case axisSum:
				p.sum |= 1 << ca
			}
		}
	}
	return p, p.merge(kind[:p.rank], size[:p.rank], xs, full[:p.rank])
}

// axisKindOf classifies an axis of the product of C (length cd along it)
// and X (xd), summed or not; -1 where the product is no matrix product
// (an axis of X alone summed, or of both kept).
func axisKindOf(cd, xd int, summed bool) int {
	switch {
	case max(cd, xd) == 1:
		return axisNone
	case summed && xd == 1:
		return axisPre
	case summed && cd == 1, !summed && cd != 1 && xd != 1:
		return -1
	case summed:
		return axisSum
	case cd == 1:
		return axisRow
	}
	return axisCol
}

// merge sets the product's lengths and the operands' and result's
// strides, reporting whether each kind of axes reads as one axis of each.
func (p *productShape) merge(kind, size, xs, full []int) bool {
	var ok [6]bool
	xst, cst, ost := alignedStrides(xs, p.rank), alignedStrides(p.cShape[:p.cRank], p.rank), alignedStrides(full, p.rank)
	p.m, p.xm, ok[0] = mergeAxes(kind, axisRow, size, xst[:])
	p.k, p.xk, ok[1] = mergeAxes(kind, axisSum, size, xst[:])
	_, p.ck, ok[2] = mergeAxes(kind, axisSum, size, cst[:])
	p.n, p.cn, ok[3] = mergeAxes(kind, axisCol, size, cst[:])
	_, p.om, ok[4] = mergeAxes(kind, axisRow, size, ost[:])
	_, p.on, ok[5] = mergeAxes(kind, axisCol, size, ost[:])
	return ok == [6]bool{true, true, true, true, true, true}
}

// dimAligned returns dimension a of shape right-aligned to rank r, 1
// where shape has none.
func dimAligned(shape []int, a, r int) int {
	if i := a - (r - len(shape)); i >= 0 {
		return shape[i]
	}
	return 1
}

// alignedStrides returns the strides of a contiguous tensor of the given
// shape, right-aligned to rank r (0 on the axes it lacks).
func alignedStrides(shape []int, r int) [maxRank]int {
	var st [maxRank]int
	step := 1
	for i := len(shape) - 1; i >= 0; i-- {
		st[i+r-len(shape)] = step
		step *= shape[i]
	}
	return st
}

// mergeAxes returns the total length and the innermost stride of the
// axes of kind k, which must lie in memory one inside the other (each
// stride the next one's times its length) to read as one axis.
func mergeAxes(kind []int, k int, size, stride []int) (n, st int, ok bool) {
	n, last := 1, -1
	for a := range kind {
		if kind[a] != k {
			continue
		}
		if last >= 0 && stride[last] != stride[a]*size[a] {
			return 0, 0, false
		}
		n, last = n*size[a], a
	}
	if last < 0 {
		return 1, 0, true
	}
	return n, stride[last], true
}

// pack returns C' for the plan, made on first use.
func (o *sumProduct) pack(p *productShape, asA bool) *productPack {
	o.mu.Lock()
	defer o.mu.Unlock()
	for i := range o.packs {
		if q := &o.packs[i]; q.pre == p.pre && q.sum == p.sum && q.asA == asA {
			return q
		}
	}
	cp := o.preSum(p)
	q := productPack{pre: p.pre, sum: p.sum, asA: asA}
	if asA {
		q.a = sgemm.PackA(make([]float32, sgemm.PackedASize(p.n, p.k)), cp, p.cn, p.ck, p.n, p.k)
	} else {
		q.b = sgemm.PackB(make([]float32, sgemm.PackedBSize(p.k, p.n)), cp, p.ck, p.cn, p.k, p.n)
	}
	o.packs = append(o.packs, q)
	return &o.packs[len(o.packs)-1]
}

// preSum returns C summed in float64 over the axes p.pre, of shape
// p.cShape.
func (o *sumProduct) preSum(p *productShape) []float32 {
	c := o.c
	acc := make([]float64, numel(p.cShape[:p.cRank]))
	pl := plan(c.Shape, p.cShape[:p.cRank])
	pl.runs(func(j int, off [3]int, n int, step [3]int) {
		for i, v := range c.Float[j : j+n] {
			acc[off[0]+i*step[0]] += float64(v)
		}
	})
	cp := make([]float32, len(acc))
	for i, v := range acc {
		cp[i] = float32(v)
	}
	return cp
}

// plan returns the product for X of shape xs and reports whether it
// suits: the result is the product's matrix, rows first (rowMajor) or
// columns first.
func (o *sumProduct) plan(xs []int) (p productShape, ok bool) {
	p, ok = o.shape(xs)
	p.rowMajor = p.on == 1 && (p.m == 1 || p.om == p.n)
	colMajor := p.om == 1 && (p.n == 1 || p.on == p.m)
	return p, ok && (p.rowMajor || colMajor) && p.m*p.n*p.k > 0
}

func (o *sumProduct) run(s *Session, in, out []*Tensor) error {
	x := in[0]
	p, ok := o.plan(x.Shape)
	if !ok || !x.IsFloat() || !sumProductFast {
		return s.runSteps(o.steps)
	}
	xf := x.Float
	if o.square {
		xf = s.buffer(len(x.Float))
		mulf(xf, x.Float, 1, x.Float, 1)
	}
	y := out[0].floats(p.out[:p.outRank]...)
	if p.rowMajor {
		a := sgemm.PackA(s.slot(slotA, sgemm.PackedASize(p.m, p.k)), xf, p.xm, p.xk, p.m, p.k)
		sgemm.MulSet(a, o.pack(&p, false).b, y, p.n)
		return nil
	}
	b := sgemm.PackB(s.slot(slotB, sgemm.PackedBSize(p.k, p.m)), xf, p.xk, p.xm, p.k, p.m)
	sgemm.MulSet(o.pack(&p, true).a, b, y, p.m)
	return nil
}

// sumProductFast turns the rewritten form on; tests turn it off.
var sumProductFast = true
