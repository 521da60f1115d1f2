package onnx

import "fmt"

// globalMaxPool is GlobalMaxPool: the largest value of each channel of an
// [N, C, ...] tensor, as [N, C, 1, ...]. NaN propagates.
type globalMaxPool struct{}

func buildGlobalMaxPool(c *nodeCtx) (op, error) { return globalMaxPool{}, c.need(1, 1) }

func (globalMaxPool) run(s *Session, in, out []*Tensor) error {
	x := in[0]
	if !x.IsFloat() || len(x.Shape) < 3 {
		return fmt.Errorf("input of shape %v, want float [N C ...]", x.Shape)
	}
	var sh [maxRank]int
	shape := append(sh[:0], x.Shape...)
	for i := 2; i < len(shape); i++ {
		shape[i] = 1
	}
	y := out[0].floats(shape...)
	inner := numel(x.Shape[2:])
	if inner == 0 {
		return fmt.Errorf("input of shape %v has no elements to pool", x.Shape)
	}
	for i := range y {
		m := float64(x.Float[i*inner])
		for _, v := range x.Float[i*inner : (i+1)*inner] {
			m = maxNaN(m, float64(v))
		}
		y[i] = float32(m)
	}
	return nil
}
