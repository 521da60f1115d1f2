package onnx

import (
	"fmt"
	"math"
)

// pool is MaxPool and AveragePool over one to three spatial dimensions.
// MaxPool's optional second output holds the flat index into X of each
// maximum (the first one met, in row-major order), with storage_order 1
// numbering each plane column-major.
type pool struct {
	ndAttrs
	max        bool
	ceil       bool
	includePad bool
	colMajor   bool // storage_order 1
}

func buildPool(c *nodeCtx) (op, error) {
	if err := c.need(1, 1); err != nil {
		return nil, err
	}
	sp, err := readConvSpec(c)
	if err != nil {
		return nil, err
	}
	if sp.kernel == nil {
		return nil, fmt.Errorf("no kernel_shape")
	}
	o := &pool{max: c.node.opType == "MaxPool"}
	if o.ndAttrs, err = sp.resolveND(len(sp.kernel), nil); err != nil {
		return nil, err
	}
	o.ceil = c.int("ceil_mode", 0) != 0
	if o.max {
		o.colMajor = c.int("storage_order", 0) != 0
		if len(c.node.outputs) > 2 {
			return nil, fmt.Errorf("%d outputs, at most 2", len(c.node.outputs))
		}
	} else {
		o.includePad = c.int("count_include_pad", 0) != 0
		if len(c.node.outputs) > 1 {
			return nil, fmt.Errorf("%d outputs, at most 1", len(c.node.outputs))
		}
	}
	return o, nil
}

func (o *pool) run(s *Session, in, out []*Tensor) error {
	x := in[0]
	if !x.IsFloat() {
		return o.runBytes(s, x, out)
	}
	n, ch, isz, err := o.spatial(x.Shape)
	if err != nil {
		return err
	}
	osz, begin, err := o.outSizes(isz, o.ceil)
	if err != nil {
		return err
	}
	if err := checkSize(n, ch, osz[0], osz[1], osz[2]); err != nil {
		return err
	}
	kn := o.kernel[0] * o.kernel[1] * o.kernel[2]
	if err := checkSize(n*ch*osz[0]*osz[1]*osz[2], max(1, kn/64)); err != nil {
		return fmt.Errorf("a window of %v: %w", o.kernel[3-o.dims:], err)
	}
	var sh [maxRank]int
	shape := o.outShape(sh[:], n, ch, osz)
	y := out[0].floats(shape...)
	var idx []int64
	if len(out) > 1 && out[1] != nil {
		idx = out[1].ints(typeInt64, shape...)
	}
	inPlane, outPlane := isz[0]*isz[1]*isz[2], osz[0]*osz[1]*osz[2]
	for p := 0; p < n*ch; p++ {
		g := poolPlane{o: o, src: x.Float[p*inPlane : (p+1)*inPlane], in: isz, out: osz, begin: begin, base: int64(p * inPlane)}
		var pi []int64
		if idx != nil {
			pi = idx[p*outPlane : (p+1)*outPlane]
		}
		g.run(y[p*outPlane:(p+1)*outPlane], pi)
	}
	return nil
}

// runBytes is MaxPool of int8 or uint8 values (opset 12 on), which
// float32 holds exactly.
func (o *pool) runBytes(s *Session, x *Tensor, out []*Tensor) error {
	if !o.max || x.Type != typeInt8 && x.Type != typeUint8 {
		return fmt.Errorf("input of type %s: %w", TypeName(x.Type), ErrUnsupported)
	}
	xf := &Tensor{Shape: x.Shape, Float: s.buffer(len(x.Int)), Type: typeFloat}
	for i, v := range x.Int {
		xf.Float[i] = float32(v)
	}
	if err := o.run(s, []*Tensor{xf}, out); err != nil {
		return err
	}
	y := out[0]
	yi := make([]int64, len(y.Float))
	for i, v := range y.Float {
		yi[i] = int64(v)
	}
	y.ints(x.Type, y.Shape...)
	copy(y.Int, yi)
	return nil
}

