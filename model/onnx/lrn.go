package onnx

import (
	"fmt"
	"math"
)

// lrn is LRN, local response normalization across channels (Krizhevsky,
// Sutskever and Hinton, 2012): y = x / (bias + alpha/size · Σ x²)^beta, the
// sum over the size channels around each one (⌊(size−1)/2⌋ before,
// ⌈(size−1)/2⌉ after).
type lrn struct {
	alpha, beta, bias float64
	size              int
}

func buildLRN(c *nodeCtx) (op, error) {
	o := lrn{float64(c.float("alpha", 1e-4)), float64(c.float("beta", 0.75)), float64(c.float("bias", 1)), int(c.int("size", 0))}
	if o.size < 1 {
		return nil, fmt.Errorf("size must be a positive integer")
	}
	return o, c.need(1, 1)
}

func (o lrn) run(s *Session, in, out []*Tensor) error {
	x := in[0]
	if !x.IsFloat() || len(x.Shape) < 3 {
		return fmt.Errorf("input of shape %v, want float [N C ...]", x.Shape)
	}
	y := out[0].floats(x.Shape...)
	n, c, inner := x.Shape[0], x.Shape[1], numel(x.Shape[2:])
	lo, hi := (o.size-1)/2, o.size/2
	for b := 0; b < n; b++ {
		for ch := 0; ch < c; ch++ {
			for p := 0; p < inner; p++ {
				var ss float64
				for k := max(0, ch-lo); k <= min(c-1, ch+hi); k++ {
					v := float64(x.Float[(b*c+k)*inner+p])
					ss += v * v
				}
				at := (b*c+ch)*inner + p
				y[at] = float32(float64(x.Float[at]) / math.Pow(o.bias+o.alpha/float64(o.size)*ss, o.beta))
			}
		}
	}
	return nil
}
