package onnx

import (
	"fmt"
	"math"
)

// oneHot is OneHot: a new axis of depth entries, values[1] where the
// entry is the index and values[0] elsewhere. Indices may be negative
// (from −depth); an index out of range gives a row of values[0].
type oneHot struct{ axis int }

func buildOneHot(c *nodeCtx) (op, error) { return oneHot{int(c.int("axis", -1))}, c.need(3, 3) }

func (o oneHot) run(s *Session, in, out []*Tensor) error {
	ix, dt, vals := in[0], in[1], in[2]
	if dt.Len() != 1 || vals.Len() != 2 {
		return fmt.Errorf("depth must be a scalar and values hold 2 elements")
	}
	depth := int(math.Floor(dt.scalar()))
	if depth < 1 || depth > maxElems {
		return fmt.Errorf("depth %g", dt.scalar())
	}
	r := len(ix.Shape) + 1
	axis, err := normAxis(o.axis, r)
	if err != nil {
		return err
	}
	var sh [maxRank + 1]int
	shape := append(append(append(sh[:0], ix.Shape[:axis]...), depth), ix.Shape[axis:]...)
	if err := checkSize(shape...); err != nil {
		return err
	}
	y := out[0]
	y.like(vals, shape...)
	outer, inner := numel(ix.Shape[:axis]), numel(ix.Shape[axis:])
	for i := 0; i < outer; i++ {
		for d := 0; d < depth; d++ {
			for j := 0; j < inner; j++ {
				k := int(elem(ix, i*inner+j))
				if k < 0 {
					k += depth
				}
				v := 0
				if k == d {
					v = 1
				}
				copyElems(y, (i*depth+d)*inner+j, vals, v, 1)
			}
		}
	}
	return nil
}
