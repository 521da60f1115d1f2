package app

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/latent-explorer/latent/app/session"
	"github.com/latent-explorer/latent/app/widgets"
	"github.com/latent-explorer/latent/viz/render"
)

const noColoring = "(none)"

// mapPanel is the map of the codes with its bar: colour by, lasso, the
// selection count and Clear. It shows the session's map, colouring,
// selection, view and "you are here" marker.
type mapPanel struct {
	e         *Explorer
	view      *widgets.MapView
	colorBy   *widget.Select
	lasso     *widget.Check
	selection *widget.Label
	clear     *widget.Button
	// layouts counts the intermediate layouts drawn; tests wait on it.
	layouts int
}

func newMapPanel(e *Explorer) *mapPanel {
	p := &mapPanel{e: e, view: widgets.NewMapView(nil), selection: widget.NewLabel("no selection")}
	p.view.OnTap = p.tapped
	p.view.OnSelect = func(idx []int) { e.core.Select(idx) }
	p.view.OnViewChanged = p.viewChanged
	p.view.Tooltip = p.tooltip
	p.colorBy = widget.NewSelect(nil, p.colorChosen)
	p.lasso = widget.NewCheck("Lasso", func(on bool) { p.view.Lasso = on })
	p.clear = widget.NewButton("Clear", func() { e.core.Select(nil) })
	e.subscribe(p.update)
	return p
}

func (p *mapPanel) bar() fyne.CanvasObject {
	// Wide enough for "outlier-roundtrip" and most metadata names.
	return container.NewHBox(widget.NewLabel("Colour by"), container.NewGridWrap(fyne.NewSize(210, 36), p.colorBy), p.lasso, p.selection, p.clear)
}

func (p *mapPanel) update(ev session.Event) {
	c := p.e.core
	if ev.Has(session.ChangedSpace | session.ChangedMap) {
		st := c.Snapshot()
		p.view.SetPoints(st.Map.Coords)
		p.showView(st.View)
	}
	if ev.Has(session.ChangedLayout) && len(ev.Layout) == p.view.Renderer().Len()*2 {
		p.view.AnimatePoints(ev.Layout)
		p.layouts++
	}
	if ev.Has(session.ChangedJob) && ev.Job.Kind == "project" && ev.Job.Done && ev.Job.Err != nil && !errors.Is(ev.Job.Err, session.ErrStale) {
		// A cancelled or failed projection leaves the map it had: redraw it
		// over the last intermediate layout.
		st := c.Snapshot()
		p.view.SetPoints(st.Map.Coords)
		p.showView(st.View)
		p.placeMarker()
	}
	if ev.Has(session.ChangedSpace | session.ChangedColumns | session.ChangedColoring) {
		p.showColoring()
	}
	if ev.Has(session.ChangedSpace | session.ChangedSelection) {
		sel := c.Snapshot().Selection
		p.view.Renderer().Select(sel)
		p.selection.SetText(fmt.Sprintf("%d selected", len(sel)))
		if len(sel) == 0 {
			p.selection.SetText("no selection")
		}
	}
	if ev.Has(session.ChangedView) && !ev.Has(session.ChangedMap) {
		p.showView(c.Snapshot().View)
	}
	if ev.Has(session.ChangedSpace | session.ChangedMap | session.ChangedVector) {
		p.placeMarker()
	}
	p.view.Refresh()
}

// showView shows the session's view, or all points.
func (p *mapPanel) showView(v session.View) {
	if !v.Set {
		p.view.ResetView()
		return
	}
	want := render.View{MinX: v.MinX, MaxX: v.MaxX, MinY: v.MinY, MaxY: v.MaxY}
	if p.view.RawView() != want {
		p.view.SetView(want)
	}
}

// viewChanged records a zoom, pan or reset in the session.
func (p *mapPanel) viewChanged(v render.View, fit bool) {
	if fit {
		p.e.core.SetView(session.View{})
		return
	}
	p.e.core.SetView(session.View{Set: true, MinX: v.MinX, MaxX: v.MaxX, MinY: v.MinY, MaxY: v.MaxY})
}

// showColoring fills the colour-by choice and colours the points.
func (p *mapPanel) showColoring() {
	c := p.e.core
	opts := []string{noColoring}
	for _, col := range c.Columns() {
		opts = append(opts, col.Name)
	}
	p.colorBy.Options = opts
	name := c.Snapshot().Coloring.Column
	if name == "" {
		name = noColoring
	}
	p.colorBy.Selected = name
	p.colorBy.Refresh()
	colors := c.Colors()
	r := p.view.Renderer()
	switch {
	case colors.Categories != nil:
		r.ColorByCategory(colors.Categories, forTheme(colors.Palette))
		for k, h := range colors.Hidden {
			r.SetHidden(k, h)
		}
	case colors.Values != nil:
		r.ColorByValue(colors.Values, render.Viridis, colors.Lo, colors.Hi)
	default:
		r.Uniform(render.OkabeIto()[4])
	}
}

