package app

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
	"gonum.org/v1/gonum/mat"

	"github.com/latent-explorer/latent/model"
	"github.com/latent-explorer/latent/viz/projection"
)

// The projection methods offered, as shown and as projection.New names them.
var methodNames = []string{"PCA", "t-SNE", "UMAP", "Custom axes"}

var methodKeys = map[string]string{"PCA": "pca", "t-SNE": "tsne", "UMAP": "umap", "Custom axes": "custom"}

// animationInterval is the least time between intermediate layouts drawn.
const animationInterval = 50 * time.Millisecond

// projectionControls are the method, its parameters and seed, Run and
// Cancel, and the progress bar.
type projectionControls struct {
	e          *Explorer
	method     *widget.Select
	seed       *widget.Entry
	perplexity *widget.Entry
	neighbors  *widget.Entry
	minDist    *widget.Entry
	xAxis      *widget.Select
	yAxis      *widget.Select
	runButton  *widget.Button
	cancel     *widget.Button
	progress   *widget.ProgressBar
	params     *fyne.Container
	showing    *widget.Label

	stop context.CancelFunc
	// finished is called on the UI goroutine when a run ends; tests wait on it.
	finished func(err error)
}

func newProjectionControls(e *Explorer) *projectionControls {
	p := &projectionControls{e: e, progress: widget.NewProgressBar(), showing: widget.NewLabel("")}
	p.seed = numberEntry("1")
	p.perplexity = numberEntry("30")
	p.neighbors = numberEntry("15")
	p.minDist = numberEntry("0.1")
	p.xAxis = widget.NewSelect(nil, nil)
	p.yAxis = widget.NewSelect(nil, nil)
	p.params = container.NewHBox()
	p.method = widget.NewSelect(methodNames, func(string) { p.showParams() })
	p.method.SetSelected("t-SNE")
	p.runButton = widget.NewButton("Run", func() { p.run(methodKeys[p.method.Selected]) })
	p.runButton.Importance = widget.HighImportance
	p.cancel = widget.NewButton("Cancel", p.Cancel)
	p.cancel.Disable()
	return p
}

func numberEntry(v string) *widget.Entry {
	e := widget.NewEntry()
	e.SetText(v)
	return e
}

func (p *projectionControls) bar() fyne.CanvasObject {
	left := container.NewHBox(widget.NewLabel("Projection"), p.method, p.params,
		widget.NewLabel("seed"), container.NewGridWrap(fyne.NewSize(60, 36), p.seed), p.runButton, p.cancel)
	return container.NewBorder(nil, nil, left, p.showing, p.progress)
}

// showParams shows the parameters of the chosen method.
func (p *projectionControls) showParams() {
	p.params.RemoveAll()
	field := func(label string, e fyne.CanvasObject) {
		p.params.Add(widget.NewLabel(label))
		p.params.Add(container.NewGridWrap(fyne.NewSize(64, 36), e))
	}
	switch p.method.Selected {
	case "t-SNE":
		field("perplexity", p.perplexity)
	case "UMAP":
		field("neighbours", p.neighbors)
		field("min dist", p.minDist)
	case "Custom axes":
		p.xAxis.Options = p.e.dirs.names()
		p.yAxis.Options = p.xAxis.Options
		p.params.Add(widget.NewLabel("x"))
		p.params.Add(container.NewGridWrap(fyne.NewSize(150, 36), p.xAxis))
		p.params.Add(widget.NewLabel("y"))
		p.params.Add(container.NewGridWrap(fyne.NewSize(150, 36), p.yAxis))
	}
	p.params.Refresh()
}

// options reads the parameter fields.
func (p *projectionControls) options() (projection.Options, error) {
	var o projection.Options
	seed, err := strconv.ParseUint(p.seed.Text, 10, 64)
	if err != nil {
		return o, fmt.Errorf("seed %q: want a whole number", p.seed.Text)
	}
	o.Seed = seed
	if o.Perplexity, err = strconv.ParseFloat(p.perplexity.Text, 64); err != nil || o.Perplexity <= 0 {
		return o, fmt.Errorf("perplexity %q: want a positive number", p.perplexity.Text)
	}
	if o.Neighbors, err = strconv.Atoi(p.neighbors.Text); err != nil || o.Neighbors < 2 {
		return o, fmt.Errorf("neighbours %q: want a whole number of at least 2", p.neighbors.Text)
	}
	minDist, err := strconv.ParseFloat(p.minDist.Text, 64)
	if err != nil || minDist < 0 || math.IsNaN(minDist) {
		return o, fmt.Errorf("min dist %q: want a number ≥ 0", p.minDist.Text)
	}
	o.SetMinDist(minDist)
	return o, nil
}

