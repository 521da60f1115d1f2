package app

import (
	"fmt"
	"image"
	"math"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"github.com/latent-explorer/latent/app/session"
	"github.com/latent-explorer/latent/model"
)

// encodePanel puts a new input into the space: a PNG or JPEG picked or
// dropped on the window (or a data item of the space) is converted to the
// encoder's input, encoded (the mean) as a session job, pinned on the map
// where the projection places its code, and the sliders jump there; the
// input and its reconstruction are shown side by side with their error.
type encodePanel struct {
	e        *Explorer
	pick     *widget.Button
	invert   *widget.Check
	item     *widget.Entry
	encodeIt *widget.Button
	status   *widget.Label
	input    *canvas.Image
	decoded  *canvas.Image
	obj      fyne.CanvasObject

	// last is the last input encoded, or nil; done counts them.
	last *session.Encoded
	done int
}

func newEncodePanel(e *Explorer) *encodePanel {
	p := &encodePanel{e: e, item: widget.NewEntry(), status: widget.NewLabel("")}
	p.pick = widget.NewButton("Open image…", p.showPicker)
	p.invert = widget.NewCheck("Invert (dark drawing on light)", nil)
	p.item.SetPlaceHolder("item #")
	p.encodeIt = widget.NewButton("Encode data item", p.encodeItem)
	p.status.Wrapping = fyne.TextWrapWord
	p.input, p.decoded = bigImage(), bigImage()
	bar := container.NewHBox(p.pick, p.invert, container.NewGridWrap(fyne.NewSize(80, 36), p.item), p.encodeIt)
	pair := container.NewGridWithColumns(2,
		container.NewBorder(widget.NewLabel("input"), nil, nil, nil, p.input),
		container.NewBorder(widget.NewLabel("reconstruction"), nil, nil, nil, p.decoded))
	p.obj = container.NewBorder(bar, p.status, nil, nil, pair)
	e.subscribe(p.update)
	return p
}

func bigImage() *canvas.Image {
	c := canvas.NewImageFromImage(nil)
	c.ScaleMode = canvas.ImageScalePixels
	c.FillMode = canvas.ImageFillContain
	c.SetMinSize(fyne.NewSize(96, 96))
	return c
}

func (p *encodePanel) Title() string             { return "Encode" }
func (p *encodePanel) Object() fyne.CanvasObject { return p.obj }

// update says whether the new space can encode, and keeps the pin where
// the map places the encoded code.
func (p *encodePanel) update(ev session.Event) {
	if ev.Has(session.ChangedSpace) {
		p.last = nil
		p.input.Image, p.decoded.Image = nil, nil
		p.input.Refresh()
		p.decoded.Refresh()
		p.showAvailable()
	}
	if ev.Has(session.ChangedSpace | session.ChangedMap) {
		p.placePin()
	}
}

// showAvailable enables the controls, or says why there is no encoding.
func (p *encodePanel) showAvailable() {
	ok := p.e.core.HasEncoder()
	for _, w := range []fyne.Disableable{p.pick, p.encodeIt} {
		if ok {
			w.Enable()
		} else {
			w.Disable()
		}
	}
	if sp := p.e.space; ok && (sp == nil || sp.Data == nil) {
		p.encodeIt.Disable()
	}
	if !ok {
		p.status.SetText("This space has no encoder, so new inputs cannot be placed in it: name one in its latent.toml (encoder = \"encoder.onnx\").")
		return
	}
	p.status.SetText("Drop a PNG or JPEG on the window, or open one.")
}

// showPicker asks for a PNG or JPEG file.
func (p *encodePanel) showPicker() {
	d := dialog.NewFileOpen(func(u fyne.URIReadCloser, err error) {
		if err != nil {
			p.e.showError(err)
			return
		}
		if u != nil {
			path := u.URI().Path()
			u.Close()
			p.encodeFile(path)
		}
	}, p.e.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".png", ".jpg", ".jpeg", ".PNG", ".JPG", ".JPEG"}))
	p.e.startIn(d)
	d.Show()
}

// encodeFile reads an image file and encodes it, both off the UI
// goroutine.
func (p *encodePanel) encodeFile(path string) {
	p.e.showPanel(p)
	p.status.SetText("reading " + path + "…")
	invert := p.invert.Checked
	go func() {
		img, err := model.ReadImage(path)
		p.e.ui.Do(func() {
			if err != nil {
				p.status.SetText("")
				p.e.showError(err)
				return
			}
			p.encodeImage(img, invert)
		})
	}()
}

// encodeImage encodes img as a session job.
func (p *encodePanel) encodeImage(img image.Image, invert bool) {
	p.e.showPanel(p)
	p.status.SetText("encoding…")
	p.e.jobs.track(p.e.core.EncodeImage(img, invert), p.show)
}

// encodeItem encodes the data item the entry names.
func (p *encodePanel) encodeItem() {
	i, err := strconv.Atoi(p.item.Text)
	if err != nil || p.e.space == nil || p.e.space.Data == nil || i < 0 || i >= p.e.space.Data.Shape[0] {
		p.e.showError(fmt.Errorf("encode: item %q: want a data item's number", p.item.Text))
		return
	}
	p.status.SetText("encoding…")
	p.e.jobs.track(p.e.core.EncodeItem(i), p.show)
}

// show shows a finished encoding: the pictures, the error, the pin.
func (p *encodePanel) show(st session.JobStatus) {
	r := st.Result.(*session.Encoded)
	p.last = r
	p.input.Image, p.decoded.Image = r.Input, r.Decoded
	p.input.Refresh()
	p.decoded.Refresh()
	text := "encoded; the sliders are at its code"
	if !math.IsNaN(r.MSE) {
		text = fmt.Sprintf("reconstruction error (MSE) %.4g; the sliders are at its code", r.MSE)
	}
	p.status.SetText(text)
	p.placePin()
	p.done++
}

// placePin pins the last code encoded where the map places it.
func (p *encodePanel) placePin() {
	r := p.e.mapp.view.Renderer()
	x, y, ok := 0.0, 0.0, false
	if p.last != nil {
		x, y, ok = p.e.core.Place(p.last.Z)
	}
	if ok {
		r.SetPin(x, y)
	} else {
		r.HidePin()
	}
	p.e.mapp.view.Refresh()
}
