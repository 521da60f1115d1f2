package onnx

import (
	"fmt"
)

// strides returns the row-major strides of shape.
func strides(dst []int, shape []int) []int {
	dst = dst[:len(shape)]
	st := 1
	for i := len(shape) - 1; i >= 0; i-- {
		dst[i] = st
		st *= shape[i]
	}
	return dst
}

// transpose is Transpose.
type transpose struct{ perm []int }

func buildTranspose(c *nodeCtx) (op, error) {
	return transpose{toInts(c.ints("perm"))}, c.need(1, 1)
}

func (o transpose) run(s *Session, in, out []*Tensor) error {
	x := in[0]
	var t tplan
	if err := t.plan(o.perm, x.Shape); err != nil {
		return err
	}
	t.into(s, out[0], x, 0, t.shape[:t.r])
	return nil
}

// tplan is a Transpose of one input shape: the output's shape and, for
// each output axis, the input's stride along it.
type tplan struct {
	r          int
	shape, ost [maxRank]int
}

func (t *tplan) plan(perm []int, shape []int) error {
	r := len(shape)
	var p [maxRank]int
	if len(perm) == 0 {
		for i := 0; i < r; i++ {
			p[i] = r - 1 - i
		}
	} else if len(perm) != r {
		return fmt.Errorf("perm %v for rank %d", perm, r)
	} else {
		var seen [maxRank]bool
		for i, q := range perm {
			if q < 0 || q >= r || seen[q] {
				return fmt.Errorf("bad perm %v", perm)
			}
			seen[q], p[i] = true, q
		}
	}
	var st [maxRank]int
	strides(st[:], shape)
	t.r = r
	for i := 0; i < r; i++ {
		t.shape[i] = shape[p[i]]
		t.ost[i] = st[p[i]]
	}
	return nil
}

// into writes into y the part of the transpose of x whose first output
// index starts at i0 and whose shape is part (the whole output, or a run
// of it along axis 0), floats split over s's threads.
func (t *tplan) into(s *Session, y, x *Tensor, i0 int, part []int) {
	y.like(x, part...)
	if t.r == 0 {
		copyElems(y, 0, x, 0, x.Len())
		return
	}
	// Merge output axes that are consecutive in the input too, and drop
	// axes of length 1, so the innermost run is as long as it can be.
	var dims, from [maxRank]int
	m := 0
	for i := 0; i < t.r; i++ {
		switch {
		case part[i] == 1:
		case m > 0 && from[m-1] == t.ost[i]*part[i]:
			dims[m-1] *= part[i]
			from[m-1] = t.ost[i]
		default:
			dims[m], from[m] = part[i], t.ost[i]
			m++
		}
	}
	if m == 0 {
		dims[0], from[0], m = 1, 1, 1
	}
	off := i0 * t.ost[0]
	if y.Len() == 0 {
		return
	}
	if !x.IsFloat() {
		transposeAs(y.Int, x.Int[off:], dims[:m], from[:m], 0, len(y.Int)/dims[m-1])
		return
	}
	runs, n := len(y.Float)/dims[m-1], dims[m-1]
	if s == nil {
		transposeAs(y.Float, x.Float[off:], dims[:m], from[:m], 0, runs)
		return
	}
	s.transposeJob = transposeJob{y: y.Float, x: x.Float[off:], dims: dims, from: from, rank: m}
	// Copying an element out of cache costs about as much time as a dozen
	// of a GEMM's multiply-adds.
	s.parallel(&s.transposeJob, runs, 32*n)
	s.transposeJob = transposeJob{}
}

// transposeJob is a float Transpose (transposeAs) split over its runs.
type transposeJob struct {
	y, x       []float32
	dims, from [maxRank]int
	rank       int
}

func (j *transposeJob) do(lo, hi int) {
	transposeAs(j.y, j.x, j.dims[:j.rank], j.from[:j.rank], lo, hi)
}

// transposeSplit is a Transpose whose output only a Split along axis 0
// reads (attention's queries, keys and values, as PyTorch exports them):
// each part is transposed straight from the input, with no copy of the
// whole transpose to split.
type transposeSplit struct {
	t transpose
	s split
}

