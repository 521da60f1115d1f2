package widgets

import (
	"image"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"

	"github.com/latent-explorer/latent/viz/grid"
)

// GridView shows a grid picture (grid.Grid) at its own size in pixels
// and reports the cell a click lands on.
type GridView struct {
	widget.BaseWidget
	// OnCell is called with the row and column of the cell clicked.
	OnCell func(i, j int)

	img    *canvas.Image
	layout grid.Layout
	size   image.Point
}

// NewGridView returns an empty grid view.
func NewGridView() *GridView {
	g := &GridView{img: canvas.NewImageFromImage(nil)}
	g.img.FillMode = canvas.ImageFillStretch
	g.img.ScaleMode = canvas.ImageScalePixels
	g.ExtendBaseWidget(g)
	return g
}

// SetGrid shows img, a grid laid out by l (nil img: nothing).
func (g *GridView) SetGrid(img image.Image, l grid.Layout) {
	g.img.Image, g.layout = img, l
	g.size = image.Point{}
	if img != nil {
		g.size = img.Bounds().Size()
	}
	g.img.Refresh()
	g.Refresh()
}

// MinSize is the picture's size, one unit a pixel.
func (g *GridView) MinSize() fyne.Size {
	return fyne.NewSize(float32(g.size.X), float32(g.size.Y))
}

// CellAt returns the cell under widget position p (the picture is drawn
// at the top left, one unit a pixel).
func (g *GridView) CellAt(p fyne.Position) (i, j int, ok bool) {
	if g.size.X == 0 || p.X < 0 || p.Y < 0 {
		return 0, 0, false
	}
	return g.layout.CellAt(image.Pt(int(p.X), int(p.Y)))
}

// PositionOfCell returns the widget position of cell (i, j)'s centre.
func (g *GridView) PositionOfCell(i, j int) fyne.Position {
	r := g.layout.CellRect(i, j)
	c := r.Min.Add(r.Max).Div(2)
	return fyne.NewPos(float32(c.X), float32(c.Y))
}

// Tapped reports the cell clicked.
func (g *GridView) Tapped(ev *fyne.PointEvent) {
	if i, j, ok := g.CellAt(ev.Position); ok && g.OnCell != nil {
		g.OnCell(i, j)
	}
}

// CreateRenderer implements fyne.Widget.
func (g *GridView) CreateRenderer() fyne.WidgetRenderer {
	return &gridViewRenderer{g: g}
}

type gridViewRenderer struct{ g *GridView }

func (r *gridViewRenderer) Layout(s fyne.Size) {
	r.g.img.Resize(fyne.NewSize(float32(r.g.size.X), float32(r.g.size.Y)))
}
func (r *gridViewRenderer) MinSize() fyne.Size           { return r.g.MinSize() }
func (r *gridViewRenderer) Refresh()                     { r.Layout(r.g.Size()); r.g.img.Refresh() }
func (r *gridViewRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.g.img} }
func (r *gridViewRenderer) Destroy()                     {}
