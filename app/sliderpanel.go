package app

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/latent-explorer/latent/app/session"
	"github.com/latent-explorer/latent/app/widgets"
	"github.com/latent-explorer/latent/model"
)

// sliderPanel is the latent vector's controls: a slider per dimension or
// per direction, the norm and prior readout, Reset, Random and Copy, and
// the mode switch with Add attribute vector.
type sliderPanel struct {
	e       *Explorer
	panel   *widgets.SliderPanel
	readout *widget.RichText
	mode    *widget.RadioGroup
	add     *widget.Button
	// find picks the dimensions the per-dimension sliders show, by index,
	// for latents wider than the sliders.
	find    *widget.Entry
	findRow *fyne.Container
	axes    []session.Axis
}

func newSliderPanel(e *Explorer) *sliderPanel {
	p := &sliderPanel{e: e, panel: widgets.NewSliderPanel(), readout: widget.NewRichText()}
	// Wrapped, so that the warning appended outside the typical set takes a
	// second line rather than widening the whole right column.
	p.readout.Wrapping = fyne.TextWrapWord
	p.panel.OnChanged = func(i int, v float64) { e.core.SetSlider(i, v) }
	p.mode = widget.NewRadioGroup([]string{"Dimensions", "Directions"}, func(s string) {
		if s == "Directions" {
			e.core.SetSliderMode(session.DirectionsMode)
		} else {
			e.core.SetSliderMode(session.DimensionsMode)
		}
	})
	p.mode.Horizontal = true
	p.mode.Required = true
	p.mode.Selected = "Dimensions"
	p.add = widget.NewButton("Add attribute vector…", p.showAttributeDialog)
	p.find = widget.NewEntry()
	p.find.SetPlaceHolder("dimensions: 7, 100-163")
	p.find.OnChanged = p.findChanged
	p.findRow = container.NewBorder(nil, nil, widget.NewLabel("Find"), nil, p.find)
	p.findRow.Hide()
	e.subscribe(p.update)
	return p
}

// top is the readout, the buttons and the mode switch above the sliders.
func (p *sliderPanel) top() fyne.CanvasObject {
	buttons := container.NewGridWithColumns(3,
		widget.NewButton("Reset", p.e.core.ResetToMean),
		widget.NewButton("Random", p.e.core.RandomSample),
		widget.NewButton("Copy", p.copyVector))
	return container.NewVBox(p.readout, buttons, p.e.classes.bar(),
		container.NewHBox(widget.NewLabel("Sliders"), p.mode, p.add), p.findRow)
}

// findChanged shows the dimensions typed in the find box ("7", "3,
// 100-163") as sliders; an empty box shows them all by variance, a box
// that does not parse changes nothing yet.
func (p *sliderPanel) findChanged(text string) {
	sp := p.e.core.Space()
	if sp == nil {
		return
	}
	if dims, ok := model.ParseDimList(text, sp.Codes.D); ok {
		p.e.core.SetSliderDims(dims)
	}
}

func (p *sliderPanel) update(ev session.Event) {
	c := p.e.core
	if ev.Has(session.ChangedSpace) {
		wide := c.Space().Codes.D > session.WideLatent
		p.findRow.Hidden = !wide
		p.findRow.Refresh()
		p.find.Text = formatDims(c.Snapshot().Sliders.Dims)
		p.find.Refresh()
	}
	if ev.Has(session.ChangedSpace | session.ChangedSliders | session.ChangedDirections) {
		p.mode.Selected = "Dimensions"
		if c.Snapshot().Sliders.Mode == session.DirectionsMode {
			p.mode.Selected = "Directions"
		}
		p.mode.Refresh()
		if axes := c.SliderAxes(); !slices.Equal(axes, p.axes) {
			p.axes = axes
			wa := make([]widgets.Axis, len(axes))
			for i, a := range axes {
				wa[i] = widgets.Axis{Name: a.Name, Min: a.Min, Max: a.Max}
			}
			p.panel.SetAxes(wa, len(wa))
		}
		p.panel.SetValues(c.SliderValues())
	}
	if ev.Has(session.ChangedSpace | session.ChangedVector) {
		p.showReadout(c.Vector(), c.Prior())
	}
}

// showReadout shows the vector's norm and prior log-density, in the
// warning colour when the vector is outside the prior's typical set.
func (p *sliderPanel) showReadout(z []float64, prior model.Prior) {
	if len(z) == 0 {
		return
	}
	text := fmt.Sprintf("‖z‖ = %.2f   log p(z) = %.1f   (%s prior, typical ‖z‖ ≈ %.1f)",
		model.Norm(z), prior.LogDensity(z), prior.Kind, math.Sqrt(float64(len(z))))
	style := widget.RichTextStyleParagraph
	if !prior.Typical(z) {
		text += "   outside the prior's typical set"
		style.ColorName = "warning"
	}
	p.readout.Segments = []widget.RichTextSegment{&widget.TextSegment{Text: text, Style: style}}
	p.readout.Refresh()
}

// copyVector puts the vector on the clipboard as comma-separated numbers,
// the form `latent decode --z` takes.
func (p *sliderPanel) copyVector() {
	z := p.e.core.Vector()
	if z == nil {
		return
	}
	p.e.app.Clipboard().SetContent(formatVector(z))
	p.e.jobs.setStatus("copied the latent vector to the clipboard")
}

func formatVector(z []float64) string {
	parts := make([]string, len(z))
	for i, v := range z {
		parts[i] = fmt.Sprintf("%.6g", v)
	}
	return strings.Join(parts, ",")
}

// showAttributeDialog asks for two groups and adds their attribute vector.
func (p *sliderPanel) showAttributeDialog() {
	names, members := p.e.core.Groups()
	if len(names) < 2 {
		p.e.showError(errors.New("attribute vectors need two groups: select points on the map, or open labels"))
		return
	}
	from := widget.NewSelect(names, nil)
	to := widget.NewSelect(names, nil)
	to.SetSelected(names[0])
	from.SetSelected(names[1])
	items := []*widget.FormItem{
		widget.NewFormItem("towards", to),
		widget.NewFormItem("away from", from),
	}
	dialog.ShowForm("Add attribute vector", "Add", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		name := fmt.Sprintf("%s − %s", to.Selected, from.Selected)
		if err := p.e.core.AddAttribute(name, members[to.Selected], members[from.Selected]); err != nil {
			p.e.showError(err)
		}
	}, p.e.win)
}

// formatDims writes dimensions as the find box reads them.
func formatDims(dims []int) string {
	parts := make([]string, len(dims))
	for i, d := range dims {
		parts[i] = strconv.Itoa(d)
	}
	return strings.Join(parts, ", ")
}
