package export

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/latent-explorer/latent/viz/render"
)

// Type sizes of the figure, in points.
const (
	titleSize  = 12
	labelSize  = 10
	tickSize   = 8.5
	legendSize = 8.5
	padding    = 8 // around the figure's edges and between its panels
)

// sans is the figure's typeface. (Bold faces are avoided: gonum's PDF
// backend cannot embed them.)
var sans = font.Font{Typeface: "Liberation", Variant: "Sans"}

// textStyle returns a black text style in f at size points.
func textStyle(f font.Font, size vg.Length) text.Style {
	return text.Style{
		Color:   color.Black,
		Font:    font.From(f, size),
		Handler: plot.DefaultTextHandler,
	}
}

// A panel is what goes right of the map: a legend or a colour bar.
type panel interface {
	// width returns the panel's width for a figure of the given height.
	width(height vg.Length) vg.Length
	// draw draws the panel in c, aligned with the map's data area.
	draw(c draw.Canvas, data vg.Rectangle)
}

// draw renders the figure onto c, drawing raster layers at dpi.
func (s *style) draw(c draw.Canvas, dpi int) {
	c.SetColor(color.White)
	c.Fill(c.Rectangle.Path())
	c = padded(c, padding)
	side := s.panel()
	var sideW vg.Length
	if side != nil {
		sideW = side.width(c.Size().Y) + padding
	}
	mapC := draw.Crop(c, 0, -sideW, 0, 0)
	p := s.plot(dpi)
	p.Draw(mapC)
	if side != nil {
		data := p.DataCanvas(mapC).Rectangle
		side.draw(draw.Crop(c, mapC.Size().X+padding, 0, 0, 0), data)
	}
}

func padded(c draw.Canvas, pad vg.Length) draw.Canvas {
	return draw.Crop(c, pad, -pad, pad, -pad)
}

// plot returns the map without its legend.
func (s *style) plot(dpi int) *plot.Plot {
	p := plot.New()
	p.BackgroundColor = color.White
	p.Title.Text = s.Title
	p.Title.TextStyle.Font = font.From(sans, titleSize)
	p.Title.Padding = 6
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = font.From(sans, labelSize)
		a.Tick.Label.Font = font.From(sans, tickSize)
		a.Padding = 3
		a.Tick.Length = 4
		a.Tick.Marker = niceTicks{}
	}
	p.X.Label.Text, p.Y.Label.Text = s.XLabel, s.YLabel
	margin := 0.04
	if s.Thumbnails != nil {
		margin = 0.08 // room for the thumbnails of the outermost points
	}
	v := render.FitView(s.XY, margin)
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = v.MinX, v.MaxX, v.MinY, v.MaxY
	p.Add(&pointLayer{s: s, dpi: dpi})
	if s.Thumbnails != nil {
		p.Add(&thumbnailLayer{s: s})
	}
	return p
}

// panel returns the legend or colour bar, or nil for an uncoloured map.
func (s *style) panel() panel {
	switch {
	case s.Categories != nil:
		return newLegend(s)
	case s.Values != nil:
		return &colorBar{s: s}
	}
	return nil
}
