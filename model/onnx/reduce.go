package onnx

import (
	"fmt"
	"math"
	"unsafe"
)

// reduce is the Reduce operators: Mean, Sum, Max, Min, Prod, L1, L2,
// SumSquare, LogSum and LogSumExp over the given axes (all when none are
// given, unless noop_with_empty_axes). The axes are an attribute, or from
// opset 18 (ReduceSum: 13) an optional input. Sums accumulate in float64;
// Max, Min, Sum, Prod and Mean also take integer tensors.
type reduce struct {
	kind     string // the operator's name without "Reduce"
	axes     []int64
	keepDims bool
	noopIfNo bool // noop_with_empty_axes
}

func buildReduce(c *nodeCtx) (op, error) {
	o := reduce{kind: c.node.opType[len("Reduce"):], keepDims: c.int("keepdims", 1) != 0}
	axesAsInput := c.opset >= 18 || o.kind == "Sum" && c.opset >= 13
	if axesAsInput {
		o.noopIfNo = c.int("noop_with_empty_axes", 0) != 0
		return o, c.need(1, 2)
	}
	o.axes = c.ints("axes")
	return o, c.need(1, 1)
}

func (o reduce) run(s *Session, in, out []*Tensor) error {
	x := in[0]
	if !x.IsFloat() && !o.takesInts() {
		return fmt.Errorf("integer input: %w", ErrUnsupported)
	}
	axes := o.axes
	if len(in) > 1 && in[1] != nil {
		var err error
		if axes, err = intInput(in[1], "axes"); err != nil {
			return err
		}
	}
	if len(axes) == 0 && o.noopIfNo {
		out[0].like(x, x.Shape...)
		copyElems(out[0], 0, x, 0, x.Len())
		return nil
	}
	var full, kept [maxRank]int
	k, err := reducedShape(x.Shape, axes, o.keepDims, full[:], kept[:])
	if err != nil {
		return err
	}
	r := len(x.Shape)
	acc := s.float64s(0, numel(kept[:k]))
	o.accumulate(s, acc, x, full[:r])
	storeFloat64(out[0], x, kept[:k], acc)
	return nil
}

// float64s returns float64 scratch space number i (0 or 1) of n
// elements, valid until the next call; a nil session (folding) gets new
// space.
func (s *Session) float64s(i, n int) []float64 {
	if s == nil {
		return make([]float64, n)
	}
	if cap(s.acc[i]) < n {
		s.acc[i] = make([]float64, n)
	}
	return s.acc[i][:n]
}

func (o reduce) takesInts() bool {
	switch o.kind {
	case "Max", "Min", "Sum", "Prod", "Mean":
		return true
	}
	return false
}

// reducedShape writes into full the shape of x with the reduced axes set
// to 1 and into kept the output's shape, returning the output's rank.
func reducedShape(shape []int, axes []int64, keepDims bool, full, kept []int) (int, error) {
	r := len(shape)
	var red [maxRank]bool
	for _, a := range axes {
		ax, err := normAxis(int(a), r)
		if err != nil {
			return 0, err
		}
		red[ax] = true
	}
	k := 0
	for i := 0; i < r; i++ {
		full[i] = shape[i]
		if len(axes) == 0 || red[i] {
			full[i] = 1
			if keepDims {
				kept[k], k = 1, k+1
			}
			continue
		}
		kept[k], k = shape[i], k+1
	}
	return k, nil
}

// A reduceKernel is one Reduce operator's start value and step, and its
// step over a stretch of float32 values.
type reduceKernel struct {
	init   float64
	step   func(a, v float64) float64
	floats func(a float64, xs []float32) float64
}

