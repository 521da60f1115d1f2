package render

import (
	"image"
	"image/color"
	"slices"
)

// maxPointSize bounds Style.PointSize, in pixels.
const maxPointSize = 64

// PointSizeFor returns a point diameter that keeps a map of n points
// readable and fast to redraw: 4 pixels for a few thousand points down to
// one pixel at half a million and more.
func PointSizeFor(n int) float64 {
	switch {
	case n <= 5_000:
		return 4
	case n <= 50_000:
		return 3
	case n <= 500_000:
		return 2
	}
	return 1
}

// Draw renders the map's data window v into all of dst: background, the
// points, the matches, the selection, then the marker. It panics if v is empty.
func (r *Renderer) Draw(dst *image.RGBA, v View) {
	if !(v.Width() > 0) || !(v.Height() > 0) {
		panic("render: empty view")
	}
	r.prepare(dst.Stride)
	fill(dst, r.Style.Background)
	t := newTransform(v, dst)
	if len(r.point.cov) == 1 {
		r.drawPixels(dst, t)
	} else {
		r.drawStamps(dst, t)
	}
	r.drawRinged(dst, t, r.matches, r.Style.Match)
	r.drawRinged(dst, t, r.selected, r.Style.Highlight)
	r.drawMarker(dst, t)
	r.drawPin(dst, t)
}

// prepare rebuilds the colour table and the stamps when the style, the
// colouring or the image's row stride changed.
func (r *Renderer) prepare(stride int) {
	s := &r.Style
	focus := s.Dim > 0 && (len(r.selected) > 0 || len(r.matches) > 0)
	if k := (lutKey{s.Alpha, s.Dim, focus, s.Missing, true}); k != r.lutFor {
		r.buildLUT(focus)
		r.lutFor = k
	}
	if s.PointSize != r.pointFor || r.point.cov == nil || stride != r.strideFor {
		size := min(s.PointSize, maxPointSize)
		r.point = discStamp(size, stride)
		r.ring = discStamp(max(size, 1)+3, stride)
		r.pointFor = s.PointSize
	}
	if s.MarkerSize != r.markFor || r.marks[0].cov == nil || stride != r.strideFor {
		rad := max(s.MarkerSize, 4) / 2
		r.marks = [4]stamp{
			ringStamp(rad-2.5, rad+1.5, stride), ringStamp(rad-1, rad, stride),
			discStamp(6, stride), discStamp(3, stride),
		}
		r.markFor = s.MarkerSize
	}
	r.strideFor = stride
}

// buildLUT makes the paint of every colour key: Style.Alpha, times
// Style.Dim for hidden keys and, with focus, for all (the focused points
// are drawn again on top); hidden keys are transparent without Dim.
func (r *Renderer) buildLUT(focus bool) {
	s := &r.Style
	r.lut = slices.Grow(r.lut[:0], len(r.colors))[:len(r.colors)]
	for i, c := range r.colors {
		if i == 0 {
			c = s.Missing
		}
		a := s.Alpha
		if focus || r.hidden[i] {
			a *= s.Dim
		}
		r.lut[i] = newPaint(c, a)
		if r.hidden[i] && s.Dim <= 0 {
			r.lut[i].alpha = 0
		}
	}
}

// transform maps data to pixels for one frame.
type transform struct {
	minX, maxY, sx, sy float64
	w, h               int
	fw, fh             float64
	stride             int
}

func newTransform(v View, dst *image.RGBA) transform {
	b := dst.Bounds()
	w, h := b.Dx(), b.Dy()
	return transform{
		minX: v.MinX, maxY: v.MaxY,
		sx: float64(w) / v.Width(), sy: float64(h) / v.Height(),
		w: w, h: h, fw: float64(w), fh: float64(h),
		stride: dst.Stride,
	}
}

// pixel returns the pixel holding data point (x, y) and whether it lies
// within reach pixels of the image.
func (t *transform) pixel(x, y float64, reach int) (int, int, bool) {
	m := float64(reach)
	px := (x-t.minX)*t.sx + m
	py := (t.maxY-y)*t.sy + m
	if !(px >= 0 && px < t.fw+2*m && py >= 0 && py < t.fh+2*m) {
		return 0, 0, false
	}
	return int(px) - reach, int(py) - reach, true // px, py ≥ 0: int truncates = floors
}

