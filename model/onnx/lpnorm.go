package onnx

import (
	"fmt"
	"math"
)

// lpNorm is LpNormalization: x divided by its L1 (p=1) or L2 (p=2, the
// default) norm along axis (default −1). A zero norm gives NaN, as in
// onnx's reference.
type lpNorm struct{ axis, p int }

func buildLpNorm(c *nodeCtx) (op, error) {
	o := lpNorm{int(c.int("axis", -1)), int(c.int("p", 2))}
	if o.p != 1 && o.p != 2 {
		return nil, fmt.Errorf("p=%d, want 1 or 2", o.p)
	}
	return o, c.need(1, 1)
}

func (o lpNorm) run(s *Session, in, out []*Tensor) error {
	x := in[0]
	axis, err := normAxis(o.axis, len(x.Shape))
	if err != nil || !x.IsFloat() {
		return fmt.Errorf("float input of shape %v, axis %d", x.Shape, o.axis)
	}
	y := out[0].floats(x.Shape...)
	d := x.Shape[axis]
	outer, inner := numel(x.Shape[:axis]), numel(x.Shape[axis+1:])
	for i := 0; i < outer; i++ {
		for j := 0; j < inner; j++ {
			base := i*d*inner + j
			var norm float64
			for k := 0; k < d; k++ {
				v := float64(x.Float[base+k*inner])
				if o.p == 1 {
					norm += math.Abs(v)
				} else {
					norm += v * v
				}
			}
			if o.p == 2 {
				norm = math.Sqrt(norm)
			}
			for k := 0; k < d; k++ {
				y[base+k*inner] = float32(float64(x.Float[base+k*inner]) / norm)
			}
		}
	}
	return nil
}
