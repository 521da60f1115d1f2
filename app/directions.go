package app

import (
	"context"
	"errors"
	"fmt"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/latent-explorer/latent/app/widgets"
	"github.com/latent-explorer/latent/model"
	"github.com/latent-explorer/latent/viz/projection"
)

// maxPrincipal is the most principal directions offered as sliders.
const maxPrincipal = 8

// direction is a line through latent space a slider moves along.
type direction struct {
	name  string
	unit  []float64 // unit vector
	scale float64   // standard deviation of the codes along unit
}

// directionControls switch the sliders between latent dimensions and
// directions (principal directions of the codes and attribute vectors the
// person defines).
type directionControls struct {
	e      *Explorer
	mode   *widget.RadioGroup
	add    *widget.Button
	list   []direction
	active bool
	// find picks the dimensions the per-dimension sliders show, by index;
	// dims holds them (nil: every dimension, by variance).
	find    *widget.Entry
	findRow *fyne.Container
	dims    []int
}

func newDirectionControls(e *Explorer) *directionControls {
	d := &directionControls{e: e}
	d.mode = widget.NewRadioGroup([]string{"Dimensions", "Directions"}, d.modeChanged)
	d.mode.Horizontal = true
	d.mode.Required = true
	d.mode.Selected = "Dimensions"
	d.add = widget.NewButton("Add attribute vector…", d.showAttributeDialog)
	d.find = widget.NewEntry()
	d.find.SetPlaceHolder("dimensions: 7, 100-163")
	d.find.OnChanged = d.findChanged
	return d
}

// bar is the slider mode, the attribute button and, for latents with
// more dimensions than sliders, the find box.
func (d *directionControls) bar() fyne.CanvasObject {
	d.findRow = container.NewBorder(nil, nil, widget.NewLabel("Find"), nil, d.find)
	d.findRow.Hide()
	return container.NewVBox(container.NewHBox(widget.NewLabel("Sliders"), d.mode, d.add), d.findRow)
}

// openMode picks the sliders a space opens on: one per dimension, or the
// directions for a latent of more than widgets.MaxSliders dimensions.
func (d *directionControls) openMode() {
	wide := d.e.st.space.Codes.D > widgets.MaxSliders
	d.findRow.Hidden = !wide
	d.findRow.Refresh()
	if wide && len(d.list) > 0 {
		d.mode.SetSelected("Directions") // modeChanged shows them
		return
	}
	d.e.setSliderMode(dimensionsMode)
}

// shownDims are the dimensions the per-dimension sliders show, in order.
func (d *directionControls) shownDims() []int {
	if d.dims != nil {
		return d.dims
	}
	return d.e.st.stats.Order
}

// findChanged shows the dimensions typed in the find box ("7", "3, 100-163")
// as sliders; an empty box shows them all by variance, a box that does not
// parse changes nothing yet.
func (d *directionControls) findChanged(text string) {
	st := d.e.st
	if st == nil {
		return
	}
	dims, ok := parseDimList(text, st.space.Codes.D)
	if !ok {
		return
	}
	d.dims = dims
	if d.active {
		d.mode.SetSelected("Dimensions") // modeChanged shows them
		return
	}
	d.e.setSliderMode(dimensionsMode)
}

func (d *directionControls) modeChanged(s string) {
	d.active = s == "Directions"
	if d.active {
		d.e.setSliderMode(directionsMode)
	} else {
		d.e.setSliderMode(dimensionsMode)
	}
}

// reset computes the codes' principal directions for a new space.
func (d *directionControls) reset() {
	d.list = nil
	d.active = false
	d.mode.Selected = "Dimensions"
	d.mode.Refresh()
	d.dims = nil
	d.find.Text = ""
	d.find.Refresh()
	st := d.e.st
	k := min(st.space.Codes.D, maxPrincipal)
	pca := projection.NewPCA(projection.Options{Seed: 1})
	if err := pca.FitComponents(context.Background(), codesMatrix(st.space.Codes), k, nil); err != nil {
		d.e.status.SetText("principal directions: " + err.Error())
		return
	}
	for c := range k {
		u := make([]float64, st.space.Codes.D)
		for j := range u {
			u[j] = pca.Components.At(j, c)
		}
		name := fmt.Sprintf("PC%d (%.0f%%)", c+1, 100*pca.VarianceRatio[c])
		d.list = append(d.list, direction{name: name, unit: u, scale: math.Sqrt(pca.Variance[c])})
	}
}

