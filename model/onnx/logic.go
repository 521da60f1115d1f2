package onnx

import (
	"fmt"
	"math"
)

// The operators in this file are the logical and the remaining
// elementwise integer operators: And, Or, Xor and Not on booleans, the
// comparisons GreaterOrEqual and LessOrEqual, Mod, BitShift, IsNaN and
// IsInf. The binary ones broadcast as binop does.

func buildLogic(c *nodeCtx) (op, error) {
	if err := c.need(2, 2); err != nil {
		return nil, err
	}
	switch c.node.opType {
	case "And":
		return logical(func(a, b bool) bool { return a && b }), nil
	case "Or":
		return logical(func(a, b bool) bool { return a || b }), nil
	case "Xor":
		return logical(func(a, b bool) bool { return a != b }), nil
	case "GreaterOrEqual":
		return binop{f: cmpf(func(a, b float32) bool { return a >= b }), i: cmpi(func(a, b int64) bool { return a >= b }), cmp: true}, nil
	case "LessOrEqual":
		return binop{f: cmpf(func(a, b float32) bool { return a <= b }), i: cmpi(func(a, b int64) bool { return a <= b }), cmp: true}, nil
	case "Mod":
		return buildMod(c)
	case "BitShift":
		return buildBitShift(c)
	}
	return nil, fmt.Errorf("operator %s: %w", c.node.opType, ErrUnsupported)
}

// logical lifts a boolean function to a comparison binop; non-zero
// counts as true.
func logical(f func(a, b bool) bool) binop {
	return binop{
		f:   cmpf(func(a, b float32) bool { return f(a != 0, b != 0) }),
		i:   cmpi(func(a, b int64) bool { return f(a != 0, b != 0) }),
		cmp: true,
	}
}

// buildMod is Mod: with fmod=0 the remainder takes the divisor's sign
// (Python's %), with fmod=1 the dividend's (C's fmod). An integer
// division by zero gives 0.
func buildMod(c *nodeCtx) (op, error) {
	if c.int("fmod", 0) != 0 {
		return binop{f: modf(math.Mod), i: func(a, b int64) int64 {
			if b == 0 {
				return 0
			}
			return a % b
		}}, nil
	}
	return binop{f: modf(floorMod), i: func(a, b int64) int64 {
		if b == 0 {
			return 0
		}
		return int64(floorMod(float64(a), float64(b)))
	}}, nil
}

// floorMod is a − b·⌊a/b⌋, the remainder with the sign of b.
func floorMod(a, b float64) float64 {
	r := math.Mod(a, b)
	if r != 0 && (r < 0) != (b < 0) {
		r += b
	}
	return r
}

func modf(f func(a, b float64) float64) func(dst, a []float32, sa int, b []float32, sb int) {
	return func(dst, a []float32, sa int, b []float32, sb int) {
		for i := range dst {
			dst[i] = float32(f(float64(a[i*sa]), float64(b[i*sb])))
		}
	}
}

// bitShift is BitShift of unsigned integers, wrapping at the type's width.
type bitShift struct{ left bool }

func buildBitShift(c *nodeCtx) (op, error) {
	switch d := c.string("direction", ""); d {
	case "LEFT", "RIGHT":
		return bitShift{d == "LEFT"}, nil
	default:
		return nil, fmt.Errorf("direction %q, want LEFT or RIGHT", d)
	}
}

func (o bitShift) run(s *Session, in, out []*Tensor) error {
	a := in[0]
	bits := 8 * elemSize(a.Type)
	if a.IsFloat() || in[1].IsFloat() || bits == 0 {
		return fmt.Errorf("BitShift takes unsigned integers")
	}
	f := binop{i: func(x, n int64) int64 {
		if n < 0 || n >= int64(bits) {
			return 0
		}
		v := uint64(x)
		if o.left {
			v <<= uint(n)
		} else {
			v >>= uint(n)
		}
		if bits < 64 {
			v &= 1<<bits - 1
		}
		return int64(v)
	}}
	return f.run(s, in, out)
}

// not is Not.
type not struct{}

func buildNot(c *nodeCtx) (op, error) { return not{}, c.need(1, 1) }

func (not) run(s *Session, in, out []*Tensor) error {
	x := in[0]
	if x.IsFloat() {
		return fmt.Errorf("Not takes booleans")
	}
	dst := out[0].ints(typeBool, x.Shape...)
	for i, v := range x.Int {
		dst[i] = 0
		if v == 0 {
			dst[i] = 1
		}
	}
	return nil
}

// isNaN is IsNaN, and IsInf with its detect_negative and detect_positive.
type isNaN struct{ inf, neg, pos bool }

func buildIsNaN(c *nodeCtx) (op, error) {
	if c.node.opType == "IsNaN" {
		return isNaN{}, c.need(1, 1)
	}
	o := isNaN{inf: true, neg: c.int("detect_negative", 1) != 0, pos: c.int("detect_positive", 1) != 0}
	return o, c.need(1, 1)
}

func (o isNaN) run(s *Session, in, out []*Tensor) error {
	x := in[0]
	if !x.IsFloat() {
		return fmt.Errorf("input is not floating point")
	}
	dst := out[0].ints(typeBool, x.Shape...)
	for i, v := range x.Float {
		f := float64(v)
		hit := math.IsNaN(f)
		if o.inf {
			hit = o.neg && math.IsInf(f, -1) || o.pos && math.IsInf(f, 1)
		}
		dst[i] = 0
		if hit {
			dst[i] = 1
		}
	}
	return nil
}
