package onnx

import "fmt"

// argMinMax is ArgMax and ArgMin: the int64 index of the largest
// (smallest) element along axis, the first one of equal elements or,
// with select_last_index (opset 12), the last.
type argMinMax struct {
	axis     int
	keepDims bool
	last     bool
	min      bool
}

func buildArgMinMax(c *nodeCtx) (op, error) {
	o := argMinMax{axis: int(c.int("axis", 0)), keepDims: c.int("keepdims", 1) != 0, min: c.node.opType == "ArgMin"}
	if c.opset >= 12 {
		o.last = c.int("select_last_index", 0) != 0
	}
	return o, c.need(1, 1)
}

func (o argMinMax) run(s *Session, in, out []*Tensor) error {
	x := in[0]
	axis, err := normAxis(o.axis, len(x.Shape))
	if err != nil {
		return err
	}
	d := x.Shape[axis]
	if d == 0 {
		return fmt.Errorf("ArgMax or ArgMin over an empty axis")
	}
	outer, inner := numel(x.Shape[:axis]), numel(x.Shape[axis+1:])
	var sh [maxRank]int
	y := out[0].ints(typeInt64, keptShape(sh[:0], x.Shape, axis, o.keepDims)...)
	for i := 0; i < outer; i++ {
		for j := 0; j < inner; j++ {
			y[i*inner+j] = int64(o.best(x, i*d*inner+j, d, inner))
		}
	}
	return nil
}

// best returns the position among the n elements from off by step that
// ArgMax (ArgMin) selects.
func (o argMinMax) best(x *Tensor, off, n, step int) int {
	if x.IsFloat() {
		return bestOf(x.Float, off, n, step, o.min, o.last)
	}
	return bestOf(x.Int, off, n, step, o.min, o.last)
}

// bestOf is best on one element type.
func bestOf[T float32 | int64](x []T, off, n, step int, isMin, last bool) int {
	b, bv := 0, x[off]
	for k := 1; k < n; k++ {
		v := x[off+k*step]
		better := v > bv
		if isMin {
			better = v < bv
		}
		if better || last && v == bv {
			b, bv = k, v
		}
	}
	return b
}

// keptShape appends to dst shape without axis, or with it set to 1 if
// keep.
func keptShape(dst, shape []int, axis int, keep bool) []int {
	r := dst
	for i, d := range shape {
		switch {
		case i != axis:
			r = append(r, d)
		case keep:
			r = append(r, 1)
		}
	}
	return r
}
