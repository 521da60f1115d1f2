package onnx

import "fmt"

// ndAttrs are the shared attributes of Conv, ConvTranspose and the pools
// over 1 to 3 spatial dimensions, in a form where fewer dimensions run as
// three with leading extents of 1: the pools use it for every rank, the
// convolutions for 3-D (2-D and 1-D have their own packed paths).
type ndAttrs struct {
	dims                       int
	kernel, strides, dilations [3]int
	pads                       [6]int // begins, then ends, of the 3 dimensions
	autoPad                    string
	group                      int
}

// resolveND checks the attributes against dims spatial dimensions and a
// kernel of the given shape (nil: kernel_shape gives it).
func (sp *convSpec) resolveND(dims int, kernel []int) (ndAttrs, error) {
	a := ndAttrs{dims: dims, autoPad: sp.autoPad, group: sp.group}
	if dims < 1 || dims > 3 {
		return a, fmt.Errorf("%d spatial dimensions: %w (1 to 3)", dims, ErrUnsupported)
	}
	if sp.kernel != nil {
		if kernel != nil && !equalShapes(sp.kernel, kernel) {
			return a, fmt.Errorf("kernel_shape %v differs from the weights' %v", sp.kernel, kernel)
		}
		kernel = sp.kernel
	}
	if len(kernel) != dims || sp.strides != nil && len(sp.strides) != dims ||
		sp.dilations != nil && len(sp.dilations) != dims || sp.pad != nil && len(sp.pad) != 2*dims {
		return a, fmt.Errorf("kernel_shape %v, strides %v, dilations %v or pads %v do not match %d spatial dimensions",
			kernel, sp.strides, sp.dilations, sp.pad, dims)
	}
	a.kernel, a.strides, a.dilations = [3]int{1, 1, 1}, [3]int{1, 1, 1}, [3]int{1, 1, 1}
	off := 3 - dims
	for i := 0; i < dims; i++ {
		a.kernel[off+i] = kernel[i]
		if sp.strides != nil {
			a.strides[off+i] = sp.strides[i]
		}
		if sp.dilations != nil {
			a.dilations[off+i] = sp.dilations[i]
		}
		if sp.pad != nil {
			a.pads[off+i], a.pads[3+off+i] = sp.pad[i], sp.pad[dims+i]
		}
	}
	for i := 0; i < 3; i++ {
		if a.kernel[i] < 1 || a.strides[i] < 1 || a.dilations[i] < 1 || a.pads[i] < 0 || a.pads[3+i] < 0 {
			return a, fmt.Errorf("bad kernel, strides, dilations or pads")
		}
	}
	return a, nil
}

// spatial returns the batch, the channels and the three spatial extents
// (leading ones 1) of an input of dims+2 dimensions.
func (a *ndAttrs) spatial(shape []int) (n, c int, sp [3]int, err error) {
	if len(shape) != a.dims+2 {
		return 0, 0, sp, fmt.Errorf("input of shape %v, want %d dimensions", shape, a.dims+2)
	}
	sp = [3]int{1, 1, 1}
	copy(sp[3-a.dims:], shape[2:])
	return shape[0], shape[1], sp, nil
}

// outShape returns [n c out...] in the input's rank.
func (a *ndAttrs) outShape(dst []int, n, c int, out [3]int) []int {
	return append(append(dst[:0], n, c), out[3-a.dims:]...)
}

// outSize computes a Conv's or pool's output size along dimension i and
// its begin padding, applying auto_pad; with ceil, the last window may
// overhang the end padding but must start inside the input or its begin
// padding.
func (a *ndAttrs) outSize(i, in int, ceil bool) (out, padBegin int) {
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
	span := in + a.pads[i] + a.pads[3+i] - k
	if ceil {
		out = (span+s-1)/s + 1
		if (out-1)*s >= in+a.pads[i] {
			out--
		}
	} else {
		out = span/s + 1
	}
	return out, a.pads[i]
}

// outSizes applies outSize to the three dimensions.
func (a *ndAttrs) outSizes(in [3]int, ceil bool) (out, begin [3]int, err error) {
	for i := range 3 {
		out[i], begin[i] = a.outSize(i, in[i], ceil)
		if out[i] < 1 {
			return out, begin, fmt.Errorf("spatial size %v is smaller than the window", in[3-a.dims:])
		}
	}
	return out, begin, nil
}
