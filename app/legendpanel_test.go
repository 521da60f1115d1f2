package app

import (
	"fmt"
	"slices"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/latent-explorer/latent/app/session"
	"github.com/latent-explorer/latent/model"
)

// withCategories gives the test space a text column "kind" of k
// categories, point i in category i mod k, and colours by it.
func withCategories(s *model.Space, k int) *model.Space {
	kinds := make([]string, s.Codes.N)
	for i := range kinds {
		kinds[i] = fmt.Sprintf("kind%02d", i%k)
	}
	s.Meta.Columns = append([]*model.Column{{Name: "kind", Strings: kinds}}, s.Meta.Columns...)
	return s
}

// waitColoring waits for the next colouring event to reach the panels.
func waitColoring(t *testing.T, e *Explorer, act func()) {
	t.Helper()
	seen := false
	stop := e.core.Subscribe(func(ev session.Event) {
		if ev.Has(session.ChangedColoring) {
			e.ui.Do(func() { seen = true })
		}
	})
	defer stop()
	act()
	waitUntil(t, e, "the colouring event", func() bool { return seen })
}

func TestLegendTenCategoriesAllShown(t *testing.T) {
	e := openTest(t, withCategories(testSpace(t, true), 10))
	l := e.legend.legend
	if l.Title() != "kind" || l.Len() != 10 {
		t.Fatalf("legend %q with %d entries, want kind with 10", l.Title(), l.Len())
	}
	for c, en := range l.Entries() {
		if want := fmt.Sprintf("kind%02d", c); en.Name != want || en.Count != 18 || !en.Visible {
			t.Errorf("entry %d = %+v, want %s, 18 points, visible", c, en, want)
		}
	}
	if got := l.Check(9).Text; got != "kind09 (18)" {
		t.Errorf("tenth check box says %q, want kind09 (18)", got)
	}
	// In a 1200×800 window the legend is as tall as the map: the ten rows
	// fit in the scroller without scrolling.
	view := l.Scroll().Size().Height
	if bottom := l.EntryBottom(9); bottom > view {
		t.Errorf("the tenth entry ends at %v below the legend's %v visible height: clipped", bottom, view)
	}
	if mapH := e.mapp.view.Size().Height; l.Size().Height < mapH {
		t.Errorf("legend %v tall beside a map %v tall: space left unused", l.Size().Height, mapH)
	}
}

func TestLegendManyCategoriesScroll(t *testing.T) {
	e := openTest(t, withCategories(testSpace(t, true), 36))
	l := e.legend.legend
	if l.Len() != 36 {
		t.Fatalf("%d entries, want 36", l.Len())
	}
	s := l.Scroll()
	if l.EntryBottom(35) <= s.Size().Height {
		t.Fatalf("36 entries fit in %v: the test needs more to scroll", s.Size().Height)
	}
	s.ScrollToBottom()
	if bottom := l.EntryBottom(35) - s.Offset.Y; bottom > s.Size().Height+0.5 {
		t.Errorf("scrolled to the bottom, the last entry ends at %v of %v: unreachable", bottom, s.Size().Height)
	}
}

func TestLegendSoloAndShowAll(t *testing.T) {
	e := openTest(t, testSpace(t, true))
	l := e.legend.legend
	waitColoring(t, e, func() { test.Tap(l.Solo(1)) })
	if h := e.core.Snapshot().Coloring.Hidden; !slices.Equal(h, []string{"0", "2"}) {
		t.Errorf("solo label 1 hid %q, want [0 2]", h)
	}
	visible := func() []bool {
		var v []bool
		for _, en := range l.Entries() {
			v = append(v, en.Visible)
		}
		return v
	}
	if v := visible(); !slices.Equal(v, []bool{false, true, false}) {
		t.Errorf("legend shows visible %v, want [false true false]", v)
	}
	r := e.mapp.view.Renderer()
	if r.Hidden(1) || !r.Hidden(0) || !r.Hidden(2) {
		t.Error("the map does not hide the other labels")
	}
	// A check box still hides: hide the soloed label too.
	waitColoring(t, e, func() { l.Check(1).SetChecked(false) })
	if h := e.core.Snapshot().Coloring.Hidden; len(h) != 3 {
		t.Errorf("hidden %q, want all three", h)
	}
	waitColoring(t, e, func() { test.Tap(l.ShowAll()) })
	if h := e.core.Snapshot().Coloring.Hidden; len(h) != 0 {
		t.Errorf("after All, hidden %q", h)
	}
	if v := visible(); !slices.Equal(v, []bool{true, true, true}) {
		t.Errorf("after All, visible %v", v)
	}
	if r.Hidden(0) || r.Hidden(1) || r.Hidden(2) {
		t.Error("after All the map still hides a label")
	}
}
