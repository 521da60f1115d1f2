package widgets

import (
	"image"
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/latent-explorer/latent/viz/render"
)

// zoomStep is the zoom factor of one scroll notch.
const zoomStep = 1.15

// hoverRadius is how near, in pixels, the cursor must be to hit a point.
const hoverRadius = 6

// MapView is the interactive 2-D map of the codes: scroll zooms about the
// cursor, drag pans, double-click resets the view, hover reports the point
// under the cursor, a click picks a point (or an empty place), shift-drag
// selects a box and, in lasso mode, drag selects a free shape. It draws
// with render.Renderer, which the caller configures (colours, hidden
// categories, marker) through Renderer and then calls Refresh.
type MapView struct {
	widget.BaseWidget

	// OnHover is called with the index of the point under the cursor, or -1.
	OnHover func(i int)
	// OnTap is called when the person clicks: i is the point hit, or -1
	// for an empty place at data position (x, y).
	OnTap func(i int, x, y float64)
	// OnSelect is called with the points a box or lasso selected.
	OnSelect func(idx []int)
	// Lasso makes a plain drag draw a lasso instead of panning.
	Lasso bool
	// Tooltip, if set, gives the text and picture shown when hovering point i.
	Tooltip func(i int) (string, image.Image)
	// OnViewChanged is called when the person zooms, pans or resets the
	// view, with the data window (before fitting it to the widget's
	// aspect; fit is true when the view fits all points).
	OnViewChanged func(v render.View, fit bool)

	r     *render.Renderer
	index *render.Index
	view  render.View
	home  render.View
	img   *image.RGBA
	w, h  int // last drawn size in pixels

	drag    dragState
	tip     *mapRenderer
	hovered int
	// path is a polyline drawn over the points (an interpolation's path),
	// interleaved x, y in data coordinates.
	path []float64
}

type dragMode int

const (
	dragNone dragMode = iota
	dragPan
	dragBox
	dragLasso
)

type dragState struct {
	mode  dragMode
	shift bool
	start fyne.Position
	path  []fyne.Position
}

// NewMapView returns a map of the points xy (interleaved x, y pairs).
func NewMapView(xy []float64) *MapView {
	m := &MapView{r: render.New(xy), hovered: -1}
	m.r.Style = render.DefaultStyle()
	m.SetPoints(xy)
	m.ExtendBaseWidget(m)
	return m
}

// Renderer returns the point renderer, to set colours, hidden categories,
// the selection and the marker. Call Refresh after changing it.
func (m *MapView) Renderer() *render.Renderer { return m.r }

// SetPoints replaces the points (a new projection, or an intermediate
// layout while one runs) and, when fit is true or the count changed, fits
// the view to them.
func (m *MapView) SetPoints(xy []float64) {
	same := m.index != nil && m.r.Len() == len(xy)/2
	m.r.SetPoints(xy)
	m.r.Style.PointSize = render.PointSizeFor(len(xy) / 2)
	m.index = render.NewIndex(xy)
	m.home = render.FitView(xy, 0.05)
	if !same {
		m.view = m.home
	}
}

// AnimatePoints shows an intermediate layout while a projection runs:
// the points move and the view follows them, but the hit-testing index
// is kept from the last SetPoints (rebuilding it would cost more than a
// frame at a million points).
func (m *MapView) AnimatePoints(xy []float64) {
	if m.r.Len() != len(xy)/2 {
		m.SetPoints(xy)
		return
	}
	m.r.SetPoints(xy)
	m.view = render.FitView(xy, 0.05)
	m.Refresh()
}

// ResetView fits the view to all points.
func (m *MapView) ResetView() {
	m.view = m.home
	m.Refresh()
	m.viewChanged(true)
}

func (m *MapView) viewChanged(fit bool) {
	if m.OnViewChanged != nil {
		m.OnViewChanged(m.view, fit)
	}
}

// RawView returns the data window as set, before fitting it to the
// widget's aspect (what SetView takes back).
func (m *MapView) RawView() render.View { return m.view }

// View returns the data window shown.
func (m *MapView) View() render.View { return m.view.WithAspect(m.pixels()) }

// SetView shows the data window v.
func (m *MapView) SetView(v render.View) {
	m.view = v
	m.Refresh()
}

