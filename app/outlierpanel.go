package app

import (
	"context"
	"errors"
	"fmt"
	"image"
	"slices"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/latent-explorer/latent/app/session"
)

// outlierNames are the scores' names in the panel's choice.
var outlierNames = map[string]string{
	"knn":       "k-th neighbour distance",
	"lof":       "LOF",
	"glosh":     "GLOSH",
	"prior":     "prior density",
	"recon":     "reconstruction error",
	"roundtrip": "round-trip error",
}

// outlierHint is the Outliers panel's text while nothing is scored.
const outlierHint = "Choose a score and press Score: the map is coloured by it and the most unusual points are listed here, with their pictures; click one to go there."

// outlierPanel scores every code (a session job with progress and
// Cancel), colours the map by the score and lists the top N codes with
// their pictures and scores; clicking a row moves the sliders there.
type outlierPanel struct {
	e        *Explorer
	method   *widget.Select
	top      *widget.Entry
	run      *widget.Button
	cancel   *widget.Button
	progress *widget.ProgressBar
	label    *widget.Label
	hint     *widget.Label
	list     *widget.List
	obj      fyne.CanvasObject

	methods []string // the methods offered, as OutlierMethods names them
	scored  *session.Scored
	// job is the scoring job the bar follows (0 for none); jobEnded says
	// it ended, so that a late progress event does not revive it.
	job      int
	jobEnded bool
	rows     []int // the points listed
	thumbs   []image.Image
	// shown and pictured count the lists shown and pictures filled.
	shown, pictured int
}

func newOutlierPanel(e *Explorer) *outlierPanel {
	p := &outlierPanel{e: e, top: widget.NewEntry(), label: widget.NewLabel(""), hint: widget.NewLabel(outlierHint), progress: widget.NewProgressBar()}
	p.hint.Wrapping = fyne.TextWrapWord
	p.top.SetText("20")
	p.method = widget.NewSelect(nil, nil)
	p.run = widget.NewButton("Score", p.score)
	p.cancel = widget.NewButton("Cancel", func() { e.core.Cancel("outliers") })
	p.cancel.Disable()
	p.progress.Hide()
	p.list = widget.NewList(func() int { return len(p.rows) }, newPointRow, p.fillRow)
	p.list.OnSelected = p.rowChosen
	controls := container.NewHBox(container.NewGridWrap(fyne.NewSize(220, 36), p.method), widget.NewLabel("top"),
		container.NewGridWrap(fyne.NewSize(60, 36), p.top), p.run, p.cancel, container.NewGridWrap(fyne.NewSize(140, 36), p.progress))
	bar := statusBar(controls, p.label)
	p.list.Hide()
	p.obj = container.NewBorder(bar, nil, nil, nil, container.NewStack(p.list, container.NewVScroll(p.hint)))
	e.subscribe(p.update)
	return p
}

func (p *outlierPanel) Title() string             { return "Outliers" }
func (p *outlierPanel) Object() fyne.CanvasObject { return p.obj }

// update offers the open space's scores, clears the list for a new space
// and follows the scoring job's progress.
func (p *outlierPanel) update(ev session.Event) {
	if ev.Has(session.ChangedSpace) {
		p.offer()
		p.scored, p.rows, p.thumbs = nil, nil, nil
		p.label.SetText("")
		p.showList()
	}
	if ev.Has(session.ChangedJob) && ev.Job.Kind == "outliers" {
		p.follow(ev.Job)
	}
}

// follow shows the scoring job's progress and Cancel while it runs and,
// once it ended without a result, why.
func (p *outlierPanel) follow(st session.JobStatus) {
	if st.ID > p.job {
		p.job, p.jobEnded = st.ID, false // a scoring started elsewhere (the menu)
	}
	if st.ID != p.job || p.jobEnded {
		return // a superseded job, or a late progress event
	}
	p.jobEnded = st.Done
	p.progress.SetValue(st.Progress)
	p.progress.Hidden = st.Done
	p.progress.Refresh()
	if !st.Done {
		p.cancel.Enable()
		p.label.SetText("scoring…")
		return
	}
	p.cancel.Disable()
	switch {
	case errors.Is(st.Err, context.Canceled):
		p.label.SetText("scoring cancelled")
	case st.Err != nil:
		p.label.SetText("scoring failed: " + st.Err.Error())
	}
}