// axes returns one slider axis per direction: ±3 standard deviations of
// the codes along it.
func (d *directionControls) axes() []widgets.Axis {
	axes := make([]widgets.Axis, len(d.list))
	for i, dir := range d.list {
		s := dir.scale
		if s == 0 {
			s = 1
		}
		axes[i] = widgets.Axis{Name: dir.name, Min: -3 * s, Max: 3 * s}
	}
	return axes
}

// names lists the directions, for the custom-axes choice.
func (d *directionControls) names() []string {
	n := make([]string, len(d.list))
	for i, dir := range d.list {
		n[i] = dir.name
	}
	return n
}

// byName returns a direction's unit vector.
func (d *directionControls) byName(name string) ([]float64, bool) {
	for _, dir := range d.list {
		if dir.name == name {
			return dir.unit, true
		}
	}
	return nil, false
}

// selectionChanged is called when the map selection changes.
func (d *directionControls) selectionChanged() {}

// addAttribute adds the direction from group b's mean to group a's mean.
func (d *directionControls) addAttribute(name string, a, b []int) error {
	st := d.e.st
	v, err := model.AttributeVector(st.space.Codes, a, b)
	if err != nil {
		return err
	}
	norm := model.Norm(v)
	if norm == 0 {
		return errors.New("the two groups have the same mean: no direction")
	}
	for j := range v {
		v[j] /= norm
	}
	d.list = append(d.list, direction{name: name, unit: v, scale: spreadAlong(st.space.Codes, v)})
	if d.active {
		d.e.setSliderMode(directionsMode)
	}
	d.e.proj.showParams()
	return nil
}

// spreadAlong is the standard deviation of the codes projected on unit u.
func spreadAlong(c *model.Codes, u []float64) float64 {
	var sum, sum2 float64
	for i := range c.N {
		var p float64
		for j, v := range c.Row(i) {
			p += float64(v) * u[j]
		}
		sum += p
		sum2 += p * p
	}
	n := float64(c.N)
	return math.Sqrt(max(sum2/n-(sum/n)*(sum/n), 0))
}

// groups lists the ways to pick a group of points: the selection, the
// rest, and each category of each categorical column.
func (d *directionControls) groups() (names []string, members map[string][]int) {
	st := d.e.st
	members = map[string][]int{}
	if len(st.sel) > 0 {
		names = append(names, "selection", "not selected")
		members["selection"] = st.sel
		members["not selected"] = complement(st.sel, st.space.Codes.N)
	}
	for _, col := range st.space.Meta.Columns {
		if !model.IsCategorical(col) {
			continue
		}
		cats := model.ColumnCategories(col, model.MaxShownCategories)
		for k, c := range cats.Names {
			key := col.Name + " = " + c
			names = append(names, key)
			for i, v := range cats.Index {
				if v == k {
					members[key] = append(members[key], i)
				}
			}
		}
	}
	return names, members
}

func complement(idx []int, n int) []int {
	in := make([]bool, n)
	for _, i := range idx {
		in[i] = true
	}
	var out []int
	for i := range n {
		if !in[i] {
			out = append(out, i)
		}
	}
	return out
}

// showAttributeDialog asks for two groups and adds their attribute vector.
func (d *directionControls) showAttributeDialog() {
	if d.e.st == nil {
		return
	}
	names, members := d.groups()
	if len(names) < 2 {
		d.e.showError(errors.New("attribute vectors need two groups: select points on the map, or open labels"))
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
		if err := d.addAttribute(name, members[to.Selected], members[from.Selected]); err != nil {
			d.e.showError(err)
		}
	}, d.e.win)
}
