package onnx

import (
	"fmt"

	"github.com/latent-explorer/latent/model/sgemm"
)

// convAttrs are the attributes Conv, ConvTranspose and the pools share,
// for 1-D and 2-D operators (1-D runs as 2-D with height 1).
type convAttrs struct {
	autoPad   string
	kernel    [2]int
	strides   [2]int
	dilations [2]int
	pads      [4]int // top, left, bottom, right
	group     int
	dims      int // spatial dimensions, 1 or 2
}

// readConvAttrs reads the shared attributes; kernel is the kernel's
// spatial shape when a weight gives it.
func readConvAttrs(c *nodeCtx, dims int, kernel []int) (convAttrs, error) {
	a := convAttrs{autoPad: c.string("auto_pad", "NOTSET"), group: int(c.int("group", 1)), dims: dims}
	if dims < 1 || dims > 2 {
		return a, fmt.Errorf("%d spatial dimensions: %w (1 or 2)", dims, ErrUnsupported)
	}
	if ks := c.ints("kernel_shape"); ks != nil {
		if kernel != nil && fmt.Sprint(toInts(ks)) != fmt.Sprint(kernel) {
			return a, fmt.Errorf("kernel_shape %v differs from the weights' %v", ks, kernel)
		}
		kernel = toInts(ks)
	}
	if len(kernel) != dims {
		return a, fmt.Errorf("kernel_shape %v does not match %d spatial dimensions", kernel, dims)
	}
	get := func(name string, def int) ([]int, error) {
		v := c.ints(name)
		if v == nil {
			r := make([]int, dims)
			for i := range r {
				r[i] = def
			}
			return r, nil
		}
		if len(v) != dims && !(name == "pads" && len(v) == 2*dims) {
			return nil, fmt.Errorf("%s %v does not match %d spatial dimensions", name, v, dims)
		}
		return toInts(v), nil
	}
	st, err := get("strides", 1)
	if err != nil {
		return a, err
	}
	dl, err := get("dilations", 1)
	if err != nil {
		return a, err
	}
	pads := c.ints("pads")
	if pads != nil && len(pads) != 2*dims {
		return a, fmt.Errorf("pads %v does not match %d spatial dimensions", pads, dims)
	}
	a.kernel, a.strides, a.dilations = [2]int{1, 1}, [2]int{1, 1}, [2]int{1, 1}
	off := 2 - dims
	for i := 0; i < dims; i++ {
		a.kernel[off+i], a.strides[off+i], a.dilations[off+i] = kernel[i], st[i], dl[i]
		if pads != nil {
			a.pads[off+i], a.pads[2+off+i] = int(pads[i]), int(pads[dims+i])
		}
	}
	for i := 0; i < 2; i++ {
		if a.kernel[i] < 1 || a.strides[i] < 1 || a.dilations[i] < 1 || a.pads[i] < 0 || a.pads[2+i] < 0 {
			return a, fmt.Errorf("bad kernel, strides, dilations or pads")
		}
	}
	switch a.autoPad {
	case "NOTSET", "SAME_UPPER", "SAME_LOWER", "VALID":
	default:
		return a, fmt.Errorf("auto_pad %q: %w", a.autoPad, ErrUnsupported)
	}
	if a.group < 1 {
		return a, fmt.Errorf("group %d", a.group)
	}
	return a, nil
}

// spatial returns a 4-D view [n c h w] of a 3-D or 4-D input.
func (a *convAttrs) spatial(shape []int) (n, c, h, w int, err error) {
	if len(shape) != a.dims+2 {
		return 0, 0, 0, 0, fmt.Errorf("input of shape %v, want %d dimensions", shape, a.dims+2)
	}
	if a.dims == 1 {
		return shape[0], shape[1], 1, shape[2], nil
	}
	return shape[0], shape[1], shape[2], shape[3], nil
}

