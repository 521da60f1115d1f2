package app

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/latent-explorer/latent/app/session"
)

// classPicker chooses the class a class-conditional decoder decodes
// (the session's State.Class), beside the sliders; clicking a point picks
// its label's class.
type classPicker struct {
	e       *Explorer
	sel     *widget.Select
	box     *fyne.Container
	names   []string // the decoder's classes; nil without a class-conditional decoder
	setting bool     // set by follow or a new space: no decode request
}

func newClassPicker(e *Explorer) *classPicker {
	c := &classPicker{e: e}
	c.sel = widget.NewSelect(nil, c.changed)
	c.box = container.NewHBox(widget.NewLabel("Class"), c.sel)
	c.box.Hide()
	e.subscribe(c.update)
	return c
}

func (c *classPicker) bar() fyne.CanvasObject { return c.box }

// update shows the picker for a new space's class-conditional decoder on
// the state's class, and follows the class the session decodes. It
// subscribes before the output panel, so the first decode is in that
// class.
func (c *classPicker) update(ev session.Event) {
	if ev.Has(session.ChangedSpace) {
		c.names = c.e.core.ClassNames()
		if c.names == nil {
			c.box.Hide()
			return
		}
		c.setting = true
		c.sel.SetOptions(c.names)
		c.setting = false
		c.box.Show()
	}
	if c.names != nil && ev.Has(session.ChangedSpace|session.ChangedClass) {
		if k := c.e.core.Snapshot().Class; c.sel.SelectedIndex() != k {
			c.setting = true
			c.sel.SetSelectedIndex(k)
			c.setting = false
		}
	}
}

// changed is the picker's callback: decode the current vector again in
// the new class.
func (c *classPicker) changed(name string) {
	k := slices.Index(c.sel.Options, name)
	if c.names == nil || k < 0 {
		return
	}
	if err := c.e.core.SetClass(k); err != nil {
		c.e.showError(err)
		return
	}
	if !c.setting {
		c.e.output.redecode()
	}
}

// follow picks the class of item i's label (Session.ClassOf) without
// asking for a decode: the caller is about to.
func (c *classPicker) follow(i int) {
	k, ok := c.e.core.ClassOf(i)
	if c.names == nil || !ok {
		return
	}
	c.setting = true
	c.sel.SetSelectedIndex(k)
	c.setting = false
}