var reduceKernels = map[string]reduceKernel{
	"Max": {math.Inf(-1), maxNaN, func(a float64, xs []float32) float64 {
		for _, v := range xs {
			a = maxNaN(a, float64(v))
		}
		return a
	}},
	"Min": {math.Inf(1), minNaN, func(a float64, xs []float32) float64 {
		for _, v := range xs {
			a = minNaN(a, float64(v))
		}
		return a
	}},
	"Prod": {1, func(a, v float64) float64 { return a * v }, func(a float64, xs []float32) float64 {
		for _, v := range xs {
			a *= float64(v)
		}
		return a
	}},
	"L1": {0, func(a, v float64) float64 { return a + math.Abs(v) }, func(a float64, xs []float32) float64 {
		for _, v := range xs {
			a += math.Abs(float64(v))
		}
		return a
	}},
	"SumSquare": {0, func(a, v float64) float64 { return a + v*v }, func(a float64, xs []float32) float64 {
		var s [4]float64 // partial sums: the additions of one do not wait on another's
		i := 0
		if useAsm && len(xs) >= 8 {
			i = len(xs) &^ 7
			_, s[0] = sumSqAVX2(unsafe.SliceData(xs), i)
		}
		for ; i+4 <= len(xs); i += 4 {
			v := (*[4]float32)(xs[i : i+4])
			s[0] += float64(v[0]) * float64(v[0])
			s[1] += float64(v[1]) * float64(v[1])
			s[2] += float64(v[2]) * float64(v[2])
			s[3] += float64(v[3]) * float64(v[3])
		}
		for ; i < len(xs); i++ {
			s[0] += float64(xs[i]) * float64(xs[i])
		}
		return a + ((s[0] + s[1]) + (s[2] + s[3]))
	}},
	"Sum": {0, func(a, v float64) float64 { return a + v }, func(a float64, xs []float32) float64 {
		var s [4]float64
		i := 0
		if useAsm && len(xs) >= 8 {
			i = len(xs) &^ 7
			s[0], _ = sumSqAVX2(unsafe.SliceData(xs), i)
		}
		for ; i+4 <= len(xs); i += 4 {
			v := (*[4]float32)(xs[i : i+4])
			s[0] += float64(v[0])
			s[1] += float64(v[1])
			s[2] += float64(v[2])
			s[3] += float64(v[3])
		}
		for ; i < len(xs); i++ {
			s[0] += float64(xs[i])
		}
		return a + ((s[0] + s[1]) + (s[2] + s[3]))
	}},
}

// kernel returns the operator's kernel: L2 accumulates as SumSquare, Mean
// and LogSum as Sum (finish does the rest).
func (o reduce) kernel() reduceKernel {
	switch o.kind {
	case "L2":
		return reduceKernels["SumSquare"]
	case "Mean", "LogSum":
		return reduceKernels["Sum"]
	}
	return reduceKernels[o.kind]
}

// accumulate reduces x into acc, whose shape is full (x's shape with the
// reduced axes 1).
func (o reduce) accumulate(s *Session, acc []float64, x *Tensor, full []int) {
	if o.kind == "LogSumExp" {
		o.logSumExp(s, acc, x, full)
		return
	}
	k := o.kernel()
	for i := range acc {
		acc[i] = k.init
	}
	p := plan(x.Shape, full)
	if x.IsFloat() {
		sum := o.kind == "Sum" || o.kind == "Mean" || o.kind == "LogSum"
		p.runs(func(j int, off [3]int, n int, step [3]int) {
			accumulateFloats(acc[off[0]:], x.Float[j:j+n], step[0], k, sum)
		})
	} else {
		p.runs(func(j int, off [3]int, n int, step [3]int) {
			for i, v := range x.Int[j : j+n] {
				a := off[0] + i*step[0]
				acc[a] = k.step(acc[a], float64(v))
			}
		})
	}
	o.finish(acc, x.Len())
}

// accumulateFloats reduces the stretch xs into acc[0], acc[st], ...: a
// stretch into one output (st 0) in a register, sums written out.
func accumulateFloats(acc []float64, xs []float32, st int, k reduceKernel, sum bool) {
	switch {
	case st == 0:
		acc[0] = k.floats(acc[0], xs)
	case sum:
		for i, v := range xs {
			acc[i*st] += float64(v)
		}
	default:
		for i, v := range xs {
			acc[i*st] = k.step(acc[i*st], float64(v))
		}
	}
}

// logSumExp is log Σ exp(x), computed as m + log Σ exp(x − m) with m the
// maximum, so that large inputs do not overflow.
func (o reduce) logSumExp(s *Session, acc []float64, x *Tensor, full []int) {
	m := s.float64s(1, len(acc))
	reduce{kind: "Max"}.accumulate(s, m, x, full)
	p := plan(x.Shape, full)
	p.runs(func(k int, off [3]int, n int, step [3]int) {
		for i := 0; i < n; i++ {
			j := off[0] + i*step[0]
			if !math.IsInf(m[j], 0) {
				acc[j] += math.Exp(elem(x, k+i) - m[j])
			}
		}
	})
	for i := range acc {
		if math.IsInf(m[i], 0) {
			acc[i] = m[i]
		} else {
			acc[i] = m[i] + math.Log(acc[i])
		}
	}
}