func (o transposeSplit) run(s *Session, in, out []*Tensor) error {
	x := in[0]
	var t tplan
	if err := t.plan(o.t.perm, x.Shape); err != nil {
		return err
	}
	if t.r == 0 {
		return fmt.Errorf("Split of a scalar")
	}
	sizes := o.s.sizes
	if len(in) > 1 && in[1] != nil {
		var err error
		if sizes, err = intInput(in[1], "split"); err != nil {
			return err
		}
	}
	var sz [64]int
	if len(out) > len(sz) {
		return fmt.Errorf("%d outputs", len(out))
	}
	if err := splitSizes(sz[:len(out)], sizes, t.shape[0]); err != nil {
		return err
	}
	part := t.shape
	i0 := 0
	for k, y := range out {
		part[0] = sz[k]
		t.into(s, y, x, i0, part[:t.r])
		i0 += sz[k]
	}
	return nil
}

// transposeAs writes into y, in order, the elements of x at the offsets
// of an odometer over dims whose axes step through x by from: its runs
// (along the last axis) lo to hi.
func transposeAs[T float32 | int64](y, x []T, dims, from []int, lo, hi int) {
	last := len(dims) - 1
	n, st := dims[last], from[last]
	var idx [maxRank]int
	off := 0
	for i, r := last-1, lo; i >= 0; i-- {
		idx[i] = r % dims[i]
		r /= dims[i]
		off += idx[i] * from[i]
	}
	for k := lo * n; k < hi*n; k += n {
		if st == 1 {
			copy(y[k:k+n], x[off:off+n])
		} else {
			run, src := y[k:k+n], x[off:]
			for j := range run {
				run[j] = src[j*st]
			}
		}
		for i := last - 1; i >= 0; i-- {
			idx[i]++
			off += from[i]
			if idx[i] < dims[i] {
				break
			}
			off -= from[i] * dims[i]
			idx[i] = 0
		}
	}
}

// concat is Concat.
type concat struct{ axis int }

func buildConcat(c *nodeCtx) (op, error) {
	if !c.has("axis") {
		return nil, fmt.Errorf("Concat without axis")
	}
	return concat{int(c.int("axis", 0))}, c.need(1, 1<<20)
}

func (o concat) run(s *Session, in, out []*Tensor) error {
	x0 := in[0]
	axis, err := normAxis(o.axis, len(x0.Shape))
	if err != nil {
		return err
	}
	var shape [maxRank]int
	copy(shape[:], x0.Shape)
	total := 0
	for _, t := range in {
		if t == nil || len(t.Shape) != len(x0.Shape) || t.IsFloat() != x0.IsFloat() {
			return fmt.Errorf("inputs differ in rank or type")
		}
		for i, d := range t.Shape {
			if i != axis && d != x0.Shape[i] {
				return fmt.Errorf("shapes %v and %v differ off axis %d", x0.Shape, t.Shape, axis)
			}
		}
		total += t.Shape[axis]
	}
	shape[axis] = total
	y := out[0]
	y.like(x0, shape[:len(x0.Shape)]...)
	outer, inner := numel(x0.Shape[:axis]), numel(x0.Shape[axis+1:])
	off := 0
	for _, t := range in {
		w := t.Shape[axis] * inner
		for i := 0; i < outer; i++ {
			copyElems(y, i*total*inner+off, t, i*w, w)
		}
		off += w
	}
	return nil
}

// split is Split: sizes from the attribute (before opset 13), the input
// (from 13), or equal parts.
type split struct {
	axis  int
	sizes []int64
}

func buildSplit(c *nodeCtx) (op, error) {
	o := split{axis: int(c.int("axis", 0))}
	if c.opset < 13 {
		o.sizes = c.ints("split")
		return o, c.need(1, 1)
	}
	c.int("num_outputs", 0)
	return o, c.need(1, 2)
}

func (o split) run(s *Session, in, out []*Tensor) error {
	x := in[0]
	axis, err := normAxis(o.axis, len(x.Shape))
	if err != nil {
		return err
	}
	sizes := o.sizes
	if len(in) > 1 && in[1] != nil {
		if sizes, err = intInput(in[1], "split"); err != nil {
			return err
		}
	}
	d := x.Shape[axis]
	var sz [64]int
	if len(out) > len(sz) {
		return fmt.Errorf("%d outputs", len(out))
	}
	if err := splitSizes(sz[:len(out)], sizes, d); err != nil {
		return err
	}
	outer, inner := numel(x.Shape[:axis]), numel(x.Shape[axis+1:])
	var shape [maxRank]int
	copy(shape[:], x.Shape)
	off := 0
	for k, y := range out {
		shape[axis] = sz[k]
		y.like(x, shape[:len(x.Shape)]...)
		w := sz[k] * inner
		for i := 0; i < outer; i++ {
			copyElems(y, i*w, x, i*d*inner+off, w)
		}
		off += w
	}
	return nil
}

