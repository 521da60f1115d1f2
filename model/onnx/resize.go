package onnx

import (
	"fmt"
	"math"
	"unsafe"
)

// resize is Resize (opsets 10 to 19) and Upsample (opset 9) over the last
// one or two dimensions, in nearest, linear and cubic modes, with the
// coordinate transformations of the ONNX specification.
type resize struct {
	linear    bool
	cubic     bool    // cubic convolution (Keys 1981) with coefficient cubicA
	cubicA    float64 // -0.75 as PyTorch's bicubic, -0.5 as TensorFlow's
	exclude   bool    // exclude_outside: taps outside the input get no weight
	coordMode string
	nearest   string
	upsample  bool    // Upsample or opset-10 Resize: scales is input 1
	extrap    float32 // extrapolation_value of tf_crop_and_resize
}

// axisMap maps the coordinates of one axis of the output to the input's.
type axisMap struct {
	scale   float64
	in, out int
	lo, hi  float64 // the axis's region of interest (tf_crop_and_resize)
}

func buildResize(c *nodeCtx) (op, error) {
	o := &resize{coordMode: "half_pixel", nearest: "round_prefer_floor"}
	mode := c.string("mode", "nearest")
	switch mode {
	case "nearest":
	case "linear", "bilinear":
		o.linear = true
	case "cubic", "bicubic":
		o.cubic = true
	default:
		return nil, fmt.Errorf("mode %q: %w", mode, ErrUnsupported)
	}
	if c.node.opType == "Upsample" || c.opset < 11 {
		if o.cubic {
			return nil, fmt.Errorf("mode %q before opset 11: %w", mode, ErrUnsupported)
		}
		o.upsample, o.coordMode, o.nearest = true, "asymmetric", "floor"
		return o, c.need(2, 2)
	}
	o.coordMode = c.string("coordinate_transformation_mode", "half_pixel")
	o.nearest = c.string("nearest_mode", "round_prefer_floor")
	o.cubicA = float64(c.float("cubic_coeff_a", -0.75))
	o.exclude = c.int("exclude_outside", 0) != 0
	o.extrap = c.float("extrapolation_value", 0)
	if c.int("antialias", 0) != 0 || c.has("axes") ||
		c.string("keep_aspect_ratio_policy", "stretch") != "stretch" {
		return nil, fmt.Errorf("antialias, axes or keep_aspect_ratio_policy: %w", ErrUnsupported)
	}
	switch o.coordMode {
	case "half_pixel", "pytorch_half_pixel", "align_corners", "asymmetric", "tf_half_pixel_for_nn", "tf_crop_and_resize":
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
	ay, ax := axisMap{scale: 1, in: 1, out: 1, hi: 1}, axisMap{scale: scale[r-1], in: x.Shape[r-1], out: shape[r-1], hi: 1}
	if r >= 2 {
		ay = axisMap{scale: scale[r-2], in: x.Shape[r-2], out: shape[r-2], hi: 1}
	}
	if o.coordMode == "tf_crop_and_resize" {
		if err := o.readROI(in, r, &ay, &ax); err != nil {
			return err
		}
	}
	h, w, oh, ow := ay.in, ax.in, ay.out, ax.out
	planes := numel(x.Shape[:max(0, r-2)])
	if o.cubic {
		ty, tx := o.cubicTable(ay), o.cubicTable(ax)
		for p := 0; p < planes; p++ {
			o.cubicPlane(y[p*oh*ow:(p+1)*oh*ow], x.Float[p*h*w:(p+1)*h*w], w, ty, tx)
		}
		return nil
	}
	if !o.linear {
		idx := s.ints(oh + ow)
		ty, tx := idx[:oh], idx[oh:]
		o.nearestTable(ty, ay)
		o.nearestTable(tx, ax)
		j := nearestJob{o: o, y: y, x: x.Float, w: w, ty: ty, tx: tx, isz: h * w, osz: oh * ow}
		if s == nil {
			j.do(0, planes)
			return nil
		}
		// Planes are independent: split over threads.
		s.nearestJob = j
		s.parallel(&s.nearestJob, planes, oh*ow)
		s.nearestJob = nearestJob{}
		return nil
	}
	idx, wts := s.ints(2*(ow+oh)), s.weightScratch(ow+oh)
	j := linearJob{o: o, y: y, x: x.Float, isz: h * w, osz: oh * ow,
		cols: o.linearTable(idx[:2*ow], wts[:ow], ax), rows: o.linearTable(idx[2*ow:], wts[ow:], ay)}
	if useAsm && !j.cols.crop && w < 1<<31 {
		// The columns' neighbours as int32s, for the gathering kernel.
		j.cols.g = s.int32s(2 * ow)
		for i, v := range j.cols.x0 {
			j.cols.g[i], j.cols.g[ow+i] = int32(v), int32(j.cols.x1[i])
		}
	}
	if s == nil {
		j.lines, j.free = make([]float32, 2*ow), make(chan int, 1)
		j.free <- 0
		j.do(0, planes)
		return nil
	}
	// Planes are independent: split over threads, each chunk with its own
	// two lines of scratch.
	threads := min(s.threadCount(), planes)
	j.lines, j.free = s.buffer(threads*2*ow), s.regions(threads)
	s.linearJob = j
	s.parallel(&s.linearJob, planes, 4*oh*ow)
	s.linearJob = linearJob{}
	return nil
}

// linearJob is a linear Resize over planes of isz inputs and osz
// outputs.
type linearJob struct {
	o          *resize
	y, x       []float32
	isz, osz   int
	cols, rows linearCols
	lines      []float32 // two lines of output width per scratch region
	free       chan int  // unused regions
}

func (j *linearJob) do(lo, hi int) {
	r := <-j.free
	ow := len(j.cols.x0)
	lines := j.lines[r*2*ow : (r+1)*2*ow]
	for p := lo; p < hi; p++ {
		j.o.plane(j.y[p*j.osz:(p+1)*j.osz], j.x[p*j.isz:(p+1)*j.isz], j.rows, j.cols, lines)
	}
	j.free <- r
}

// linearCols are the neighbours and weights of each output column of a
// linear resize: x0[i], x1[i] and the weight wx[i] of x1; x1[i] is -1
// where the column falls outside the input (tf_crop_and_resize).
type linearCols struct {
	x0, x1 []int
	wx     []float32
	w      int     // input columns
	crop   bool    // some fall outside
	g      []int32 // x0 then x1 as int32, or nil (lineAVX2)
}

// linearTable computes the neighbours of an axis's output coordinates
// once for all planes (and the columns' for all rows) into idx (2·a.out)
// and wts (a.out).
func (o *resize) linearTable(idx []int, wts []float32, a axisMap) linearCols {
	t := linearCols{x0: idx[:a.out], x1: idx[a.out:], wx: wts[:a.out], w: a.in}
	for i := range t.x0 {
		f := o.source(i, a)
		if o.outside(f, a.in) {
			t.x0[i], t.x1[i], t.wx[i], t.crop = 0, -1, 0, true
			continue
		}
		t.x0[i], t.x1[i], t.wx[i] = o.linearIndex(f, a.in)
	}
	return t
}

// nearestTable writes the source index of each output coordinate of
// one axis into idx (its length is the output's), -1 where it falls
// outside the input (tf_crop_and_resize extrapolates there).
func (o *resize) nearestTable(idx []int, a axisMap) {
	for i := range idx {
		f := o.source(i, a)
		if o.outside(f, a.in) {
			idx[i] = -1
			continue
		}
		idx[i] = o.nearestIndex(f, a.in)
	}
}

// nearestJob is a nearest-neighbour Resize over planes of h·w inputs
// and oh·ow outputs.
type nearestJob struct {
	o        *resize
	y, x     []float32
	w        int
	ty, tx   []int
	isz, osz int
}

func (j *nearestJob) do(lo, hi int) {
	for p := lo; p < hi; p++ {
		j.o.nearestPlane(j.y[p*j.osz:(p+1)*j.osz], j.x[p*j.isz:(p+1)*j.isz], j.w, j.ty, j.tx)
	}
}

// nearestPlane resizes one plane (input rows of w values) by the source
// indices of its rows and columns; an output row with the same source
// row as the one before is a copy of it.
func (o *resize) nearestPlane(dst, src []float32, w int, ty, tx []int) {
	ow := len(tx)
	for yy, sy := range ty {
		row := dst[yy*ow : (yy+1)*ow]
		switch {
		case sy < 0:
			for xx := range row {
				row[xx] = o.extrap
			}
		case yy > 0 && sy == ty[yy-1]:
			copy(row, dst[(yy-1)*ow:yy*ow])
		default:
			srow := src[sy*w : (sy+1)*w]
			for xx, sx := range tx {
				if sx < 0 {
					row[xx] = o.extrap
				} else {
					row[xx] = srow[sx]
				}
			}
		}
	}
}

// readROI reads the region of interest of tf_crop_and_resize for the
// last two axes (the others are not resized).
func (o *resize) readROI(in []*Tensor, r int, ay, ax *axisMap) error {
	if len(in) < 2 || in[1] == nil || !in[1].IsFloat() || len(in[1].Float) != 2*r {
		return fmt.Errorf("tf_crop_and_resize needs a roi of %d floats", 2*r)
	}
	roi := in[1].Float
	ax.lo, ax.hi = float64(roi[r-1]), float64(roi[2*r-1])
	if r >= 2 {
		ay.lo, ay.hi = float64(roi[r-2]), float64(roi[2*r-2])
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

// source maps an output coordinate to the input's. As in the
// specification's reference, the resized length is the input's times the
// scale, unrounded, when scales are given.
func (o *resize) source(x int, a axisMap) float64 {
	xf, scale := float64(x), a.scale
	length := scale * float64(a.in)
	switch o.coordMode {
	case "half_pixel":
		return (xf+0.5)/scale - 0.5
	case "pytorch_half_pixel":
		if a.out > 1 {
			return (xf+0.5)/scale - 0.5
		}
		return -0.5
	case "align_corners":
		if length == 1 {
			return 0
		}
		return xf * float64(a.in-1) / (length - 1)
	case "tf_crop_and_resize":
		span := (a.hi - a.lo) * float64(a.in-1)
		if length == 1 {
			return span/2 + a.lo*float64(a.in-1)
		}
		return xf*span/(length-1) + a.lo*float64(a.in-1)
	case "tf_half_pixel_for_nn":
		return (xf + 0.5) / scale
	}
	return xf / scale
}

// outside reports a tf_crop_and_resize source coordinate beyond the
// input, where the output is extrapolation_value.
func (o *resize) outside(v float64, in int) bool {
	return o.coordMode == "tf_crop_and_resize" && (v < 0 || v > float64(in-1))
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

// plane resizes one plane linearly: each source row is interpolated
// along x once, into one of the two lines (2·ow floats of scratch), and
// each output row is the blend of the two lines its source rows are.
func (o *resize) plane(dst, src []float32, ay, ax linearCols, lines []float32) {
	ow, w := len(ax.x0), ax.w
	top, bot := lines[:ow], lines[ow:2*ow]
	have0, have1 := -1, -1 // the source rows in top and bot
	for yy, y0 := range ay.x0 {
		row := dst[yy*ow : (yy+1)*ow]
		y1, wy := ay.x1[yy], ay.wx[yy]
		if y1 < 0 {
			for xx := range row {
				row[xx] = o.extrap
			}
			continue
		}
		if y0 != have0 {
			if y0 == have1 {
				top, bot = bot, top
				have0, have1 = have1, have0
			} else {
				ax.line(top, src[y0*w:(y0+1)*w])
				have0 = y0
			}
		}
		if y1 != have1 {
			ax.line(bot, src[y1*w:(y1+1)*w])
			have1 = y1
		}
		if !ax.crop {
			lerp(row, top, bot, wy)
			continue
		}
		for xx, t := range top {
			if ax.x1[xx] < 0 {
				row[xx] = o.extrap
				continue
			}
			row[xx] = t + (bot[xx]-t)*wy
		}
	}
}

// lerp writes dst = a + (b − a)·w, in AVX2 over the leading multiple of
// 8 (the same values).
func lerp(dst, a, b []float32, w float32) {
	n := 0
	if useAsm {
		n = len(dst) &^ 7
		if n > 0 {
			_, _ = a[n-1], b[n-1]
			lerpAVX2(unsafe.SliceData(dst), unsafe.SliceData(a), unsafe.SliceData(b), n, w)
		}
	}
	a, b = a[n:len(dst)], b[n:len(dst)]
	for i, t := range a {
		dst[n+i] = t + (b[i]-t)*w
	}
}

// line interpolates source row r at every output column.
func (ax linearCols) line(dst, r []float32) {
	if !ax.crop {
		n := len(ax.x0)
		k := 0
		if ax.g != nil {
			k = n &^ 7
			if k > 0 {
				_, _ = dst[k-1], r[ax.w-1]
				lineAVX2(unsafe.SliceData(dst), unsafe.SliceData(r), &ax.g[0], &ax.g[n], &ax.wx[0], k)
			}
		}
		x1, wx := ax.x1[:n], ax.wx[:n]
		dst = dst[:n]
		for xx := k; xx < n; xx++ {
			v := r[ax.x0[xx]]
			dst[xx] = v + (r[x1[xx]]-v)*wx[xx]
		}
		return
	}
	for xx, x0 := range ax.x0 {
		x1 := ax.x1[xx]
		if x1 < 0 {
			dst[xx] = 0
			continue
		}
		dst[xx] = r[x0] + (r[x1]-r[x0])*ax.wx[xx]
	}
}

// cubicTap is one output coordinate's four source indices, clamped to the
// input (its edge values repeat beyond it), and their weights.
type cubicTap struct {
	idx     [4]int
	w       [4]float32
	outside bool // tf_crop_and_resize beyond the input: extrapolate
}

// cubicTable returns the taps of out output coordinates along an axis of
// in inputs: cubic convolution at the source coordinate v, with points
// floor(v)-1 … floor(v)+2 weighted by Keys' kernel with coefficient
// cubicA; with exclude_outside, points beyond the input get no weight and
// the others are renormalised.
func (o *resize) cubicTable(a axisMap) []cubicTap {
	in := a.in
	taps := make([]cubicTap, a.out)
	for x := range taps {
		v := o.source(x, a)
		taps[x].outside = o.outside(v, in)
		i0 := math.Floor(v)
		t := v - i0
		w := [4]float64{keys(1+t, o.cubicA), keys(t, o.cubicA), keys(1-t, o.cubicA), keys(2-t, o.cubicA)}
		var sum float64
		for k := range 4 {
			i := int(i0) - 1 + k
			if o.exclude && (i < 0 || i >= in) {
				w[k] = 0
			}
			sum += w[k]
			taps[x].idx[k] = min(max(i, 0), in-1)
		}
		for k := range 4 {
			if o.exclude && sum != 0 {
				w[k] /= sum
			}
			taps[x].w[k] = float32(w[k])
		}
	}
	return taps
}

// keys is the cubic convolution kernel of Keys (1981), "Cubic convolution
// interpolation for digital image processing", with coefficient a.
func keys(s, a float64) float64 {
	s = math.Abs(s)
	switch {
	case s <= 1:
		return ((a+2)*s-(a+3))*s*s + 1
	case s < 2:
		return ((a*s-5*a)*s+8*a)*s - 4*a
	}
	return 0
}

// cubicPlane resizes one w-wide plane by the row taps ty and column taps tx.
func (o *resize) cubicPlane(dst, src []float32, w int, ty, tx []cubicTap) {
	ow := len(tx)
	for yy, ry := range ty {
		row := dst[yy*ow : (yy+1)*ow]
		for xx, cx := range tx {
			if ry.outside || cx.outside {
				row[xx] = o.extrap
				continue
			}
			var v float32
			for a := range 4 {
				s := src[ry.idx[a]*w:]
				h := cx.w[0]*s[cx.idx[0]] + cx.w[1]*s[cx.idx[1]] + cx.w[2]*s[cx.idx[2]] + cx.w[3]*s[cx.idx[3]]
				v += ry.w[a] * h
			}
			row[xx] = v
		}
	}
}