// SetPath draws the polyline through the data points xy (interleaved x,
// y; pairs with a NaN are skipped) over the map, or none for nil.
func (m *MapView) SetPath(xy []float64) {
	m.path = append(m.path[:0], xy...)
	m.Refresh()
}

// Path returns the polyline drawn over the map.
func (m *MapView) Path() []float64 { return m.path }

// Index returns the hit-testing index of the points.
func (m *MapView) Index() *render.Index { return m.index }

// MinSize implements fyne.Widget.
func (m *MapView) MinSize() fyne.Size { return fyne.NewSize(240, 240) }

// pixels returns the widget's size in device pixels.
func (m *MapView) pixels() (int, int) {
	if m.w > 0 && m.h > 0 {
		return m.w, m.h
	}
	s := m.Size()
	return max(int(s.Width), 1), max(int(s.Height), 1)
}

// toPixel converts a widget position to device pixels.
func (m *MapView) toPixel(p fyne.Position) (float64, float64) {
	s := m.Size()
	w, h := m.pixels()
	if s.Width == 0 || s.Height == 0 {
		return float64(p.X), float64(p.Y)
	}
	return float64(p.X) * float64(w) / float64(s.Width), float64(p.Y) * float64(h) / float64(s.Height)
}

// toPosition converts device pixels to a widget position.
func (m *MapView) toPosition(px, py float64) fyne.Position {
	s := m.Size()
	w, h := m.pixels()
	return fyne.NewPos(float32(px*float64(s.Width)/float64(w)), float32(py*float64(s.Height)/float64(h)))
}

// DataAt returns the data position under widget position p.
func (m *MapView) DataAt(p fyne.Position) (x, y float64) {
	px, py := m.toPixel(p)
	w, h := m.pixels()
	return m.View().ToData(px, py, w, h)
}

// PositionOf returns the widget position of data point (x, y).
func (m *MapView) PositionOf(x, y float64) fyne.Position {
	w, h := m.pixels()
	px, py := m.View().ToPixel(x, y, w, h)
	return m.toPosition(px, py)
}

// PointAt returns the visible point within a few pixels of p, or -1.
func (m *MapView) PointAt(p fyne.Position) int {
	x, y := m.DataAt(p)
	w, h := m.pixels()
	dx, dy := m.View().PixelSize(w, h)
	i, ok := m.index.Nearest(x, y, hoverRadius*dx, hoverRadius*dy, m.r.Visible)
	if !ok {
		return -1
	}
	return i
}

// draw renders the points into a w × h image, reusing the last one.
func (m *MapView) draw(w, h int) image.Image {
	if m.img == nil || m.img.Rect.Dx() != w || m.img.Rect.Dy() != h {
		m.img = image.NewRGBA(image.Rect(0, 0, w, h))
	}
	m.w, m.h = w, h
	m.r.Style.Background = toNRGBA(theme.Color(theme.ColorNameInputBackground))
	m.r.Draw(m.img, m.view.WithAspect(w, h))
	return m.img
}

func toNRGBA(c color.Color) color.NRGBA {
	return color.NRGBAModel.Convert(c).(color.NRGBA)
}

// Scrolled zooms about the cursor.
func (m *MapView) Scrolled(ev *fyne.ScrollEvent) {
	factor := math.Pow(zoomStep, float64(ev.Scrolled.DY)/10)
	if ev.Scrolled.DY == 0 {
		return
	}
	px, py := m.toPixel(ev.Position)
	w, h := m.pixels()
	m.view = m.view.WithAspect(w, h).Zoom(px, py, factor, w, h) // wheel up (DY > 0) zooms in
	m.Refresh()
	m.viewChanged(false)
}

// MouseDown remembers whether shift is held, for box selection.
func (m *MapView) MouseDown(ev *desktop.MouseEvent) {
	m.drag.shift = ev.Modifier&fyne.KeyModifierShift != 0
}

// MouseUp implements desktop.Mouseable.
func (m *MapView) MouseUp(*desktop.MouseEvent) {}

// Dragged pans, or draws a selection box or lasso.
func (m *MapView) Dragged(ev *fyne.DragEvent) {
	if m.drag.mode == dragNone {
		m.startDrag(ev)
	}
	switch m.drag.mode {
	case dragPan:
		w, h := m.pixels()
		dx, dy := m.toPixel(fyne.NewPos(ev.Dragged.DX, ev.Dragged.DY))
		m.view = m.view.WithAspect(w, h).Pan(dx, dy, w, h)
	default:
		m.drag.path = append(m.drag.path, ev.Position)
	}
	m.Refresh()
}

