package onnx

import (
	"fmt"

	"github.com/latent-explorer/latent/model/sgemm"
)

// 3-D Conv and ConvTranspose (video and volume decoders). They run on
// the N-D geometry of nd.go: Conv as im2col and a GEMM per image and
// group, ConvTranspose by scattering each input element through the
// kernel, straightforwardly rather than fast.

// runConv3D computes a Conv whose weights w have shape ws [Cout,
// Cin/group, kd, kh, kw].
func runConv3D(s *Session, sp *convSpec, x *Tensor, w []float32, ws []int, bias []float32, y *Tensor) error {
	a, err := sp.resolveND(len(ws)-2, ws[2:])
	if err != nil {
		return err
	}
	n, cin, isz, err := a.spatial(x.Shape)
	if err != nil {
		return err
	}
	cout, cinG := ws[0], ws[1]
	if cin != cinG*a.group || cout%a.group != 0 || bias != nil && len(bias) != cout {
		return fmt.Errorf("input of shape %v, weights of shape %v, group %d and a bias of %d values do not fit", x.Shape, ws, a.group, len(bias))
	}
	osz, begin, err := a.outSizes(isz, false)
	if err != nil {
		return err
	}
	if err := checkSize(n, cout, osz[0], osz[1], osz[2]); err != nil {
		return err
	}
	var sh [maxRank]int
	dst := y.floats(a.outShape(sh[:], n, cout, osz)...)
	k := cinG * a.kernel[0] * a.kernel[1] * a.kernel[2]
	p := osz[0] * osz[1] * osz[2]
	if err := checkSize(k, p); err != nil {
		return err
	}
	if err := checkWork(cout*k, p); err != nil {
		return err
	}
	coutG, inVol := cout/a.group, isz[0]*isz[1]*isz[2]
	for i := 0; i < n; i++ {
		for g := 0; g < a.group; g++ {
			col := s.slot(0, k*p)
			im2col3(col, x.Float[(i*cin+g*cinG)*inVol:], cinG, isz, osz, begin, &a)
			pb := sgemm.PackB(s.slot(slotB, sgemm.PackedBSize(k, p)), col, p, 1, k, p)
			pa := sgemm.PackA(s.slot(slotA, sgemm.PackedASize(coutG, k)), w[g*coutG*k:], k, 1, coutG, k)
			out := dst[(i*cout+g*coutG)*p:][:coutG*p]
			sgemm.MulSet(pa, pb, out, p)
			if bias != nil {
				for c := 0; c < coutG; c++ {
					row := out[c*p : (c+1)*p]
					for j := range row {
						row[j] += bias[g*coutG+c]
					}
				}
			}
		}
	}
	return nil
}

// im2col3 writes the column matrix of cg channels of one image x: rows
// (channel, kd, kh, kw), columns output positions.
func im2col3(col, x []float32, cg int, in, out, begin [3]int, a *ndAttrs) {
	p := out[0] * out[1] * out[2]
	inVol := in[0] * in[1] * in[2]
	row := 0
	for c := 0; c < cg; c++ {
		src := x[c*inVol : (c+1)*inVol]
		for kz := 0; kz < a.kernel[0]; kz++ {
			for ky := 0; ky < a.kernel[1]; ky++ {
				for kx := 0; kx < a.kernel[2]; kx++ {
					dst := col[row*p : (row+1)*p]
					j := 0
					for oz := 0; oz < out[0]; oz++ {
						iz := oz*a.strides[0] - begin[0] + kz*a.dilations[0]
						for oy := 0; oy < out[1]; oy++ {
							iy := oy*a.strides[1] - begin[1] + ky*a.dilations[1]
							for ox := 0; ox < out[2]; ox++ {
								ix := ox*a.strides[2] - begin[2] + kx*a.dilations[2]
								if iz < 0 || iz >= in[0] || iy < 0 || iy >= in[1] || ix < 0 || ix >= in[2] {
									dst[j] = 0
								} else {
									dst[j] = src[(iz*in[1]+iy)*in[2]+ix]
								}
								j++
							}
						}
					}
					row++
				}
			}
		}
	}
}

