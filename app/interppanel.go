package app

import (
	"fmt"
	"path/filepath"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/latent-explorer/latent/app/session"
	"github.com/latent-explorer/latent/viz/grid"
)

// The interpolation panel's methods.
const (
	lerpMethod  = "linear"
	slerpMethod = "spherical (slerp)"
)

// frameInterval is how long Play shows each step; gifDelay a GIF frame's.
const (
	frameInterval = 250 * time.Millisecond
	gifDelay      = 200 * time.Millisecond
)

// interpPanel interpolates between two endpoints — the last two points
// clicked (followed until an end is set by hand), the first two selected,
// or the current vector — linearly or spherically in N steps. The path is
// drawn on the map; the scrubber and Play move the vector along it, so
// the marker and the decoded output follow; the strip saves as PNG or GIF
// as latent interpolate writes it.
type interpPanel struct {
	e         *Explorer
	fromLabel *widget.Label
	toLabel   *widget.Label
	method    *widget.Select
	steps     *widget.Entry
	scrub     *widget.Slider
	play      *widget.Button
	tLabel    *widget.Label
	strip     *canvas.Image
	savePNG   *widget.Button
	saveGIF   *widget.Button
	// fromVector and toVector set an end to the current vector.
	fromVector, toVector *widget.Button
	obj                  fyne.CanvasObject

	from, to session.Endpoint
	// manual is true once an end was set by hand: clicks stop moving them.
	manual bool
	path   *session.Path
	// step is the path's step the vector is at.
	step int
	anim *animation
	// newTicker makes Play's ticker (tests drive one by hand).
	newTicker func(time.Duration) ticker
	// decoded counts the paths shown; tests wait on it.
	decoded int
}

func newInterpPanel(e *Explorer) *interpPanel {
	p := &interpPanel{e: e, fromLabel: widget.NewLabel("—"), toLabel: widget.NewLabel("—"),
		tLabel: widget.NewLabel(""), newTicker: newTimeTicker}
	p.from.Point, p.to.Point = -1, -1
	p.method = widget.NewSelect([]string{lerpMethod, slerpMethod}, nil)
	p.method.SetSelected(lerpMethod)
	p.steps = widget.NewEntry()
	p.steps.SetText(strconv.Itoa(session.InterpolateSteps))
	p.scrub = widget.NewSlider(0, 1)
	p.scrub.Step = 1
	p.scrub.OnChanged = func(v float64) { p.goTo(int(v)) }
	p.play = widget.NewButton("Play", p.togglePlay)
	p.strip = canvas.NewImageFromImage(nil)
	p.strip.FillMode = canvas.ImageFillContain
	p.strip.ScaleMode = canvas.ImageScalePixels
	p.strip.SetMinSize(fyne.NewSize(400, 80))
	p.savePNG = widget.NewButton("Save PNG…", func() { p.save(false) })
	p.saveGIF = widget.NewButton("Save GIF…", func() { p.save(true) })
	p.fromVector = widget.NewButton("← vector", func() { p.setEnd(&p.from, p.e.core.VectorEndpoint()) })
	p.toVector = widget.NewButton("← vector", func() { p.setEnd(&p.to, p.e.core.VectorEndpoint()) })
	p.obj = p.layout()
	p.showPath(nil)
	e.subscribe(p.update)
	return p
}

func (p *interpPanel) Title() string             { return "Interpolation" }
func (p *interpPanel) Object() fyne.CanvasObject { return p.obj }

func (p *interpPanel) layout() fyne.CanvasObject {
	ends := container.NewHBox(
		widget.NewLabel("From"), p.fromLabel, p.fromVector,
		widget.NewLabel("To"), p.toLabel, p.toVector,
		widget.NewButton("Last two clicked", p.useClicked), widget.NewButton("First two selected", p.useSelected))
	opts := container.NewHBox(p.method, widget.NewLabel("steps"), container.NewGridWrap(fyne.NewSize(60, 36), p.steps),
		widget.NewButton("Interpolate", p.interpolate), p.savePNG, p.saveGIF)
	player := container.NewBorder(nil, nil, p.play, p.tLabel, p.scrub)
	return container.NewBorder(container.NewVBox(ends, opts, player), nil, nil, nil, container.NewScroll(p.strip))
}

// setEnd sets one end by hand.
func (p *interpPanel) setEnd(end *session.Endpoint, v session.Endpoint) {
	*end = v
	p.manual = true
	p.showEnds()
}

// useClicked takes the last two points clicked, and follows clicks again.
func (p *interpPanel) useClicked() {
	p.manual = false
	p.followClicks()
}

// useSelected takes the first two selected points.
func (p *interpPanel) useSelected() {
	sel := p.e.core.Snapshot().Selection
	if len(sel) < 2 {
		p.e.showError(fmt.Errorf("select at least two points first (%d selected)", len(sel)))
		return
	}
	a, _ := p.e.core.PointEndpoint(sel[0])
	b, _ := p.e.core.PointEndpoint(sel[1])
	p.from, p.to, p.manual = a, b, true
	p.showEnds()
}

// followClicks sets the ends to the points clicked before last and last.
func (p *interpPanel) followClicks() {
	st := p.e.core.Snapshot()
	a, okA := p.e.core.PointEndpoint(st.Previous)
	b, okB := p.e.core.PointEndpoint(st.Current)
	if okA && okB {
		p.from, p.to = a, b
		p.showEnds()
	}
}

