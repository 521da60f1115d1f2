package onnx

import "fmt"

// depthToSpace is DepthToSpace (pixel shuffle) and its inverse
// SpaceToDepth on [N, C, H, W] tensors. DepthToSpace moves blocks of
// blocksize² channels into blocksize×blocksize pixels, in the channel
// order of mode DCR (depth-column-row, the default) or, from opset 11,
// CRD (column-row-depth, PyTorch's PixelShuffle).
type depthToSpace struct {
	block   int
	crd     bool
	inverse bool // SpaceToDepth
}

func buildDepthToSpace(c *nodeCtx) (op, error) {
	o := depthToSpace{block: int(c.int("blocksize", 0)), inverse: c.node.opType == "SpaceToDepth"}
	if o.block < 1 || o.block > 1<<12 {
		return nil, fmt.Errorf("blocksize %d, want 1 to 4096", o.block)
	}
	if !o.inverse && c.opset >= 11 {
		switch m := c.string("mode", "DCR"); m {
		case "DCR", "CRD":
			o.crd = m == "CRD"
		default:
			return nil, fmt.Errorf("mode %q, want DCR or CRD", m)
		}
	}
	return o, c.need(1, 1)
}

func (o depthToSpace) run(s *Session, in, out []*Tensor) error {
	x := in[0]
	b := o.block
	if len(x.Shape) != 4 {
		return fmt.Errorf("input of shape %v, want [N C H W]", x.Shape)
	}
	n, c, h, w := x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3]
	if o.inverse {
		if h%b != 0 || w%b != 0 {
			return fmt.Errorf("input of shape %v: H and W must be multiples of blocksize %d", x.Shape, b)
		}
		out[0].like(x, n, c*b*b, h/b, w/b)
		o.shuffle(out[0], x, n, c, h/b, w/b)
		return nil
	}
	if c%(b*b) != 0 {
		return fmt.Errorf("input of shape %v: C must be a multiple of blocksize² = %d", x.Shape, b*b)
	}
	out[0].like(x, n, c/(b*b), h*b, w*b)
	o.shuffle(out[0], x, n, c/(b*b), h, w)
	return nil
}

// shuffle copies between the deep tensor [n, c·b², h, w] and the wide one
// [n, c, h·b, w·b], in the direction of the operator.
func (o depthToSpace) shuffle(y, x *Tensor, n, c, h, w int) {
	if x.IsFloat() {
		shuffleAs(o, y.Float, x.Float, n, c, h, w)
	} else {
		shuffleAs(o, y.Int, x.Int, n, c, h, w)
	}
}

// shuffleAs is shuffle on one element type: each deep row of w values
// goes to (or comes from) every b-th value of a wide row.
func shuffleAs[T float32 | int64](o depthToSpace, y, x []T, n, c, h, w int) {
	b := o.block
	if w == 0 {
		return
	}
	deepT, wideT := x, y
	if o.inverse {
		deepT, wideT = y, x
	}
	for in := 0; in < n; in++ {
		for ic := 0; ic < c; ic++ {
			for bh := 0; bh < b; bh++ {
				for bw := 0; bw < b; bw++ {
					dc := (bh*b+bw)*c + ic // DCR
					if o.crd {
						dc = ic*b*b + bh*b + bw
					}
					deep := (in*c*b*b + dc) * h * w
					wide := in*c*h*b*w*b + ic*h*b*w*b + bh*w*b + bw
					for i := 0; i < h; i++ {
						d := deepT[deep+i*w : deep+i*w+w]
						s := wideT[wide+i*b*w*b:]
						s = s[:(w-1)*b+1]
						if o.inverse {
							for j := range d {
								d[j] = s[j*b]
							}
						} else {
							for j, v := range d {
								s[j*b] = v
							}
						}
					}
				}
			}
		}
	}
}