// poolPlane pools one plane (one image's channel).
type poolPlane struct {
	o       *pool
	src     []float32
	in, out [3]int
	begin   [3]int
	base    int64 // flat index of the plane's first element in X
}

func (g *poolPlane) run(dst []float32, idx []int64) {
	k := 0
	for z := 0; z < g.out[0]; z++ {
		for y := 0; y < g.out[1]; y++ {
			for x := 0; x < g.out[2]; x++ {
				v, at := g.window([3]int{z, y, x})
				dst[k] = v
				if idx != nil {
					idx[k] = g.base + at
				}
				k++
			}
		}
	}
}

// window returns the pooled value of the window at output position p
// and, for MaxPool, the index of its maximum within the plane.
func (g *poolPlane) window(p [3]int) (float32, int64) {
	o := g.o
	var start [3]int
	for d := range 3 {
		start[d] = p[d]*o.strides[d] - g.begin[d]
	}
	m, at := float32(math.Inf(-1)), int64(-1)
	var sum float32
	cnt, padded := 0, 0
	for a := 0; a < o.kernel[0]; a++ {
		iz := start[0] + a*o.dilations[0]
		for b := 0; b < o.kernel[1]; b++ {
			iy := start[1] + b*o.dilations[1]
			for c := 0; c < o.kernel[2]; c++ {
				ix := start[2] + c*o.dilations[2]
				if iz < 0 || iz >= g.in[0] || iy < 0 || iy >= g.in[1] || ix < 0 || ix >= g.in[2] {
					// Explicit padding counts; the ceil_mode overhang does not.
					if iz < g.in[0]+o.pads[3] && iy < g.in[1]+o.pads[4] && ix < g.in[2]+o.pads[5] {
						padded++
					}
					continue
				}
				v := g.src[(iz*g.in[1]+iy)*g.in[2]+ix]
				if v > m || at < 0 {
					m, at = v, g.flat(iz, iy, ix)
				}
				sum += v
				cnt++
			}
		}
	}
	switch {
	case o.max:
		return m, at
	case o.includePad:
		return sum / float32(cnt+padded), 0
	}
	return sum / float32(max(cnt, 1)), 0
}

// flat numbers an element of the plane row-major, or column-major with
// storage_order 1.
func (g *poolPlane) flat(z, y, x int) int64 {
	if g.o.colMajor {
		return int64((x*g.in[1]+y)*g.in[0] + z)
	}
	return int64((z*g.in[1]+y)*g.in[2] + x)
}

// globalPool is GlobalAveragePool (the mean of each channel of an
// [N, C, ...] tensor, as [N, C, 1, ...]) or, with max, GlobalMaxPool (the
// largest value; NaN propagates).
type globalPool struct{ max bool }

func buildGlobalAvgPool(c *nodeCtx) (op, error) { return globalPool{}, c.need(1, 1) }
func buildGlobalMaxPool(c *nodeCtx) (op, error) { return globalPool{max: true}, c.need(1, 1) }

func (g globalPool) run(s *Session, in, out []*Tensor) error {
	x := in[0]
	if !x.IsFloat() || len(x.Shape) < 3 {
		return fmt.Errorf("input of shape %v, want float [N C ...]", x.Shape)
	}
	var sh [maxRank]int
	shape := append(sh[:0], x.Shape...)
	for i := 2; i < len(shape); i++ {
		shape[i] = 1
	}
	y := out[0].floats(shape...)
	inner := numel(x.Shape[2:])
	if g.max && inner == 0 {
		return fmt.Errorf("input of shape %v has no elements to pool", x.Shape)
	}
	for i := range y {
		row := x.Float[i*inner : (i+1)*inner]
		if g.max {
			m := float64(row[0])
			for _, v := range row {
				m = maxNaN(m, float64(v))
			}
			y[i] = float32(m)
			continue
		}
		var sum float64
		for _, v := range row {
			sum += float64(v)
		}
		y[i] = float32(sum / float64(max(inner, 1)))
	}
	return nil
}