func (p *interpPanel) showEnds() {
	p.fromLabel.SetText(endName(p.from))
	p.toLabel.SetText(endName(p.to))
}

func endName(v session.Endpoint) string {
	if v.Z == nil {
		return "—"
	}
	return v.Name()
}

func (p *interpPanel) update(ev session.Event) {
	if ev.Has(session.ChangedSpace) {
		p.stop()
		p.from, p.to = session.Endpoint{Point: -1}, session.Endpoint{Point: -1}
		p.manual = false
		p.showEnds()
		p.showPath(nil)
	}
	if ev.Has(session.ChangedVector) && !p.manual {
		p.followClicks()
	}
	if ev.Has(session.ChangedMap) && p.path != nil {
		p.path.XY = p.e.core.PlaceAll(p.path.Z)
		p.e.mapp.view.SetPath(p.path.XY)
	}
}

// interpolate decodes the path between the ends (a job).
func (p *interpPanel) interpolate() {
	n, err := strconv.Atoi(p.steps.Text)
	if err != nil {
		p.e.showError(fmt.Errorf("steps %q: want a whole number from 2 to %d", p.steps.Text, session.MaxPathSteps))
		return
	}
	p.stop()
	p.e.jobs.track(p.e.core.Interpolate(p.from, p.to, n, p.method.Selected == slerpMethod), func(st session.JobStatus) {
		p.showPath(st.Result.(*session.Path))
		p.goTo(0)
	})
}

// showPath shows a decoded path (or none): on the map, the strip, the
// scrubber's range.
func (p *interpPanel) showPath(path *session.Path) {
	p.path = path
	if path == nil {
		p.e.mapp.view.SetPath(nil)
		p.strip.Image = nil
		p.strip.Refresh()
		for _, w := range []fyne.Disableable{p.scrub, p.play, p.savePNG, p.saveGIF} {
			w.Disable()
		}
		p.tLabel.SetText("")
		return
	}
	p.e.mapp.view.SetPath(path.XY)
	p.strip.Image = path.Picture().Image(session.GridCell)
	p.strip.Refresh()
	p.scrub.Max = float64(len(path.Z) - 1)
	p.scrub.Value = 0
	p.scrub.Refresh()
	for _, w := range []fyne.Disableable{p.scrub, p.play, p.savePNG, p.saveGIF} {
		w.Enable()
	}
	p.decoded++
}

// goTo moves the vector to step k of the path: the marker and the
// decoded output follow.
func (p *interpPanel) goTo(k int) {
	if p.path == nil || k < 0 || k >= len(p.path.Z) {
		return
	}
	p.step = k
	if p.scrub.Value != float64(k) {
		p.scrub.SetValue(float64(k)) // calls goTo again, which ends here
	}
	p.tLabel.SetText("t=" + p.path.Labels[k])
	p.e.core.SetVector(p.path.Z[k])
}

// togglePlay starts or stops the animation along the path.
func (p *interpPanel) togglePlay() {
	if p.anim != nil && p.anim.running() {
		p.stop()
		return
	}
	if p.path == nil {
		return
	}
	if p.step == len(p.path.Z)-1 {
		p.goTo(0)
	}
	p.play.SetText("Stop")
	p.anim = p.e.animate(p.newTicker(frameInterval), p.advance)
}

// advance is one tick of Play: the next step, until the last.
func (p *interpPanel) advance() bool {
	if p.path == nil || p.step >= len(p.path.Z)-1 {
		p.play.SetText("Play")
		return false
	}
	p.goTo(p.step + 1)
	if p.step == len(p.path.Z)-1 {
		p.play.SetText("Play")
		return false
	}
	return true
}

// stop ends Play.
func (p *interpPanel) stop() {
	if p.anim != nil {
		p.anim.stop()
	}
	p.play.SetText("Play")
}

// save asks for a file and writes the strip as a PNG or its frames as a
// GIF, as latent interpolate does.
func (p *interpPanel) save(gif bool) {
	if p.path != nil {
		name := "interpolation.png"
		if gif {
			name = "interpolation.gif"
		}
		p.e.savePictureDialog("Save interpolation", name, p.path.Picture(), gif)
	}
}

// savePictureDialog asks for a folder and name and writes pic (a PNG, or
// with gif its frames) atomically, asking before it replaces a file.
func (e *Explorer) savePictureDialog(title, defaultName string, pic *grid.Picture, gif bool) {
	dir, name := e.folderEntry("exportDir"), widget.NewEntry()
	name.SetText(defaultName)
	items := []*widget.FormItem{
		widget.NewFormItem("folder", e.folderPicker(dir)),
		widget.NewFormItem("file name", name),
	}
	dialog.ShowForm(title, "Save", "Cancel", items, func(ok bool) {
		if ok {
			path := filepath.Join(dir.Text, name.Text)
			e.confirmOverwrite(path, func() {
				e.app.Preferences().SetString("exportDir", dir.Text)
				go e.writePicture(path, pic, gif)
			})
		}
	}, e.win)
}

// writePicture writes pic to path off the UI goroutine and reports it.
func (e *Explorer) writePicture(path string, pic *grid.Picture, gif bool) {
	err := pic.Save(path, gif, session.GridCell, gifDelay)
	e.ui.Do(func() {
		if err != nil {
			e.showError(err)
			return
		}
		e.jobs.setStatus("saved " + path)
	})
}
