package export

import (
	"fmt"
	"image"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/latent-explorer/latent/viz/render"
)

// Legend layout, in points.
const (
	swatchRadius  = 3.5
	swatchGap     = 4    // between swatch and name
	columnGap     = 10   // between legend columns
	lineSpacing   = 1.55 // line height as a multiple of the font size
	maxNameRunes  = 28   // longer category names are shortened with "…"
	maxLegendCols = 4
)

// A legend lists the visible categories with their colours, in columns
// when they do not fit in one.
type legend struct {
	heading       string
	names         []string
	colors        []color.NRGBA
	head, entry   text.Style
	rows, columns int
	colWidth      vg.Length
}

func newLegend(s *style) *legend {
	l := &legend{heading: s.ColorLabel, head: textStyle(sans, labelSize), entry: textStyle(sans, legendSize)}
	for c, name := range s.CategoryNames {
		if !s.hidden[c] {
			l.names = append(l.names, shorten(name))
			l.colors = append(l.colors, s.palette[c])
		}
	}
	if s.hasMissing {
		l.names = append(l.names, "(missing)")
		l.colors = append(l.colors, missingColor)
	}
	return l
}

// shorten cuts a name to maxNameRunes runes.
func shorten(s string) string {
	r := []rune(s)
	if len(r) <= maxNameRunes {
		return s
	}
	return string(r[:maxNameRunes-1]) + "…"
}

func (l *legend) lineHeight() vg.Length { return legendSize * lineSpacing }

// layout fits the entries into columns of the given height, dropping the
// ones that do not fit in maxLegendCols columns for a "… n more" line.
func (l *legend) layout(height vg.Length) {
	avail := height
	if l.heading != "" {
		avail -= l.lineHeight()
	}
	l.rows = max(int(avail/l.lineHeight()), 1)
	l.columns = min((len(l.names)+l.rows-1)/l.rows, maxLegendCols)
	if fit := l.rows * l.columns; len(l.names) > fit {
		more := len(l.names) - fit + 1
		l.names = append(l.names[:fit-1], fmt.Sprintf("… %d more", more))
		l.colors = append(l.colors[:fit-1], color.NRGBA{})
	}
	for _, n := range l.names {
		l.colWidth = max(l.colWidth, l.entry.Width(n))
	}
	l.colWidth += 2*swatchRadius + swatchGap
}

func (l *legend) width(height vg.Length) vg.Length {
	l.layout(height)
	w := vg.Length(l.columns)*l.colWidth + vg.Length(l.columns-1)*columnGap
	return max(w, l.head.Width(l.heading))
}

func (l *legend) draw(c draw.Canvas, data vg.Rectangle) {
	x, y := c.Min.X, data.Max.Y
	if l.heading != "" {
		sty := l.head
		sty.YAlign = draw.YTop
		c.FillText(sty, vg.Point{X: x, Y: y}, l.heading)
		y -= l.lineHeight()
	}
	sty := l.entry
	sty.YAlign = -0.35 // centre the x-height on the swatch
	for k, name := range l.names {
		col, row := k/l.rows, k%l.rows
		cx := x + vg.Length(col)*(l.colWidth+columnGap)
		cy := y - (vg.Length(row)+0.5)*l.lineHeight()
		tx := cx
		if l.colors[k].A != 0 {
			c.DrawGlyphNoClip(draw.GlyphStyle{Shape: draw.CircleGlyph{}, Radius: swatchRadius, Color: l.colors[k]},
				vg.Point{X: cx + swatchRadius, Y: cy})
			tx += 2*swatchRadius + swatchGap
		}
		c.FillText(sty, vg.Point{X: tx, Y: cy}, name)
	}
}

// A colorBar shows the colour map of a numeric colouring with ticks.
type colorBar struct {
	s *style
}

