package onnx

import (
	"fmt"
)

// The operators in this file move or select elements without arithmetic;
// they work on float and integer tensors alike.

// copyElems copies n elements from src at si to dst at di.
func copyElems(dst *Tensor, di int, src *Tensor, si, n int) {
	if src.IsFloat() {
		copy(dst.Float[di:di+n], src.Float[si:si+n])
	} else {
		copy(dst.Int[di:di+n], src.Int[si:si+n])
	}
}

// intInput returns the values of an integer input (a shape, axes, ...).
func intInput(t *Tensor, what string) ([]int64, error) {
	if t == nil {
		return nil, fmt.Errorf("%s is missing", what)
	}
	if t.IsFloat() {
		return nil, fmt.Errorf("%s must be integers", what)
	}
	return t.Int, nil
}

// reshape is Reshape (0 copies a dimension unless allowzero, -1 infers
// one), and Flatten, Squeeze and Unsqueeze, which all share the input's
// storage.
type reshape struct {
	kind      string
	allowZero bool
	axis      int     // Flatten
	axes      []int64 // Squeeze/Unsqueeze axes given as attribute
}

func buildReshape(c *nodeCtx) (op, error) {
	o := &reshape{kind: c.node.opType}
	switch o.kind {
	case "Reshape":
		o.allowZero = c.int("allowzero", 0) != 0
		return o, c.need(2, 2)
	case "Flatten":
		o.axis = int(c.int("axis", 1))
		return o, c.need(1, 1)
	}
	if c.opset < 13 {
		o.axes = c.ints("axes")
		if o.axes == nil && o.kind == "Unsqueeze" {
			return nil, fmt.Errorf("Unsqueeze without axes")
		}
		return o, c.need(1, 1)
	}
	return o, c.need(1, 2)
}

func (o *reshape) run(s *Session, in, out []*Tensor) error {
	x := in[0]
	var buf [maxRank]int
	var shape []int
	var err error
	switch o.kind {
	case "Reshape":
		shape, err = o.reshapeTo(buf[:0], x, in[1])
	case "Flatten":
		axis := o.axis
		if axis < 0 {
			axis += len(x.Shape)
		}
		if axis < 0 || axis > len(x.Shape) {
			return fmt.Errorf("Flatten axis %d for rank %d", o.axis, len(x.Shape))
		}
		shape = append(buf[:0], numel(x.Shape[:axis]), numel(x.Shape[axis:]))
	case "Squeeze":
		shape, err = o.squeeze(buf[:0], x, in)
	default:
		shape, err = o.unsqueeze(buf[:0], x, in)
	}
	if err != nil {
		return err
	}
	out[0].alias(x, shape...)
	return nil
}

func (o *reshape) reshapeTo(dst []int, x, shapeT *Tensor) ([]int, error) {
	want, err := intInput(shapeT, "shape")
	if err != nil {
		return nil, err
	}
	if len(want) > maxRank {
		return nil, fmt.Errorf("shape %v has more than %d dimensions", want, maxRank)
	}
	infer, known := -1, 1
	for i, d := range want {
		switch {
		case d == 0 && !o.allowZero:
			if i >= len(x.Shape) {
				return nil, fmt.Errorf("shape %v copies dimension %d of %v", want, i, x.Shape)
			}
			dst = append(dst, x.Shape[i])
		case d == -1 && infer < 0:
			infer = i
			dst = append(dst, 1)
		case d < 0:
			return nil, fmt.Errorf("bad shape %v", want)
		default:
			dst = append(dst, int(d))
		}
		known *= dst[i]
	}
	n := x.Len()
	if infer >= 0 {
		if known == 0 || n%known != 0 {
			return nil, fmt.Errorf("cannot reshape %v to %v", x.Shape, want)
		}
		dst[infer] = n / known
	} else if known != n {
		return nil, fmt.Errorf("cannot reshape %v (%d elements) to %v", x.Shape, n, want)
	}
	return dst, checkSize(dst...)
}

// axesOf returns the axes from the attribute or, from opset 13, the
// optional second input.
func (o *reshape) axesOf(in []*Tensor) ([]int64, error) {
	if o.axes != nil || len(in) < 2 || in[1] == nil {
		return o.axes, nil
	}
	return intInput(in[1], "axes")
}

func (o *reshape) squeeze(dst []int, x *Tensor, in []*Tensor) ([]int, error) {
	axes, err := o.axesOf(in)
	if err != nil {
		return nil, err
	}
	var drop [maxRank]bool
	for _, a := range axes {
		ax, err := normAxis(int(a), len(x.Shape))
		if err != nil {
			return nil, err
		}
		if x.Shape[ax] != 1 {
			return nil, fmt.Errorf("cannot squeeze dimension %d of %v", ax, x.Shape)
		}
		drop[ax] = true
	}
	for i, d := range x.Shape {
		if axes == nil && d == 1 || drop[i] {
			continue
		}
		dst = append(dst, d)
	}
	return dst, nil
}

