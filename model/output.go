package model

import (
	"fmt"
	"image"
	"image/color"
	"math"
)

// ImageSize returns the channels, height and width of one decoded image
// of shape [C, H, W] or [H, W].
func ImageSize(shape []int) (c, h, w int, err error) {
	switch len(shape) {
	case 2:
		return 1, shape[0], shape[1], nil
	case 3:
		if shape[0] != 1 && shape[0] != 3 && shape[0] != 4 {
			return 0, 0, 0, fmt.Errorf("%w: image with %d channels (want 1, 3 or 4)", ErrShape, shape[0])
		}
		return shape[0], shape[1], shape[2], nil
	}
	return 0, 0, 0, fmt.Errorf("%w: shape %v is not an image ([C, H, W] or [H, W])", ErrShape, shape)
}

// ToImage turns one decoded item x, channel-major ([C, H, W]), into an
// image according to the output spec: values are mapped from o.Range to
// 0–255 and clamped; "bgr" channels are swapped. dst is reused when it
// has the right size.
func (o *OutputSpec) ToImage(x []float32, shape []int, dst *image.NRGBA) (*image.NRGBA, error) {
	c, h, w, err := ImageSize(shape)
	if err != nil {
		return nil, err
	}
	if len(x) != c*h*w {
		return nil, fmt.Errorf("%w: %d values for an image of shape %v", ErrShape, len(x), shape)
	}
	if dst == nil || dst.Rect.Dx() != w || dst.Rect.Dy() != h {
		dst = image.NewNRGBA(image.Rect(0, 0, w, h))
	}
	lo, hi := o.Range[0], o.Range[1]
	if hi <= lo {
		lo, hi = 0, 1
	}
	scale := 255 / (hi - lo)
	px := func(v float32) uint8 {
		f := (float64(v) - lo) * scale
		if math.IsNaN(f) {
			return 0
		}
		return uint8(math.Round(math.Max(0, math.Min(255, f))))
	}
	plane := h * w
	for i := range plane {
		var r, g, b, a uint8 = 0, 0, 0, 255
		switch c {
		case 1:
			r = px(x[i])
			g, b = r, r
		default:
			r, g, b = px(x[i]), px(x[plane+i]), px(x[2*plane+i])
			if o.Channels == "bgr" {
				r, b = b, r
			}
			if c == 4 {
				a = px(x[3*plane+i])
			}
		}
		dst.Pix[4*i], dst.Pix[4*i+1], dst.Pix[4*i+2], dst.Pix[4*i+3] = r, g, b, a
	}
	return dst, nil
}

// DataImage turns a data item (e.g. an MNIST image stored as uint8 0–255,
// or floats in [0, 1]) into an image, choosing the range from its values.
func DataImage(item []float64, shape []int, channels string) (*image.NRGBA, error) {
	hi := 1.0
	for _, v := range item {
		if v > 1.5 {
			hi = 255
			break
		}
	}
	f := make([]float32, len(item))
	lo := 0.0
	for i, v := range item {
		f[i] = float32(v)
		if v < -0.01 {
			lo = -1
		}
	}
	if channels == "" {
		channels = "gray"
	}
	o := OutputSpec{Kind: "image", Range: [2]float64{lo, hi}, Channels: channels}
	return o.ToImage(f, shape, nil)
}

// gray is a convenience for tests: the colour of an 8-bit grey level.
func gray(v uint8) color.NRGBA { return color.NRGBA{v, v, v, 255} }
