package app

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/latent-explorer/latent/app/session"
	"github.com/latent-explorer/latent/app/widgets"
	"github.com/latent-explorer/latent/model"
	"github.com/latent-explorer/latent/viz/grid"
)

// The traversal panel's row kinds and units.
const (
	rowsDims       = "dimensions"
	rowsDirections = "slider directions"
	unitsCodes     = "codes' σ"
	unitsPrior     = "prior's σ"
)

// traversePanel decodes a traversal grid around the current vector: rows
// are latent dimensions (top:K by variance, all, or a list) or the slider
// directions; columns are steps from lo to hi in the codes' or the
// prior's standard deviations. The cells are labelled (rows and values);
// clicking a cell moves the sliders there; the grid saves as PNG or GIF
// as latent traverse writes it.
type traversePanel struct {
	e       *Explorer
	rows    *widget.Select
	dims    *widget.Entry
	lo, hi  *widget.Entry
	steps   *widget.Entry
	units   *widget.Select
	view    *widgets.GridView
	status  *widget.Label
	savePNG *widget.Button
	saveGIF *widget.Button
	obj     fyne.CanvasObject

	// grid is the traversal shown, or nil; shown counts those shown.
	grid  *session.Traversal
	shown int
}

func newTraversePanel(e *Explorer) *traversePanel {
	p := &traversePanel{e: e, dims: widget.NewEntry(), lo: widget.NewEntry(), hi: widget.NewEntry(),
		steps: widget.NewEntry(), view: widgets.NewGridView(), status: widget.NewLabel("")}
	p.rows = widget.NewSelect([]string{rowsDims, rowsDirections}, func(s string) {
		if s == rowsDims {
			p.dims.Enable()
		} else {
			p.dims.Disable()
		}
	})
	p.rows.SetSelected(rowsDims)
	p.dims.SetText(fmt.Sprintf("top:%d", session.TraverseDims))
	p.lo.SetText("-3")
	p.hi.SetText("3")
	p.steps.SetText(strconv.Itoa(session.TraverseSteps))
	p.units = widget.NewSelect([]string{unitsCodes, unitsPrior}, nil)
	p.units.SetSelected(unitsCodes)
	p.view.OnCell = p.cellChosen
	p.savePNG = widget.NewButton("Save PNG…", func() { p.save(false) })
	p.saveGIF = widget.NewButton("Save GIF…", func() { p.save(true) })
	p.savePNG.Disable()
	p.saveGIF.Disable()
	p.obj = p.layout()
	e.subscribe(p.update)
	return p
}

func (p *traversePanel) Title() string             { return "Traversal" }
func (p *traversePanel) Object() fyne.CanvasObject { return p.obj }

func (p *traversePanel) layout() fyne.CanvasObject {
	small := func(w fyne.CanvasObject) fyne.CanvasObject {
		return container.NewGridWrap(fyne.NewSize(70, 36), w)
	}
	what := container.NewHBox(p.rows, container.NewGridWrap(fyne.NewSize(110, 36), p.dims), p.units)
	span := container.NewHBox(widget.NewLabel("from"), small(p.lo), widget.NewLabel("to"), small(p.hi),
		widget.NewLabel("steps"), small(p.steps), widget.NewButton("Traverse", p.traverse), p.savePNG, p.saveGIF)
	return container.NewBorder(container.NewVBox(what, span, p.status), nil, nil, nil, container.NewScroll(p.view))
}

func (p *traversePanel) update(ev session.Event) {
	if ev.Has(session.ChangedSpace) {
		p.show(nil)
	}
}

// spec reads the controls into a traversal around the current vector.
func (p *traversePanel) spec() (session.TraverseSpec, error) {
	s := session.TraverseSpec{Directions: p.rows.Selected == rowsDirections, Units: session.CodeUnits, Base: p.e.core.Vector()}
	if p.units.Selected == unitsPrior {
		s.Units = session.PriorUnits
	}
	var err error
	if s.Lo, err = parseFinite("from", p.lo.Text); err != nil {
		return s, err
	}
	if s.Hi, err = parseFinite("to", p.hi.Text); err != nil {
		return s, err
	}
	if s.Steps, err = strconv.Atoi(strings.TrimSpace(p.steps.Text)); err != nil {
		return s, fmt.Errorf("steps %q: want a whole number", p.steps.Text)
	}
	if !s.Directions {
		s.Dims, err = parseTraverseDims(p.dims.Text, p.e.core.Stats())
	}
	return s, err
}

func parseFinite(name, text string) (float64, error) {
	v, err := strconv.ParseFloat(strings.TrimSpace(text), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%s %q: want a number", name, text)
	}
	return v, nil
}

// parseTraverseDims reads "top:K" (the K first in the slider order),
// "all" or a list of dimensions such as "0,3,7" or "2-5", as latent
// traverse's --dims (model.ParseDims).
func parseTraverseDims(text string, st *model.Stats) ([]int, error) {
	if st == nil {
		return nil, fmt.Errorf("no space open")
	}
	dims, err := model.ParseDims(text, st)
	if err != nil {
		return nil, fmt.Errorf("dimensions %w", err)
	}
	return dims, nil
}

// traverse decodes the grid the controls describe (a job).
func (p *traversePanel) traverse() {
	spec, err := p.spec()
	if err != nil {
		p.e.showError(err)
		return
	}
	p.e.jobs.track(p.e.core.Traverse(spec), func(st session.JobStatus) { p.show(st.Result.(*session.Traversal)) })
}

// show shows a decoded traversal, or none.
func (p *traversePanel) show(t *session.Traversal) {
	p.grid = t
	if t == nil {
		p.view.SetGrid(nil, grid.Layout{})
		p.status.SetText("")
		p.savePNG.Disable()
		p.saveGIF.Disable()
		return
	}
	img := t.Picture().Image(session.GridCell)
	p.view.SetGrid(img, grid.NewLayout(len(t.RowLabels), t.Spec.Steps, session.GridCell, t.RowLabels, t.Values))
	p.status.SetText(fmt.Sprintf("%d rows × %d steps; click a cell to move the sliders there", len(t.RowLabels), t.Spec.Steps))
	p.savePNG.Enable()
	p.saveGIF.Enable()
	p.shown++
}

// cellChosen moves the vector to cell (i, j)'s.
func (p *traversePanel) cellChosen(i, j int) {
	if p.grid == nil {
		return
	}
	p.e.core.SetVector(p.grid.Z[i*p.grid.Spec.Steps+j])
	p.status.SetText(fmt.Sprintf("%s at %s", p.grid.RowLabels[i], p.grid.Values[j]))
}

// save writes the grid as a PNG or its frames as a GIF, as latent
// traverse does.
func (p *traversePanel) save(gif bool) {
	if p.grid != nil {
		name := "traversal.png"
		if gif {
			name = "traversal.gif"
		}
		p.e.savePictureDialog("Save traversal", name, p.grid.Picture(), gif)
	}
}
