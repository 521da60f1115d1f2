package onnx

import "fmt"

// variadic is Max, Min, Sum and Mean: an elementwise reduction of one or
// more inputs, broadcast together. Max and Min propagate NaN, as NumPy's
// maximum and minimum do, and take integers too.
type variadic struct {
	f    func(acc, v float64) float64
	mean bool
}

func buildVariadic(c *nodeCtx) (op, error) {
	o := variadic{}
	switch c.node.opType {
	case "Max":
		o.f = maxNaN
	case "Min":
		o.f = minNaN
	case "Sum", "Mean":
		o.f = func(a, v float64) float64 { return a + v }
		o.mean = c.node.opType == "Mean"
	}
	return o, c.need(1, 1<<20)
}

func (o variadic) run(s *Session, in, out []*Tensor) error {
	var sh, next [maxRank]int
	shape := sh[:0]
	for _, t := range in {
		if t == nil || t.IsFloat() != in[0].IsFloat() {
			return fmt.Errorf("inputs must all be given and of one type")
		}
		b, err := broadcastShape(next[:0], shape, t.Shape)
		if err != nil {
			return err
		}
		shape = append(sh[:0], b...)
	}
	if err := checkSize(shape...); err != nil {
		return err
	}
	acc := s.float64s(0, numel(shape))
	for k, t := range in {
		p := plan(shape, t.Shape)
		p.runs(func(j int, off [3]int, n int, step [3]int) {
			for i := 0; i < n; i++ {
				v := elem(t, off[0]+i*step[0])
				if k == 0 {
					acc[j+i] = v
				} else {
					acc[j+i] = o.f(acc[j+i], v)
				}
			}
		})
	}
	if o.mean {
		for i := range acc {
			acc[i] /= float64(len(in))
		}
	}
	storeFloat64(out[0], in[0], shape, acc)
	return nil
}

// elem returns element i of t as float64.
func elem(t *Tensor, i int) float64 {
	if t.IsFloat() {
		return float64(t.Float[i])
	}
	return float64(t.Int[i])
}

// storeFloat64 writes vals into y as a tensor of like's type and the
// given shape.
func storeFloat64(y, like *Tensor, shape []int, vals []float64) {
	if like.IsFloat() {
		dst := y.floats(shape...)
		for i, v := range vals {
			dst[i] = float32(v)
		}
		return
	}
	dst := y.ints(like.Type, shape...)
	for i, v := range vals {
		dst[i] = int64(v)
	}
}
