package onnx

import "fmt"

// pad is Pad in constant, reflect and edge modes; pads (and the constant)
// are attributes before opset 11 and inputs from 11.
type pad struct {
	mode  string
	pads  []int64
	value float32
}

func buildPad(c *nodeCtx) (op, error) {
	o := pad{mode: c.string("mode", "constant")}
	switch o.mode {
	case "constant", "reflect", "edge":
	default:
		return nil, fmt.Errorf("mode %q: %w", o.mode, ErrUnsupported)
	}
	if c.opset < 11 {
		o.pads, o.value = c.ints("pads"), c.float("value", 0)
		return o, c.need(1, 1)
	}
	return o, c.need(2, 4)
}

func (o pad) run(s *Session, in, out []*Tensor) error {
	x := in[0]
	pads, value := o.pads, o.value
	var err error
	if len(in) > 1 {
		if pads, err = intInput(in[1], "pads"); err != nil {
			return err
		}
		if len(in) > 2 && in[2] != nil && in[2].Len() > 0 {
			value = float32(in[2].scalar())
		}
	}
	r := len(x.Shape)
	var begin [maxRank]int
	var shape [maxRank]int
	if len(in) > 3 && in[3] != nil {
		if pads, err = padsForAxes(pads, in[3], r); err != nil {
			return err
		}
	}
	if len(pads) != 2*r {
		return fmt.Errorf("%d pads for rank %d", len(pads), r)
	}
	for i := 0; i < r; i++ {
		if pads[i] < 0 || pads[r+i] < 0 {
			return fmt.Errorf("negative pads: %w", ErrUnsupported)
		}
		begin[i] = int(pads[i])
		shape[i] = x.Shape[i] + int(pads[i]+pads[r+i])
		if o.mode == "reflect" && (pads[i] >= int64(x.Shape[i]) || pads[r+i] >= int64(x.Shape[i])) {
			return fmt.Errorf("reflect pads %v too large for shape %v", pads, x.Shape)
		}
		if o.mode != "constant" && x.Shape[i] == 0 {
			return fmt.Errorf("cannot %s-pad an empty dimension", o.mode)
		}
	}
	if err := checkSize(shape[:r]...); err != nil {
		return err
	}
	y := out[0]
	y.like(x, shape[:r]...)
	var st, idx [maxRank]int
	strides(st[:], x.Shape)
	n := numel(shape[:r])
	for k := 0; k < n; k++ {
		off, inside := 0, true
		for i := 0; i < r; i++ {
			j := idx[i] - begin[i]
			j, ok := o.source(j, x.Shape[i])
			inside = inside && ok
			off += j * st[i]
		}
		switch {
		case inside:
			copyElems(y, k, x, off, 1)
		case x.IsFloat():
			y.Float[k] = value
		default:
			y.Int[k] = int64(value)
		}
		for i := r - 1; i >= 0; i-- {
			if idx[i]++; idx[i] < shape[i] {
				break
			}
			idx[i] = 0
		}
	}
	return nil
}

// source maps an output coordinate to the input's, reporting false for
// constant padding.
func (o pad) source(j, d int) (int, bool) {
	if j >= 0 && j < d {
		return j, true
	}
	switch o.mode {
	case "edge":
		return min(max(j, 0), d-1), true
	case "reflect":
		if d == 1 {
			return 0, true
		}
		if j < 0 {
			j = -j
		}
		if j >= d {
			j = 2*(d-1) - j
		}
		return j, true
	}
	return 0, false
}

// padsForAxes expands opset 18's pads-per-listed-axis form.
func padsForAxes(pads []int64, axesT *Tensor, r int) ([]int64, error) {
	axes, err := intInput(axesT, "axes")
	if err != nil {
		return nil, err
	}
	if len(pads) != 2*len(axes) {
		return nil, fmt.Errorf("%d pads for %d axes", len(pads), len(axes))
	}
	full := make([]int64, 2*r)
	for k, a := range axes {
		ax, err := normAxis(int(a), r)
		if err != nil {
			return nil, err
		}
		full[ax], full[r+ax] = pads[k], pads[len(axes)+k]
	}
	return full, nil
}
