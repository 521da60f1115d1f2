package onnx

import (
	"fmt"
	"sync"

	"github.com/latent-explorer/latent/model/sgemm"
)

// convTranspose is ConvTranspose, computed as a GEMM of the transposed
// weights with the input followed by col2im, the adjoint of Conv's
// im2col (Dumoulin and Visin, "A guide to convolution arithmetic for deep
// learning", 2016). Both GEMM orientations are prepared from the weights
// on first use: Wᵀ·X when the input has many pixels, Xᵀ·W when it has few
// (a latent vector of 1×1 pixels, as DCGAN's first layer).
type convTranspose struct {
	convAttrs
	cin, coutG  int
	outPad      [2]int
	outShapeSet []int
	w           []float32
	bias        []float32
	onceA       sync.Once
	wt          []sgemm.PackedA // per group: (Cout/group·kh·kw) × Cin/group
	onceB       sync.Once
	wb          []sgemm.PackedB // per group: Cin/group × (Cout/group·kh·kw)
}

func buildConvTranspose(c *nodeCtx) (op, error) {
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
	o := &convTranspose{convAttrs: a, cin: w.Shape[0], coutG: w.Shape[1], w: w.Float}
	if o.cin%a.group != 0 {
		return nil, fmt.Errorf("%d input channels do not split into %d groups", o.cin, a.group)
	}
	if op := c.ints("output_padding"); op != nil {
		if len(op) != a.dims {
			return nil, fmt.Errorf("output_padding %v does not match %d spatial dimensions", op, a.dims)
		}
		for i, v := range op {
			o.outPad[2-a.dims+i] = int(v)
		}
	}
	if os := c.ints("output_shape"); os != nil {
		o.outShapeSet = toInts(os[len(os)-a.dims:])
	}
	if o.bias, err = constBias(c.input(2), c.nInputs() > 2 && c.in[2] >= 0, o.coutG*a.group); err != nil {
		return nil, err
	}
	return o, nil
}

// mdim returns the rows of one group's column matrix: Cout/group·kh·kw.
func (o *convTranspose) mdim() int { return o.coutG * o.kernel[0] * o.kernel[1] }

func (o *convTranspose) packedT() []sgemm.PackedA {
	o.onceA.Do(func() {
		m, k := o.mdim(), o.cin/o.group
		for g := 0; g < o.group; g++ {
			src := o.w[g*k*m:]
			o.wt = append(o.wt, sgemm.PackA(make([]float32, sgemm.PackedASize(m, k)), src, 1, m, m, k))
		}
	})
	return o.wt
}

func (o *convTranspose) packedW() []sgemm.PackedB {
	o.onceB.Do(func() {
		m, k := o.mdim(), o.cin/o.group
		for g := 0; g < o.group; g++ {
			src := o.w[g*k*m:]
			o.wb = append(o.wb, sgemm.PackB(make([]float32, sgemm.PackedBSize(k, m)), src, m, 1, k, m))
		}
	})
	return o.wb
}

// outSize returns the output size along spatial dimension i and the begin
// padding.
func (o *convTranspose) outSize(i, in int) (int, int) {
	k := (o.kernel[i]-1)*o.dilations[i] + 1
	s := o.strides[i]
	full := s*(in-1) + o.outPad[i] + k
	if o.outShapeSet != nil {
		out := o.outShapeSet[i-(2-o.dims)]
		total := full - out
		if o.autoPad == "SAME_UPPER" {
			return out, total / 2
		}
		return out, total - total/2
	}
	switch o.autoPad {
	case "SAME_UPPER", "SAME_LOWER":
		out := in * s
		total := full - out
		if o.autoPad == "SAME_UPPER" {
			return out, total / 2
		}
		return out, total - total/2
	case "VALID":
		return full, 0
	}
	return full - o.pads[i] - o.pads[2+i], o.pads[i]
}

func (o *convTranspose) run(s *Session, in, out []*Tensor) error {
	x := in[0]
	n, cin, h, w, err := o.spatial(x.Shape)
	if err != nil {
		return err
	}
	if !x.IsFloat() || cin != o.cin {
		return fmt.Errorf("input of shape %v, the weights want %d channels", x.Shape, o.cin)
	}
	oh, pt := o.outSize(0, h)
	ow, pl := o.outSize(1, w)
	if oh < 1 || ow < 1 {
		return fmt.Errorf("output size %d×%d is empty", oh, ow)
	}
	cout := o.coutG * o.group
	if err := checkSize(n, cout, oh, ow); err != nil {
		return err
	}
	var sh [4]int
	y := out[0].floats(o.outShape(sh[:], n, cout, oh, ow)...)
	o.initBias(y, n, oh*ow)
	g := geom{n: n, c: cin, h: h, w: w, oh: oh, ow: ow, pt: pt, pl: pl, a: &o.convAttrs}
	if h*w < sgemm.NR {
		o.runSmall(s, x.Float, y, &g)
		return nil
	}
	o.runLarge(s, x.Float, y, &g)
	return nil
}

func (o *convTranspose) initBias(y []float32, n, ohw int) {
	cout := o.coutG * o.group
	for i := 0; i < n; i++ {
		for c := 0; c < cout; c++ {
			var b float32
			if o.bias != nil {
				b = o.bias[c]
			}
			dst := y[(i*cout+c)*ohw:][:ohw]
			for p := range dst {
				dst[p] = b
			}
		}
	}
}

