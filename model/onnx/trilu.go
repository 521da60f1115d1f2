package onnx

import "fmt"

// trilu is Trilu: the upper (upper=1, the default) or lower triangle of
// each matrix of the last two dimensions, from the k-th diagonal (k an
// optional scalar input, 0 when omitted); the rest is zero.
type trilu struct{ upper bool }

func buildTrilu(c *nodeCtx) (op, error) {
	return trilu{c.int("upper", 1) != 0}, c.need(1, 2)
}

func (o trilu) run(s *Session, in, out []*Tensor) error {
	x := in[0]
	r := len(x.Shape)
	if r < 2 {
		return fmt.Errorf("input of shape %v, want rank 2 or more", x.Shape)
	}
	k := int64(0)
	if len(in) > 1 && in[1] != nil {
		ks, err := intInput(in[1], "k")
		if err != nil || len(ks) != 1 {
			return fmt.Errorf("k must be one integer")
		}
		k = ks[0]
	}
	y := out[0]
	y.like(x, x.Shape...)
	copyElems(y, 0, x, 0, x.Len())
	rows, cols := x.Shape[r-2], x.Shape[r-1]
	for m := 0; m < numel(x.Shape[:r-2]); m++ {
		for i := 0; i < rows; i++ {
			for j := 0; j < cols; j++ {
				d := int64(j - i)
				if o.upper && d < k || !o.upper && d > k {
					zeroElem(y, (m*rows+i)*cols+j)
				}
			}
		}
	}
	return nil
}

// zeroElem sets element i of t to zero.
func zeroElem(t *Tensor, i int) {
	if t.IsFloat() {
		t.Float[i] = 0
	} else {
		t.Int[i] = 0
	}
}
