package onnx

import "fmt"

// eyeLike is EyeLike: a matrix of its input's shape with ones on the k-th
// diagonal (above the main one for k > 0) and zeros elsewhere, of type
// dtype (default: the input's).
type eyeLike struct {
	k     int
	dtype int
}

func buildEyeLike(c *nodeCtx) (op, error) {
	o := eyeLike{int(c.int("k", 0)), int(c.int("dtype", 0))}
	if o.dtype != 0 && elemSize(o.dtype) == 0 {
		return nil, fmt.Errorf("dtype %d: %w", o.dtype, ErrUnsupported)
	}
	return o, c.need(1, 1)
}

func (o eyeLike) run(s *Session, in, out []*Tensor) error {
	x := in[0]
	if len(x.Shape) != 2 {
		return fmt.Errorf("input of shape %v, want a matrix", x.Shape)
	}
	typ := o.dtype
	if typ == 0 {
		typ = x.Type
	}
	rows, cols := x.Shape[0], x.Shape[1]
	y := out[0]
	if isFloatType(typ) {
		clear(y.floats(rows, cols))
	} else {
		clear(y.ints(typ, rows, cols))
	}
	y.Type = typ
	for i := 0; i < rows; i++ {
		if j := i + o.k; j >= 0 && j < cols {
			if y.IsFloat() {
				y.Float[i*cols+j] = 1
			} else {
				y.Int[i*cols+j] = 1
			}
		}
	}
	return nil
}
