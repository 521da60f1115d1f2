package export

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot/vg"

	"github.com/latent-explorer/latent/viz/render"
)

// Defaults for a Map's zero fields.
const (
	DefaultWidth           = 6 * vg.Inch
	DefaultHeight          = 4.5 * vg.Inch
	DefaultDPI             = 300
	DefaultMaxVectorPoints = 3000
	DefaultThumbnailSize   = 0.3 * vg.Inch
	// MaxThumbnails is the most points a figure with thumbnails may have.
	MaxThumbnails = 2000
)

// ErrInput is wrapped by the errors Map.Save and Map.WriteTo return when the
// Map's data do not fit together (lengths, categories, selection).
var ErrInput = errors.New("export: invalid map")

// A Map is a scatter figure of a 2-D map. XY is required; every other field
// is optional and its zero value picks a sensible default.
type Map struct {
	// XY holds the points as interleaved x, y pairs (see XYFromMatrix).
	// Points with a NaN or infinite coordinate are not drawn.
	XY []float64

	// Categories, when not nil, colours point i by category Categories[i]
	// (an index into CategoryNames; -1 or out of range means missing, drawn
	// grey) and draws a legend.
	Categories []int
	// CategoryNames are the legend's entries, one per category.
	CategoryNames []string
	// Palette colours the categories; nil means render.Categorical.
	Palette []color.NRGBA
	// HiddenCategories are not drawn and left out of the legend.
	HiddenCategories []int

	// Values, when not nil, colours point i by Values[i] through ColorMap
	// (NaN means missing) and draws a colour bar. Use either Categories or
	// Values.
	Values []float64
	// ColorMap maps values to colours; nil means render.Viridis.
	ColorMap render.ColorMap
	// ValueMin and ValueMax fix the colour bar's range; when both are zero
	// it is the range of Values.
	ValueMin, ValueMax float64

	// ColorLabel heads the legend or colour bar: the name of the column
	// the points are coloured by.
	ColorLabel string
	// Title is drawn above the map when not empty.
	Title string
	// XLabel and YLabel name the axes, such as "t-SNE 1" and "t-SNE 2".
	XLabel, YLabel string

	// Selection lists points to highlight: drawn opaque, ringed in black,
	// on top of the others.
	Selection []int

	// Thumbnails, when not nil, holds an image per point (nil for none) to
	// draw centred at the point, framed in the point's colour. At most
	// MaxThumbnails points.
	Thumbnails []image.Image
	// ThumbnailSize is the longer side of a thumbnail.
	ThumbnailSize vg.Length

	// PointSize is the diameter of a point; zero picks one by point count.
	PointSize vg.Length
	// Alpha is the opacity of a point in (0, 1]; zero picks one by point
	// count, lower for more points so that density shows.
	Alpha float64

	// Width and Height are the size of the figure.
	Width, Height vg.Length
	// DPI is the resolution of PNG output.
	DPI int
	// RasterDPI is the resolution of the point layer of large maps in
	// vector formats; zero means 300.
	RasterDPI int
	// MaxVectorPoints is the most points drawn as vector circles in any
	// format; larger maps draw their points as a raster layer. Zero means
	// DefaultMaxVectorPoints; a negative value always uses the layer.
	MaxVectorPoints int
}

// XYFromMatrix returns the first two columns of m as interleaved x, y pairs
// for Map.XY. It panics if m has fewer than two columns.
func XYFromMatrix(m mat.Matrix) []float64 {
	r, c := m.Dims()
	if c < 2 {
		panic("export: coordinate matrix has fewer than two columns")
	}
	xy := make([]float64, 2*r)
	for i := range r {
		xy[2*i], xy[2*i+1] = m.At(i, 0), m.At(i, 1)
	}
	return xy
}

// Len returns the number of points.
func (m *Map) Len() int { return len(m.XY) / 2 }

