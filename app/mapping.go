package app

import (
	"fmt"
	"image/color"

	"fyne.io/fyne/v2/theme"
	"gonum.org/v1/gonum/mat"

	"github.com/latent-explorer/latent/model"
	"github.com/latent-explorer/latent/viz/projection"
	"github.com/latent-explorer/latent/viz/render"
)

const noColoring = "(none)"

// showInitialMap shows the space's stored map, or its codes themselves
// when they are 2-D, or else starts a PCA.
func (e *Explorer) showInitialMap() {
	st := e.st
	s := st.space
	switch {
	case s.Map != nil:
		e.setCoords(s.Map.Data, s.Manifest.Map.Method, nil)
		st.mapSpec = *s.Manifest.Map
		e.proj.showMethod(st.method, true)
	case s.Codes.D <= 2:
		e.setCoords(codesAsCoords(s.Codes), "latent", identityMap{d: s.Codes.D})
		e.proj.showMethod("latent", false)
	default:
		e.setCoords(make([]float64, 2*s.Codes.N), "", nil)
		e.proj.run("pca")
	}
}

// codesAsCoords returns 1-D or 2-D codes as map positions.
func codesAsCoords(c *model.Codes) []float64 {
	xy := make([]float64, 2*c.N)
	for i := range c.N {
		for j, v := range c.Row(i) {
			xy[2*i+j] = float64(v)
		}
	}
	return xy
}

// setCoords shows a finished map. m places and inverts vectors; when nil,
// a neighbour map over the codes and coordinates does.
func (e *Explorer) setCoords(xy []float64, method string, m placeInverter) {
	st := e.st
	st.coords = append([]float64(nil), xy...)
	st.method = method
	if m == nil && method != "" {
		m = newNeighborMap(st.space.Codes, st.coords)
	}
	st.placer, st.inverter = nil, nil
	if m != nil {
		st.placer, st.inverter = m, m
	}
	e.mapView.SetPoints(st.coords)
	e.mapView.ResetView()
	e.applyColoring()
	if st.z != nil {
		e.placeMarker()
	}
}

// setupColorBy fills the colour-by choice with the metadata columns and
// picks the first categorical one (labels).
func (e *Explorer) setupColorBy() {
	opts := []string{noColoring}
	pick := noColoring
	for _, c := range e.st.space.Meta.Columns {
		opts = append(opts, c.Name)
		if pick == noColoring && model.IsCategorical(c) {
			pick = c.Name
		}
	}
	e.colorBy.Options = opts
	e.colorBy.SetSelected(pick)
}

func (e *Explorer) setColorBy(string) {
	if e.st != nil {
		e.applyColoring()
	}
}

// applyColoring colours the map by the chosen column and updates the legend.
func (e *Explorer) applyColoring() {
	st := e.st
	r := e.mapView.Renderer()
	col := st.space.Meta.Column(e.colorBy.Selected)
	switch {
	case col == nil:
		r.Uniform(render.OkabeIto()[4])
		e.legend.SetCategories("", nil, nil, nil)
	case model.IsCategorical(col):
		k := model.ColumnCategories(col, model.MaxShownCategories)
		pal := e.palette(len(k.Names), k.Noise)
		r.ColorByCategory(k.Index, pal)
		e.legend.SetCategories(col.Name, k.Names, pal, k.Counts)
	default:
		lo, hi := render.ValueRange(col.Numbers)
		r.ColorByValue(col.Numbers, render.Viridis, lo, hi)
		e.legend.SetColorBar(col.Name, render.Viridis, lo, hi)
	}
	e.mapView.Refresh()
}

func (e *Explorer) toggleCategory(c int, visible bool) {
	e.mapView.Renderer().SetHidden(c, !visible)
	e.mapView.Refresh()
}

// mapTapped moves the sliders to the clicked point's code, or, on an empty
// place, to the latent vector there (the map's inverse).
func (e *Explorer) mapTapped(i int, x, y float64) {
	st := e.st
	if st == nil {
		return
	}
	if i >= 0 {
		z := make([]float64, st.space.Codes.D)
		for j, v := range st.space.Codes.Row(i) {
			z[j] = float64(v)
		}
		e.classes.follow(i)
		e.setVector(z)
		if st.current >= 0 && st.current != i {
			st.previous = st.current
		}
		st.current = i
		e.status.SetText(fmt.Sprintf("point #%d", i))
		return
	}
	if st.inverter == nil {
		return
	}
	e.setVector(st.inverter.Invert(x, y, nil))
	st.current = -1
	e.status.SetText(fmt.Sprintf("latent vector at map position (%.3g, %.3g)", x, y))
}

// selected records a box or lasso selection.
func (e *Explorer) selected(idx []int) {
	e.st.sel = idx
	e.selection.SetText(fmt.Sprintf("%d selected", len(idx)))
	e.dirs.selectionChanged()
}

func (e *Explorer) clearSelection() {
	if e.st == nil {
		return
	}
	e.mapView.Renderer().Select(nil)
	e.selected(nil)
	e.mapView.Refresh()
}

// identityMap is the map of 1-D or 2-D codes: the codes are the map.
type identityMap struct{ d int }

func (m identityMap) Place(z []float64) (x, y float64) {
	if m.d == 1 {
		return z[0], 0
	}
	return z[0], z[1]
}

func (m identityMap) Invert(x, y float64, dst []float64) []float64 {
	if cap(dst) < m.d {
		dst = make([]float64, m.d)
	}
	dst = dst[:m.d]
	dst[0] = x
	if m.d == 2 {
		dst[1] = y
	}
	return dst
}

// codesMatrix copies codes into a float64 matrix for the viz packages.
func codesMatrix(c *model.Codes) *mat.Dense {
	data := make([]float64, len(c.Data))
	for i, v := range c.Data {
		data[i] = float64(v)
	}
	return mat.NewDense(c.N, c.D, data)
}

// newNeighborMap places vectors on a stored nonlinear map by their
// nearest codes, and map positions back by their nearest points.
func newNeighborMap(c *model.Codes, coords []float64) placeInverter {
	return projection.NewNeighbourMap(codesMatrix(c), mat.NewDense(c.N, 2, coords))
}

// palette returns the colours of n categories (noise at index noise, or
// none) readable on the map's background: Okabe–Ito's black becomes a
// light grey on a dark theme.
func (e *Explorer) palette(n, noise int) []color.NRGBA {
	pal := render.CategoryPalette(n, noise)
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
