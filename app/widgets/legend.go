package widgets

import (
	"fmt"
	"image"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/latent-explorer/latent/viz/render"
)

// Legend explains the map's colours: for a categorical column a swatch and
// a check box per category (unchecking hides it), for a numeric column a
// colour bar with its range.
type Legend struct {
	widget.BaseWidget
	// OnToggle is called when category c is shown or hidden.
	OnToggle func(c int, visible bool)

	title  *widget.Label
	box    *fyne.Container
	checks []*widget.Check
}

// NewLegend returns an empty legend.
func NewLegend() *Legend {
	l := &Legend{title: widget.NewLabel(""), box: container.NewVBox()}
	l.title.TextStyle.Bold = true
	l.ExtendBaseWidget(l)
	return l
}

// CreateRenderer implements fyne.Widget.
func (l *Legend) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewBorder(l.title, nil, nil, nil, container.NewVScroll(l.box)))
}

// SetCategories shows one entry per category name with its colour and count.
func (l *Legend) SetCategories(title string, names []string, colors []color.NRGBA, counts []int) {
	l.title.SetText(title)
	l.box.RemoveAll()
	l.checks = l.checks[:0]
	for c, name := range names {
		check := widget.NewCheck(fmt.Sprintf("%s (%d)", name, counts[c]), func(on bool) {
			if l.OnToggle != nil {
				l.OnToggle(c, on)
			}
		})
		check.Checked = true
		swatch := canvas.NewRectangle(colors[c])
		swatch.SetMinSize(fyne.NewSize(14, 14))
		swatch.CornerRadius = 7
		l.checks = append(l.checks, check)
		l.box.Add(container.NewHBox(container.NewCenter(swatch), check))
	}
	l.Refresh()
}

// SetColorBar shows a colour bar for a numeric column from lo to hi.
func (l *Legend) SetColorBar(title string, cm render.ColorMap, lo, hi float64) {
	l.title.SetText(title)
	l.box.RemoveAll()
	l.checks = l.checks[:0]
	bar := image.NewNRGBA(image.Rect(0, 0, 16, 128))
	render.ColorBar(bar, cm, true)
	img := canvas.NewImageFromImage(bar)
	img.FillMode = canvas.ImageFillStretch
	img.SetMinSize(fyne.NewSize(16, 160))
	labels := container.NewBorder(widget.NewLabel(fmt.Sprintf("%.4g", hi)), widget.NewLabel(fmt.Sprintf("%.4g", lo)), nil, nil)
	l.box.Add(container.NewHBox(img, labels))
	l.Refresh()
}

// SetHidden shows category c unchecked (hidden) or checked, without
// calling OnToggle.
func (l *Legend) SetHidden(c int, hidden bool) {
	if c < 0 || c >= len(l.checks) || l.checks[c].Checked == !hidden {
		return
	}
	l.checks[c].Checked = !hidden
	l.checks[c].Refresh()
}

// Len returns the number of category entries.
func (l *Legend) Len() int { return len(l.checks) }

// Check returns category c's check box, for tests.
func (l *Legend) Check(c int) *widget.Check { return l.checks[c] }

// Title returns the legend's title.
func (l *Legend) Title() string { return l.title.Text }
