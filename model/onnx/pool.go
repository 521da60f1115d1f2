package onnx

import (
	"fmt"
	"math"
)

// pool is MaxPool and AveragePool over one or two spatial dimensions.
type pool struct {
	convAttrs
	max        bool
	ceil       bool
	includePad bool
}

func buildPool(c *nodeCtx) (op, error) {
	if err := c.need(1, 1); err != nil {
		return nil, err
	}
	ks := c.ints("kernel_shape")
	if ks == nil {
		return nil, fmt.Errorf("no kernel_shape")
	}
	o := &pool{max: c.node.opType == "MaxPool"}
	a, err := readConvAttrs(c, len(ks), nil)
	if err != nil {
		return nil, err
	}
	o.convAttrs = a
	o.ceil = c.int("ceil_mode", 0) != 0
	if o.max {
		if c.int("storage_order", 0) != 0 || len(c.node.outputs) > 1 {
			return nil, fmt.Errorf("indices output: %w", ErrUnsupported)
		}
	} else {
		o.includePad = c.int("count_include_pad", 0) != 0
	}
	return o, nil
}

func (o *pool) run(s *Session, in, out []*Tensor) error {
	x := in[0]
	n, ch, h, w, err := o.spatial(x.Shape)
	if err != nil || !x.IsFloat() {
		return fmt.Errorf("input of shape %v: %v", x.Shape, err)
	}
	oh, pt := o.outSize(0, h, o.ceil)
	ow, pl := o.outSize(1, w, o.ceil)
	if oh < 1 || ow < 1 {
		return fmt.Errorf("input of shape %v is smaller than the window", x.Shape)
	}
	if err := checkSize(n, ch, oh, ow); err != nil {
		return err
	}
	if err := checkSize(n*ch*oh*ow, o.kernel[0], o.kernel[1]/64); err != nil {
		return fmt.Errorf("a %d×%d window: %w", o.kernel[0], o.kernel[1], err)
	}
	var sh [4]int
	y := out[0].floats(o.outShape(sh[:], n, ch, oh, ow)...)
	for p := 0; p < n*ch; p++ {
		o.plane(y[p*oh*ow:(p+1)*oh*ow], x.Float[p*h*w:(p+1)*h*w], h, w, oh, ow, pt, pl)
	}
	return nil
}

func (o *pool) plane(dst, src []float32, h, w, oh, ow, pt, pl int) {
	kh, kw := o.kernel[0], o.kernel[1]
	for yy := 0; yy < oh; yy++ {
		for xx := 0; xx < ow; xx++ {
			m := float32(math.Inf(-1))
			var sum float32
			cnt, padded := 0, 0
			for ki := 0; ki < kh; ki++ {
				iy := yy*o.strides[0] - pt + ki*o.dilations[0]
				for kj := 0; kj < kw; kj++ {
					ix := xx*o.strides[1] - pl + kj*o.dilations[1]
					if iy < 0 || iy >= h || ix < 0 || ix >= w {
						// Explicit padding counts; the ceil_mode overhang does not.
						if iy < h+o.pads[2] && ix < w+o.pads[3] {
							padded++
						}
						continue
					}
					v := src[iy*w+ix]
					m = max(m, v)
					sum += v
					cnt++
				}
			}
			switch {
			case o.max:
				dst[yy*ow+xx] = m
			case o.includePad:
				dst[yy*ow+xx] = sum / float32(cnt+padded)
			default:
				dst[yy*ow+xx] = sum / float32(max(cnt, 1))
			}
		}
	}
}

// globalAvgPool is GlobalAveragePool.
type globalAvgPool struct{}

func buildGlobalAvgPool(c *nodeCtx) (op, error) { return globalAvgPool{}, c.need(1, 1) }

func (globalAvgPool) run(s *Session, in, out []*Tensor) error {
	x := in[0]
	if !x.IsFloat() || len(x.Shape) < 3 {
		return fmt.Errorf("input of shape %v", x.Shape)
	}
	var sh [maxRank]int
	shape := append(sh[:0], x.Shape...)
	for i := 2; i < len(shape); i++ {
		shape[i] = 1
	}
	y := out[0].floats(shape...)
	inner := numel(x.Shape[2:])
	for i := range y {
		var sum float64
		for _, v := range x.Float[i*inner : (i+1)*inner] {
			sum += float64(v)
		}
		y[i] = float32(sum / float64(max(inner, 1)))
	}
	return nil
}
