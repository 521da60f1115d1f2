package app

import (
	"fmt"
	"image"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/latent-explorer/latent/app/session"
	"github.com/latent-explorer/latent/viz/neighbors"
)

// The neighbours panel's queries.
const (
	ofVector = "the vector"
	ofPoint  = "the clicked point"
)

// neighbourPanel lists the k codes nearest the current vector or the
// point last clicked, with pictures (the data, or decoded codes),
// distances and labels; they are selected on the map, and clicking a row
// moves the sliders to that code.
type neighbourPanel struct {
	e      *Explorer
	k      *widget.Entry
	metric *widget.Select
	of     *widget.Select
	label  *widget.Label
	list   *widget.List
	obj    fyne.CanvasObject

	// found is the list shown, or nil; thumbs its pictures.
	found  *session.NearestTo
	thumbs []image.Image
	// shown and pictured count the lists shown and pictures filled.
	shown, pictured int
}

func newNeighbourPanel(e *Explorer) *neighbourPanel {
	p := &neighbourPanel{e: e, k: widget.NewEntry(), label: widget.NewLabel("")}
	p.k.SetText("10")
	p.metric = widget.NewSelect([]string{string(neighbors.Euclidean), string(neighbors.Cosine)}, nil)
	p.metric.SetSelected(string(neighbors.Euclidean))
	p.of = widget.NewSelect([]string{ofVector, ofPoint}, nil)
	p.of.SetSelected(ofVector)
	p.list = widget.NewList(p.length, newPointRow, p.fillRow)
	p.list.OnSelected = p.rowChosen
	find := widget.NewButton("Find", p.find)
	bar := container.NewHBox(widget.NewLabel("k"), container.NewGridWrap(fyne.NewSize(60, 36), p.k),
		p.metric, widget.NewLabel("of"), p.of, find, p.label)
	p.obj = container.NewBorder(bar, nil, nil, nil, p.list)
	e.subscribe(p.update)
	return p
}

func (p *neighbourPanel) Title() string             { return "Neighbours" }
func (p *neighbourPanel) Object() fyne.CanvasObject { return p.obj }

// query reads the controls.
func (p *neighbourPanel) query() (session.NeighbourQuery, error) {
	k, err := strconv.Atoi(p.k.Text)
	if err != nil || k < 1 {
		return session.NeighbourQuery{}, fmt.Errorf("neighbours: k %q: want a whole number ≥ 1", p.k.Text)
	}
	q := session.NeighbourQuery{K: k, Metric: neighbors.Metric(p.metric.Selected), Point: -1}
	if p.of.Selected == ofPoint {
		if q.Point = p.e.core.Snapshot().Current; q.Point < 0 {
			return q, fmt.Errorf("neighbours: no point clicked; click one on the map or ask for the current vector's")
		}
	}
	return q, nil
}

// find runs the query (a session job) and shows its result.
func (p *neighbourPanel) find() {
	q, err := p.query()
	if err != nil {
		p.e.showError(err)
		return
	}
	if p.e.space == nil {
		return
	}
	p.label.SetText("searching…")
	p.e.jobs.track(p.e.core.NearestNeighbours(q), p.show)
}

// update clears the list when another space opens.
func (p *neighbourPanel) update(ev session.Event) {
	if ev.Has(session.ChangedSpace) {
		p.found, p.thumbs = nil, nil
		p.label.SetText("")
		p.list.UnselectAll()
		p.list.Refresh()
	}
}

// show lists a finished search and starts making its pictures.
func (p *neighbourPanel) show(st session.JobStatus) {
	nb := st.Result.(*session.NearestTo)
	p.found, p.thumbs = nb, make([]image.Image, len(nb.Index))
	of := "the current vector"
	if nb.Query.Point >= 0 {
		of = fmt.Sprintf("point #%d", nb.Query.Point)
	}
	p.label.SetText(fmt.Sprintf("the %d nearest to %s (%s)", len(nb.Index), of, nb.Query.Metric))
	p.list.UnselectAll()
	p.list.Refresh()
	p.shown++
	p.e.showPanel(p)
	p.e.jobs.track(p.e.core.Thumbnails("neighbour-thumbnails", nb.Index), func(st session.JobStatus) {
		if p.found == nb {
			copy(p.thumbs, st.Result.([]image.Image))
			p.pictured++
			p.list.Refresh()
		}
	})
}

func (p *neighbourPanel) length() int {
	if p.found == nil {
		return 0
	}
	return len(p.found.Index)
}

// newPointRow makes a list row: a picture and a line of text, in a
// container (the list draws containers and widgets, not wrappers).
func newPointRow() fyne.CanvasObject {
	return container.NewHBox(thumbImage(), widget.NewLabel("#000000  label  0.000000"))
}

// setPointRow fills a row newPointRow made.
func setPointRow(o fyne.CanvasObject, img image.Image, text string) {
	objs := o.(*fyne.Container).Objects
	thumb := objs[0].(*canvas.Image)
	thumb.Image = img
	thumb.Refresh()
	objs[1].(*widget.Label).SetText(text)
}

func (p *neighbourPanel) fillRow(id widget.ListItemID, o fyne.CanvasObject) {
	setPointRow(o, p.thumbs[id], p.rowText(id))
}

// rowText is row id's text: the point, its label and its distance.
func (p *neighbourPanel) rowText(id int) string {
	i := p.found.Index[id]
	text := fmt.Sprintf("#%d", i)
	if l := p.e.core.Label(i); l != "" {
		text += "  " + l
	}
	return text + fmt.Sprintf("  distance %.4g", p.found.Distance[id])
}

// rowChosen moves the sliders to row id's code.
func (p *neighbourPanel) rowChosen(id widget.ListItemID) {
	if p.found != nil && id < len(p.found.Index) {
		p.e.jumpTo(p.found.Index[id])
	}
}
