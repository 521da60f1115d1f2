package app

import (
	"image"
	"slices"
	"testing"

	"fyne.io/fyne/v2/test"
)

// search types text into the search bar (column col, regexp or not),
// presses Find and waits for the answer.
func search(t *testing.T, e *Explorer, col, text string, regexp bool) {
	t.Helper()
	b := e.search
	n := b.searches
	b.column.SetSelected(col)
	b.regexp.SetChecked(regexp)
	b.text.SetText(text)
	test.Tap(b.find)
	waitUntil(t, e, "the search's matches", func() bool { return b.searches > n })
}

func TestSearchValueMatchesAndSelects(t *testing.T) {
	e := openTest(t, withCategories(testSpace(t, true), 10))
	search(t, e, "kind", "KIND03", false)
	var want []int
	for i := 3; i < 180; i += 10 {
		want = append(want, i)
	}
	if got := e.mapp.view.Renderer().Matches(); !slices.Equal(got, want) {
		t.Fatalf("map rings %v, want the points of kind03 %v", got, want)
	}
	if got := e.search.count.Text; got != "18 matches" {
		t.Errorf("count says %q", got)
	}
	if e.search.sel.Disabled() {
		t.Fatal("Select matches is disabled with 18 matches")
	}
	test.Tap(e.search.sel)
	waitUntil(t, e, "the selection", func() bool { return e.mapp.view.Renderer().Len() > 0 && len(e.mapp.view.Renderer().Selection()) == 18 })
	if got := e.core.Snapshot().Selection; !slices.Equal(got, want) {
		t.Errorf("selection %v, want %v", got, want)
	}
}

func TestSearchRegexpAnyColumn(t *testing.T) {
	e := openTest(t, withCategories(testSpace(t, true), 10))
	// kind07 and kind08 by pattern in any column; "label" holds 0, 1, 2,
	// which the anchored pattern cannot match.
	search(t, e, anyColumn, "^kind0[78]$", true)
	var want []int
	for i := range 180 {
		if i%10 == 7 || i%10 == 8 {
			want = append(want, i)
		}
	}
	if got, _ := e.core.Matches(); !slices.Equal(got, want) {
		t.Errorf("matches %v, want %v", got, want)
	}
	// A number in any column: label 2 is every third point.
	search(t, e, anyColumn, "2", false)
	got, _ := e.core.Matches()
	if len(got) != 60 || got[0] != 2 || got[1] != 5 {
		t.Errorf("label 2 matches %d points starting %v, want 60 from [2 5]", len(got), got[:min(2, len(got))])
	}
}

func TestSearchBadPatternShowsError(t *testing.T) {
	e := openTest(t, testSpace(t, true))
	e.search.regexp.SetChecked(true)
	e.search.text.SetText("([")
	test.Tap(e.search.find)
	waitDialog(t, e, "the error")
	if got, _ := e.core.Matches(); got != nil {
		t.Errorf("a bad pattern matched %v", got)
	}
}

func TestDimToggle(t *testing.T) {
	e := openTest(t, testSpace(t, true))
	r := e.mapp.view.Renderer()
	n := e.search.searches
	e.search.dim.SetChecked(true)
	waitUntil(t, e, "the dim event", func() bool { return e.search.searches > n })
	if r.Style.Dim != dimFactor || !e.core.Dim() {
		t.Fatalf("dim on: renderer Dim %v, session %v", r.Style.Dim, e.core.Dim())
	}
	// A hidden label is now drawn faint: the frame differs from one with
	// dimming off, where it vanishes.
	waitColoring(t, e, func() { e.legend.legend.Check(0).SetChecked(false) })
	dimmed := framePix(e)
	n = e.search.searches
	e.search.dim.SetChecked(false)
	waitUntil(t, e, "the dim event", func() bool { return e.search.searches > n })
	if r.Style.Dim != 0 {
		t.Fatalf("dim off: renderer Dim %v", r.Style.Dim)
	}
	if hidden := framePix(e); string(hidden) == string(dimmed) {
		t.Error("the hidden label is drawn the same dimmed and hidden")
	}
}

// framePix draws the map as a 200×200 frame and returns a copy of its pixels.
func framePix(e *Explorer) []byte {
	return append([]byte(nil), e.mapp.view.DrawFrame(200, 200).(*image.RGBA).Pix...)
}