// runLarge computes per group col = Wᵀ·X over a chunk of images, then
// col2im.
func (o *convTranspose) runLarge(s *Session, x, y []float32, g *geom) {
	m, k, hw := o.mdim(), o.cin/o.group, g.h*g.w
	wt := o.packedT()
	chunk := max(1, colLimit/max(1, m*hw))
	for n0 := 0; n0 < g.n; n0 += chunk {
		nb := min(chunk, g.n-n0)
		cols := nb * hw
		for gi := 0; gi < o.group; gi++ {
			pb := packImages(s.slot(slotB, sgemm.PackedBSize(k, cols)), x, n0, nb, o.cin, hw, gi*k, k)
			col := s.slot(slotCol, m*cols)
			sgemm.MulSet(wt[gi], pb, col, cols)
			g.col2im(y, col, n0, nb, o.coutG*o.group, gi*o.coutG, o.coutG, cols, 1)
		}
	}
}

// runSmall computes per group colᵀ = Xᵀ·W, rows (image, pixel).
func (o *convTranspose) runSmall(s *Session, x, y []float32, g *geom) {
	m, k, hw := o.mdim(), o.cin/o.group, g.h*g.w
	wb := o.packedW()
	chunk := max(1, colLimit/max(1, m*hw))
	for n0 := 0; n0 < g.n; n0 += chunk {
		nb := min(chunk, g.n-n0)
		rows := nb * hw
		for gi := 0; gi < o.group; gi++ {
			col := s.slot(slotCol, rows*m)
			clear(col)
			src := x[(n0*o.cin+gi*k)*hw:]
			if hw == 1 {
				multiply(s, src, o.cin, 1, rows, wb[gi], col, m)
			} else {
				for i := 0; i < nb; i++ {
					img := src[i*o.cin*hw:]
					multiply(s, img, 1, hw, hw, wb[gi], col[i*hw*m:], m)
				}
			}
			g.col2im(y, col, n0, nb, o.coutG*o.group, gi*o.coutG, o.coutG, 1, m)
		}
	}
}

// packImages packs channels c0..c0+cg of images n0..n0+nb of x (NCHW with
// c channels of hw pixels) as a B matrix: rows channels, columns
// (image, pixel).
func packImages(dst, x []float32, n0, nb, c, hw, c0, cg int) sgemm.PackedB {
	if nb == 1 {
		return sgemm.PackB(dst, x[(n0*c+c0)*hw:], hw, 1, cg, hw)
	}
	cols := nb * hw
	dst = dst[:sgemm.PackedBSize(cg, cols)]
	for j0 := 0; j0 < cols; j0 += sgemm.NR {
		panel := dst[j0*cg : (j0+sgemm.NR)*cg]
		for q := 0; q < sgemm.NR; q++ {
			col := j0 + q
			if col >= cols {
				for r := 0; r < cg; r++ {
					panel[r*sgemm.NR+q] = 0
				}
				continue
			}
			src := x[((n0+col/hw)*c+c0)*hw+col%hw:]
			for r := 0; r < cg; r++ {
				panel[r*sgemm.NR+q] = src[r*hw]
			}
		}
	}
	return sgemm.PackedB{K: cg, N: cols, Data: dst}
}

// col2im adds the column matrix into y (NCHW, cout channels): element
// (row, column) at col[row*rs+column*cs], rows (channel c0+ch, ki, kj) for
// ch < cg, columns (image n0+i, input pixel).
func (g *geom) col2im(y, col []float32, n0, nb, cout, c0, cg, rs, cs int) {
	kh, kw := g.a.kernel[0], g.a.kernel[1]
	hw, ohw := g.h*g.w, g.oh*g.ow
	for i := 0; i < nb; i++ {
		for ch := 0; ch < cg; ch++ {
			dst := y[((n0+i)*cout+c0+ch)*ohw:][:ohw]
			for ki := 0; ki < kh; ki++ {
				for kj := 0; kj < kw; kj++ {
					row := col[((ch*kh+ki)*kw+kj)*rs+i*hw*cs:]
					g.scatterRow(dst, row, ki, kj, cs)
				}
			}
		}
	}
}

// scatterRow adds one kernel tap's contributions of one image: src holds
// the input pixels cs apart. The range of input columns landing inside
// the output is computed once per tap, so the inner loop has no branches.
func (g *geom) scatterRow(dst, src []float32, ki, kj, cs int) {
	sh, sw := g.a.strides[0], g.a.strides[1]
	offY, offX := ki*g.a.dilations[0]-g.pt, kj*g.a.dilations[1]-g.pl
	// ix in [lo, hi) gives 0 <= ix*sw+offX < ow.
	lo := max(0, ceilDiv(-offX, sw))
	hi := min(g.w, ceilDiv(g.ow-offX, sw))
	if lo >= hi {
		return
	}
	for iy := 0; iy < g.h; iy++ {
		oy := iy*sh + offY
		if oy < 0 || oy >= g.oh {
			continue
		}
		out := dst[oy*g.ow : (oy+1)*g.ow]
		in := src[iy*g.w*cs:]
		if cs == 1 {
			in = in[lo:hi]
			if sw == 1 {
				o := out[lo+offX : hi+offX]
				for i, v := range in {
					o[i] += v
				}
				continue
			}
			o := out[lo*sw+offX:]
			for i, v := range in {
				o[i*sw] += v
			}
			continue
		}
		for ix := lo; ix < hi; ix++ {
			out[ix*sw+offX] += in[ix*cs]
		}
	}
}

// ceilDiv returns ⌈a/b⌉ for b > 0.
func ceilDiv(a, b int) int {
	if a >= 0 {
		return (a + b - 1) / b
	}
	return -(-a / b)
}