// run starts projecting the codes with method in the background; the map
// animates the intermediate layouts.
func (p *projectionControls) run(method string) {
	st := p.e.st
	if st == nil {
		return
	}
	proj, err := p.projector(method)
	opts, _ := p.options()
	spec := model.MapSpec{Method: method, Seed: opts.Seed}
	switch method {
	case "tsne":
		spec.Perplexity = opts.Perplexity
	case "umap":
		spec.Neighbors, spec.MinDist = opts.Neighbors, opts.UMAPMinDist()
	}
	if err != nil {
		p.e.showError(err)
		return
	}
	p.Cancel()
	ctx, stop := context.WithCancel(context.Background())
	p.stop = stop
	p.runButton.Disable()
	p.cancel.Enable()
	p.progress.SetValue(0)
	x := codesMatrix(st.space.Codes)
	p.e.status.SetText("projecting with " + method + "…")
	go p.fit(ctx, st, spec, proj, x)
}

// projector makes the projector for a method from the controls.
func (p *projectionControls) projector(method string) (projection.Projector, error) {
	opts, err := p.options()
	if err != nil {
		return nil, err
	}
	if method != "custom" {
		return projection.New(method, opts)
	}
	dx, okx := p.e.dirs.byName(p.xAxis.Selected)
	dy, oky := p.e.dirs.byName(p.yAxis.Selected)
	if !okx || !oky {
		return nil, errors.New("custom axes: choose a direction for x and for y")
	}
	ax, err := projection.NewCustomAxes(dx, dy)
	if err != nil {
		return nil, err
	}
	return ax, nil
}

// fit runs on its own goroutine; results reach widgets through fyne.Do.
func (p *projectionControls) fit(ctx context.Context, st *state, spec model.MapSpec, proj projection.Projector, x *mat.Dense) {
	var last time.Time
	progress := func(f float64, y *mat.Dense) {
		if time.Since(last) < animationInterval && f < 1 {
			return
		}
		last = time.Now()
		var xy []float64
		if y != nil {
			xy = append([]float64(nil), y.RawMatrix().Data...)
		}
		p.e.ui.Do(func() { p.showProgress(st, f, xy) })
	}
	y, err := proj.Fit(ctx, x, progress)
	p.e.ui.Do(func() { p.done(st, spec, proj, y, err) })
}

func (p *projectionControls) showProgress(st *state, f float64, xy []float64) {
	if st != p.e.st || p.stop == nil {
		return
	}
	p.progress.SetValue(f)
	if xy != nil {
		p.e.mapView.AnimatePoints(xy)
	}
}

func (p *projectionControls) done(st *state, spec model.MapSpec, proj projection.Projector, y *mat.Dense, err error) {
	if st != p.e.st {
		return
	}
	method := spec.Method
	p.stop = nil
	p.runButton.Enable()
	p.cancel.Disable()
	switch {
	case errors.Is(err, context.Canceled):
		p.e.status.SetText("projection cancelled")
		p.progress.SetValue(0)
		p.e.setCoords(st.coords, st.method, nil)
	case err != nil:
		p.e.showError(fmt.Errorf("%s: %w", method, err))
	default:
		p.progress.SetValue(1)
		m, _ := proj.(placeInverter)
		p.e.setCoords(y.RawMatrix().Data, method, m)
		st.mapSpec = spec
		p.showMethod(method, false)
		p.e.status.SetText(method + " done")
	}
	if p.finished != nil {
		p.finished(err)
	}
}

// Cancel stops a projection under way.
func (p *projectionControls) Cancel() {
	if p.stop != nil {
		p.stop()
	}
}

// placeInverter places latent vectors on a map and maps positions back.
type placeInverter interface {
	projection.Placer
	projection.Inverter
}

// showMethod says which map is on screen (a finished one: the bar is full).
func (p *projectionControls) showMethod(method string, stored bool) {
	p.progress.SetValue(1)
	name := method
	for k, v := range methodKeys {
		if v == method {
			name = k
		}
	}
	switch {
	case method == "latent":
		name = "the 2-D codes themselves"
	case stored:
		name = "stored " + name + " map"
	default:
		name += " map"
	}
	p.showing.SetText("showing: " + name)
}