// finish applies the last step of Mean, L2 and LogSum; n is the number
// of input elements.
func (o reduce) finish(acc []float64, n int) {
	for i, v := range acc {
		switch o.kind {
		case "Mean":
			acc[i] = v / float64(n/max(1, len(acc)))
		case "L2":
			acc[i] = math.Sqrt(v)
		case "LogSum":
			acc[i] = math.Log(v)
		}
	}
}

// minNaN is the smaller of a and v, NaN if either is.
func minNaN(a, v float64) float64 {
	if v < a || math.IsNaN(v) {
		return v
	}
	return a
}

// maxNaN is the larger of a and v, NaN if either is.
func maxNaN(a, v float64) float64 {
	if v > a || math.IsNaN(v) {
		return v
	}
	return a
}

// softmax is Softmax, LogSoftmax and Hardmax (1 at the first largest
// element, 0 elsewhere): over one axis (default -1) from opset 13;
// before, over the flattened dimensions from axis (default 1) on, as the
// input coerced to 2-D.
type softmax struct {
	axis      int
	flattened bool
	kind      string // the operator
}

func buildSoftmax(c *nodeCtx) (op, error) {
	def := int64(-1)
	if c.opset < 13 {
		def = 1
	}
	o := softmax{axis: int(c.int("axis", def)), flattened: c.opset < 13, kind: c.node.opType}
	return o, c.need(1, 1)
}

func (o softmax) run(s *Session, in, out []*Tensor) error {
	return o.apply(s, in[0], rowScale{}, out)
}

// rowScale is a scalar that multiplies or divides the input first.
type rowScale struct {
	c       float32
	div, on bool
}

// scaledSoftmax is a Softmax of a Div or Mul by a scalar, as attention
// scales its scores: each row is scaled into the output and normalised
// there, with no pass of its own over the scores. Other operands run the
// two operators one after the other.
type scaledSoftmax struct {
	bin op
	sm  softmax
	div bool
}

func (f scaledSoftmax) run(s *Session, in, out []*Tensor) error {
	x, c := in[0], in[1]
	if !f.div && x.IsFloat() && c.IsFloat() && len(x.Float) == 1 && len(x.Shape) <= len(c.Shape) {
		x, c = c, x // Mul(c, x)
	}
	if !x.IsFloat() || !c.IsFloat() || len(c.Float) != 1 || len(c.Shape) > len(x.Shape) {
		if err := f.bin.run(s, in, out); err != nil {
			return err
		}
		return f.sm.run(s, out[:1], out)
	}
	sc := rowScale{c: c.Float[0], div: f.div, on: true}
	if r, ok := exactReciprocal(sc.c); ok && sc.div {
		// x/c is x·(1/c), rounded alike, when 1/c is exact (attention's
		// √d of a power of four): a multiplication, not a division.
		sc.c, sc.div = r, false
	}
	return f.sm.apply(s, x, sc, out)
}

// exactReciprocal returns 1/c when it is exact: c a power of two whose
// reciprocal is a normal float32.
func exactReciprocal(c float32) (float32, bool) {
	b := math.Float32bits(c)
	e := b >> 23 & 0xff
	return 1 / c, b&0x7fffff == 0 && e >= 1 && e <= 253
}

// apply is Softmax of x, scaled first by sc.
func (o softmax) apply(s *Session, x *Tensor, sc rowScale, out []*Tensor) error {
	axis, err := normAxis(o.axis, len(x.Shape))
	if err != nil || !x.IsFloat() {
		return fmt.Errorf("input of shape %v: %v", x.Shape, err)
	}
	y := out[0].floats(x.Shape...)
	j := softmaxJob{o: o, x: x.Float, y: y, sc: sc}
	if o.flattened {
		j.d, j.inner = numel(x.Shape[axis:]), 1
	} else {
		j.d, j.inner = x.Shape[axis], numel(x.Shape[axis+1:])
	}
	if j.d == 0 || len(y) == 0 {
		return nil
	}
	rows := len(y) / j.d
	if s == nil {
		j.do(0, rows)
		return nil
	}
	// Rows are independent: split over threads, the result does not
	// depend on how. An element's exponential costs about two dozen
	// multiply-adds' time (attention's 256 rows of 64 at batch 1 split:
	// 17 → 12 µs at 2 threads).
	s.softmaxJob = j
	s.parallel(&s.softmaxJob, rows, 24*j.d)
	s.softmaxJob = softmaxJob{}
	return nil
}

