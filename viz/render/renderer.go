package render

import (
	"image/color"
	"math"
	"slices"
)

// MaxCategories is the largest palette ColorByCategory accepts.
const MaxCategories = 1<<16 - 2

// valueLevels is the number of colours ColorByValue quantises values to.
const valueLevels = 256

// Style says how a Renderer draws. It may be changed between draws.
type Style struct {
	// PointSize is the diameter of a point in pixels; up to 1.5 draws one
	// pixel per point.
	PointSize float64
	// Alpha is the opacity of one point in [0, 1]; below 1, overlapping
	// points build up, so density shows.
	Alpha float64
	// Background is painted over the whole image first; the zero value
	// leaves a transparent image.
	Background color.NRGBA
	// Missing colours points with no category or a NaN value.
	Missing color.NRGBA
	// Highlight is the colour of the ring drawn around selected points,
	// which are drawn opaque and on top of the others.
	Highlight color.NRGBA
	// Marker is the colour of the "you are here" marker, drawn last with a
	// halo of Background's colour (white when Background is transparent).
	Marker color.NRGBA
	// MarkerSize is the diameter of the marker's ring in pixels.
	MarkerSize float64
	// Dim, when above 0, is the opacity factor of the points out of focus:
	// hidden categories are drawn at Alpha·Dim rather than not at all, and
	// while points are selected or matched (SetMatches) every other point
	// is drawn at Alpha·Dim. At 0 hidden categories are not drawn and the
	// others are drawn as usual. Dimmed hidden points stay invisible to
	// Visible, so they cannot be hovered or selected.
	Dim float64
	// Match is the colour of the ring drawn around matched points, drawn
	// opaque on top of the others and below the selection.
	Match color.NRGBA
}

// DefaultStyle returns the map's default style: 2-pixel points at 60%
// opacity on white, grey for missing values, black selection rings and a
// red marker.
func DefaultStyle() Style {
	return Style{
		PointSize:  2,
		Alpha:      0.6,
		Background: color.NRGBA{255, 255, 255, 255},
		Missing:    color.NRGBA{160, 160, 160, 255},
		Highlight:  color.NRGBA{0, 0, 0, 255},
		Marker:     color.NRGBA{220, 20, 60, 255},
		MarkerSize: 14,
		Match:      color.NRGBA{230, 159, 0, 255},
	}
}

// A Renderer draws a scatter map of n points. Create one with New, choose a
// colouring (Uniform, ColorByCategory or ColorByValue), and call Draw for
// every frame. Draw allocates nothing unless the Style's sizes changed
// since the last Draw.
//
// Colours are held per point as a small key into a colour table: key 0 is
// "missing", key c+1 is category c (or value level c), so hiding a
// category or changing the opacity costs nothing per point. Points are
// drawn along a space-filling curve rather than in index order, so that
// the pixels being blended stay in cache (see SetPoints); where points of
// different colours overlap, the one drawn last shows most.
//
// A Renderer is not safe for concurrent use: draw from one goroutine.
type Renderer struct {
	Style Style

	xy     []float64
	keys   []uint16      // colour key of each point
	order  []int32       // the drawing order (see drawOrder)
	dxy    []float64     // xy in drawing order
	dkeys  []uint16      // keys in drawing order
	colors []color.NRGBA // by key; colors[0] is replaced by Style.Missing
	hidden []bool        // by key

	selected []int32 // sorted, unique
	matches  []int32 // sorted, unique

	marker     bool
	markX, mkY float64
	pin        pin

	// caches, rebuilt by Draw when the style, colouring or image changed
	lut         []paint
	lutFor      lutKey
	point, ring stamp
	pointFor    float64
	marks       [4]stamp // ring halo, ring, dot halo, dot
	markFor     float64
	strideFor   int
}

type lutKey struct {
	alpha, dim float64
	focus      bool // points are selected or matched (dimming the rest)
	missing    color.NRGBA
	valid      bool
}

// New returns a Renderer for the points xy, interleaved x, y pairs (a
// row-major n×2 matrix's data), coloured uniformly dark blue, with
// DefaultStyle. The Renderer keeps xy, not a copy: change the points only
// between draws, through SetPoints. Points with a NaN coordinate are not
// drawn.
func New(xy []float64) *Renderer {
	r := &Renderer{Style: DefaultStyle()}
	r.SetPoints(xy)
	return r
}

// Len returns the number of points.
func (r *Renderer) Len() int { return len(r.xy) / 2 }

// Points returns the points' interleaved coordinates (shared, not copied).
func (r *Renderer) Points() []float64 { return r.xy }

// SetPoints replaces the points, as when a projection's layout moves. It
// sorts the points into drawing order along a Z-order curve in O(n). With
// the same number of points the colouring and selection stay; otherwise
// the colouring becomes Uniform and the selection is cleared.
func (r *Renderer) SetPoints(xy []float64) {
	checkXY(xy)
	same := len(xy) == len(r.xy) && r.keys != nil
	r.xy = xy
	r.order = drawOrder(xy, r.order)
	r.dxy = slices.Grow(r.dxy[:0], len(xy))[:len(xy)]
	for k, i := range r.order {
		r.dxy[2*k], r.dxy[2*k+1] = xy[2*i], xy[2*i+1]
	}
	if !same {
		r.selected, r.matches = r.selected[:0], r.matches[:0]
		r.Uniform(color.NRGBA{0, 114, 178, 255})
		return
	}
	r.permuteKeys()
}

// permuteKeys copies the colour keys into drawing order.
func (r *Renderer) permuteKeys() {
	r.dkeys = slices.Grow(r.dkeys[:0], len(r.keys))[:len(r.keys)]
	for k, i := range r.order {
		r.dkeys[k] = r.keys[i]
	}
}

