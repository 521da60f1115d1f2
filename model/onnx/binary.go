package onnx

import (
	"fmt"
	"math"
	"unsafe"
)

// binop is an elementwise operator of two broadcast operands: Add, Sub,
// Mul, Div, Pow, PRelu, and the comparisons Equal, Greater, Less, whose
// output is bool.
type binop struct {
	f   func(dst, a []float32, sa int, b []float32, sb int)
	i   func(a, b int64) int64
	cmp bool // output is bool
	pow bool // Pow: the exponent may be of another type than the base
	mul bool // Mul: short broadcast stretches run in one loop nest
}

func buildBinary(c *nodeCtx) (op, error) {
	if err := c.need(2, 2); err != nil {
		return nil, err
	}
	if c.opset < 7 || c.has("broadcast") {
		return nil, fmt.Errorf("legacy broadcast attribute: %w", ErrUnsupported)
	}
	switch c.node.opType {
	case "Add":
		return binop{f: addf, i: func(a, b int64) int64 { return a + b }}, nil
	case "Sub":
		return binop{f: subf, i: func(a, b int64) int64 { return a - b }}, nil
	case "Mul":
		return binop{f: mulf, i: func(a, b int64) int64 { return a * b }, mul: true}, nil
	case "Div":
		return binop{f: divf, i: idiv}, nil
	case "Pow":
		return binop{f: powf, i: func(a, b int64) int64 { return int64(math.Pow(float64(a), float64(b))) }, pow: true}, nil
	case "PRelu":
		return binop{f: preluf}, nil
	case "Equal":
		return binop{f: cmpf(func(a, b float32) bool { return a == b }), i: cmpi(func(a, b int64) bool { return a == b }), cmp: true}, nil
	case "Greater":
		return binop{f: cmpf(func(a, b float32) bool { return a > b }), i: cmpi(func(a, b int64) bool { return a > b }), cmp: true}, nil
	case "Less":
		return binop{f: cmpf(func(a, b float32) bool { return a < b }), i: cmpi(func(a, b int64) bool { return a < b }), cmp: true}, nil
	}
	return nil, fmt.Errorf("operator %s: %w", c.node.opType, ErrUnsupported)
}

func idiv(a, b int64) int64 {
	if b == 0 {
		return 0
	}
	return a / b
}

func (o binop) run(s *Session, in, out []*Tensor) error {
	a, b, y := in[0], in[1], out[0]
	var sh [maxRank]int
	shape, err := broadcastShape(sh[:0], a.Shape, b.Shape)
	if err == nil {
		err = checkSize(shape...)
	}
	if err != nil {
		return err
	}
	if o.pow && a.IsFloat() != b.IsFloat() {
		powMixed(a, b, y, shape)
		return nil
	}
	if a.IsFloat() != b.IsFloat() {
		return fmt.Errorf("operands of different types (%d and %d)", a.Type, b.Type)
	}
	if !a.IsFloat() {
		return o.runInt(a, b, y, shape)
	}
	var dst []float32
	if o.cmp {
		dst = s.buffer(numel(shape))
	} else {
		dst = y.floats(shape...)
	}
	if len(a.Float) == len(dst) && len(b.Float) == len(dst) {
		if s == nil || len(dst) < 2*elemChunk {
			o.f(dst, a.Float, 1, b.Float, 1)
		} else {
			// Elementwise: chunks of fixed size over threads, the result
			// does not depend on how they are shared.
			s.binJob = binJob{f: o.f, dst: dst, a: a.Float, b: b.Float}
			s.parallel(&s.binJob, ceilDiv(len(dst), elemChunk), elemChunk/8)
			s.binJob = binJob{}
		}
	} else {
		p := plan(shape, a.Shape, b.Shape)
		if p.rank >= 2 && p.shape[p.rank-1] < 32 {
			p.runs2(func(k int, off [3]int, m, n int, row, step [3]int) {
				o.rows(dst[k:k+m*n], a.Float, off[0], row[0], step[0], b.Float, off[1], row[1], step[1], m, n)
			})
		} else if runs := p.runCount(); s == nil || len(dst) < 2*elemChunk || runs < 2 {
			p.runsIn(0, runs, func(k int, off [3]int, n int, step [3]int) {
				o.f(dst[k:k+n], a.Float[off[0]:], step[0], b.Float[off[1]:], step[1])
			})
		} else {
			// Runs are independent: split over threads.
			s.bcastJob = bcastJob{f: o.f, p: p, dst: dst, a: a.Float, b: b.Float}
			s.parallel(&s.bcastJob, runs, p.shape[p.rank-1]/8)
			s.bcastJob = bcastJob{}
		}
	}
	if o.cmp {
		yi := y.ints(typeBool, shape...)
		for i, v := range dst {
			yi[i] = int64(v)
		}
	}
	return nil
}