// drawPixels is Draw's fast path for one-pixel points.
func (r *Renderer) drawPixels(dst *image.RGBA, t transform) {
	pix, lut, keys := dst.Pix, r.lut, r.dkeys
	xy := r.dxy[:2*len(keys)]
	for i, k := range keys {
		p := lut[k]
		if p.alpha == 0 {
			continue
		}
		px := (xy[2*i] - t.minX) * t.sx
		py := (t.maxY - xy[2*i+1]) * t.sy
		if !(px >= 0 && px < t.fw && py >= 0 && py < t.fh) {
			continue
		}
		blend(pix, int(py)*t.stride+int(px)*4, p, p.alpha)
	}
}

// drawStamps draws every visible point with the point stamp.
func (r *Renderer) drawStamps(dst *image.RGBA, t transform) {
	xy := r.dxy[:2*len(r.dkeys)]
	for i, k := range r.dkeys {
		p := r.lut[k]
		if p.alpha == 0 {
			continue
		}
		if x, y, ok := t.pixel(xy[2*i], xy[2*i+1], r.point.reach); ok {
			stampAt(dst.Pix, &t, &r.point, x, y, p, p.alpha)
		}
	}
}

// stampAt blends stamp s centred on pixel (x, y) with paint p at opacity a.
func stampAt(pix []byte, t *transform, s *stamp, x, y int, p paint, a uint32) {
	base := y*t.stride + x*4
	if x >= s.reach && y >= s.reach && x < t.w-s.reach && y < t.h-s.reach {
		offs := s.offs[:len(s.cov)]
		for j, c := range s.cov {
			blend(pix, base+offs[j], p, (a*c)>>8)
		}
		return
	}
	for j, c := range s.cov {
		dx, dy := s.dx[j], s.dy[j]
		if x+dx >= 0 && y+dy >= 0 && x+dx < t.w && y+dy < t.h {
			blend(pix, base+s.offs[j], p, (a*c)>>8)
		}
	}
}

// drawRinged draws the visible points idx opaque, ringed with colour c
// (the selection, the matches).
func (r *Renderer) drawRinged(dst *image.RGBA, t transform, idx []int32, c color.NRGBA) {
	ring := newPaint(c, 1)
	for _, i := range idx {
		k := r.keys[i]
		if r.hidden[k] {
			continue
		}
		x, y, ok := t.pixel(r.xy[2*i], r.xy[2*i+1], r.ring.reach)
		if !ok {
			continue
		}
		p := newPaint(r.colorOf(k), 1)
		stampAt(dst.Pix, &t, &r.ring, x, y, ring, ring.alpha)
		stampAt(dst.Pix, &t, &r.point, x, y, p, p.alpha)
	}
}

// colorOf returns key k's colour.
func (r *Renderer) colorOf(k uint16) color.NRGBA {
	if k == 0 {
		return r.Style.Missing
	}
	return r.colors[k]
}

// drawMarker draws the "you are here" marker: a ring and a centre dot, each
// on a halo of the background colour (white when it is transparent).
func (r *Renderer) drawMarker(dst *image.RGBA, t transform) {
	if !r.marker {
		return
	}
	x, y, ok := t.pixel(r.markX, r.mkY, r.marks[0].reach)
	if !ok {
		return
	}
	halo := r.Style.Background
	if halo.A == 0 {
		halo = color.NRGBA{255, 255, 255, 255}
	}
	h, m := newPaint(halo, 1), newPaint(r.Style.Marker, 1)
	for k, p := range [4]paint{h, m, h, m} {
		stampAt(dst.Pix, &t, &r.marks[k], x, y, p, 256)
	}
}

// fill paints every pixel of dst with c.
func fill(dst *image.RGBA, c color.NRGBA) {
	r, g, b, a := c.RGBA()
	px := [4]byte{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), uint8(a >> 8)}
	bd := dst.Bounds()
	if bd.Empty() {
		return
	}
	row := dst.Pix[:bd.Dx()*4]
	for i := 0; i < len(row); i += 4 {
		copy(row[i:i+4], px[:])
	}
	for y := 1; y < bd.Dy(); y++ {
		copy(dst.Pix[y*dst.Stride:y*dst.Stride+len(row)], row)
	}
}
