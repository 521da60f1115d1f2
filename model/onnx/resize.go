package onnx

import (
	"fmt"
	"math"
)

// resize is Resize (opsets 10 to 19) and Upsample (opset 9) over the last
// one or two dimensions, in nearest and linear modes, with the coordinate
// transformations of the ONNX specification.
type resize struct {
	linear    bool
	coordMode string
	nearest   string
	upsample  bool // Upsample or opset-10 Resize: scales is input 1
}

func buildResize(c *nodeCtx) (op, error) {
	o := &resize{coordMode: "half_pixel", nearest: "round_prefer_floor"}
	mode := c.string("mode", "nearest")
	switch mode {
	case "nearest":
	case "linear", "bilinear":
		o.linear = true
	default:
		return nil, fmt.Errorf("mode %q: %w", mode, ErrUnsupported)
	}
	if c.node.opType == "Upsample" || c.opset < 11 {
		o.upsample, o.coordMode, o.nearest = true, "asymmetric", "floor"
		return o, c.need(2, 2)
	}
	o.coordMode = c.string("coordinate_transformation_mode", "half_pixel")
	o.nearest = c.string("nearest_mode", "round_prefer_floor")
	c.float("cubic_coeff_a", -0.75)
	c.float("extrapolation_value", 0)
	if c.int("exclude_outside", 0) != 0 || c.int("antialias", 0) != 0 || c.has("axes") ||
		c.string("keep_aspect_ratio_policy", "stretch") != "stretch" {
		return nil, fmt.Errorf("exclude_outside, antialias, axes or keep_aspect_ratio_policy: %w", ErrUnsupported)
	}
	switch o.coordMode {
	case "half_pixel", "pytorch_half_pixel", "align_corners", "asymmetric", "tf_half_pixel_for_nn":
	default:
		return nil, fmt.Errorf("coordinate_transformation_mode %q: %w", o.coordMode, ErrUnsupported)
	}
	switch o.nearest {
	case "round_prefer_floor", "round_prefer_ceil", "floor", "ceil":
	default:
		return nil, fmt.Errorf("nearest_mode %q: %w", o.nearest, ErrUnsupported)
	}
	return o, c.need(1, 4)
}

func (o *resize) run(s *Session, in, out []*Tensor) error {
	x := in[0]
	r := len(x.Shape)
	if !x.IsFloat() || r < 1 || r > maxRank {
		return fmt.Errorf("input of shape %v", x.Shape)
	}
	var shape [maxRank]int
	var scale [maxRank]float64
	if err := o.outShape(in, x.Shape, shape[:r], scale[:r]); err != nil {
		return err
	}
	for i := 0; i < r-2; i++ {
		if shape[i] != x.Shape[i] {
			return fmt.Errorf("resizing dimension %d (batch or channels): %w", i, ErrUnsupported)
		}
	}
	y := out[0].floats(shape[:r]...)
	h, w, oh, ow := 1, x.Shape[r-1], 1, shape[r-1]
	sy, sx := 1.0, scale[r-1]
	if r >= 2 {
		h, oh, sy = x.Shape[r-2], shape[r-2], scale[r-2]
	}
	planes := numel(x.Shape[:max(0, r-2)])
	for p := 0; p < planes; p++ {
		o.plane(y[p*oh*ow:(p+1)*oh*ow], x.Float[p*h*w:(p+1)*h*w], h, w, oh, ow, sy, sx)
	}
	return nil
}

// outShape reads scales or sizes from the inputs.
func (o *resize) outShape(in []*Tensor, xs, shape []int, scale []float64) error {
	var scales, sizes *Tensor
	if o.upsample {
		scales = in[1]
	} else {
		if len(in) > 2 && in[2] != nil && in[2].Len() > 0 {
			scales = in[2]
		}
		if len(in) > 3 && in[3] != nil && in[3].Len() > 0 {
			sizes = in[3]
		}
	}
	r := len(xs)
	switch {
	case sizes != nil:
		v, err := intInput(sizes, "sizes")
		if err != nil || len(v) != r {
			return fmt.Errorf("sizes %v for rank %d", v, r)
		}
		for i := range shape {
			if v[i] < 1 || v[i] > int64(maxElems) {
				return fmt.Errorf("bad sizes %v", v)
			}
			shape[i] = int(v[i])
			scale[i] = float64(shape[i]) / float64(max(1, xs[i]))
		}
	case scales != nil:
		if !scales.IsFloat() || len(scales.Float) != r {
			return fmt.Errorf("scales must be %d floats", r)
		}
		for i := range shape {
			sc := float64(scales.Float[i])
			if !(sc > 0) || float64(xs[i])*sc > float64(maxElems) {
				return fmt.Errorf("bad scales %v", scales.Float)
			}
			shape[i] = int(math.Floor(float64(xs[i]) * sc))
			scale[i] = sc
		}
	default:
		return fmt.Errorf("neither scales nor sizes given")
	}
	if err := checkSize(shape...); err != nil {
		return err
	}
	return nil
}

// source maps an output coordinate to the input's.
func (o *resize) source(x int, scale float64, in, out int) float64 {
	xf := float64(x)
	switch o.coordMode {
	case "half_pixel":
		return (xf+0.5)/scale - 0.5
	case "pytorch_half_pixel":
		if out > 1 {
			return (xf+0.5)/scale - 0.5
		}
		return 0
	case "align_corners":
		if out == 1 {
			return 0
		}
		return xf * float64(in-1) / float64(out-1)
	case "tf_half_pixel_for_nn":
		return (xf + 0.5) / scale
	}
	return xf / scale
}

// nearestIndex rounds a source coordinate by nearest_mode.
func (o *resize) nearestIndex(v float64, in int) int {
	var i float64
	switch o.nearest {
	case "floor":
		i = math.Floor(v)
	case "ceil":
		i = math.Ceil(v)
	case "round_prefer_ceil":
		i = math.Floor(v + 0.5)
	default:
		i = math.Ceil(v - 0.5)
	}
	return min(max(int(i), 0), in-1)
}

// linearIndex returns the two neighbours and the weight of the second.
func (o *resize) linearIndex(v float64, in int) (int, int, float32) {
	v = min(max(v, 0), float64(in-1))
	i0 := int(math.Floor(v))
	i1 := min(i0+1, in-1)
	return i0, i1, float32(v - float64(i0))
}

func (o *resize) plane(dst, src []float32, h, w, oh, ow int, sy, sx float64) {
	for yy := 0; yy < oh; yy++ {
		fy := o.source(yy, sy, h, oh)
		row := dst[yy*ow : (yy+1)*ow]
		if !o.linear {
			srow := src[o.nearestIndex(fy, h)*w:]
			for xx := range row {
				row[xx] = srow[o.nearestIndex(o.source(xx, sx, w, ow), w)]
			}
			continue
		}
		y0, y1, wy := o.linearIndex(fy, h)
		r0, r1 := src[y0*w:], src[y1*w:]
		for xx := range row {
			x0, x1, wx := o.linearIndex(o.source(xx, sx, w, ow), w)
			top := r0[x0] + (r0[x1]-r0[x0])*wx
			bot := r1[x0] + (r1[x1]-r1[x0])*wx
			row[xx] = top + (bot-top)*wy
		}
	}
}