// runConvTranspose3D computes a ConvTranspose whose weights w have shape
// ws [Cin, Cout/group, kd, kh, kw].
func (o *convTranspose) runConvTranspose3D(x *Tensor, w []float32, ws []int, bias []float32, y *Tensor) error {
	a, err := o.spec.resolveND(len(ws)-2, ws[2:])
	if err != nil {
		return err
	}
	n, cin, isz, err := a.spatial(x.Shape)
	if err != nil {
		return err
	}
	coutG := ws[1]
	cout := coutG * a.group
	if cin != ws[0] || cin%a.group != 0 || bias != nil && len(bias) != cout {
		return fmt.Errorf("input of shape %v, weights of shape %v, group %d and a bias of %d values do not fit", x.Shape, ws, a.group, len(bias))
	}
	var osz, begin [3]int
	for i := range 3 {
		if osz[i], begin[i], err = o.transposedSize(&a, i, isz[i]); err != nil {
			return err
		}
	}
	if err := checkSize(n, cout, osz[0], osz[1], osz[2]); err != nil {
		return err
	}
	var sh [maxRank]int
	dst := y.floats(a.outShape(sh[:], n, cout, osz)...)
	outVol, inVol := osz[0]*osz[1]*osz[2], isz[0]*isz[1]*isz[2]
	kVol := a.kernel[0] * a.kernel[1] * a.kernel[2]
	if err := checkWork(cin*coutG*kVol, inVol); err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		for c := 0; c < cout; c++ {
			plane := dst[(i*cout+c)*outVol : (i*cout+c+1)*outVol]
			var b float32
			if bias != nil {
				b = bias[c]
			}
			for j := range plane {
				plane[j] = b
			}
		}
		for ci := 0; ci < cin; ci++ {
			g := ci / (cin / a.group)
			src := x.Float[(i*cin+ci)*inVol : (i*cin+ci+1)*inVol]
			for co := 0; co < coutG; co++ {
				plane := dst[(i*cout+g*coutG+co)*outVol:][:outVol]
				scatter3(plane, src, w[(ci*coutG+co)*kVol:][:kVol], isz, osz, begin, &a)
			}
		}
	}
	return nil
}

// scatter3 adds one input channel, spread through one kernel, into one
// output plane.
func scatter3(dst, src, kernel []float32, in, out, begin [3]int, a *ndAttrs) {
	for iz := 0; iz < in[0]; iz++ {
		for iy := 0; iy < in[1]; iy++ {
			for ix := 0; ix < in[2]; ix++ {
				v := src[(iz*in[1]+iy)*in[2]+ix]
				if v == 0 {
					continue
				}
				k := 0
				for kz := 0; kz < a.kernel[0]; kz++ {
					oz := iz*a.strides[0] - begin[0] + kz*a.dilations[0]
					for ky := 0; ky < a.kernel[1]; ky++ {
						oy := iy*a.strides[1] - begin[1] + ky*a.dilations[1]
						for kx := 0; kx < a.kernel[2]; kx++ {
							ox := ix*a.strides[2] - begin[2] + kx*a.dilations[2]
							if oz >= 0 && oz < out[0] && oy >= 0 && oy < out[1] && ox >= 0 && ox < out[2] {
								dst[(oz*out[1]+oy)*out[2]+ox] += v * kernel[k]
							}
							k++
						}
					}
				}
			}
		}
	}
}

// transposedSize returns a ConvTranspose's output size along dimension i
// of the N-D geometry and its begin padding, as ctRun.outSize does for 2-D.
func (o *convTranspose) transposedSize(a *ndAttrs, i, in int) (int, int, error) {
	k := (a.kernel[i]-1)*a.dilations[i] + 1
	s := a.strides[i]
	off := 3 - a.dims
	if i < off {
		return 1, 0, nil
	}
	outPad := 0
	if o.outPadSet != nil {
		if len(o.outPadSet) != a.dims {
			return 0, 0, fmt.Errorf("output_padding %v does not match %d spatial dimensions", o.outPadSet, a.dims)
		}
		outPad = o.outPadSet[i-off]
	}
	full := s*(in-1) + outPad + k
	var out, pb int
	switch {
	case o.outShapeSet != nil:
		if len(o.outShapeSet) < a.dims {
			return 0, 0, fmt.Errorf("output_shape %v does not match %d spatial dimensions", o.outShapeSet, a.dims)
		}
		out = o.outShapeSet[len(o.outShapeSet)-a.dims+i-off]
		total := max(0, full-out)
		pb = total - total/2
		if a.autoPad == "SAME_UPPER" {
			pb = total / 2
		}
	case a.autoPad == "SAME_UPPER" || a.autoPad == "SAME_LOWER":
		out = in * s
		total := full - out
		pb = total - total/2
		if a.autoPad == "SAME_UPPER" {
			pb = total / 2
		}
	case a.autoPad == "VALID":
		out = full
	default:
		out, pb = full-a.pads[i]-a.pads[3+i], a.pads[i]
	}
	if out < 1 {
		return 0, 0, fmt.Errorf("output size %d is empty", out)
	}
	return out, pb, nil
}
