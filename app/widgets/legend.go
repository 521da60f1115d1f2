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

// Legend explains the map's colours: for a categorical column one entry
// per category — a swatch, a check box naming it with its count
// (unchecking hides it) and an "only" button that solos it, with "All"
// above them to show every category again — and for a numeric column a
// colour bar with its range. The entries scroll when they do not fit; the
// legend takes the height its container gives it.
type Legend struct {
	widget.BaseWidget
	// OnToggle is called when category c is shown or hidden.
	OnToggle func(c int, visible bool)
	// OnSolo is called when category c alone is to be shown.
	OnSolo func(c int)
	// OnShowAll is called when every category is to be shown.
	OnShowAll func()

	title   *widget.Label
	all     *widget.Button
	box     *fyne.Container
	scroll  *container.Scroll
	checks  []*widget.Check
	solos   []*widget.Button
	entries []LegendEntry
}

// LegendEntry is one category as the legend shows it.
type LegendEntry struct {
	Name    string
	Count   int
	Color   color.NRGBA
	Visible bool
}

// NewLegend returns an empty legend.
func NewLegend() *Legend {
	l := &Legend{title: widget.NewLabel(""), box: container.NewVBox()}
	l.title.TextStyle.Bold = true
	l.all = widget.NewButton("All", func() {
		if l.OnShowAll != nil {
			l.OnShowAll()
		}
	})
	l.all.Importance = widget.LowImportance
	l.all.Hide()
	l.scroll = container.NewVScroll(l.box)
	l.ExtendBaseWidget(l)
	return l
}

// CreateRenderer implements fyne.Widget.
func (l *Legend) CreateRenderer() fyne.WidgetRenderer {
	top := container.NewBorder(nil, nil, nil, l.all, l.title)
	return widget.NewSimpleRenderer(container.NewBorder(top, nil, nil, nil, l.scroll))
}

// SetCategories shows one entry per category name with its colour and
// count, all visible.
func (l *Legend) SetCategories(title string, names []string, colors []color.NRGBA, counts []int) {
	l.clear(title)
	for c, name := range names {
		l.entries = append(l.entries, LegendEntry{Name: name, Count: counts[c], Color: colors[c], Visible: true})
		l.box.Add(l.entry(c))
	}
	l.all.Hidden = len(names) == 0
	l.Refresh()
}

// entry makes category c's row: swatch, check box and solo button.
func (l *Legend) entry(c int) fyne.CanvasObject {
	e := l.entries[c]
	check := widget.NewCheck(fmt.Sprintf("%s (%d)", e.Name, e.Count), func(on bool) {
		l.entries[c].Visible = on
		if l.OnToggle != nil {
			l.OnToggle(c, on)
		}
	})
	check.Checked = true
	solo := widget.NewButton("only", func() {
		if l.OnSolo != nil {
			l.OnSolo(c)
		}
	})
	solo.Importance = widget.LowImportance
	swatch := canvas.NewRectangle(e.Color)
	swatch.SetMinSize(fyne.NewSize(14, 14))
	swatch.CornerRadius = 7
	l.checks = append(l.checks, check)
	l.solos = append(l.solos, solo)
	return container.NewBorder(nil, nil, container.NewCenter(swatch), solo, check)
}

func (l *Legend) clear(title string) {
	l.title.SetText(title)
	l.box.RemoveAll()
	l.checks, l.solos, l.entries = l.checks[:0], l.solos[:0], l.entries[:0]
	l.all.Hide()
	l.scroll.ScrollToTop()
}

// SetColorBar shows a colour bar for a numeric column from lo to hi.
func (l *Legend) SetColorBar(title string, cm render.ColorMap, lo, hi float64) {
	l.clear(title)
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
	if c < 0 || c >= len(l.checks) {
		return
	}
	l.entries[c].Visible = !hidden
	if l.checks[c].Checked == !hidden {
		return
	}
	l.checks[c].Checked = !hidden
	l.checks[c].Refresh()
}

// Len returns the number of category entries.
func (l *Legend) Len() int { return len(l.checks) }

// Entries returns the category entries as shown.
func (l *Legend) Entries() []LegendEntry { return append([]LegendEntry(nil), l.entries...) }

// Check returns category c's check box, for tests.
func (l *Legend) Check(c int) *widget.Check { return l.checks[c] }

// Solo returns category c's "only" button, for tests.
func (l *Legend) Solo(c int) *widget.Button { return l.solos[c] }

// ShowAll returns the "All" button, for tests.
func (l *Legend) ShowAll() *widget.Button { return l.all }

// Scroll returns the scroller the entries sit in, for tests.
func (l *Legend) Scroll() *container.Scroll { return l.scroll }

// EntryBottom returns the bottom of category c's row within the scrolled
// content, for tests: the row is reachable when it is at most the
// content's height.
func (l *Legend) EntryBottom(c int) float32 {
	o := l.box.Objects[c]
	return o.Position().Y + o.Size().Height
}

// Title returns the legend's title.
func (l *Legend) Title() string { return l.title.Text }