func (o *reshape) unsqueeze(dst []int, x *Tensor, in []*Tensor) ([]int, error) {
	axes, err := o.axesOf(in)
	if err != nil {
		return nil, err
	}
	rank := len(x.Shape) + len(axes)
	if rank > maxRank {
		return nil, fmt.Errorf("rank %d is more than %d", rank, maxRank)
	}
	var add [maxRank]bool
	for _, a := range axes {
		ax, err := normAxis(int(a), rank)
		if err != nil {
			return nil, err
		}
		if add[ax] {
			return nil, fmt.Errorf("axis %d given twice", ax)
		}
		add[ax] = true
	}
	k := 0
	for i := 0; i < rank; i++ {
		if add[i] {
			dst = append(dst, 1)
		} else {
			dst = append(dst, x.Shape[k])
			k++
		}
	}
	return dst, nil
}

// shapeOp is Shape, with opset 15's start and end.
type shapeOp struct{ start, end int64 }

func buildShape(c *nodeCtx) (op, error) {
	return shapeOp{c.int("start", 0), c.int("end", 1<<30)}, c.need(1, 1)
}

func (o shapeOp) run(s *Session, in, out []*Tensor) error {
	r := int64(len(in[0].Shape))
	clampAxis := func(a int64) int64 {
		if a < 0 {
			a += r
		}
		return min(max(a, 0), r)
	}
	lo, hi := clampAxis(o.start), clampAxis(o.end)
	n := max(hi-lo, 0)
	dst := out[0].ints(typeInt64, int(n))
	for i := range dst {
		dst[i] = int64(in[0].Shape[lo+int64(i)])
	}
	return nil
}

// constant is Constant: its value is folded at load.
type constant struct{ t *Tensor }

func buildConstant(c *nodeCtx) (op, error) {
	if err := c.need(0, 0); err != nil {
		return nil, err
	}
	if a := c.attr("value"); a != nil && a.t != nil {
		t, err := tensorFromProto(a.t)
		return constant{t}, err
	}
	if a := c.attr("value_float"); a != nil {
		return constant{&Tensor{Shape: []int{}, Float: []float32{a.f}, Type: typeFloat}}, nil
	}
	if a := c.attr("value_floats"); a != nil {
		return constant{&Tensor{Shape: []int{len(a.floats)}, Float: a.floats, Type: typeFloat}}, nil
	}
	if a := c.attr("value_int"); a != nil {
		return constant{&Tensor{Shape: []int{}, Int: []int64{a.i}, Type: typeInt64}}, nil
	}
	if a := c.attr("value_ints"); a != nil {
		return constant{&Tensor{Shape: []int{len(a.ints)}, Int: a.ints, Type: typeInt64}}, nil
	}
	return nil, fmt.Errorf("Constant without a supported value attribute: %w", ErrUnsupported)
}

func (o constant) run(s *Session, in, out []*Tensor) error {
	out[0].like(o.t, o.t.Shape...)
	copyElems(out[0], 0, o.t, 0, o.t.Len())
	out[0].Type = o.t.Type
	return nil
}

// constantOfShape is ConstantOfShape.
type constantOfShape struct{ v *Tensor }

func buildConstantOfShape(c *nodeCtx) (op, error) {
	v := &Tensor{Shape: []int{1}, Float: []float32{0}, Type: typeFloat}
	if a := c.attr("value"); a != nil && a.t != nil {
		t, err := tensorFromProto(a.t)
		if err != nil || t.Len() != 1 {
			return nil, fmt.Errorf("value must be a one-element tensor")
		}
		v = t
	}
	return constantOfShape{v}, c.need(1, 1)
}

func (o constantOfShape) run(s *Session, in, out []*Tensor) error {
	dims, err := intInput(in[0], "shape")
	if err != nil {
		return err
	}
	var buf [maxRank]int
	shape, err := checkedShape(buf[:0], dims)
	if err != nil {
		return err
	}
	y := out[0]
	y.like(o.v, shape...)
	y.Type = o.v.Type
	if o.v.IsFloat() {
		for i := range y.Float {
			y.Float[i] = o.v.Float[0]
		}
	} else {
		for i := range y.Int {
			y.Int[i] = o.v.Int[0]
		}
	}
	return nil
}

// maxElems bounds the elements of any tensor an operator computes, so
// that a malformed model fails with an error instead of exhausting memory.
var maxElems = 1 << 30

// checkSize reports a shape whose tensor would exceed maxElems. Its
// errors format a copy of shape, so that shape does not escape.
func checkSize(shape ...int) error {
	n := 1
	for _, d := range shape {
		if d < 0 {
			return fmt.Errorf("negative dimension in %v", append([]int(nil), shape...))
		}
		// Zero dimensions count as one: loops over the others still run.
		if d > 0 && n > maxElems/d {
			return fmt.Errorf("a tensor of shape %v is too large", append([]int(nil), shape...))
		}
		n *= max(d, 1)
	}
	return nil
}

// checkedShape converts a shape given as data, refusing negative or huge
// ones.
func checkedShape(dst []int, dims []int64) ([]int, error) {
	if len(dims) > maxRank {
		return nil, fmt.Errorf("shape %v has more than %d dimensions", dims, maxRank)
	}
	n := int64(1)
	for _, d := range dims {
		if d < 0 || d > int64(maxElems) {
			return nil, fmt.Errorf("bad shape %v", dims)
		}
		n *= max(d, 1)
		if n > int64(maxElems) {
			return nil, fmt.Errorf("shape %v is too large", dims)
		}
		dst = append(dst, int(d))
	}
	return dst, nil
}