// softmaxJob is one Softmax over rows of d elements, inner apart.
type softmaxJob struct {
	o        softmax
	x, y     []float32
	d, inner int
	sc       rowScale
}

func (j *softmaxJob) do(lo, hi int) {
	// Rows of a multiple of 16 four at a call in AVX-512, the same bits as
	// the AVX2 path's five calls a row; the last rows as the last four (the
	// ones before them recomputed alike), or, fewer than four in all, by
	// that path.
	if useAsm && use512 && j.inner == 1 && j.d%16 == 0 && j.o.kind == "Softmax" && hi-lo >= 4 {
		mode := 0
		if j.sc.on {
			mode = 1
			if j.sc.div {
				mode = 2
			}
		}
		for r := lo; r < hi; r += 4 {
			b := min(r, hi-4) * j.d
			_, _ = j.y[b+4*j.d-1], j.x[b+4*j.d-1]
			softmaxRows512(&j.y[b], &j.x[b], j.d, j.sc.c, mode)
		}
		return
	}
	for r := lo; r < hi; r++ {
		i, k := r/j.inner, r%j.inner
		b := i*j.d*j.inner + k
		if !j.sc.on {
			j.o.strided(j.y[b:], j.x[b:], j.d, j.inner)
			continue
		}
		j.sc.rowTo(j.y[b:], j.x[b:], j.d, j.inner)
		j.o.strided(j.y[b:], j.y[b:], j.d, j.inner)
	}
}

// rowTo writes the n elements x[0], x[st], ... times (or divided by) the
// scale into y.
func (sc rowScale) rowTo(y, x []float32, n, st int) {
	i := 0
	if st == 1 && useAsm && n >= 8 {
		i = n &^ 7
		scaleToAVX2(unsafe.SliceData(y), unsafe.SliceData(x), i, sc.c, sc.div)
	}
	for ; i < n; i++ {
		if sc.div {
			y[i*st] = x[i*st] / sc.c
		} else {
			y[i*st] = x[i*st] * sc.c
		}
	}
}

// strided computes one softmax of the n elements x[0], x[st], ...
func (o softmax) strided(y, x []float32, n, st int) {
	vec := useAsm && st == 1 && n >= 8 && o.kind == "Softmax"
	m := float32(math.Inf(-1))
	at := 0
	if vec {
		m = maxAVX2(unsafe.SliceData(x), n&^7)
		for _, v := range x[n&^7 : n] {
			if v > m {
				m = v
			}
		}
	} else {
		for i := 0; i < n; i++ {
			if x[i*st] > m {
				m, at = x[i*st], i
			}
		}
	}
	if o.kind == "Hardmax" {
		for i := 0; i < n; i++ {
			y[i*st] = 0
		}
		y[at*st] = 1
		return
	}
	var sum float64
	if st == 1 {
		x, y := x[:n], y[:n]
		i := 0
		if useAsm && n >= 8 {
			// e^(x−m) eight at a time in float32 (about 1e-7 relative
			// error), summed in float64.
			i = n &^ 7
			expAVX2(unsafe.SliceData(y), unsafe.SliceData(x), i, m)
			sum, _ = sumSqAVX2(unsafe.SliceData(y), i)
		}
		for ; i < n; i++ {
			e := expFast(float64(x[i] - m))
			y[i] = float32(e)
			sum += e
		}
	} else {
		for i := 0; i < n; i++ {
			e := expFast(float64(x[i*st] - m))
			y[i*st] = float32(e)
			sum += e
		}
	}
	if o.kind == "LogSoftmax" {
		ls := math.Log(sum)
		for i := 0; i < n; i++ {
			y[i*st] = float32(float64(x[i*st]-m) - ls)
		}
		return
	}
	inv := 1 / sum
	i := 0
	if vec {
		i = n &^ 7
		scaleAVX2(unsafe.SliceData(y), i, inv)
	}
	for ; i < n; i++ {
		y[i*st] = float32(float64(y[i*st]) * inv)
	}
}