// elemChunk is the elements of one chunk of a parallel elementwise
// operator.
const elemChunk = 1 << 14

// binJob is an elementwise operator of same-shape operands over chunks of
// elemChunk elements.
type binJob struct {
	f         func(dst, a []float32, sa int, b []float32, sb int)
	dst, a, b []float32
}

func (j *binJob) do(lo, hi int) {
	i0, i1 := lo*elemChunk, min(hi*elemChunk, len(j.dst))
	j.f(j.dst[i0:i1], j.a[i0:i1], 1, j.b[i0:i1], 1)
}

// bcastJob is a broadcasting elementwise operator over its innermost
// runs.
type bcastJob struct {
	f         func(dst, a []float32, sa int, b []float32, sb int)
	p         bplan
	dst, a, b []float32
}

func (j *bcastJob) do(lo, hi int) {
	j.p.runsIn(lo, hi, func(k int, off [3]int, n int, step [3]int) {
		j.f(j.dst[k:k+n], j.a[off[0]:], step[0], j.b[off[1]:], step[1])
	})
}

// rows computes m rows of n outputs; operand x's row r, element i is
// x[ox + r·rx + i·sx].
func (o binop) rows(dst, a []float32, oa, ra, sa int, b []float32, ob, rb, sb, m, n int) {
	if o.mul && sa == 1 && sb == 0 {
		for r := 0; r < m; r++ {
			v := b[ob+r*rb]
			src, out := a[oa+r*ra:][:n], dst[r*n:][:n]
			for i, x := range src {
				out[i] = x * v
			}
		}
		return
	}
	if o.mul && sa == 0 && sb == 1 {
		for r := 0; r < m; r++ {
			v := a[oa+r*ra]
			src, out := b[ob+r*rb:][:n], dst[r*n:][:n]
			for i, x := range src {
				out[i] = v * x
			}
		}
		return
	}
	for r := 0; r < m; r++ {
		o.f(dst[r*n:(r+1)*n], a[oa+r*ra:], sa, b[ob+r*rb:], sb)
	}
}

func (o binop) runInt(a, b, y *Tensor, shape []int) error {
	if o.i == nil {
		return fmt.Errorf("integer operands: %w", ErrUnsupported)
	}
	typ := a.Type
	if o.cmp {
		typ = typeBool
	}
	dst := y.ints(typ, shape...)
	p := plan(shape, a.Shape, b.Shape)
	p.runs(func(k int, off [3]int, n int, step [3]int) {
		for i := 0; i < n; i++ {
			dst[k+i] = o.i(a.Int[off[0]+i*step[0]], b.Int[off[1]+i*step[1]])
		}
	})
	return nil
}

// powMixed is Pow of a float base with an integer exponent or an
// integer base with a float exponent (opset 12 on): computed in float64,
// the result has the base's type (integers truncated, as NumPy's astype).
func powMixed(a, b, y *Tensor, shape []int) {
	p := plan(shape, a.Shape, b.Shape)
	if a.IsFloat() {
		dst := y.floats(shape...)
		p.runs(func(k int, off [3]int, n int, step [3]int) {
			for i := 0; i < n; i++ {
				dst[k+i] = float32(math.Pow(float64(a.Float[off[0]+i*step[0]]), float64(b.Int[off[1]+i*step[1]])))
			}
		})
		return
	}
	dst := y.ints(a.Type, shape...)
	p.runs(func(k int, off [3]int, n int, step [3]int) {
		for i := 0; i < n; i++ {
			dst[k+i] = int64(math.Pow(float64(a.Int[off[0]+i*step[0]]), float64(b.Float[off[1]+i*step[1]])))
		}
	})
}

// arithKernels are the AVX2 forms of +, −, ·, / (arith_amd64.s): over two
// vectors and against a scalar second operand.
type arithKernels struct {
	vv func(dst, a, b *float32, n int)
	vs func(dst, a *float32, b float32, n int)
}

var (
	addK = arithKernels{addVV, addVS}
	subK = arithKernels{subVV, subVS}
	mulK = arithKernels{mulVV, mulVS}
	divK = arithKernels{divVV, divVS}
)

// vector runs k over the leading multiple of 8 of dst when a is dense
// and b dense or a scalar, and returns how many elements it did.
func (k arithKernels) vector(dst, a []float32, sa int, b []float32, sb int) int {
	n := len(dst) &^ 7
	if !useAsm || n == 0 || sa != 1 || sb > 1 {
		return 0
	}
	_, _ = dst[n-1], a[n-1]
	if sb == 1 {
		_ = b[n-1]
		k.vv(unsafe.SliceData(dst), unsafe.SliceData(a), unsafe.SliceData(b), n)
	} else {
		k.vs(unsafe.SliceData(dst), unsafe.SliceData(a), b[0], n)
	}
	return n
}

