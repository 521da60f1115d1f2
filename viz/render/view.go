package render

import "math"

// View is the window of data space shown in an image: data x in
// [MinX, MaxX] maps to pixel columns [0, width) and data y in [MinY, MaxY]
// maps to pixel rows [height, 0) (y points up in data, down in pixels).
// A View is a value; its methods return new Views.
type View struct {
	MinX, MaxX, MinY, MaxY float64
}

// FitView returns the View bounding the points xy (interleaved x, y pairs),
// widened on every side by margin times its extent (0.05 leaves 5%).
// Points with a NaN or infinite coordinate are ignored. A degenerate extent
// (one point, or all points on a line) is widened to a unit; with no finite
// point FitView returns the window [-1, 1] × [-1, 1].
func FitView(xy []float64, margin float64) View {
	checkXY(xy)
	v := View{math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)}
	for i := 0; i < len(xy); i += 2 {
		x, y := xy[i], xy[i+1]
		if !finite(x) || !finite(y) {
			continue
		}
		v.MinX, v.MaxX = min(v.MinX, x), max(v.MaxX, x)
		v.MinY, v.MaxY = min(v.MinY, y), max(v.MaxY, y)
	}
	if v.MinX > v.MaxX {
		return View{-1, 1, -1, 1}
	}
	v.MinX, v.MaxX = widen(v.MinX, v.MaxX, margin)
	v.MinY, v.MaxY = widen(v.MinY, v.MaxY, margin)
	return v
}

// widen returns [lo, hi] grown by margin times its width on each side, or
// by a half unit when it is empty.
func widen(lo, hi, margin float64) (float64, float64) {
	d := hi - lo
	if d == 0 {
		return lo - 0.5, hi + 0.5
	}
	return lo - margin*d, hi + margin*d
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// Width returns the data width of v.
func (v View) Width() float64 { return v.MaxX - v.MinX }

// Height returns the data height of v.
func (v View) Height() float64 { return v.MaxY - v.MinY }

// ToPixel returns the pixel position of data point (x, y) in an image of
// w × h pixels. The pixel containing the point is (floor(px), floor(py)).
func (v View) ToPixel(x, y float64, w, h int) (px, py float64) {
	px = (x - v.MinX) / v.Width() * float64(w)
	py = (v.MaxY - y) / v.Height() * float64(h)
	return px, py
}

// ToData returns the data point at pixel position (px, py) in an image of
// w × h pixels; it inverts ToPixel.
func (v View) ToData(px, py float64, w, h int) (x, y float64) {
	x = v.MinX + px/float64(w)*v.Width()
	y = v.MaxY - py/float64(h)*v.Height()
	return x, y
}

// PixelSize returns the data extent of one pixel along x and along y in an
// image of w × h pixels. Use it to turn a hit radius in pixels into data
// units for Index.Nearest.
func (v View) PixelSize(w, h int) (dx, dy float64) {
	return v.Width() / float64(w), v.Height() / float64(h)
}

// Zoom returns v scaled by factor about pixel (px, py) of a w × h image:
// the data point under (px, py) stays there. A factor above 1 zooms in
// (shows less data), below 1 zooms out. Zoom panics if factor is not
// positive.
func (v View) Zoom(px, py, factor float64, w, h int) View {
	if !(factor > 0) {
		panic("render: non-positive zoom factor")
	}
	cx, cy := v.ToData(px, py, w, h)
	return View{
		MinX: cx - (cx-v.MinX)/factor,
		MaxX: cx + (v.MaxX-cx)/factor,
		MinY: cy - (cy-v.MinY)/factor,
		MaxY: cy + (v.MaxY-cy)/factor,
	}
}

// Pan returns v moved so that the picture shifts by (dx, dy) pixels in a
// w × h image, as when the map is dragged by the mouse: dragging right
// (dx > 0) brings data on the left into view.
func (v View) Pan(dx, dy float64, w, h int) View {
	sx, sy := v.PixelSize(w, h)
	ox, oy := -dx*sx, dy*sy
	return View{v.MinX + ox, v.MaxX + ox, v.MinY + oy, v.MaxY + oy}
}

// WithAspect returns v widened about its centre along x or y so that one
// data unit spans the same number of pixels in both directions in a w × h
// image. Maps of projections should keep this aspect, or distances mislead.
func (v View) WithAspect(w, h int) View {
	if w <= 0 || h <= 0 {
		panic("render: non-positive image size")
	}
	sx, sy := v.PixelSize(w, h)
	switch {
	case sx > sy:
		c, half := (v.MinY+v.MaxY)/2, sx*float64(h)/2
		v.MinY, v.MaxY = c-half, c+half
	case sy > sx:
		c, half := (v.MinX+v.MaxX)/2, sy*float64(w)/2
		v.MinX, v.MaxX = c-half, c+half
	}
	return v
}

// Contains reports whether data point (x, y) is inside v.
func (v View) Contains(x, y float64) bool {
	return x >= v.MinX && x <= v.MaxX && y >= v.MinY && y <= v.MaxY
}

// checkXY panics if xy cannot hold interleaved pairs.
func checkXY(xy []float64) {
	if len(xy)%2 != 0 {
		panic("render: xy has an odd length; want interleaved x, y pairs")
	}
}
