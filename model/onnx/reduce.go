package onnx

import (
	"fmt"
	"math"
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

// accumulate reduces x into acc, whose shape is full (x's shape with the
// reduced axes 1).
func (o reduce) accumulate(s *Session, acc []float64, x *Tensor, full []int) {
	each := func(f func(a, v float64) float64) {
		p := plan(x.Shape, full)
		p.runs(func(k int, off [3]int, n int, step [3]int) {
			for i := 0; i < n; i++ {
				j := off[0] + i*step[0]
				acc[j] = f(acc[j], elem(x, k+i))
			}
		})
	}
	fill := func(v float64) {
		for i := range acc {
			acc[i] = v
		}
	}
	fill(0)
	switch o.kind {
	case "Max":
		fill(math.Inf(-1))
		each(func(a, v float64) float64 { return maxNaN(a, v) })
	case "Min":
		fill(math.Inf(1))
		each(func(a, v float64) float64 { return -maxNaN(-a, -v) })
	case "Prod":
		fill(1)
		each(func(a, v float64) float64 { return a * v })
	case "L1":
		each(func(a, v float64) float64 { return a + math.Abs(v) })
	case "L2", "SumSquare":
		each(func(a, v float64) float64 { return a + v*v })
	case "LogSumExp":
		o.logSumExp(s, acc, x, full)
	default: // Sum, Mean, LogSum
		each(func(a, v float64) float64 { return a + v })
	}
	o.finish(acc, x.Len())
}

// logSumExp is log Σ exp(x), computed as m + log Σ exp(x − m) with m the
// maximum, so that large inputs do not overflow.
func (o reduce) logSumExp(s *Session, acc []float64, x *Tensor, full []int) {
	m := s.float64s(1, len(acc))
	mx := reduce{kind: "Max"}
	mx.accumulate(s, m, x, full)
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

// maxNaN is the larger of a and v, NaN if either is.
func maxNaN(a, v float64) float64 {
	if v > a || math.IsNaN(v) {
		return v
	}
	return a
}

// softmax is Softmax and LogSoftmax: over one axis (default -1) from
// opset 13; before, over the flattened dimensions from axis (default 1)
// on, as the input coerced to 2-D.
type softmax struct {
	axis      int
	flattened bool
	log       bool
}

func buildSoftmax(c *nodeCtx) (op, error) {
	def := int64(-1)
	if c.opset < 13 {
		def = 1
	}
	o := softmax{int(c.int("axis", def)), c.opset < 13, c.node.opType == "LogSoftmax"}
	return o, c.need(1, 1)
}

func (o softmax) run(s *Session, in, out []*Tensor) error {
	x := in[0]
	axis, err := normAxis(o.axis, len(x.Shape))
	if err != nil || !x.IsFloat() {
		return fmt.Errorf("input of shape %v: %v", x.Shape, err)
	}
	y := out[0].floats(x.Shape...)
	if o.flattened {
		d := numel(x.Shape[axis:])
		for i := 0; i+d <= len(y) && d > 0; i += d {
			o.strided(y[i:], x.Float[i:], d, 1)
		}
		return nil
	}
	d, inner := x.Shape[axis], numel(x.Shape[axis+1:])
	outer := numel(x.Shape[:axis])
	for i := 0; i < outer; i++ {
		for j := 0; j < inner; j++ {
			b := i*d*inner + j
			o.strided(y[b:], x.Float[b:], d, inner)
		}
	}
	return nil
}

// strided computes one softmax of the n elements x[0], x[st], ...
func (o softmax) strided(y, x []float32, n, st int) {
	m := float32(math.Inf(-1))
	for i := 0; i < n; i++ {
		m = max(m, x[i*st])
	}
	var sum float64
	for i := 0; i < n; i++ {
		e := math.Exp(float64(x[i*st] - m))
		y[i*st] = float32(e)
		sum += e
	}
	if o.log {
		ls := math.Log(sum)
		for i := 0; i < n; i++ {
			y[i*st] = float32(float64(x[i*st]-m) - ls)
		}
		return
	}
	for i := 0; i < n; i++ {
		y[i*st] = float32(float64(y[i*st]) / sum)
	}
}
