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
	j := argJob{o: o, x: x, y: y, d: d, inner: inner}
	if s == nil {
		j.do(0, outer)
		return nil
	}
	s.argJob = j
	s.parallel(&s.argJob, outer, d*inner)
	s.argJob = argJob{}
	return nil
}

// argJob is ArgMax or ArgMin over rows [lo, hi) of the dimensions before
// the axis.
type argJob struct {
	o        argMinMax
	x        *Tensor
	y        []int64
	d, inner int
}

func (j *argJob) do(lo, hi int) {
	d, inner := j.d, j.inner
	for i := lo; i < hi; i++ {
		for k := 0; k < inner; k++ {
			j.y[i*inner+k] = int64(j.o.best(j.x, i*d*inner+k, d, inner))
		}
	}
}

// best returns the position among the n elements from off by step that
// ArgMax (ArgMin) selects.
func (o argMinMax) best(x *Tensor, off, n, step int) int {
	if x.IsFloat() {
		return bestOf(x.Float, off, n, step, o.min, o.last)
	}
	return bestOf(x.Int, off, n, step, o.min, o.last)
}

// bestOf is best on one element type. Contiguous elements are searched
// in four interleaved lanes, each from element 0 (so that a NaN, never
// better, cannot start a lane), whose comparisons do not wait on each
// other; the lanes' best are then merged as one scan would have found
// them: the better value, and of equal ones the first (the last, with
// select_last_index).
func bestOf[T float32 | int64](x []T, off, n, step int, isMin, last bool) int {
	if step == 1 && n >= 16 {
		x := x[off : off+n]
		var b [4]int
		var bv [4]T
		for r := range 4 {
			bv[r] = x[0]
		}
		k := 1
		for ; k+4 <= n; k += 4 {
			for r := range 4 {
				v := x[k+r]
				better := v > bv[r]
				if isMin {
					better = v < bv[r]
				}
				if better || last && v == bv[r] {
					b[r], bv[r] = k+r, v
				}
			}
		}
		for ; k < n; k++ {
			v := x[k]
			better := v > bv[0]
			if isMin {
				better = v < bv[0]
			}
			if better || last && v == bv[0] {
				b[0], bv[0] = k, v
			}
		}
		best, val := b[0], bv[0]
		for r := 1; r < 4; r++ {
			better := bv[r] > val
			if isMin {
				better = bv[r] < val
			}
			if better || bv[r] == val && (last && b[r] > best || !last && b[r] < best) {
				best, val = b[r], bv[r]
			}
		}
		return best
	}
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
