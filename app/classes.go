package app

import (
	"math"
	"slices"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/latent-explorer/latent/app/session"
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
// decoding goroutines and set on the UI goroutine.
type pickedClass struct {
	classDecoder
	names []string
	class atomic.Int64
}

// Decode implements Decoder with the picked class.
func (p *pickedClass) Decode(z, dst []float32) ([]float32, error) {
	return p.DecodeClass(z, int(p.class.Load()), dst)
}

// DecodeBatch decodes n vectors in the picked class, in one batch when
// the decoder can (model.DecodeAll uses it for grids and thumbnails).
func (p *pickedClass) DecodeBatch(z []float32, n int, dst []float32) ([]float32, error) {
	class := int(p.class.Load())
	if b, ok := p.classDecoder.(interface {
		DecodeBatchClass(z []float32, n int, classes []int, dst []float32) ([]float32, error)
	}); ok {
		return b.DecodeBatchClass(z, n, []int{class}, dst)
	}
	d := len(z) / max(n, 1)
	dst = dst[:0]
	for i := range n {
		out, err := p.DecodeClass(z[i*d:(i+1)*d], class, nil)
		if err != nil {
			return nil, err
		}
		dst = append(dst, out...)
	}
	return dst, nil
}

// withClassPicker returns the decoder a space is opened with: dec itself,
// or for a class-conditional one a decoder of the class the picker shows.
// It touches no widget, so it may run off the UI goroutine.
func withClassPicker(s *model.Space, dec Decoder) Decoder {
	cd, ok := dec.(classDecoder)
	if !ok || cd.Classes() == 0 {
		return dec
	}
	return &pickedClass{classDecoder: cd, names: s.ClassNames(cd.Classes())}
}

// classPicker chooses the class a class-conditional decoder decodes,
// beside the sliders; clicking a point picks its label's class.
type classPicker struct {
	e       *Explorer
	sel     *widget.Select
	box     *fyne.Container
	dec     *pickedClass // nil without a class-conditional decoder
	setting bool         // set by follow or a new space: no decode request
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

// update shows the picker for a new space's class-conditional decoder,
// on the class of the point shown. It subscribes before the output panel,
// so the first decode is in that class.
func (c *classPicker) update(ev session.Event) {
	if !ev.Has(session.ChangedSpace) {
		return
	}
	c.dec, _ = c.e.core.Decoder().(*pickedClass)
	if c.dec == nil {
		c.box.Hide()
		return
	}
	c.setting = true
	c.sel.SetOptions(c.dec.names)
	c.sel.SetSelectedIndex(int(c.dec.class.Load()))
	c.setting = false
	c.box.Show()
	if i := c.e.core.Snapshot().Current; i >= 0 {
		c.follow(i)
	}
}

// changed is the picker's callback: decode the current vector again in
// the new class.
func (c *classPicker) changed(name string) {
	k := slices.Index(c.sel.Options, name)
	if c.dec == nil || k < 0 {
		return
	}
	c.dec.class.Store(int64(k))
	if !c.setting {
		c.e.output.redecode()
	}
}

// follow picks the class of item i's label, when the labels are the
// classes (an integer in range, or one of the class names), without
// asking for a decode: the caller is about to.
func (c *classPicker) follow(i int) {
	sp := c.e.core.Space()
	if c.dec == nil || sp == nil || sp.Manifest.Labels == "" || len(sp.Meta.Columns) == 0 {
		return
	}
	col := sp.Meta.Columns[0]
	k := -1
	if col.Numeric() {
		if v := col.Numbers[i]; v == math.Trunc(v) && v >= 0 && v < float64(len(c.dec.names)) {
			k = int(v)
		}
	} else {
		k = slices.Index(c.dec.names, col.Strings[i])
	}
	if k < 0 {
		return
	}
	c.setting = true
	c.sel.SetSelectedIndex(k)
	c.setting = false
}
