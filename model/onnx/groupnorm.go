package onnx

import (
	"fmt"
	"math"
)

// groupNorm is GroupNormalization (Wu and He, 2018): the channels of an
// [N, C, ...] tensor are split into num_groups groups, each normalized
// over its channels and spatial positions, y = (x − mean)/√(var + ε), then
// scaled and shifted. In opset 18 scale and bias hold one value per
// group; opset 21 corrected that to one per channel (as PyTorch's
// GroupNorm and every exporter mean it) and added stash_type, the
// precision of the statistics (here always float64, which is at least as
// precise as either value asks for).
type groupNorm struct {
	groups     int
	eps        float64
	perChannel bool // opset 21
}

func buildGroupNorm(c *nodeCtx) (op, error) {
	o := groupNorm{groups: int(c.int("num_groups", 0)), eps: float64(c.float("epsilon", 1e-5)), perChannel: c.opset >= 21}
	if !c.has("num_groups") || o.groups < 1 {
		return nil, fmt.Errorf("num_groups must be a positive integer")
	}
	if o.perChannel {
		if st := c.int("stash_type", 1); st != 1 && st != typeDouble {
			return nil, fmt.Errorf("stash_type %d: %w", st, ErrUnsupported)
		}
	}
	return o, c.need(3, 3)
}

func (o groupNorm) run(s *Session, in, out []*Tensor) error {
	x, scale, bias := in[0], in[1], in[2]
	if !x.IsFloat() || !scale.IsFloat() || !bias.IsFloat() || len(x.Shape) < 2 {
		return fmt.Errorf("input of shape %v, want float [N C ...]", x.Shape)
	}
	n, c := x.Shape[0], x.Shape[1]
	want := o.groups
	if o.perChannel {
		want = c
	}
	if c%o.groups != 0 || scale.Len() != want || bias.Len() != want {
		return fmt.Errorf("input of shape %v with %d groups, scale and bias of %d and %d, want %d",
			x.Shape, o.groups, scale.Len(), bias.Len(), want)
	}
	y := out[0].floats(x.Shape...)
	inner := numel(x.Shape[2:])
	per := c / o.groups
	for i := 0; i < n*o.groups; i++ {
		g := i % o.groups
		lo, hi := i*per*inner, (i+1)*per*inner
		mean, inv := meanInvStd(x.Float[lo:hi], o.eps)
		for k := lo; k < hi; k++ {
			p := g
			if o.perChannel {
				p = g*per + (k-lo)/max(inner, 1)
			}
			v := (float64(x.Float[k]) - mean) * inv
			y[k] = float32(v*float64(scale.Float[p]) + float64(bias.Float[p]))
		}
	}
	return nil
}

// meanInvStd returns the mean of x and 1/√(var + ε), in float64.
func meanInvStd(x []float32, eps float64) (float64, float64) {
	var sum float64
	for _, v := range x {
		sum += float64(v)
	}
	mean := sum / float64(max(len(x), 1))
	var ss float64
	for _, v := range x {
		d := float64(v) - mean
		ss += d * d
	}
	return mean, 1 / math.Sqrt(ss/float64(max(len(x), 1))+eps)
}
