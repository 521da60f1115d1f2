package widgets

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// MaxSliders is the most sliders a panel shows; a space with more latent
// dimensions shows the first MaxSliders axes (the explorer orders them by
// variance) and says so.
const MaxSliders = 64

// Axis is one slider: a name and a range.
type Axis struct {
	Name     string
	Min, Max float64
}

// SliderPanel is a column of labelled sliders, one per axis, each showing
// its value. OnChanged is called when the person moves slider i (not when
// values are set with SetValues).
type SliderPanel struct {
	widget.BaseWidget
	OnChanged func(i int, value float64)

	axes    []Axis
	sliders []*widget.Slider
	values  []*widget.Label
	note    *widget.Label
	box     *fyne.Container
	setting bool
	// nameWidth and valueWidth are the characters of the widest name and
	// value, which every row is padded to.
	nameWidth, valueWidth int
}

// NewSliderPanel returns an empty panel.
func NewSliderPanel() *SliderPanel {
	p := &SliderPanel{note: widget.NewLabel(""), box: container.NewVBox()}
	p.note.Importance = widget.LowImportance
	p.ExtendBaseWidget(p)
	return p
}

// CreateRenderer implements fyne.Widget.
func (p *SliderPanel) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewBorder(p.note, nil, nil, nil, container.NewVScroll(p.box)))
}

// SetAxes replaces the sliders; total is the number of axes there are, of
// which at most MaxSliders are shown.
func (p *SliderPanel) SetAxes(axes []Axis, total int) {
	if len(axes) > MaxSliders {
		axes = axes[:MaxSliders]
	}
	p.axes = axes
	p.sliders, p.values = nil, nil
	p.box.RemoveAll()
	// Names and values in monospace, padded to the widest of each, so
	// every track starts and ends where the others do.
	p.nameWidth, p.valueWidth = 0, 0
	for _, a := range axes {
		p.nameWidth = max(p.nameWidth, utf8.RuneCountInString(a.Name))
		p.valueWidth = max(p.valueWidth, len(formatValue(a.Min)), len(formatValue(a.Max)))
	}
	for i, a := range axes {
		p.box.Add(p.row(i, a))
	}
	p.note.SetText("")
	if total > len(axes) {
		p.note.SetText(fmt.Sprintf("showing %d of %d axes", len(axes), total))
	}
	p.note.Hidden = total <= len(axes)
	p.Refresh()
}

func (p *SliderPanel) row(i int, a Axis) fyne.CanvasObject {
	s := widget.NewSlider(a.Min, a.Max)
	s.Step = (a.Max - a.Min) / 600
	s.Value = (a.Min + a.Max) / 2
	value := widget.NewLabel(p.format(s.Value))
	value.TextStyle.Monospace = true
	s.OnChanged = func(v float64) {
		value.SetText(p.format(v))
		if !p.setting && p.OnChanged != nil {
			p.OnChanged(i, v)
		}
	}
	p.sliders = append(p.sliders, s)
	p.values = append(p.values, value)
	name := widget.NewLabel(a.Name + strings.Repeat(" ", p.nameWidth-utf8.RuneCountInString(a.Name)))
	name.TextStyle.Monospace = true
	return container.NewBorder(nil, nil, name, value, s)
}

func formatValue(v float64) string { return fmt.Sprintf("%+.2f", v) }

// format is formatValue padded on the left to the panel's value width.
func (p *SliderPanel) format(v float64) string {
	return fmt.Sprintf("%*s", p.valueWidth, formatValue(v))
}

// Len returns the number of sliders shown.
func (p *SliderPanel) Len() int { return len(p.sliders) }

// Slider returns slider i, for tests and keyboard focus.
func (p *SliderPanel) Slider(i int) *widget.Slider { return p.sliders[i] }

// Value returns slider i's value.
func (p *SliderPanel) Value(i int) float64 { return p.sliders[i].Value }

// SetValues moves the sliders to v (clamped to their ranges) without
// calling OnChanged. Extra values are ignored.
func (p *SliderPanel) SetValues(v []float64) {
	p.setting = true
	defer func() { p.setting = false }()
	for i, s := range p.sliders {
		if i < len(v) {
			s.SetValue(min(max(v[i], s.Min), s.Max))
			p.values[i].SetText(p.format(v[i]))
		}
	}
}

var _ fyne.Widget = (*SliderPanel)(nil)
