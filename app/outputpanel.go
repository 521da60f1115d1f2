package app

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"github.com/latent-explorer/latent/app/session"
	"github.com/latent-explorer/latent/app/widgets"
	"github.com/latent-explorer/latent/model"
)

// outputPanel is the decoded output of the current vector, decoded off
// the UI goroutine by a decode loop that drops values it cannot keep up
// with.
type outputPanel struct {
	e     *Explorer
	view  *widgets.OutputView
	space *model.Space
	dec   Decoder
	loop  *decodeLoop
	stop  context.CancelFunc
	// decodes counts the decoded outputs shown; tests wait on it.
	decodes int
	// last is the decoded output last shown, for tests.
	last []float32
}

func newOutputPanel(e *Explorer) *outputPanel {
	p := &outputPanel{e: e, view: widgets.NewOutputView()}
	e.subscribe(p.update)
	return p
}

func (p *outputPanel) object() fyne.CanvasObject {
	return container.NewGridWrap(fyne.NewSize(340, 300), p.view)
}

func (p *outputPanel) update(ev session.Event) {
	if ev.Has(session.ChangedSpace) {
		p.restart()
	}
	if ev.Has(session.ChangedSpace | session.ChangedVector) {
		p.redecode()
	}
}

// redecode asks for the current vector to be decoded (again).
func (p *outputPanel) redecode() {
	if p.loop != nil {
		p.loop.Request(p.e.core.Vector())
	}
}

// restart starts a decode loop for the new space's decoder.
func (p *outputPanel) restart() {
	if p.stop != nil {
		p.stop()
	}
	p.space, p.dec, p.loop, p.stop = p.e.core.Space(), p.e.core.Decoder(), nil, nil
	p.view.ResetRange()
	p.view.SetImage(nil)
	if p.dec == nil {
		return
	}
	ctx, stop := context.WithCancel(context.Background())
	sp, dec := p.space, p.dec
	p.stop = stop
	p.loop = newDecodeLoop(ctx, dec, func(_, out []float32, err error) {
		p.e.ui.Do(func() { p.show(sp, out, err) })
	})
}

// show shows a decoded output, unless its space has been replaced.
func (p *outputPanel) show(sp *model.Space, out []float32, err error) {
	if sp != p.space {
		return
	}
	if err != nil {
		p.e.jobs.setStatus("decode: " + err.Error())
		return
	}
	spec := &sp.Manifest.Output
	shape := p.dec.OutputShape()
	if spec.Kind == "vector" || len(shape) == 1 {
		p.view.SetVector(out, spec.Features)
	} else if img, err := spec.ToImage(out, shape, nil); err != nil {
		p.e.jobs.setStatus("decoded output: " + err.Error())
		return
	} else {
		p.view.SetImage(img)
	}
	p.last = out
	p.decodes++
}
