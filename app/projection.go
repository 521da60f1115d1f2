package app

import (
	"fmt"
	"math"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/latent-explorer/latent/app/session"
)

// The projection methods offered, as shown and as the session names them.
var methodNames = []string{"PCA", "t-SNE", "UMAP", "Custom axes"}

var methodKeys = map[string]string{"PCA": "pca", "t-SNE": "tsne", "UMAP": "umap", "Custom axes": "custom"}

// projectionBar is the method, its parameters and seed, and Run; the
// job bar shows the run's progress and cancels it.
type projectionBar struct {
	e          *Explorer
	method     *widget.Select
	seed       *widget.Entry
	perplexity *widget.Entry
	neighbors  *widget.Entry
	minDist    *widget.Entry
	iterations *widget.Entry
	xAxis      *widget.Select
	yAxis      *widget.Select
	runButton  *widget.Button
	params     *fyne.Container
	showing    *widget.Label
	// last is the job last run, for tests.
	last *session.Job
}

func newProjectionBar(e *Explorer) *projectionBar {
	p := &projectionBar{e: e, showing: widget.NewLabel("")}
	p.seed = numberEntry("1")
	p.perplexity = numberEntry("30")
	p.neighbors = numberEntry("15")
	p.minDist = numberEntry("0.1")
	p.iterations = widget.NewEntry()
	p.iterations.SetPlaceHolder("auto")
	p.xAxis = widget.NewSelect(nil, nil)
	p.yAxis = widget.NewSelect(nil, nil)
	p.params = container.NewHBox()
	p.method = widget.NewSelect(methodNames, func(string) { p.showParams() })
	p.method.SetSelected("t-SNE")
	p.runButton = widget.NewButton("Run", p.run)
	p.runButton.Importance = widget.HighImportance
	e.subscribe(p.update)
	return p
}

func numberEntry(v string) *widget.Entry {
	e := widget.NewEntry()
	e.SetText(v)
	return e
}

func (p *projectionBar) bar() fyne.CanvasObject {
	left := container.NewHBox(widget.NewLabel("Projection"), p.method, p.params,
		widget.NewLabel("seed"), container.NewGridWrap(fyne.NewSize(60, 36), p.seed), p.runButton)
	return container.NewBorder(nil, nil, left, p.showing)
}

func (p *projectionBar) update(ev session.Event) {
	if ev.Has(session.ChangedSpace | session.ChangedDirections) {
		var names []string
		for _, d := range p.e.core.Snapshot().Directions {
			names = append(names, d.Name)
		}
		p.xAxis.Options, p.yAxis.Options = names, names
	}
	if ev.Has(session.ChangedSpace | session.ChangedMap) {
		p.showMethod(p.e.core.Snapshot().Map)
	}
}

// showParams shows the parameters of the chosen method.
func (p *projectionBar) showParams() {
	p.params.RemoveAll()
	field := func(label string, w fyne.CanvasObject, width float32) {
		p.params.Add(widget.NewLabel(label))
		p.params.Add(container.NewGridWrap(fyne.NewSize(width, 36), w))
	}
	switch p.method.Selected {
	case "t-SNE":
		field("perplexity", p.perplexity, 64)
		field("iterations", p.iterations, 64)
	case "UMAP":
		field("neighbours", p.neighbors, 64)
		field("min dist", p.minDist, 64)
		field("epochs", p.iterations, 64)
	case "Custom axes":
		field("x", p.xAxis, 150)
		field("y", p.yAxis, 150)
	}
	p.params.Refresh()
}

// params reads the fields.
func (p *projectionBar) parameters() (session.Params, error) {
	o := session.Params{Method: methodKeys[p.method.Selected], XAxis: p.xAxis.Selected, YAxis: p.yAxis.Selected}
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
	if o.MinDist, err = strconv.ParseFloat(p.minDist.Text, 64); err != nil || o.MinDist < 0 || math.IsNaN(o.MinDist) {
		return o, fmt.Errorf("min dist %q: want a number ≥ 0", p.minDist.Text)
	}
	if t := p.iterations.Text; t != "" {
		if o.Iterations, err = strconv.Atoi(t); err != nil || o.Iterations < 1 {
			return o, fmt.Errorf("iterations %q: want a whole number ≥ 1, or nothing for the default", t)
		}
	}
	return o, nil
}

// run starts the projection; the map animates its intermediate layouts.
func (p *projectionBar) run() {
	if p.e.space == nil {
		return
	}
	params, err := p.parameters()
	if err != nil {
		p.e.showError(err)
		return
	}
	p.last = p.e.core.Project(params)
}

// showMethod says which map is on screen.
func (p *projectionBar) showMethod(m session.Map) {
	name := m.Method
	for k, v := range methodKeys {
		if v == m.Method {
			name = k
		}
	}
	switch {
	case m.Method == "":
		name = "computing the first map…"
	case m.Method == "latent":
		name = "the 2-D codes themselves"
	case m.Stored:
		name = "stored " + name + " map"
	default:
		name += " map"
	}
	p.showing.SetText("showing: " + name)
}