func (m *MapView) startDrag(ev *fyne.DragEvent) {
	start := ev.Position.Subtract(ev.Dragged)
	m.drag.start = start
	m.drag.path = []fyne.Position{start}
	switch {
	case m.drag.shift:
		m.drag.mode = dragBox
	case m.Lasso:
		m.drag.mode = dragLasso
	default:
		m.drag.mode = dragPan
	}
}

// DragEnd finishes a pan or a selection.
func (m *MapView) DragEnd() {
	mode, path := m.drag.mode, m.drag.path
	m.drag = dragState{}
	switch mode {
	case dragBox:
		m.SelectBox(path[0], path[len(path)-1])
	case dragLasso:
		m.SelectLasso(path)
	case dragPan:
		m.viewChanged(false)
	}
	m.Refresh()
}

// SelectBox selects the visible points in the box between two widget positions.
func (m *MapView) SelectBox(a, b fyne.Position) {
	x0, y0 := m.DataAt(a)
	x1, y1 := m.DataAt(b)
	idx := m.index.InRect(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1), nil, m.r.Visible)
	m.setSelection(idx)
}

// SelectLasso selects the visible points inside the polygon through the
// widget positions path.
func (m *MapView) SelectLasso(path []fyne.Position) {
	if len(path) < 3 {
		return
	}
	poly := make([][2]float64, len(path))
	for i, p := range path {
		poly[i][0], poly[i][1] = m.DataAt(p)
	}
	m.setSelection(m.index.InPolygon(poly, nil, m.r.Visible))
}

func (m *MapView) setSelection(idx []int) {
	m.r.Select(idx)
	if m.OnSelect != nil {
		m.OnSelect(idx)
	}
}

// Tapped picks the point under the cursor or the empty place.
func (m *MapView) Tapped(ev *fyne.PointEvent) {
	if m.OnTap == nil {
		return
	}
	x, y := m.DataAt(ev.Position)
	m.OnTap(m.PointAt(ev.Position), x, y)
}

// DoubleTapped resets the view.
func (m *MapView) DoubleTapped(*fyne.PointEvent) { m.ResetView() }

// MouseIn implements desktop.Hoverable.
func (m *MapView) MouseIn(ev *desktop.MouseEvent) { m.MouseMoved(ev) }

// MouseMoved reports the point under the cursor and moves the tooltip.
func (m *MapView) MouseMoved(ev *desktop.MouseEvent) {
	i := m.PointAt(ev.Position)
	m.hovered = i
	if m.OnHover != nil {
		m.OnHover(i)
	}
	m.moveTooltip(ev.Position)
}

// MouseOut hides the tooltip.
func (m *MapView) MouseOut() {
	m.hovered = -1
	if m.OnHover != nil {
		m.OnHover(-1)
	}
	m.moveTooltip(fyne.Position{})
}

// Hovered returns the point under the cursor, or -1.
func (m *MapView) Hovered() int { return m.hovered }

// CreateRenderer implements fyne.Widget.
func (m *MapView) CreateRenderer() fyne.WidgetRenderer {
	r := &mapRenderer{m: m, raster: canvas.NewRaster(m.draw), box: canvas.NewRectangle(color.Transparent)}
	r.raster.ScaleMode = canvas.ImageScalePixels
	r.box.StrokeWidth = 1
	r.box.StrokeColor = theme.Color(theme.ColorNameForeground)
	r.tipText = widget.NewLabel("")
	r.tipImage = canvas.NewImageFromImage(nil)
	r.tipImage.ScaleMode = canvas.ImageScalePixels
	r.tipImage.FillMode = canvas.ImageFillContain
	r.tipImage.SetMinSize(fyne.NewSize(56, 56))
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameOverlayBackground))
	bg.StrokeColor = theme.Color(theme.ColorNameShadow)
	bg.StrokeWidth = 1
	r.tip = container.NewStack(bg, container.NewPadded(container.NewHBox(r.tipImage, r.tipText)))
	r.tip.Hide()
	m.tip = r
	return r
}

