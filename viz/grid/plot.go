package grid

import (
	"image"
	"image/color"
	"math"
)

// Colours of a vector plot.
var (
	plotFrame = color.NRGBA{200, 200, 200, 255}
	plotZero  = color.NRGBA{225, 225, 225, 255}
	plotLine  = color.NRGBA{40, 40, 40, 255}
)

// Plot draws the vector v as a line plot in a size × size image: value
// v[k] at x proportional to k, y from lo (bottom) to hi (top), joined by
// straight lines, inside a light frame, with a faint line at zero when
// lo < 0 < hi. Values outside [lo, hi] are clamped to the frame and NaN
// values break the line. Plots meant to be compared (the cells of one
// grid) should share lo and hi. Plot panics if size < 8.
func Plot(v []float64, lo, hi float64, size int) *image.NRGBA {
	if size < 8 {
		panic("grid: plot smaller than 8 pixels")
	}
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	if !(hi > lo) {
		lo, hi = lo-1, lo+1
	}
	p := plotArea{img: img, lo: lo, hi: hi, inner: image.Rect(2, 2, size-2, size-2)}
	p.frame()
	if lo < 0 && hi > 0 {
		y := p.y(0)
		p.line(p.inner.Min.X, y, p.inner.Max.X-1, y, plotZero)
	}
	p.series(v)
	return img
}

// plotArea maps values into the inner rectangle of a plot image.
type plotArea struct {
	img    *image.NRGBA
	lo, hi float64
	inner  image.Rectangle
}

func (p plotArea) frame() {
	r := p.inner.Inset(-1)
	p.line(r.Min.X, r.Min.Y, r.Max.X-1, r.Min.Y, plotFrame)
	p.line(r.Min.X, r.Max.Y-1, r.Max.X-1, r.Max.Y-1, plotFrame)
	p.line(r.Min.X, r.Min.Y, r.Min.X, r.Max.Y-1, plotFrame)
	p.line(r.Max.X-1, r.Min.Y, r.Max.X-1, r.Max.Y-1, plotFrame)
}

// y returns the pixel row of value v, clamped to the inner rectangle.
func (p plotArea) y(v float64) int {
	f := (v - p.lo) / (p.hi - p.lo)
	f = math.Max(0, math.Min(1, f))
	return p.inner.Max.Y - 1 - int(math.Round(f*float64(p.inner.Dy()-1)))
}

// x returns the pixel column of the k-th of n values.
func (p plotArea) x(k, n int) int {
	if n == 1 {
		return p.inner.Min.X + p.inner.Dx()/2
	}
	return p.inner.Min.X + int(math.Round(float64(k)*float64(p.inner.Dx()-1)/float64(n-1)))
}

// series draws v as a polyline, a lone point as a short dash.
func (p plotArea) series(v []float64) {
	n := len(v)
	for k := range v {
		if math.IsNaN(v[k]) {
			continue
		}
		x, y := p.x(k, n), p.y(v[k])
		switch {
		case k+1 < n && !math.IsNaN(v[k+1]):
			p.line(x, y, p.x(k+1, n), p.y(v[k+1]), plotLine)
		case k == 0 || math.IsNaN(v[k-1]):
			p.line(x-1, y, x+1, y, plotLine)
		}
	}
}

// line draws the segment from (x0, y0) to (x1, y1) with Bresenham's
// algorithm (Bresenham 1965).
func (p plotArea) line(x0, y0, x1, y1 int, c color.NRGBA) {
	dx, dy := abs(x1-x0), -abs(y1-y0)
	sx, sy := sign(x1-x0), sign(y1-y0)
	e := dx + dy
	for {
		p.img.SetNRGBA(x0, y0, c)
		if x0 == x1 && y0 == y1 {
			return
		}
		e2 := 2 * e
		if e2 >= dy {
			e += dy
			x0 += sx
		}
		if e2 <= dx {
			e += dx
			y0 += sy
		}
	}
}

func abs(a int) int {
	if a < 0 {
		return -a
	}
	return a
}

func sign(a int) int {
	switch {
	case a < 0:
		return -1
	case a > 0:
		return 1
	}
	return 0
}
