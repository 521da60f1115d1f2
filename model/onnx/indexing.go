package onnx

import "fmt"

// The operators in this file index a tensor by another: GatherElements,
// GatherND, ScatterElements, ScatterND and NonZero. Indices are int32 or
// int64 and may be negative (counting from the end of their axis); an
// index out of range is an error.

// normIndex maps a possibly negative index into [0, d).
func normIndex(i int64, d int) (int, error) {
	if i < 0 {
		i += int64(d)
	}
	if i < 0 || i >= int64(d) {
		return 0, fmt.Errorf("index %d is out of range for a dimension of %d", i, d)
	}
	return int(i), nil
}

// gatherElements is GatherElements: out[i…] = data[i… with axis replaced
// by indices[i…]].
type gatherElements struct{ axis int }

func buildGatherElements(c *nodeCtx) (op, error) {
	return gatherElements{int(c.int("axis", 0))}, c.need(2, 2)
}

func (o gatherElements) run(s *Session, in, out []*Tensor) error {
	x, ix := in[0], in[1]
	idx, err := intInput(ix, "indices")
	if err != nil {
		return err
	}
	axis, err := normAxis(o.axis, len(x.Shape))
	if err != nil || len(ix.Shape) != len(x.Shape) {
		return fmt.Errorf("indices of shape %v for data of shape %v, axis %d", ix.Shape, x.Shape, o.axis)
	}
	y := out[0]
	y.like(x, ix.Shape...)
	return eachAlongAxis(x.Shape, ix.Shape, axis, idx, func(k, at int) {
		copyElems(y, k, x, at, 1)
	})
}

// eachAlongAxis calls f(k, at) for each position k of an index tensor of
// shape ishape, with at the offset in a tensor of shape dshape of the
// same position with its axis coordinate replaced by idx[k].
func eachAlongAxis(dshape, ishape []int, axis int, idx []int64, f func(k, at int)) error {
	var st, pos [maxRank]int
	strides(st[:], dshape)
	r := len(ishape)
	for i := 0; i < r; i++ {
		if i != axis && ishape[i] > dshape[i] {
			return fmt.Errorf("indices of shape %v exceed data of shape %v", ishape, dshape)
		}
	}
	for k, v := range idx {
		j, err := normIndex(v, dshape[axis])
		if err != nil {
			return err
		}
		at := 0
		for i := 0; i < r; i++ {
			c := pos[i]
			if i == axis {
				c = j
			}
			at += c * st[i]
		}
		f(k, at)
		for i := r - 1; i >= 0; i-- {
			if pos[i]++; pos[i] < ishape[i] {
				break
			}
			pos[i] = 0
		}
	}
	return nil
}

// scatterElements is ScatterElements: a copy of data with
// out[i… with axis replaced by indices[i…]] = updates[i…], or combined
// with it by the reduction (add, mul from opset 16; max, min from 18).
type scatterElements struct {
	axis   int
	reduce func(a, b float64) float64 // nil: replace
}

func buildScatterElements(c *nodeCtx) (op, error) {
	f, err := scatterReduction(c)
	return scatterElements{int(c.int("axis", 0)), f}, firstErr(err, c.need(3, 3))
}

// firstErr returns the first of the errors that is not nil.
func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// scatterReduction reads the reduction attribute of the opsets that
// define it.
func scatterReduction(c *nodeCtx) (func(a, b float64) float64, error) {
	if c.opset < 16 {
		return nil, nil
	}
	switch r := c.string("reduction", "none"); {
	case r == "none":
		return nil, nil
	case r == "add":
		return func(a, b float64) float64 { return a + b }, nil
	case r == "mul":
		return func(a, b float64) float64 { return a * b }, nil
	case r == "max" && c.opset >= 18:
		return maxNaN, nil
	case r == "min" && c.opset >= 18:
		return minNaN, nil
	default:
		return nil, fmt.Errorf("reduction %q: %w", r, ErrUnsupported)
	}
}

func (o scatterElements) run(s *Session, in, out []*Tensor) error {
	x, ix, u := in[0], in[1], in[2]
	idx, err := intInput(ix, "indices")
	if err != nil {
		return err
	}
	axis, err := normAxis(o.axis, len(x.Shape))
	if err != nil || len(ix.Shape) != len(x.Shape) || !equalShapes(ix.Shape, u.Shape) || u.IsFloat() != x.IsFloat() {
		return fmt.Errorf("indices %v and updates %v for data %v, axis %d", ix.Shape, u.Shape, x.Shape, o.axis)
	}
	y := out[0]
	y.like(x, x.Shape...)
	copyElems(y, 0, x, 0, x.Len())
	return eachAlongAxis(x.Shape, ix.Shape, axis, idx, func(k, at int) {
		scatterOne(y, at, u, k, o.reduce)
	})
}

// scatterOne sets y[at] to u[k], or to reduce(y[at], u[k]).
func scatterOne(y *Tensor, at int, u *Tensor, k int, reduce func(a, b float64) float64) {
	if reduce == nil {
		copyElems(y, at, u, k, 1)
		return
	}
	v := reduce(elem(y, at), elem(u, k))
	if y.IsFloat() {
		y.Float[at] = float32(v)
	} else {
		y.Int[at] = int64(v)
	}
}