// validate reports what in m does not fit together.
func (m *Map) validate() error {
	n := m.Len()
	switch {
	case len(m.XY)%2 != 0:
		return fmt.Errorf("%w: XY has odd length %d", ErrInput, len(m.XY))
	case m.Categories != nil && m.Values != nil:
		return fmt.Errorf("%w: both categories and values given", ErrInput)
	case m.Categories != nil && len(m.Categories) != n:
		return fmt.Errorf("%w: %d points but %d categories", ErrInput, n, len(m.Categories))
	case m.Values != nil && len(m.Values) != n:
		return fmt.Errorf("%w: %d points but %d values", ErrInput, n, len(m.Values))
	case m.Thumbnails != nil && len(m.Thumbnails) != n:
		return fmt.Errorf("%w: %d points but %d thumbnails", ErrInput, n, len(m.Thumbnails))
	case m.Thumbnails != nil && n > MaxThumbnails:
		return fmt.Errorf("%w: %d points is too many for thumbnails (at most %d)", ErrInput, n, MaxThumbnails)
	case m.Palette != nil && len(m.Palette) < len(m.CategoryNames):
		return fmt.Errorf("%w: %d categories but %d palette colours", ErrInput, len(m.CategoryNames), len(m.Palette))
	case m.Width < 0 || m.Height < 0 || m.DPI < 0 || m.Alpha < 0 || m.Alpha > 1 || m.PointSize < 0:
		return fmt.Errorf("%w: negative size, DPI, alpha or point size, or alpha above 1", ErrInput)
	case m.ValueMax < m.ValueMin:
		return fmt.Errorf("%w: value range [%g, %g] is reversed", ErrInput, m.ValueMin, m.ValueMax)
	}
	for _, i := range m.Selection {
		if i < 0 || i >= n {
			return fmt.Errorf("%w: selected point %d out of range [0, %d)", ErrInput, i, n)
		}
	}
	return nil
}

// style is a Map with its defaults resolved, ready to draw.
type style struct {
	*Map
	width, height  vg.Length
	dpi, rasterDPI int
	maxVector      int
	pointSize      vg.Length
	alpha          float64
	palette        []color.NRGBA
	cmap           render.ColorMap
	lo, hi         float64
	hidden         []bool // by category
	colors         []color.NRGBA
	visible        []bool
	nVisible       int
	hasMissing     bool
}

func (m *Map) resolve() *style {
	s := &style{Map: m}
	s.width, s.height = orLength(m.Width, DefaultWidth), orLength(m.Height, DefaultHeight)
	s.dpi, s.rasterDPI = orInt(m.DPI, DefaultDPI), orInt(m.RasterDPI, 300)
	s.maxVector = orInt(m.MaxVectorPoints, DefaultMaxVectorPoints)
	s.pointSize, s.alpha = m.PointSize, m.Alpha
	auto, autoAlpha := autoPoint(m.Len())
	if s.pointSize == 0 {
		s.pointSize = auto
	}
	if s.alpha == 0 {
		s.alpha = autoAlpha
	}
	s.palette = m.Palette
	if s.palette == nil {
		s.palette = render.Categorical(len(m.CategoryNames))
	}
	s.cmap = m.ColorMap
	if s.cmap == nil {
		s.cmap = render.Viridis
	}
	s.lo, s.hi = m.ValueMin, m.ValueMax
	if s.lo == 0 && s.hi == 0 && m.Values != nil {
		s.lo, s.hi = render.ValueRange(m.Values)
	} else if s.lo == s.hi {
		s.lo, s.hi = s.lo-0.5, s.hi+0.5
	}
	s.hidden = make([]bool, len(m.CategoryNames))
	for _, c := range m.HiddenCategories {
		if c >= 0 && c < len(s.hidden) {
			s.hidden[c] = true
		}
	}
	s.pointColors()
	return s
}

// pointColors resolves each point's opaque colour and visibility.
func (s *style) pointColors() {
	n := s.Len()
	s.colors, s.visible = make([]color.NRGBA, n), make([]bool, n)
	for i := range n {
		c, ok := s.pointColor(i)
		s.colors[i] = c
		s.visible[i] = ok && finite(s.XY[2*i]) && finite(s.XY[2*i+1])
		if s.visible[i] {
			s.nVisible++
		}
	}
}

// missingColor colours points with no category or value.
var missingColor = color.NRGBA{160, 160, 160, 255}

// defaultColor colours every point of an uncoloured map (Okabe–Ito blue).
var defaultColor = color.NRGBA{0, 114, 178, 255}

func (s *style) pointColor(i int) (color.NRGBA, bool) {
	switch {
	case s.Categories != nil:
		c := s.Categories[i]
		if c < 0 || c >= len(s.CategoryNames) {
			s.hasMissing = true
			return missingColor, true
		}
		return s.palette[c], !s.hidden[c]
	case s.Values != nil:
		v := s.Values[i]
		if math.IsNaN(v) {
			s.hasMissing = true
			return missingColor, true
		}
		return s.cmap((v - s.lo) / (s.hi - s.lo)), true
	}
	return defaultColor, true
}

// autoPoint returns a point diameter and opacity for n points.
func autoPoint(n int) (vg.Length, float64) {
	switch {
	case n <= 1_000:
		return 4, 0.85
	case n <= 10_000:
		return 2.5, 0.7
	case n <= 100_000:
		return 1.5, 0.5
	}
	return 1, 0.35
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

func orLength(v, def vg.Length) vg.Length {
	if v == 0 {
		return def
	}
	return v
}

func orInt(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}
