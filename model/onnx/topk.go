package onnx

import (
	"fmt"
	"sort"
)

// topK is TopK: the k largest (or, with largest=0, smallest) elements
// along axis and their int64 indices, sorted; of equal elements the one
// with the lower index comes first. k is an attribute in opset 9 and an
// input from 10; largest and sorted exist from 11.
type topK struct {
	axis    int
	k       int64 // opset 9
	largest bool
}

func buildTopK(c *nodeCtx) (op, error) {
	o := topK{axis: int(c.int("axis", -1)), largest: true}
	if len(c.node.outputs) != 2 {
		return nil, fmt.Errorf("TopK has %d outputs, want 2", len(c.node.outputs))
	}
	if c.opset < 10 {
		o.k = c.int("k", -1)
		return o, c.need(1, 1)
	}
	if c.opset >= 11 {
		o.largest = c.int("largest", 1) != 0
		c.int("sorted", 1) // the output is always sorted, which sorted=0 allows
	}
	return o, c.need(2, 2)
}

func (o topK) run(s *Session, in, out []*Tensor) error {
	x := in[0]
	axis, err := normAxis(o.axis, len(x.Shape))
	if err != nil {
		return err
	}
	k := o.k
	if len(in) > 1 {
		ks, err := intInput(in[1], "k")
		if err != nil || len(ks) != 1 {
			return fmt.Errorf("k must be one integer")
		}
		k = ks[0]
	}
	d := x.Shape[axis]
	if k < 0 || k > int64(d) {
		return fmt.Errorf("k=%d for an axis of %d", k, d)
	}
	shape := append([]int(nil), x.Shape...)
	shape[axis] = int(k)
	vals, idx := out[0], out[1]
	vals.like(x, shape...)
	idx.ints(typeInt64, shape...)
	outer, inner := numel(x.Shape[:axis]), numel(x.Shape[axis+1:])
	order := make([]int, d)
	for i := 0; i < outer; i++ {
		for j := 0; j < inner; j++ {
			base := i*d*inner + j
			o.sortAxis(order, x, base, inner)
			for r := 0; r < int(k); r++ {
				at := i*int(k)*inner + r*inner + j
				copyElems(vals, at, x, base+order[r]*inner, 1)
				idx.Int[at] = int64(order[r])
			}
		}
	}
	return nil
}

// sortAxis fills order with the positions 0..len(order)-1 of the elements
// x[base + p·step], best first.
func (o topK) sortAxis(order []int, x *Tensor, base, step int) {
	for p := range order {
		order[p] = p
	}
	sort.SliceStable(order, func(a, b int) bool {
		va, vb := elem(x, base+order[a]*step), elem(x, base+order[b]*step)
		if o.largest {
			return va > vb
		}
		return va < vb
	})
}