// outSize computes a Conv's or pool's output size along dimension i and
// its begin padding, applying auto_pad.
func (a *convAttrs) outSize(i, in int, ceil bool) (out, padBegin int) {
	k := (a.kernel[i]-1)*a.dilations[i] + 1
	s := a.strides[i]
	switch a.autoPad {
	case "SAME_UPPER", "SAME_LOWER":
		out = (in + s - 1) / s
		total := max(0, (out-1)*s+k-in)
		if a.autoPad == "SAME_UPPER" {
			return out, total / 2
		}
		return out, total - total/2
	case "VALID":
		return (in-k)/s + 1, 0
	}
	span := in + a.pads[i] + a.pads[2+i] - k
	if ceil {
		out = (span+s-1)/s + 1
		// The last window must start inside the input or its left padding.
		if (out-1)*s >= in+a.pads[i] {
			out--
		}
	} else {
		out = span/s + 1
	}
	return out, a.pads[i]
}

// outShape returns the 4-D output shape in the input's rank.
func (a *convAttrs) outShape(dst []int, n, c, h, w int) []int {
	if a.dims == 1 {
		return append(dst[:0], n, c, w)
	}
	return append(dst[:0], n, c, h, w)
}

// conv is Conv, computed as im2col followed by a GEMM with the weights
// packed at load (Chellapilla et al., "High performance convolutional
// neural networks for document processing", 2006).
type conv struct {
	convAttrs
	cout, cinG int
	weights    []sgemm.PackedA // per group: Cout/group × Cin/group·kh·kw
	bias       []float32
}

// colLimit bounds the floats of one im2col or col2im matrix; batches are
// processed in chunks that fit.
const colLimit = 4 << 20

func buildConv(c *nodeCtx) (op, error) {
	if err := c.need(2, 3); err != nil {
		return nil, err
	}
	w := c.input(1)
	if w == nil || !w.IsFloat() || len(w.Shape) < 3 {
		return nil, fmt.Errorf("the weights must be a constant float tensor of rank 3 or 4: %w", ErrUnsupported)
	}
	a, err := readConvAttrs(c, len(w.Shape)-2, w.Shape[2:])
	if err != nil {
		return nil, err
	}
	o := &conv{convAttrs: a, cout: w.Shape[0], cinG: w.Shape[1]}
	if o.cout%a.group != 0 {
		return nil, fmt.Errorf("%d output channels do not split into %d groups", o.cout, a.group)
	}
	if o.bias, err = constBias(c.input(2), c.nInputs() > 2 && c.in[2] >= 0, o.cout); err != nil {
		return nil, err
	}
	coutG, k := o.cout/a.group, o.cinG*a.kernel[0]*a.kernel[1]
	for g := 0; g < a.group; g++ {
		src := w.Float[g*coutG*k : (g+1)*coutG*k]
		o.weights = append(o.weights, sgemm.PackA(make([]float32, sgemm.PackedASize(coutG, k)), src, k, 1, coutG, k))
	}
	return o, nil
}

// constBias returns a constant bias of n values, nil when not given; a
// computed bias is not supported.
func constBias(b *Tensor, given bool, n int) ([]float32, error) {
	if !given {
		return nil, nil
	}
	if b == nil || !b.IsFloat() || len(b.Float) != n {
		return nil, fmt.Errorf("the bias must be a constant float vector of %d values: %w", n, ErrUnsupported)
	}
	return b.Float, nil
}