func splitSizes(dst []int, sizes []int64, d int) error {
	n := len(dst)
	if sizes == nil {
		part := (d + n - 1) / n
		for i := range dst {
			dst[i] = max(0, min(part, d-i*part))
		}
		return nil
	}
	if len(sizes) != n {
		return fmt.Errorf("%d split sizes for %d outputs", len(sizes), n)
	}
	sum := 0
	for i, v := range sizes {
		if v < 0 {
			return fmt.Errorf("negative split size")
		}
		dst[i] = int(v)
		sum += int(v)
	}
	if sum != d {
		return fmt.Errorf("split sizes %v do not add up to %d", sizes, d)
	}
	return nil
}

// slice is Slice: starts, ends, axes, steps as attributes before opset
// 10, as inputs from 10.
type slice struct {
	starts, ends, axes []int64
}

func buildSlice(c *nodeCtx) (op, error) {
	if c.opset < 10 {
		o := slice{c.ints("starts"), c.ints("ends"), c.ints("axes")}
		return o, c.need(1, 1)
	}
	return slice{}, c.need(3, 5)
}

func (o slice) run(s *Session, in, out []*Tensor) error {
	x := in[0]
	starts, ends, axes := o.starts, o.ends, o.axes
	var steps []int64
	var err error
	if len(in) > 1 {
		if starts, err = intInput(in[1], "starts"); err != nil {
			return err
		}
		if ends, err = intInput(in[2], "ends"); err != nil {
			return err
		}
		if len(in) > 3 && in[3] != nil {
			axes = in[3].Int
		}
		if len(in) > 4 && in[4] != nil {
			steps = in[4].Int
		}
	}
	r := len(x.Shape)
	var start, step, shape [maxRank]int
	copy(shape[:], x.Shape)
	for i := 0; i < r; i++ {
		step[i] = 1
	}
	if len(starts) != len(ends) || axes != nil && len(axes) != len(starts) || steps != nil && len(steps) != len(starts) {
		return fmt.Errorf("starts, ends, axes and steps differ in length")
	}
	for k := range starts {
		ax := k
		if axes != nil {
			if ax, err = normAxis(int(axes[k]), r); err != nil {
				return err
			}
		} else if k >= r {
			return fmt.Errorf("more starts than dimensions")
		}
		st := int64(1)
		if steps != nil {
			st = steps[k]
		}
		if st == 0 {
			return fmt.Errorf("step 0")
		}
		b, n := sliceRange(starts[k], ends[k], st, int64(x.Shape[ax]))
		start[ax], step[ax], shape[ax] = int(b), int(st), int(n)
	}
	return gatherStrided(out[0], x, start[:r], step[:r], shape[:r])
}

// sliceRange clamps a slice as NumPy does and returns its first index and
// length.
func sliceRange(b, e, st, d int64) (int64, int64) {
	if b < 0 {
		b += d
	}
	if e < 0 {
		e += d
	}
	if st > 0 {
		b, e = min(max(b, 0), d), min(max(e, 0), d)
		return b, max(0, (e-b+st-1)/st)
	}
	b, e = min(max(b, -1), d-1), min(max(e, -1), d-1)
	return b, max(0, (b-e-st-1)/(-st))
}

// gatherStrided copies the elements x[start + i·step] for i in shape.
func gatherStrided(y, x *Tensor, start, step, shape []int) error {
	r := len(shape)
	var st [maxRank]int
	strides(st[:], x.Shape)
	y.like(x, shape...)
	n := numel(shape)
	off := 0
	for i := 0; i < r; i++ {
		off += start[i] * st[i]
	}
	var idx [maxRank]int
	for k := 0; k < n; k++ {
		if x.IsFloat() {
			y.Float[k] = x.Float[off]
		} else {
			y.Int[k] = x.Int[off]
		}
		for i := r - 1; i >= 0; i-- {
			idx[i]++
			off += step[i] * st[i]
			if idx[i] < shape[i] {
				break
			}
			off -= step[i] * st[i] * shape[i]
			idx[i] = 0
		}
	}
	return nil
}

