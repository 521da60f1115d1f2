package export

import (
	"image"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/latent-explorer/latent/viz/render"
)

// pointLayer is the plotter of a map's points: vector circles for a small
// map, an embedded raster image for a large one.
type pointLayer struct {
	s   *style
	dpi int // resolution of the raster layer
}

// vector reports whether the points are drawn as vector circles.
func (l *pointLayer) vector() bool { return l.s.nVisible <= l.s.maxVector }

// Plot implements plot.Plotter.
func (l *pointLayer) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	at := func(i int) vg.Point { return vg.Point{X: trX(l.s.XY[2*i]), Y: trY(l.s.XY[2*i+1])} }
	if l.vector() {
		l.drawVector(&c, at)
	} else {
		l.drawRaster(&c, p)
	}
	if len(l.s.Selection) <= max(l.s.maxVector, 0) {
		l.drawSelection(&c, at)
	}
}

// drawVector draws each visible point as a circle, in index order.
func (l *pointLayer) drawVector(c *draw.Canvas, at func(int) vg.Point) {
	sty := draw.GlyphStyle{Shape: draw.CircleGlyph{}, Radius: l.s.pointSize / 2}
	for i, ok := range l.s.visible {
		if ok {
			sty.Color = withAlpha(l.s.colors[i], l.s.alpha)
			c.DrawGlyphNoClip(sty, at(i))
		}
	}
}

// drawSelection draws the visible selected points opaque with a black ring.
func (l *pointLayer) drawSelection(c *draw.Canvas, at func(int) vg.Point) {
	r := max(l.s.pointSize/2, 1.5)
	ring := draw.GlyphStyle{Shape: draw.CircleGlyph{}, Radius: r + 1, Color: color.Black}
	dot := draw.GlyphStyle{Shape: draw.CircleGlyph{}, Radius: r}
	for _, i := range l.s.Selection {
		if l.s.visible[i] {
			dot.Color = l.s.colors[i]
			c.DrawGlyphNoClip(ring, at(i))
			c.DrawGlyphNoClip(dot, at(i))
		}
	}
}

// drawRaster draws the points with package render into one image covering
// the data area at the layer's resolution.
func (l *pointLayer) drawRaster(c *draw.Canvas, p *plot.Plot) {
	size := c.Size()
	w := max(int(math.Ceil(size.X.Points()/72*float64(l.dpi))), 1)
	h := max(int(math.Ceil(size.Y.Points()/72*float64(l.dpi))), 1)
	r := l.renderer()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	r.Draw(img, render.View{MinX: p.X.Min, MaxX: p.X.Max, MinY: p.Y.Min, MaxY: p.Y.Max})
	c.DrawImage(c.Rectangle, img)
}

// renderer returns a Renderer drawing the map's points at the layer's
// resolution on the figure's white: an opaque layer is encoded as RGB
// PNG, a quarter smaller than RGBA, and PDF embeds it without splitting
// out an alpha mask.
func (l *pointLayer) renderer() *render.Renderer {
	s := l.s
	r := render.New(s.XY)
	switch {
	case s.Categories != nil:
		r.ColorByCategory(s.Categories, s.palette[:len(s.CategoryNames)])
		for c, h := range s.hidden {
			r.SetHidden(c, h)
		}
	case s.Values != nil:
		r.ColorByValue(s.Values, s.cmap, s.lo, s.hi)
	default:
		r.Uniform(defaultColor)
	}
	r.Style = render.Style{
		PointSize:  s.pointSize.Points() / 72 * float64(l.dpi),
		Alpha:      s.alpha,
		Background: color.NRGBA{255, 255, 255, 255},
		Missing:    missingColor,
		Highlight:  color.NRGBA{0, 0, 0, 255},
	}
	if len(s.Selection) > max(s.maxVector, 0) {
		r.Select(s.Selection)
	}
	return r
}

func withAlpha(c color.NRGBA, a float64) color.NRGBA {
	c.A = uint8(math.Round(float64(c.A) * a))
	return c
}

// thumbnailLayer draws each point's thumbnail centred on it, framed in
// the point's colour.
type thumbnailLayer struct {
	s *style
}

// Plot implements plot.Plotter.
func (l *thumbnailLayer) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	size := orLength(l.s.ThumbnailSize, DefaultThumbnailSize)
	frame := draw.LineStyle{Width: 0.75}
	for i, img := range l.s.Thumbnails {
		if img == nil || !l.s.visible[i] || img.Bounds().Empty() {
			continue
		}
		rect := thumbRect(vg.Point{X: trX(l.s.XY[2*i]), Y: trY(l.s.XY[2*i+1])}, img.Bounds().Size(), size)
		c.DrawImage(rect, img)
		frame.Color = l.s.colors[i]
		c.StrokeLines(frame, rectLines(rect))
	}
}

// thumbRect returns the rectangle, centred at pt, with the image's aspect
// and longer side size.
func thumbRect(pt vg.Point, px image.Point, size vg.Length) vg.Rectangle {
	w, h := size, size
	if px.X > px.Y {
		h = size * vg.Length(px.Y) / vg.Length(px.X)
	} else {
		w = size * vg.Length(px.X) / vg.Length(px.Y)
	}
	return vg.Rectangle{Min: vg.Point{X: pt.X - w/2, Y: pt.Y - h/2}, Max: vg.Point{X: pt.X + w/2, Y: pt.Y + h/2}}
}
