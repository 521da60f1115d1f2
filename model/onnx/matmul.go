package onnx

import (
	"fmt"

	"github.com/latent-explorer/latent/model/sgemm"
)

// Scratch slots used by the matrix operators.
const (
	slotA   = 1 // packed A
	slotB   = 2 // packed B
	slotCol = 3 // im2col / col2im matrix
)

// gemmOp is Gemm: Y = alpha·A'·B' + beta·C, with A' = A or Aᵀ and B' = B
// or Bᵀ. A constant B is scaled by alpha and packed at load.
type gemmOp struct {
	transA, transB bool
	alpha, beta    float32
	packed         *sgemm.PackedB // constant B' (scaled by alpha), or nil
}

func buildGemm(c *nodeCtx) (op, error) {
	if err := c.need(2, 3); err != nil {
		return nil, err
	}
	if c.opset < 7 || c.has("broadcast") {
		return nil, fmt.Errorf("legacy broadcast attribute: %w", ErrUnsupported)
	}
	o := &gemmOp{
		transA: c.int("transA", 0) != 0, transB: c.int("transB", 0) != 0,
		alpha: c.float("alpha", 1), beta: c.float("beta", 1),
	}
	if b := c.input(1); b != nil && b.IsFloat() && len(b.Shape) == 2 {
		k, n := b.Shape[0], b.Shape[1]
		rs, cs := n, 1
		if o.transB {
			k, n, rs, cs = n, k, 1, n
		}
		src := b.Float
		if o.alpha != 1 {
			src = scaled(src, o.alpha)
		}
		pb := sgemm.PackB(make([]float32, sgemm.PackedBSize(k, n)), src, rs, cs, k, n)
		o.packed = &pb
	}
	return o, nil
}

func scaled(x []float32, a float32) []float32 {
	y := make([]float32, len(x))
	for i, v := range x {
		y[i] = a * v
	}
	return y
}

func (o *gemmOp) run(s *Session, in, out []*Tensor) error {
	a, b := in[0], in[1]
	if len(a.Shape) != 2 || len(b.Shape) != 2 || !a.IsFloat() || !b.IsFloat() {
		return fmt.Errorf("Gemm wants two float matrices, got shapes %v and %v", a.Shape, b.Shape)
	}
	m, k := a.Shape[0], a.Shape[1]
	ars, acs := k, 1
	if o.transA {
		m, k, ars, acs = k, m, 1, k
	}
	kb, n := b.Shape[0], b.Shape[1]
	if o.transB {
		kb, n = n, kb
	}
	if kb != k {
		return fmt.Errorf("Gemm: A' is %d×%d but B' is %d×%d", m, k, kb, n)
	}
	if err := checkSize(m, n); err != nil {
		return err
	}
	y := out[0].floats(m, n)
	if err := o.initC(y, m, n, in); err != nil {
		return err
	}
	pb := o.packed
	if pb == nil {
		brs, bcs := n, 1
		if o.transB {
			brs, bcs = 1, k
		}
		src := b.Float
		if o.alpha != 1 {
			src = s.slot(slotCol, len(src))
			for i, v := range b.Float {
				src[i] = o.alpha * v
			}
		}
		p := sgemm.PackB(s.slot(slotB, sgemm.PackedBSize(k, n)), src, brs, bcs, k, n)
		pb = &p
	}
	multiply(s, a.Float, ars, acs, m, *pb, y, n)
	return nil
}

// multiply computes c += a·b for a (m×k, element (i,p) at a[i*rs+p*cs]).
func multiply(s *Session, a []float32, rs, cs, m int, b sgemm.PackedB, c []float32, ldc int) {
	if m == 1 && cs == 1 {
		sgemm.Gemv(a[:b.K], b, c[:b.N])
		return
	}
	pa := sgemm.PackA(s.slot(slotA, sgemm.PackedASize(m, b.K)), a, rs, cs, m, b.K)
	sgemm.Mul(pa, b, c, ldc)
}