// gather is Gather along one axis.
type gather struct{ axis int }

func buildGather(c *nodeCtx) (op, error) {
	return gather{int(c.int("axis", 0))}, c.need(2, 2)
}

func (o gather) run(s *Session, in, out []*Tensor) error {
	x, ix := in[0], in[1]
	axis, err := normAxis(o.axis, len(x.Shape))
	if err != nil {
		return err
	}
	idx, err := intInput(ix, "indices")
	if err != nil {
		return err
	}
	var shape [2 * maxRank]int
	sh := append(append(append(shape[:0], x.Shape[:axis]...), ix.Shape...), x.Shape[axis+1:]...)
	if len(sh) > maxRank {
		return fmt.Errorf("result rank %d is more than %d", len(sh), maxRank)
	}
	if err := checkSize(sh...); err != nil {
		return err
	}
	y := out[0]
	y.like(x, sh...)
	d := x.Shape[axis]
	outer, inner := numel(x.Shape[:axis]), numel(x.Shape[axis+1:])
	for i := 0; i < outer; i++ {
		for k, j := range idx {
			if j < 0 {
				j += int64(d)
			}
			if j < 0 || j >= int64(d) {
				return fmt.Errorf("index %d is out of range for dimension %d", idx[k], d)
			}
			copyElems(y, (i*len(idx)+k)*inner, x, (i*d+int(j))*inner, inner)
		}
	}
	return nil
}

// expand is Expand: broadcast to a shape.
type expand struct{}

func buildExpand(c *nodeCtx) (op, error) { return expand{}, c.need(2, 2) }

func (expand) run(s *Session, in, out []*Tensor) error {
	x := in[0]
	dims, err := intInput(in[1], "shape")
	if err != nil {
		return err
	}
	var b1, b2 [maxRank]int
	want, err := checkedShape(b1[:0], dims)
	if err != nil {
		return err
	}
	shape, err := broadcastShape(b2[:0], x.Shape, want)
	if err != nil {
		return err
	}
	if err := checkSize(shape...); err != nil {
		return err
	}
	y := out[0]
	y.like(x, shape...)
	p := plan(shape, x.Shape)
	p.runs(func(k int, off [3]int, n int, step [3]int) {
		for i := 0; i < n; i++ {
			copyElems(y, k+i, x, off[0]+i*step[0], 1)
		}
	})
	return nil
}

// tile is Tile.
type tile struct{}

func buildTile(c *nodeCtx) (op, error) { return tile{}, c.need(2, 2) }

func (tile) run(s *Session, in, out []*Tensor) error {
	x := in[0]
	reps, err := intInput(in[1], "repeats")
	if err != nil {
		return err
	}
	r := len(x.Shape)
	if len(reps) != r {
		return fmt.Errorf("%d repeats for rank %d", len(reps), r)
	}
	var shape, st, idx [maxRank]int
	n := int64(1)
	for i := 0; i < r; i++ {
		if reps[i] < 0 {
			return fmt.Errorf("negative repeat")
		}
		shape[i] = x.Shape[i] * int(reps[i])
		n *= int64(shape[i])
	}
	if err := checkSize(shape[:r]...); err != nil {
		return err
	}
	strides(st[:], x.Shape)
	y := out[0]
	y.like(x, shape[:r]...)
	for k := 0; k < int(n); k++ {
		off := 0
		for i := 0; i < r; i++ {
			off += idx[i] % x.Shape[i] * st[i]
		}
		copyElems(y, k, x, off, 1)
		for i := r - 1; i >= 0; i-- {
			if idx[i]++; idx[i] < shape[i] {
				break
			}
			idx[i] = 0
		}
	}
	return nil
}

// size is Size: the number of elements, as an int64 scalar.
type size struct{}

func buildSize(c *nodeCtx) (op, error) { return size{}, c.need(1, 1) }

func (size) run(s *Session, in, out []*Tensor) error {
	out[0].ints(typeInt64)[0] = int64(in[0].Len())
	return nil
}