// Colour bar layout, in points.
const (
	barWidth  = 10
	barTick   = 3
	barTickGp = 2
	// barLabelGap separates the tick labels from the bar's label.
	barLabelGap = 6
)

func (b *colorBar) tickLabels() []plot.Tick {
	var ts []plot.Tick
	for _, t := range (niceTicks{}).Ticks(b.s.lo, b.s.hi) {
		if t.Label != "" {
			ts = append(ts, t)
		}
	}
	return ts
}

func (b *colorBar) width(vg.Length) vg.Length {
	sty := textStyle(sans, tickSize)
	var lw vg.Length
	for _, t := range b.tickLabels() {
		lw = max(lw, sty.Width(t.Label))
	}
	w := barWidth + barTick + barTickGp + lw
	if b.s.ColorLabel != "" {
		w += barLabelGap + textStyle(sans, labelSize).Height(b.s.ColorLabel)
	}
	if b.s.hasMissing {
		w = max(w, barWidth+barTick+barTickGp+textStyle(sans, legendSize).Width("(missing)"))
	}
	return w
}

// draw draws the bar beside the data area, its label turned to read
// upwards on its right, as matplotlib places a colour bar's label.
func (b *colorBar) draw(c draw.Canvas, data vg.Rectangle) {
	x, top, bottom := c.Min.X, data.Max.Y, data.Min.Y
	if b.s.hasMissing {
		b.drawMissing(c, x, bottom)
		bottom += legendSize * lineSpacing
	}
	bar := vg.Rectangle{Min: vg.Point{X: x, Y: bottom}, Max: vg.Point{X: x + barWidth, Y: top}}
	img := image.NewNRGBA(image.Rect(0, 0, 1, 256))
	render.ColorBar(img, b.s.cmap, true)
	c.DrawImage(bar, img)
	edge := draw.LineStyle{Color: color.Black, Width: 0.5}
	c.StrokeLines(edge, rectLines(bar))
	b.drawTicks(c, bar)
	if b.s.ColorLabel != "" {
		sty := textStyle(sans, labelSize)
		sty.Rotation = math.Pi / 2
		sty.XAlign, sty.YAlign = draw.XCenter, draw.YBottom
		c.FillText(sty, vg.Point{X: c.Max.X, Y: (bar.Min.Y + bar.Max.Y) / 2}, b.s.ColorLabel)
	}
}

func (b *colorBar) drawTicks(c draw.Canvas, bar vg.Rectangle) {
	sty := textStyle(sans, tickSize)
	sty.YAlign = draw.YCenter
	line := draw.LineStyle{Color: color.Black, Width: 0.5}
	for _, t := range b.tickLabels() {
		f := (t.Value - b.s.lo) / (b.s.hi - b.s.lo)
		if f < -1e-9 || f > 1+1e-9 || math.IsNaN(f) {
			continue
		}
		y := bar.Min.Y + vg.Length(f)*(bar.Max.Y-bar.Min.Y)
		c.StrokeLine2(line, bar.Max.X, y, bar.Max.X+barTick, y)
		c.FillText(sty, vg.Point{X: bar.Max.X + barTick + barTickGp, Y: y}, t.Label)
	}
}

// drawMissing draws the grey "missing" entry below the bar.
func (b *colorBar) drawMissing(c draw.Canvas, x, bottom vg.Length) {
	cy := bottom + legendSize*lineSpacing/2
	c.DrawGlyphNoClip(draw.GlyphStyle{Shape: draw.CircleGlyph{}, Radius: swatchRadius, Color: missingColor},
		vg.Point{X: x + barWidth/2, Y: cy})
	sty := textStyle(sans, legendSize)
	sty.YAlign = -0.35
	c.FillText(sty, vg.Point{X: x + barWidth + barTick + barTickGp, Y: cy}, "(missing)")
}

// rectLines returns the outline of r as one closed polyline.
func rectLines(r vg.Rectangle) []vg.Point {
	return []vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}, r.Min}
}