// mapRenderer draws the raster, the selection box or lasso while dragging,
// and the hover tooltip.
type mapRenderer struct {
	m        *MapView
	raster   *canvas.Raster
	box      *canvas.Rectangle
	lasso    []fyne.CanvasObject
	path     []fyne.CanvasObject
	tip      *fyne.Container
	tipText  *widget.Label
	tipImage *canvas.Image
}

func (r *mapRenderer) Layout(s fyne.Size) { r.raster.Resize(s) }

func (r *mapRenderer) MinSize() fyne.Size { return r.m.MinSize() }

func (r *mapRenderer) Refresh() {
	r.layoutDrag()
	r.layoutPath()
	r.raster.Refresh()
	r.tip.Refresh()
}

func (r *mapRenderer) Objects() []fyne.CanvasObject {
	objs := []fyne.CanvasObject{r.raster, r.box}
	objs = append(objs, r.path...)
	objs = append(objs, r.lasso...)
	return append(objs, r.tip)
}

func (r *mapRenderer) Destroy() {}

// layoutDrag shows the selection box or the lasso path of the drag under way.
func (r *mapRenderer) layoutDrag() {
	d := r.m.drag
	r.box.Hidden = d.mode != dragBox
	if d.mode == dragBox && len(d.path) > 0 {
		a, b := d.path[0], d.path[len(d.path)-1]
		r.box.Move(fyne.NewPos(min(a.X, b.X), min(a.Y, b.Y)))
		r.box.Resize(fyne.NewSize(abs32(b.X-a.X), abs32(b.Y-a.Y)))
	}
	r.lasso = r.lasso[:0]
	if d.mode != dragLasso {
		return
	}
	for i := 1; i < len(d.path); i++ {
		l := canvas.NewLine(theme.Color(theme.ColorNameForeground))
		l.Position1, l.Position2 = d.path[i-1], d.path[i]
		r.lasso = append(r.lasso, l)
	}
}

// layoutPath places the path's segments and a dot at each of its points.
func (r *mapRenderer) layoutPath() {
	r.path = r.path[:0]
	xy := r.m.path
	c := theme.Color(theme.ColorNameForeground)
	var prev fyne.Position
	have := false
	for k := 0; k+1 < len(xy); k += 2 {
		if math.IsNaN(xy[k]) || math.IsNaN(xy[k+1]) {
			have = false
			continue
		}
		p := r.m.PositionOf(xy[k], xy[k+1])
		if have {
			l := canvas.NewLine(c)
			l.StrokeWidth = 2
			l.Position1, l.Position2 = prev, p
			r.path = append(r.path, l)
		}
		dot := canvas.NewCircle(c)
		dot.Resize(fyne.NewSize(5, 5))
		dot.Move(p.Subtract(fyne.NewPos(2.5, 2.5)))
		r.path = append(r.path, dot)
		prev, have = p, true
	}
}

func abs32(v float32) float32 {
	if v < 0 {
		return -v
	}
	return v
}

// moveTooltip shows the hovered point's tooltip near p, inside the map.
func (m *MapView) moveTooltip(p fyne.Position) {
	r := m.tip
	if r == nil {
		return
	}
	if m.hovered < 0 || m.Tooltip == nil {
		r.tip.Hide()
		return
	}
	text, img := m.Tooltip(m.hovered)
	r.tipText.SetText(text)
	r.tipImage.Image = img
	r.tipImage.Hidden = img == nil
	r.tipImage.Refresh()
	size := r.tip.MinSize()
	r.tip.Resize(size)
	pos := p.Add(fyne.NewPos(14, 14))
	s := m.Size()
	if pos.X+size.Width > s.Width {
		pos.X = p.X - size.Width - 8
	}
	if pos.Y+size.Height > s.Height {
		pos.Y = p.Y - size.Height - 8
	}
	r.tip.Move(fyne.NewPos(max(pos.X, 0), max(pos.Y, 0)))
	r.tip.Show()
}

// TooltipText returns the tooltip's text while it shows, for tests.
func (m *MapView) TooltipText() string {
	if m.tip == nil || m.tip.tip.Hidden {
		return ""
	}
	return m.tip.tipText.Text
}

// DrawFrame renders the map into a w × h pixel image as a frame does.
func (m *MapView) DrawFrame(w, h int) image.Image { return m.draw(w, h) }
