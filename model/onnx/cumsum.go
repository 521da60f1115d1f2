package onnx

import "fmt"

// cumSum is CumSum: running sums along the axis given as a scalar input,
// with exclusive (each sum leaves its own element out) and reverse (sums
// run from the end).
type cumSum struct{ exclusive, reverse bool }

func buildCumSum(c *nodeCtx) (op, error) {
	o := cumSum{c.int("exclusive", 0) != 0, c.int("reverse", 0) != 0}
	return o, c.need(2, 2)
}

func (o cumSum) run(s *Session, in, out []*Tensor) error {
	x := in[0]
	ax, err := intInput(in[1], "axis")
	if err != nil || len(ax) != 1 {
		return fmt.Errorf("axis must be one integer")
	}
	axis, err := normAxis(int(ax[0]), len(x.Shape))
	if err != nil {
		return err
	}
	y := out[0]
	y.like(x, x.Shape...)
	d := x.Shape[axis]
	outer, inner := numel(x.Shape[:axis]), numel(x.Shape[axis+1:])
	for i := 0; i < outer; i++ {
		for j := 0; j < inner; j++ {
			o.line(y, x, i*d*inner+j, d, inner)
		}
	}
	return nil
}

// line sums the n elements from base by step.
func (o cumSum) line(y, x *Tensor, base, n, step int) {
	var fsum float64
	var isum int64
	for k := 0; k < n; k++ {
		p := k
		if o.reverse {
			p = n - 1 - k
		}
		at := base + p*step
		if x.IsFloat() {
			v := float64(x.Float[at])
			if !o.exclusive {
				fsum += v
			}
			y.Float[at] = float32(fsum)
			if o.exclusive {
				fsum += v
			}
			continue
		}
		v := x.Int[at]
		if !o.exclusive {
			isum += v
		}
		y.Int[at] = isum
		if o.exclusive {
			isum += v
		}
	}
}
