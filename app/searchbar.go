package app

import (
	"fmt"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/latent-explorer/latent/app/session"
	"github.com/latent-explorer/latent/model"
)

// anyColumn is the column picker's choice that searches every column.
const anyColumn = "any column"

// dimFactor is how faint the points out of focus are drawn when dimming.
const dimFactor = 0.15

// searchBar finds points by a metadata or analysis column's value or a
// regular expression (model.Table.Search, through the session), rings the
// matches on the map and Select makes them the selection; its Dim toggle
// draws hidden categories and the points outside the selection or the
// matches faint instead of hiding them or drawing them as usual.
type searchBar struct {
	e      *Explorer
	column *widget.Select
	text   *widget.Entry
	regexp *widget.Check
	find   *widget.Button
	sel    *widget.Button
	clear  *widget.Button
	dim    *widget.Check
	count  *widget.Label
	// searches counts the searches answered (matches shown); tests wait on it.
	searches int
}

func newSearchBar(e *Explorer) *searchBar {
	b := &searchBar{e: e, count: widget.NewLabel("")}
	b.column = widget.NewSelect([]string{anyColumn}, nil)
	b.column.Selected = anyColumn
	b.text = widget.NewEntry()
	b.text.SetPlaceHolder("find a value or pattern")
	b.text.OnSubmitted = func(string) { b.search() }
	b.regexp = widget.NewCheck("Regexp", nil)
	b.find = widget.NewButton("Find", b.search)
	b.sel = widget.NewButton("Select", e.core.SelectMatches)
	b.sel.Disable()
	b.clear = widget.NewButton("Clear", func() {
		b.text.SetText("")
		e.core.ClearSearch()
	})
	b.dim = widget.NewCheck("Dim", e.core.SetDim)
	e.subscribe(b.update)
	return b
}

// bar lays out the search row above the map.
func (b *searchBar) bar() fyne.CanvasObject {
	text := container.NewGridWrap(fyne.NewSize(150, b.text.MinSize().Height), b.text)
	return container.NewHBox(widget.NewLabel("Find in"), b.column, text, b.regexp, b.find, b.sel, b.clear, b.count, b.dim)
}

// query is the search the fields describe.
func (b *searchBar) query() model.Query {
	q := model.Query{Text: b.text.Text, Regexp: b.regexp.Checked}
	if b.column.Selected != anyColumn {
		q.Column = b.column.Selected
	}
	return q
}

// search runs the query off the UI goroutine; the matches arrive as an
// event, an error in a dialog.
func (b *searchBar) search() {
	if b.text.Text == "" {
		b.e.core.ClearSearch()
		return
	}
	q := b.query()
	go func() {
		if _, err := b.e.core.Search(q); err != nil {
			b.e.ui.Do(func() { b.e.showError(err) })
		}
	}()
}

func (b *searchBar) update(ev session.Event) {
	if ev.Has(session.ChangedSpace | session.ChangedColumns) {
		b.showColumns()
	}
	if ev.Has(session.ChangedSpace) {
		b.showQuery()
	}
	if !ev.Has(session.ChangedSpace | session.ChangedEmphasis | session.ChangedSelection) {
		return
	}
	matches, q := b.e.core.Matches()
	r := b.e.mapp.view.Renderer()
	r.SetMatches(matches)
	r.Style.Dim = 0
	if b.e.core.Dim() {
		r.Style.Dim = dimFactor
	}
	b.showCount(matches, q)
	b.e.mapp.view.Refresh()
	if ev.Has(session.ChangedEmphasis) {
		b.searches++
	}
}

// showCount says how many points match and enables Select matches.
func (b *searchBar) showCount(matches []int, q model.Query) {
	switch {
	case q.Text == "":
		b.count.SetText("")
	case len(matches) == 1:
		b.count.SetText("1 match")
	default:
		b.count.SetText(fmt.Sprintf("%d matches", len(matches)))
	}
	if len(matches) > 0 {
		b.sel.Enable()
	} else {
		b.sel.Disable()
	}
}

// showColumns offers every column of the space, and "any column".
func (b *searchBar) showColumns() {
	opts := []string{anyColumn}
	for _, c := range b.e.core.Columns() {
		opts = append(opts, c.Name)
	}
	b.column.Options = opts
	if !slices.Contains(opts, b.column.Selected) {
		b.column.Selected = anyColumn
	}
	b.column.Refresh()
}

// showQuery shows the state's search and dimming (a reopened session's).
func (b *searchBar) showQuery() {
	_, q := b.e.core.Matches()
	b.text.SetText(q.Text)
	b.regexp.SetChecked(q.Regexp)
	if q.Column != "" && slices.Contains(b.column.Options, q.Column) {
		b.column.Selected = q.Column
	} else {
		b.column.Selected = anyColumn
	}
	b.column.Refresh()
	b.dim.SetChecked(b.e.core.Dim())
}
