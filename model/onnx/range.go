package onnx

import (
	"fmt"
	"math"
)

// rangeOp is Range: start, start+delta, … up to limit (exclusive), of
// the inputs' type; max(⌈(limit−start)/delta⌉, 0) elements.
type rangeOp struct{}

func buildRange(c *nodeCtx) (op, error) { return rangeOp{}, c.need(3, 3) }

func (rangeOp) run(s *Session, in, out []*Tensor) error {
	for _, t := range in {
		if t.Len() != 1 || t.IsFloat() != in[0].IsFloat() {
			return fmt.Errorf("start, limit and delta must be scalars of one type")
		}
	}
	start, limit, delta := in[0].scalar(), in[1].scalar(), in[2].scalar()
	if delta == 0 {
		return fmt.Errorf("delta is 0")
	}
	n := math.Max(math.Ceil((limit-start)/delta), 0)
	if n > float64(maxElems) || math.IsNaN(n) {
		return fmt.Errorf("range(%g, %g, %g) is too long", start, limit, delta)
	}
	if !in[0].IsFloat() {
		dst := out[0].ints(in[0].Type, int(n))
		for i := range dst {
			dst[i] = in[0].Int[0] + int64(i)*in[2].Int[0]
		}
		return nil
	}
	dst := out[0].floats(int(n))
	out[0].Type = in[0].Type
	for i := range dst {
		dst[i] = float32(start + float64(i)*delta)
	}
	return nil
}