func (p *mapPanel) colorChosen(name string) {
	if name == noColoring {
		name = ""
	}
	p.e.core.SetColorBy(name)
}

// placeMarker puts the "you are here" marker at the vector's place.
func (p *mapPanel) placeMarker() {
	r := p.view.Renderer()
	if x, y, ok := p.e.core.Place(p.e.core.Vector()); ok {
		r.SetMarker(x, y)
	} else {
		r.HideMarker()
	}
}

// tapped moves the sliders to the clicked point's code, or, on an empty
// place, to the latent vector there (the map's inverse).
func (p *mapPanel) tapped(i int, x, y float64) {
	if i >= 0 {
		p.e.classes.follow(i) // before the decode the vector's change asks for
		p.e.core.SelectPoint(i)
		p.e.jobs.setStatus(fmt.Sprintf("point #%d", i))
		return
	}
	if p.e.core.InvertAt(x, y) {
		p.e.jobs.setStatus(fmt.Sprintf("latent vector at map position (%.3g, %.3g)", x, y))
	}
}

// tooltip gives the hover text and the data item's picture of point i; it
// never decodes.
func (p *mapPanel) tooltip(i int) (string, image.Image) {
	sp := p.e.space
	if sp == nil || i < 0 || i >= sp.Codes.N {
		return "", nil
	}
	text := fmt.Sprintf("#%d", i)
	for _, c := range p.e.core.Columns() {
		if c.Numeric() {
			text += fmt.Sprintf("\n%s: %.4g", c.Name, c.Numbers[i])
		} else {
			text += fmt.Sprintf("\n%s: %s", c.Name, c.Strings[i])
		}
	}
	return text, p.e.core.Thumbnail(i)
}

// forTheme returns category colours readable on the map's background:
// Okabe–Ito's black becomes a light grey on a dark theme.
func forTheme(pal []color.NRGBA) []color.NRGBA {
	pal = slices.Clone(pal)
	bg := toNRGBA(theme.Color(theme.ColorNameInputBackground))
	if int(bg.R)+int(bg.G)+int(bg.B) > 3*128 {
		return pal
	}
	for i, c := range pal {
		if int(c.R)+int(c.G)+int(c.B) < 3*40 {
			pal[i] = color.NRGBA{R: 220, G: 220, B: 220, A: 255}
		}
	}
	return pal
}

func toNRGBA(c color.Color) color.NRGBA {
	return color.NRGBAModel.Convert(c).(color.NRGBA)
}

// legendPanel explains the map's colours; its check boxes hide categories.
type legendPanel struct {
	e      *Explorer
	legend *widgets.Legend
	names  []string
}

func newLegendPanel(e *Explorer) *legendPanel {
	l := &legendPanel{e: e, legend: widgets.NewLegend()}
	l.legend.OnToggle = func(c int, visible bool) {
		if c < len(l.names) {
			e.core.SetHidden(l.names[c], !visible)
		}
	}
	l.legend.OnSolo = func(c int) {
		if c < len(l.names) {
			e.core.Solo(l.names[c])
		}
	}
	l.legend.OnShowAll = e.core.ShowAll
	e.subscribe(l.update)
	return l
}

// object is the legend at the map's right, as tall as the map: its
// entries scroll when they do not fit.
func (l *legendPanel) object() fyne.CanvasObject { return l.legend }

func (l *legendPanel) update(ev session.Event) {
	if !ev.Has(session.ChangedSpace | session.ChangedColumns | session.ChangedColoring) {
		return
	}
	c := l.e.core.Colors()
	switch {
	case c.Categories != nil:
		if !slices.Equal(l.names, c.Names) || l.legend.Title() != c.Column {
			l.legend.SetCategories(c.Column, c.Names, forTheme(c.Palette), c.Counts)
		}
		l.names = c.Names
		for k, h := range c.Hidden {
			l.legend.SetHidden(k, h)
		}
	case c.Values != nil:
		l.names = nil
		l.legend.SetColorBar(c.Column, render.Viridis, c.Lo, c.Hi)
	default:
		l.names = nil
		l.legend.SetCategories("", nil, nil, nil)
	}
}
