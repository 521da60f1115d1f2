package onnx

import (
	"fmt"
	"math"
)

// batchNorm is BatchNormalization at inference (Ioffe and Szegedy, 2015):
// y = scale·(x − mean)/√(var + ε) + bias per channel, folded at load into
// one multiply-add per channel.
type batchNorm struct {
	mul, add []float32
}

func buildBatchNorm(c *nodeCtx) (op, error) {
	if err := c.need(5, 5); err != nil {
		return nil, err
	}
	eps := float64(c.float("epsilon", 1e-5))
	c.float("momentum", 0.9)
	if c.opset < 9 {
		c.int("spatial", 1)
	}
	if c.int("training_mode", 0) != 0 || len(c.node.outputs) > 1 {
		return nil, fmt.Errorf("training mode: %w", ErrUnsupported)
	}
	var p [4][]float32
	for i := range p {
		t := c.input(i + 1)
		if t == nil || !t.IsFloat() {
			return nil, fmt.Errorf("scale, bias, mean and var must be constant: %w", ErrUnsupported)
		}
		p[i] = t.Float
	}
	n := len(p[0])
	if len(p[1]) != n || len(p[2]) != n || len(p[3]) != n {
		return nil, fmt.Errorf("scale, bias, mean and var differ in length")
	}
	o := &batchNorm{mul: make([]float32, n), add: make([]float32, n)}
	for i := 0; i < n; i++ {
		m := float64(p[0][i]) / math.Sqrt(float64(p[3][i])+eps)
		o.mul[i] = float32(m)
		o.add[i] = float32(float64(p[1][i]) - m*float64(p[2][i]))
	}
	return o, nil
}

func (o *batchNorm) run(s *Session, in, out []*Tensor) error {
	x := in[0]
	if !x.IsFloat() || len(x.Shape) < 2 || x.Shape[1] != len(o.mul) {
		return fmt.Errorf("input of shape %v, want [N %d ...]", x.Shape, len(o.mul))
	}
	y := out[0].floats(x.Shape...)
	c := len(o.mul)
	inner := numel(x.Shape[2:])
	for i := 0; i < x.Shape[0]*c; i++ {
		ch := i % c
		m, a := o.mul[ch], o.add[ch]
		src, dst := x.Float[i*inner:(i+1)*inner], y[i*inner:(i+1)*inner]
		for j, v := range src {
			dst[j] = v*m + a
		}
	}
	return nil
}

// instanceNorm is InstanceNormalization (Ulyanov et al., 2016): each
// channel of each item normalized over its spatial extent.
type instanceNorm struct {
	eps         float64
	scale, bias []float32
}

func buildInstanceNorm(c *nodeCtx) (op, error) {
	if err := c.need(3, 3); err != nil {
		return nil, err
	}
	s, b := c.input(1), c.input(2)
	if s == nil || b == nil || len(s.Float) != len(b.Float) {
		return nil, fmt.Errorf("scale and bias must be constant vectors of one length: %w", ErrUnsupported)
	}
	return &instanceNorm{eps: float64(c.float("epsilon", 1e-5)), scale: s.Float, bias: b.Float}, nil
}

func (o *instanceNorm) run(s *Session, in, out []*Tensor) error {
	x := in[0]
	c := len(o.scale)
	if !x.IsFloat() || len(x.Shape) < 3 || x.Shape[1] != c {
		return fmt.Errorf("input of shape %v, want [N %d H ...]", x.Shape, c)
	}
	y := out[0].floats(x.Shape...)
	inner := numel(x.Shape[2:])
	for i := 0; i < x.Shape[0]*c; i++ {
		ch := i % c
		normalize(y[i*inner:(i+1)*inner], x.Float[i*inner:(i+1)*inner], o.eps, o.scale[ch:ch+1], o.bias[ch:ch+1])
	}
	return nil
}

// normalize writes (x − mean)/√(var + ε)·scale + bias; scale and bias hold
// one value for all of x or one per element.
func normalize(dst, x []float32, eps float64, scale, bias []float32) {
	var sum float64
	for _, v := range x {
		sum += float64(v)
	}
	mean := sum / float64(len(x))
	var ss float64
	for _, v := range x {
		d := float64(v) - mean
		ss += d * d
	}
	inv := 1 / math.Sqrt(ss/float64(len(x))+eps)
	for i, v := range x {
		sc, b := scale[0], float32(0)
		if len(scale) > 1 {
			sc = scale[i]
		}
		if len(bias) == 1 {
			b = bias[0]
		} else if len(bias) > 1 {
			b = bias[i]
		}
		dst[i] = float32((float64(v)-mean)*inv)*sc + b
	}
}

// layerNorm is LayerNormalization (Ba et al., 2016) over the dimensions
// from axis on, with constant scale and optional bias of that extent.
type layerNorm struct {
	axis        int
	eps         float64
	scale, bias []float32
}

func buildLayerNorm(c *nodeCtx) (op, error) {
	if err := c.need(2, 3); err != nil {
		return nil, err
	}
	if len(c.node.outputs) > 1 {
		return nil, fmt.Errorf("mean and inverse-deviation outputs: %w", ErrUnsupported)
	}
	c.int("stash_type", 1)
	o := &layerNorm{axis: int(c.int("axis", -1)), eps: float64(c.float("epsilon", 1e-5))}
	s := c.input(1)
	if s == nil || !s.IsFloat() {
		return nil, fmt.Errorf("scale must be constant: %w", ErrUnsupported)
	}
	o.scale = s.Float
	if c.nInputs() > 2 && c.in[2] >= 0 {
		b := c.input(2)
		if b == nil || len(b.Float) != len(s.Float) {
			return nil, fmt.Errorf("bias must be constant and as long as scale: %w", ErrUnsupported)
		}
		o.bias = b.Float
	}
	return o, nil
}

func (o *layerNorm) run(s *Session, in, out []*Tensor) error {
	x := in[0]
	axis, err := normAxis(o.axis, len(x.Shape))
	if err != nil || !x.IsFloat() {
		return fmt.Errorf("input of shape %v: %v", x.Shape, err)
	}
	inner := numel(x.Shape[axis:])
	if len(o.scale) != inner && len(o.scale) != 1 {
		return fmt.Errorf("scale of %d values for a normalized extent of %d", len(o.scale), inner)
	}
	y := out[0].floats(x.Shape...)
	for i := 0; i+inner <= len(y) && inner > 0; i += inner {
		normalize(y[i:i+inner], x.Float[i:i+inner], o.eps, o.scale, o.bias)
	}
	return nil
}
