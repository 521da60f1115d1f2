package app

import (
	"math"
	"slices"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/latent-explorer/latent/model"
)

// classDecoder is a class-conditional decoder; *model.Decoder is one
// when its model has a class input.
type classDecoder interface {
	Decoder
	Classes() int
	DecodeClass(z []float32, class int, dst []float32) ([]float32, error)
}

// pickedClass decodes with the class the picker shows. It is read by the
// decode loop's goroutine and set on the UI goroutine.
type pickedClass struct {
	classDecoder
	class atomic.Int64
}

// Decode implements Decoder with the picked class.
func (p *pickedClass) Decode(z, dst []float32) ([]float32, error) {
	return p.DecodeClass(z, int(p.class.Load()), dst)
}

// classPicker chooses the class a class-conditional decoder decodes,
// beside the sliders; clicking a point picks its label's class.
type classPicker struct {
	e       *Explorer
	sel     *widget.Select
	box     *fyne.Container
	dec     *pickedClass // nil without a class-conditional decoder
	names   []string
	setting bool // set by follow or reset: no decode request
}

func newClassPicker(e *Explorer) *classPicker {
	c := &classPicker{e: e}
	c.sel = widget.NewSelect(nil, c.changed)
	c.box = container.NewHBox(widget.NewLabel("Class"), c.sel)
	c.box.Hide()
	return c
}

func (c *classPicker) bar() fyne.CanvasObject { return c.box }

// reset makes the picker for space s and decoder dec, and returns the
// decoder the explorer should use: dec itself, or for a class-conditional
// one a decoder of the picked class.
func (c *classPicker) reset(s *model.Space, dec Decoder) Decoder {
	cd, ok := dec.(classDecoder)
	if !ok || cd.Classes() == 0 {
		c.dec, c.names = nil, nil
		c.box.Hide()
		return dec
	}
	c.dec = &pickedClass{classDecoder: cd}
	c.names = s.ClassNames(cd.Classes())
	c.setting = true
	c.sel.SetOptions(c.names)
	c.sel.SetSelectedIndex(0)
	c.setting = false
	c.box.Show()
	return c.dec
}

// changed is the picker's callback: decode the current vector again in
// the new class.
func (c *classPicker) changed(name string) {
	k := slices.Index(c.names, name)
	if c.dec == nil || k < 0 {
		return
	}
	c.dec.class.Store(int64(k))
	if st := c.e.st; !c.setting && st != nil && st.loop != nil {
		st.loop.Request(st.z)
	}
}

// follow picks the class of item i's label, when the labels are the
// classes (an integer in range, or one of the class names), without
// asking for a decode: the caller is about to.
func (c *classPicker) follow(i int) {
	st := c.e.st
	if c.dec == nil || st.space.Manifest.Labels == "" || len(st.space.Meta.Columns) == 0 {
		return
	}
	col := st.space.Meta.Columns[0]
	k := -1
	if col.Numeric() {
		if v := col.Numbers[i]; v == math.Trunc(v) && v >= 0 && v < float64(len(c.names)) {
			k = int(v)
		}
	} else {
		k = slices.Index(c.names, col.Strings[i])
	}
	if k < 0 {
		return
	}
	c.setting = true
	c.sel.SetSelectedIndex(k)
	c.setting = false
}