func (o *conv) run(s *Session, in, out []*Tensor) error {
	x := in[0]
	n, cin, h, w, err := o.spatial(x.Shape)
	if err != nil {
		return err
	}
	if !x.IsFloat() || cin != o.cinG*o.group {
		return fmt.Errorf("input of shape %v, the weights want %d channels", x.Shape, o.cinG*o.group)
	}
	oh, pt := o.outSize(0, h, false)
	ow, pl := o.outSize(1, w, false)
	if oh < 1 || ow < 1 {
		return fmt.Errorf("input of shape %v is smaller than the kernel", x.Shape)
	}
	if err := checkSize(n, o.cout, oh, ow); err != nil {
		return err
	}
	var sh [4]int
	y := out[0].floats(o.outShape(sh[:], n, o.cout, oh, ow)...)
	g := geom{n: n, c: cin, h: h, w: w, oh: oh, ow: ow, pt: pt, pl: pl, a: &o.convAttrs}
	k := o.cinG * o.kernel[0] * o.kernel[1]
	coutG, ohw := o.cout/o.group, oh*ow
	chunk := max(1, colLimit/max(1, k*ohw))
	for n0 := 0; n0 < n; n0 += chunk {
		nb := min(chunk, n-n0)
		cols := nb * ohw
		for gi := 0; gi < o.group; gi++ {
			pb := g.im2colPacked(s.slot(slotB, sgemm.PackedBSize(k, cols)), x.Float, n0, nb, gi*o.cinG, o.cinG)
			c := s.slot(slotCol, coutG*cols)
			sgemm.MulSet(o.weights[gi], pb, c, cols)
			o.scatter(y, c, n0, nb, gi*coutG, coutG, ohw)
		}
	}
	return nil
}

// scatter adds bias and moves the GEMM result (channels × images·pixels)
// into the NCHW output.
func (o *conv) scatter(y, c []float32, n0, nb, c0, cg, ohw int) {
	for i := 0; i < nb; i++ {
		for ch := 0; ch < cg; ch++ {
			dst := y[((n0+i)*o.cout+c0+ch)*ohw:][:ohw]
			src := c[ch*nb*ohw+i*ohw:][:ohw]
			var b float32
			if o.bias != nil {
				b = o.bias[c0+ch]
			}
			for p, v := range src {
				dst[p] = v + b
			}
		}
	}
}

// geom is the geometry of one convolution run.
type geom struct {
	n, c, h, w, oh, ow, pt, pl int
	a                          *convAttrs
}

// im2colPacked writes the im2col matrix of images n0..n0+nb and channels
// c0..c0+cg directly in packed-B form: rows (channel, ki, kj), columns
// (image, output pixel).
func (g *geom) im2colPacked(dst, x []float32, n0, nb, c0, cg int) sgemm.PackedB {
	kh, kw := g.a.kernel[0], g.a.kernel[1]
	k := cg * kh * kw
	ohw := g.oh * g.ow
	cols := nb * ohw
	dst = dst[:sgemm.PackedBSize(k, cols)]
	var base [sgemm.NR]int // per column: offset of its image, or -1
	var iy, ix [sgemm.NR]int
	for j0 := 0; j0 < cols; j0 += sgemm.NR {
		panel := dst[j0*k : (j0+sgemm.NR)*k]
		for q := 0; q < sgemm.NR; q++ {
			col := j0 + q
			base[q] = -1
			if col < cols {
				img, p := col/ohw, col%ohw
				base[q] = ((n0+img)*g.c + c0) * g.h * g.w
				iy[q] = (p/g.ow)*g.a.strides[0] - g.pt
				ix[q] = (p%g.ow)*g.a.strides[1] - g.pl
			}
		}
		row := 0
		for ch := 0; ch < cg; ch++ {
			for ki := 0; ki < kh; ki++ {
				dy := ki * g.a.dilations[0]
				for kj := 0; kj < kw; kj++ {
					dx := kj * g.a.dilations[1]
					out := panel[row*sgemm.NR : row*sgemm.NR+sgemm.NR]
					for q := 0; q < sgemm.NR; q++ {
						yy, xx := iy[q]+dy, ix[q]+dx
						if base[q] < 0 || yy < 0 || yy >= g.h || xx < 0 || xx >= g.w {
							out[q] = 0
							continue
						}
						out[q] = x[base[q]+(ch*g.h+yy)*g.w+xx]
					}
					row++
				}
			}
		}
	}
	return sgemm.PackedB{K: k, N: cols, Data: dst}
}
