package onnx

import (
	"fmt"
	"math"
)

// reduce is ReduceMean and ReduceSum; axes are an attribute, or from
// opset 18 (ReduceSum: 13) an optional input.
type reduce struct {
	mean     bool
	axes     []int64
	keepDims bool
	noopIfNo bool // noop_with_empty_axes
}

func buildReduce(c *nodeCtx) (op, error) {
	o := reduce{mean: c.node.opType == "ReduceMean", keepDims: c.int("keepdims", 1) != 0}
	axesAsInput := c.opset >= 18 || !o.mean && c.opset >= 13
	if axesAsInput {
		o.noopIfNo = c.int("noop_with_empty_axes", 0) != 0
		return o, c.need(1, 2)
	}
	o.axes = c.ints("axes")
	return o, c.need(1, 1)
}

func (o reduce) run(s *Session, in, out []*Tensor) error {
	x := in[0]
	if !x.IsFloat() {
		return fmt.Errorf("integer input: %w", ErrUnsupported)
	}
	axes := o.axes
	if len(in) > 1 && in[1] != nil {
		var err error
		if axes, err = intInput(in[1], "axes"); err != nil {
			return err
		}
	}
	r := len(x.Shape)
	if len(axes) == 0 && o.noopIfNo {
		copy(out[0].floats(x.Shape...), x.Float)
		return nil
	}
	var red [maxRank]bool
	for _, a := range axes {
		ax, err := normAxis(int(a), r)
		if err != nil {
			return err
		}
		red[ax] = true
	}
	var full, kept [maxRank]int
	k := 0
	for i := 0; i < r; i++ {
		full[i] = x.Shape[i]
		if len(axes) == 0 || red[i] {
			full[i] = 1
			red[i] = true
			if o.keepDims {
				kept[k], k = 1, k+1
			}
			continue
		}
		kept[k], k = x.Shape[i], k+1
	}
	y := out[0].floats(kept[:k]...)
	acc := s.slot(0, len(y))
	clear(acc)
	p := plan(x.Shape, full[:r])
	// Iterate x in order; the plan's operand 0 walks the reduced output.
	p.runs(func(o0 int, off [3]int, n int, step [3]int) {
		for i := 0; i < n; i++ {
			acc[off[0]+i*step[0]] += x.Float[o0+i]
		}
	})
	div := float32(1)
	if o.mean {
		div = float32(max(1, x.Len()/max(1, len(y))))
	}
	for i := range y {
		y[i] = acc[i] / div
	}
	return nil
}

// softmax is Softmax: over one axis from opset 13, over the flattened
// dimensions from axis on before.
type softmax struct {
	axis      int
	flattened bool
}

func buildSoftmax(c *nodeCtx) (op, error) {
	def := int64(-1)
	if c.opset < 13 {
		def = 1
	}
	return softmax{int(c.int("axis", def)), c.opset < 13}, c.need(1, 1)
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
			softmaxStrided(y[i:], x.Float[i:], d, 1)
		}
		return nil
	}
	d, inner := x.Shape[axis], numel(x.Shape[axis+1:])
	outer := numel(x.Shape[:axis])
	for i := 0; i < outer; i++ {
		for j := 0; j < inner; j++ {
			b := i*d*inner + j
			softmaxStrided(y[b:], x.Float[b:], d, inner)
		}
	}
	return nil
}

func softmaxStrided(y, x []float32, n, st int) {
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
	for i := 0; i < n; i++ {
		y[i*st] = float32(float64(y[i*st]) / sum)
	}
}