// showList shows the list when it has rows, else the hint.
func (p *outlierPanel) showList() {
	p.list.UnselectAll()
	p.list.Hidden = len(p.rows) == 0
	p.hint.Hidden = !p.list.Hidden
	p.list.Refresh()
	p.hint.Refresh()
}

// offer fills the choice of scores and says, in the hint, why a
// model-based score is not offered.
func (p *outlierPanel) offer() {
	p.methods = p.e.core.OutlierMethods()
	hint := outlierHint
	missing := p.e.core.OutlierMissing()
	for _, m := range []string{"recon", "roundtrip"} {
		if why := missing[m]; why != "" {
			hint += "\n\nNo " + outlierNames[m] + " for this space: it " + why + "."
		}
	}
	p.hint.SetText(hint)
	opts := make([]string, len(p.methods))
	for i, m := range p.methods {
		opts[i] = outlierNames[m]
	}
	p.method.Options = opts
	if !slices.Contains(opts, p.method.Selected) {
		p.method.SetSelected(opts[0])
	}
	p.method.Refresh()
}

// chosen returns the method chosen, as ScoreOutliers names it.
func (p *outlierPanel) chosen() string {
	if i := slices.Index(p.method.Options, p.method.Selected); i >= 0 {
		return p.methods[i]
	}
	return "knn"
}

// choose selects method (an OutlierMethods name) in the choice; it
// reports false when the space does not offer it.
func (p *outlierPanel) choose(method string) bool {
	i := slices.Index(p.methods, method)
	if i >= 0 {
		p.method.SetSelected(p.method.Options[i])
	}
	return i >= 0
}

// score runs the chosen score as a job.
func (p *outlierPanel) score() {
	n, err := strconv.Atoi(p.top.Text)
	if err != nil || n < 1 {
		p.e.showError(fmt.Errorf("outliers: top %q: want a whole number ≥ 1", p.top.Text))
		return
	}
	if p.e.space == nil {
		return
	}
	j := p.e.core.ScoreOutliers(p.chosen())
	p.follow(j.Status())
	p.e.jobs.track(j, func(st session.JobStatus) { p.show(st.Result.(*session.Scored), n) })
}

// show lists the top n of a finished scoring and starts their pictures.
func (p *outlierPanel) show(sc *session.Scored, n int) {
	p.scored, p.rows = sc, sc.Ranked[:min(n, len(sc.Ranked))]
	p.thumbs = make([]image.Image, len(p.rows))
	p.label.SetText(fmt.Sprintf("the %d most unusual by %s", len(p.rows), outlierNames[sc.Method]))
	p.showList()
	p.shown++
	p.e.showPanel(p)
	rows := p.rows
	p.e.jobs.track(p.e.core.Thumbnails("outlier-thumbnails", rows), func(st session.JobStatus) {
		if p.scored == sc {
			copy(p.thumbs, st.Result.([]image.Image))
			p.pictured++
			p.list.Refresh()
		}
	})
}

func (p *outlierPanel) fillRow(id widget.ListItemID, o fyne.CanvasObject) {
	setPointRow(o, p.thumbs[id], p.rowText(id))
}

// rowText is row id's text: the point, its label and its score.
func (p *outlierPanel) rowText(id int) string {
	i := p.rows[id]
	text := fmt.Sprintf("#%d", i)
	if l := p.e.core.MetaLabel(i); l != "" {
		text += "  " + l
	}
	return text + fmt.Sprintf("  score %.4g", p.scored.Scores[i])
}

// rowChosen moves the sliders to row id's code.
func (p *outlierPanel) rowChosen(id widget.ListItemID) {
	if id < len(p.rows) {
		p.e.jumpTo(p.rows[id])
	}
}