// gatherND is GatherND with batch_dims (opset 12): indices of shape
// [b…, n…, k] pick slices data[b…, i₁…iₖ, :].
type gatherND struct{ batch int }

func buildGatherND(c *nodeCtx) (op, error) {
	o := gatherND{}
	if c.opset >= 12 {
		o.batch = int(c.int("batch_dims", 0))
	}
	return o, c.need(2, 2)
}

// ndLayout describes indices of shape [b…, n…, k] into data of shape
// [b…, d₁…dₖ, s…]: batches, rows per batch, k, and the elements of a
// slice.
type ndLayout struct {
	batches, rows, k, inner, perBatch int
	st                                [maxRank]int // strides of d₁…dₖ in elements
	dims                              []int
}

func newNDLayout(dshape, ishape []int, batch int) (ndLayout, error) {
	var l ndLayout
	q := len(ishape)
	if q < 1 || batch < 0 || batch >= q || batch > len(dshape) {
		return l, fmt.Errorf("batch_dims %d for indices of shape %v", batch, ishape)
	}
	l.k = ishape[q-1]
	if batch+l.k > len(dshape) {
		return l, fmt.Errorf("indices of shape %v index more dimensions than data of shape %v has", ishape, dshape)
	}
	for i := 0; i < batch; i++ {
		if ishape[i] != dshape[i] {
			return l, fmt.Errorf("batch dimensions of %v and %v differ", ishape, dshape)
		}
	}
	l.batches = numel(dshape[:batch])
	l.rows = numel(ishape[batch : q-1])
	l.inner = numel(dshape[batch+l.k:])
	l.perBatch = numel(dshape[batch:])
	l.dims = dshape[batch : batch+l.k]
	st := l.inner
	for i := l.k - 1; i >= 0; i-- {
		l.st[i] = st
		st *= l.dims[i]
	}
	return l, nil
}

// offset returns the data offset of row r of batch b.
func (l *ndLayout) offset(idx []int64, b, r int) (int, error) {
	row := idx[(b*l.rows+r)*l.k:][:l.k]
	at := b * l.perBatch
	for i, v := range row {
		j, err := normIndex(v, l.dims[i])
		if err != nil {
			return 0, err
		}
		at += j * l.st[i]
	}
	return at, nil
}

func (o gatherND) run(s *Session, in, out []*Tensor) error {
	x, ix := in[0], in[1]
	idx, err := intInput(ix, "indices")
	if err != nil {
		return err
	}
	l, err := newNDLayout(x.Shape, ix.Shape, o.batch)
	if err != nil {
		return err
	}
	shape := append(append([]int(nil), ix.Shape[:len(ix.Shape)-1]...), x.Shape[o.batch+l.k:]...)
	if err := checkSize(shape...); err != nil {
		return err
	}
	y := out[0]
	y.like(x, shape...)
	for b := 0; b < l.batches; b++ {
		for r := 0; r < l.rows; r++ {
			at, err := l.offset(idx, b, r)
			if err != nil {
				return err
			}
			copyElems(y, (b*l.rows+r)*l.inner, x, at, l.inner)
		}
	}
	return nil
}

// scatterND is ScatterND: a copy of data with the slices indices pick
// replaced by updates, or combined with them by the reduction (add, mul
// from opset 16; max, min from 18).
type scatterND struct {
	reduce func(a, b float64) float64
}

func buildScatterND(c *nodeCtx) (op, error) {
	f, err := scatterReduction(c)
	return scatterND{f}, firstErr(err, c.need(3, 3))
}

func (o scatterND) run(s *Session, in, out []*Tensor) error {
	x, ix, u := in[0], in[1], in[2]
	idx, err := intInput(ix, "indices")
	if err != nil {
		return err
	}
	l, err := newNDLayout(x.Shape, ix.Shape, 0)
	if err != nil {
		return err
	}
	if u.IsFloat() != x.IsFloat() || u.Len() != l.rows*l.inner {
		return fmt.Errorf("updates of shape %v for indices %v into data %v", u.Shape, ix.Shape, x.Shape)
	}
	y := out[0]
	y.like(x, x.Shape...)
	copyElems(y, 0, x, 0, x.Len())
	for r := 0; r < l.rows; r++ {
		at, err := l.offset(idx, 0, r)
		if err != nil {
			return err
		}
		for i := 0; i < l.inner; i++ {
			scatterOne(y, at+i, u, r*l.inner+i, o.reduce)
		}
	}
	return nil
}

// nonZero is NonZero: the int64 coordinates of the non-zero elements, as
// a [rank, count] tensor in row-major order.
type nonZero struct{}

func buildNonZero(c *nodeCtx) (op, error) { return nonZero{}, c.need(1, 1) }

func (nonZero) run(s *Session, in, out []*Tensor) error {
	x := in[0]
	var hits []int
	for i, n := 0, x.Len(); i < n; i++ {
		if elem(x, i) != 0 {
			hits = append(hits, i)
		}
	}
	r := len(x.Shape)
	y := out[0].ints(typeInt64, r, len(hits))
	var st [maxRank]int
	strides(st[:], x.Shape)
	for j, h := range hits {
		for i := 0; i < r; i++ {
			y[i*len(hits)+j] = int64(h / st[i] % x.Shape[i])
		}
	}
	return nil
}
