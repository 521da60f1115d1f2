package onnx

import (
	"fmt"
	"math"
)

// mvn is MeanVarianceNormalization: (x − mean)/(σ + 1e-9) over axes
// (default 0, 2, 3), as the operator's function body in the
// specification computes it.
type mvn struct{ axes []int64 }

func buildMVN(c *nodeCtx) (op, error) {
	o := mvn{c.ints("axes")}
	if o.axes == nil {
		o.axes = []int64{0, 2, 3}
	}
	return o, c.need(1, 1)
}

func (o mvn) run(s *Session, in, out []*Tensor) error {
	x := in[0]
	if !x.IsFloat() {
		return fmt.Errorf("input is not floating point")
	}
	var full, kept [maxRank]int
	k, err := reducedShape(x.Shape, o.axes, true, full[:], kept[:])
	if err != nil {
		return err
	}
	r := len(x.Shape)
	sum, sq := s.float64s(0, numel(kept[:k])), s.float64s(1, numel(kept[:k]))
	clear(sum)
	clear(sq)
	p := plan(x.Shape, full[:r])
	p.runs(func(k int, off [3]int, n int, step [3]int) {
		for i := 0; i < n; i++ {
			v := float64(x.Float[k+i])
			sum[off[0]+i*step[0]] += v
			sq[off[0]+i*step[0]] += v * v
		}
	})
	cnt := float64(x.Len() / max(1, len(sum)))
	for i := range sum {
		mean := sum[i] / cnt
		sum[i], sq[i] = mean, math.Sqrt(math.Max(sq[i]/cnt-mean*mean, 0))+1e-9
	}
	y := out[0].floats(x.Shape...)
	p.runs(func(k int, off [3]int, n int, step [3]int) {
		for i := 0; i < n; i++ {
			j := off[0] + i*step[0]
			y[k+i] = float32((float64(x.Float[k+i]) - sum[j]) / sq[j])
		}
	})
	return nil
}