// Uniform colours every point c.
func (r *Renderer) Uniform(c color.NRGBA) {
	r.resetKeys(1)
	for i := range r.keys {
		r.keys[i] = 1
	}
	r.colors[1] = c
	r.permuteKeys()
}

// ColorByCategory colours point i with palette[cat[i]]; points whose
// category is negative or not below len(palette) are missing and take
// Style.Missing. It panics if len(cat) is not the number of points or the
// palette has more than MaxCategories colours.
func (r *Renderer) ColorByCategory(cat []int, palette []color.NRGBA) {
	if len(cat) != r.Len() {
		panic("render: category count does not match point count")
	}
	if len(palette) > MaxCategories {
		panic("render: palette too long")
	}
	r.resetKeys(len(palette))
	copy(r.colors[1:], palette)
	for i, c := range cat {
		if c >= 0 && c < len(palette) {
			r.keys[i] = uint16(c + 1)
		} else {
			r.keys[i] = 0
		}
	}
	r.permuteKeys()
}

// ColorByValue colours point i with cm((v[i]-lo)/(hi-lo)), quantised to 256
// levels; NaN values are missing and take Style.Missing, values outside
// [lo, hi] take the end colours. It panics if len(v) is not the number of
// points or hi ≤ lo; use ValueRange for lo and hi.
func (r *Renderer) ColorByValue(v []float64, cm ColorMap, lo, hi float64) {
	if len(v) != r.Len() {
		panic("render: value count does not match point count")
	}
	if !(hi > lo) {
		panic("render: empty value range")
	}
	r.resetKeys(valueLevels)
	for k := range valueLevels {
		r.colors[k+1] = cm(float64(k) / (valueLevels - 1))
	}
	scale := (valueLevels - 1) / (hi - lo)
	for i, x := range v {
		if math.IsNaN(x) {
			r.keys[i] = 0
			continue
		}
		t := math.Round((min(max(x, lo), hi) - lo) * scale)
		r.keys[i] = uint16(t) + 1
	}
	r.permuteKeys()
}

// ValueRange returns the smallest and largest non-NaN values of v, widened
// to a unit when they are equal, for ColorByValue and a colour bar. It
// returns (0, 1) when every value is NaN.
func ValueRange(v []float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, x := range v {
		if !math.IsNaN(x) {
			lo, hi = min(lo, x), max(hi, x)
		}
	}
	switch {
	case lo > hi:
		return 0, 1
	case lo == hi:
		return lo - 0.5, hi + 0.5
	}
	return lo, hi
}

// resetKeys sizes the key and colour tables for ncolors colours plus
// "missing" and shows every key.
func (r *Renderer) resetKeys(ncolors int) {
	r.keys = slices.Grow(r.keys[:0], r.Len())[:r.Len()]
	r.colors = slices.Grow(r.colors[:0], ncolors+1)[:ncolors+1]
	r.hidden = slices.Grow(r.hidden[:0], ncolors+1)[:ncolors+1]
	clear(r.hidden)
	r.lutFor.valid = false
}

// SetHidden hides or shows the points of category c (a palette index of
// ColorByCategory, a level of ColorByValue); c = -1 means the missing
// points. Categories beyond the colouring are ignored.
func (r *Renderer) SetHidden(c int, hidden bool) {
	if c+1 >= 0 && c+1 < len(r.hidden) {
		r.hidden[c+1] = hidden
		r.lutFor.valid = false
	}
}

// Hidden reports whether category c is hidden (c = -1: the missing points).
func (r *Renderer) Hidden(c int) bool {
	return c+1 >= 0 && c+1 < len(r.hidden) && r.hidden[c+1]
}

// Visible reports whether point i is drawn: its category is not hidden and
// its coordinates are not NaN. Pass it to Index queries so that hidden
// points cannot be hovered or selected.
func (r *Renderer) Visible(i int) bool {
	return !r.hidden[r.keys[i]] && !math.IsNaN(r.xy[2*i]) && !math.IsNaN(r.xy[2*i+1])
}

// Select makes idx the selection, drawn highlighted on top. It panics if
// an index is out of range.
func (r *Renderer) Select(idx []int) { r.selected = r.indexSet(r.selected, idx, "selected") }

// SetMatches makes idx the matched points (a search's), drawn opaque and
// ringed with Style.Match on top of the others. It panics if an index is
// out of range.
func (r *Renderer) SetMatches(idx []int) { r.matches = r.indexSet(r.matches, idx, "matched") }

// Matches returns the matched indices in increasing order.
func (r *Renderer) Matches() []int { return ints(r.matches) }

// indexSet returns idx sorted and unique in dst's storage.
func (r *Renderer) indexSet(dst []int32, idx []int, what string) []int32 {
	dst = dst[:0]
	for _, i := range idx {
		if i < 0 || i >= r.Len() {
			panic("render: " + what + " index out of range")
		}
		dst = append(dst, int32(i))
	}
	slices.Sort(dst)
	return slices.Compact(dst)
}

func ints(v []int32) []int {
	s := make([]int, len(v))
	for k, i := range v {
		s[k] = int(i)
	}
	return s
}

// Selection returns the selected indices in increasing order.
func (r *Renderer) Selection() []int { return ints(r.selected) }

// SetMarker shows the "you are here" marker at data point (x, y).
func (r *Renderer) SetMarker(x, y float64) {
	r.marker, r.markX, r.mkY = true, x, y
}

// HideMarker hides the marker.
func (r *Renderer) HideMarker() { r.marker = false }