func addf(dst, a []float32, sa int, b []float32, sb int) {
	i := addK.vector(dst, a, sa, b, sb)
	dst, a, b = dst[i:], a[i*sa:], b[i*sb:]
	switch {
	case sa == 1 && sb == 1:
		a, b = a[:len(dst)], b[:len(dst)]
		for i := range dst {
			dst[i] = a[i] + b[i]
		}
	case sa == 1:
		v := b[0]
		for i := range dst {
			dst[i] = a[i] + v
		}
	default:
		for i := range dst {
			dst[i] = a[i*sa] + b[i*sb]
		}
	}
}

func subf(dst, a []float32, sa int, b []float32, sb int) {
	i := subK.vector(dst, a, sa, b, sb)
	dst, a, b = dst[i:], a[i*sa:], b[i*sb:]
	for i := range dst {
		dst[i] = a[i*sa] - b[i*sb]
	}
}

func mulf(dst, a []float32, sa int, b []float32, sb int) {
	i := mulK.vector(dst, a, sa, b, sb)
	dst, a, b = dst[i:], a[i*sa:], b[i*sb:]
	switch {
	case sa == 1 && sb == 1:
		a, b = a[:len(dst)], b[:len(dst)]
		for i := range dst {
			dst[i] = a[i] * b[i]
		}
	case sa == 1:
		v := b[0]
		for i := range dst {
			dst[i] = a[i] * v
		}
	default:
		for i := range dst {
			dst[i] = a[i*sa] * b[i*sb]
		}
	}
}

func divf(dst, a []float32, sa int, b []float32, sb int) {
	i := divK.vector(dst, a, sa, b, sb)
	dst, a, b = dst[i:], a[i*sa:], b[i*sb:]
	for i := range dst {
		dst[i] = a[i*sa] / b[i*sb]
	}
}

func powf(dst, a []float32, sa int, b []float32, sb int) {
	if sb == 0 && sa == 1 {
		// One exponent: choose its form once (StyleGAN2 squares its
		// weights to demodulate them).
		switch e := b[0]; e {
		case 2:
			mulf(dst, a, 1, a, 1)
			return
		case 0.5:
			for i, x := range a[:len(dst)] {
				dst[i] = float32(math.Sqrt(float64(x)))
			}
			return
		}
	}
	for i := range dst {
		x, e := a[i*sa], b[i*sb]
		switch e {
		case 2:
			dst[i] = x * x
		case 0.5:
			dst[i] = float32(math.Sqrt(float64(x)))
		default:
			dst[i] = float32(math.Pow(float64(x), float64(e)))
		}
	}
}

func preluf(dst, a []float32, sa int, b []float32, sb int) {
	for i := range dst {
		x := a[i*sa]
		if x < 0 {
			x *= b[i*sb]
		}
		dst[i] = x
	}
}

func cmpf(f func(a, b float32) bool) func(dst, a []float32, sa int, b []float32, sb int) {
	return func(dst, a []float32, sa int, b []float32, sb int) {
		for i := range dst {
			dst[i] = 0
			if f(a[i*sa], b[i*sb]) {
				dst[i] = 1
			}
		}
	}
}

func cmpi(f func(a, b int64) bool) func(a, b int64) int64 {
	return func(a, b int64) int64 {
		if f(a, b) {
			return 1
		}
		return 0
	}
}

// where is Where(condition, x, y), broadcasting all three.
type where struct{}

func buildWhere(c *nodeCtx) (op, error) { return where{}, c.need(3, 3) }

func (where) run(s *Session, in, out []*Tensor) error {
	c, a, b, y := in[0], in[1], in[2], out[0]
	if c.IsFloat() || a.IsFloat() != b.IsFloat() {
		return fmt.Errorf("condition must be bool and x, y of one type")
	}
	var sh [maxRank]int
	shape, err := broadcastShape(sh[:0], c.Shape, a.Shape, b.Shape)
	if err == nil {
		err = checkSize(shape...)
	}
	if err != nil {
		return err
	}
	y.like(a, shape...)
	p := plan(shape, c.Shape, a.Shape, b.Shape)
	p.runs(func(k int, off [3]int, n int, step [3]int) {
		for i := 0; i < n; i++ {
			ic, ia, ib := off[0]+i*step[0], off[1]+i*step[1], off[2]+i*step[2]
			if a.IsFloat() {
				y.Float[k+i] = b.Float[ib]
				if c.Int[ic] != 0 {
					y.Float[k+i] = a.Float[ia]
				}
			} else {
				y.Int[k+i] = b.Int[ib]
				if c.Int[ic] != 0 {
					y.Int[k+i] = a.Int[ia]
				}
			}
		}
	})
	return nil
}