// initC fills y with beta·C broadcast to m×n, or zeros.
func (o *gemmOp) initC(y []float32, m, n int, in []*Tensor) error {
	if len(in) < 3 || in[2] == nil || o.beta == 0 {
		clear(y)
		return nil
	}
	c := in[2]
	var sh [maxRank]int
	mn := [2]int{m, n}
	shape, err := broadcastShape(sh[:0], c.Shape, mn[:])
	if err != nil || len(shape) != 2 || shape[0] != m || shape[1] != n {
		return fmt.Errorf("Gemm: C of shape %v does not broadcast to %d×%d", c.Shape, m, n)
	}
	p := plan(shape, c.Shape)
	p.runs(func(k int, off [3]int, cnt int, step [3]int) {
		for i := 0; i < cnt; i++ {
			y[k+i] = o.beta * c.Float[off[0]+i*step[0]]
		}
	})
	return nil
}

// matMul is MatMul with NumPy semantics: batched over leading dimensions,
// which broadcast. A constant 2-D B is packed at load.
type matMul struct {
	packed *sgemm.PackedB
}

func buildMatMul(c *nodeCtx) (op, error) {
	if err := c.need(2, 2); err != nil {
		return nil, err
	}
	o := &matMul{}
	if b := c.input(1); b != nil && b.IsFloat() && len(b.Shape) == 2 {
		k, n := b.Shape[0], b.Shape[1]
		pb := sgemm.PackB(make([]float32, sgemm.PackedBSize(k, n)), b.Float, n, 1, k, n)
		o.packed = &pb
	}
	return o, nil
}

func (o *matMul) run(s *Session, in, out []*Tensor) error {
	a, b := in[0], in[1]
	if !a.IsFloat() || !b.IsFloat() || len(a.Shape) == 0 || len(b.Shape) == 0 {
		return fmt.Errorf("MatMul wants float tensors of rank ≥ 1, got %v and %v", a.Shape, b.Shape)
	}
	as, bs := a.Shape, b.Shape
	if len(as) == 1 {
		as = []int{1, as[0]}
	}
	if len(bs) == 1 {
		bs = []int{bs[0], 1}
	}
	m, k := as[len(as)-2], as[len(as)-1]
	kb, n := bs[len(bs)-2], bs[len(bs)-1]
	if k != kb {
		return fmt.Errorf("MatMul of shapes %v and %v: inner dimensions differ", a.Shape, b.Shape)
	}
	var sh [maxRank]int
	batch, err := broadcastShape(sh[:0], as[:len(as)-2], bs[:len(bs)-2])
	if err != nil {
		return err
	}
	var sh2 [maxRank + 2]int
	shape := append(append(sh2[:0], batch...), m, n)
	if err := checkSize(shape...); err != nil {
		return err
	}
	y := out[0].floats(shape...)
	clear(y)
	if len(bs) == 2 {
		// B is one matrix: fold A's batch into its rows.
		rows := len(a.Float) / k
		pb := o.packed
		if pb == nil {
			p := sgemm.PackB(s.slot(slotB, sgemm.PackedBSize(k, n)), b.Float, n, 1, k, n)
			pb = &p
		}
		multiply(s, a.Float, k, 1, rows, *pb, y, n)
	} else if err := matMulBatched(s, a.Float, as, b.Float, bs, y, batch, m, k, n); err != nil {
		return err
	}
	squeezeMatMul(out[0], a.Shape, b.Shape, shape)
	return nil
}

func matMulBatched(s *Session, a []float32, as []int, b []float32, bs []int, y []float32, batch []int, m, k, n int) error {
	nb := numel(batch)
	p := plan(append(batch, 1), as[:len(as)-2], bs[:len(bs)-2])
	idx := 0
	p.runs(func(o int, off [3]int, cnt int, step [3]int) {
		for i := 0; i < cnt; i++ {
			ai, bi := off[0]+i*step[0], off[1]+i*step[1]
			pb := sgemm.PackB(s.slot(slotB, sgemm.PackedBSize(k, n)), b[bi*k*n:], n, 1, k, n)
			multiply(s, a[ai*m*k:], k, 1, m, pb, y[idx*m*n:], n)
			idx++
		}
	})
	if idx != nb {
		return fmt.Errorf("MatMul: batch broadcast of %v and %v", as, bs)
	}
	return nil
}

// squeezeMatMul drops the dimensions MatMul added to 1-D operands.
func squeezeMatMul(y *Tensor, as, bs, shape []int) {
	r := len(shape)
	switch {
	case len(as) == 1 && len(bs) == 1:
		y.setShape()
	case len(as) == 1:
		y.setShape(append(shape[:r-2:r-2], shape[r-1])...)
	case len(bs) == 1:
		y.setShape(shape[:r-1]...)
	}
}
