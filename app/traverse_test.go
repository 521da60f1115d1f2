package app

import (
	"testing"

	"fyne.io/fyne/v2/test"
)

func TestTraversalGrid(t *testing.T) {
	e := openTest(t, testSpace(t, true))
	e.showTraversal()
	waitUntil(t, e, "the traversal grid", func() bool { return e.traverse.shown > 0 })
	if g := e.traverse.grid; e.dock.shown() != "Traversal" || len(g.RowLabels) != 4 || g.Spec.Steps != 9 {
		t.Errorf("panel %q shows %d rows × %d steps, want Traversal with the 4 dimensions (top:8 of 4) × 9", e.dock.shown(), len(g.RowLabels), g.Spec.Steps)
	}
}

func TestInterpolationNeedsTwoPoints(t *testing.T) {
	e := openTest(t, testSpace(t, true))
	// Opening set the vector from point 0: one point, no previous.
	e.showInterpolation()
	waitDialog(t, e, "the error")
	if e.interp.decoded > 0 {
		t.Fatal("interpolated without two points")
	}
}

func TestInterpolationBetweenClickedPoints(t *testing.T) {
	e := openTest(t, testSpace(t, true))
	coords := e.core.Snapshot().Map.Coords
	for _, i := range []int{3, 4} {
		test.TapAt(e.mapp.view, e.mapp.view.PositionOf(coords[2*i], coords[2*i+1]))
	}
	if st := e.core.Snapshot(); st.Previous < 0 || st.Current < 0 || st.Previous == st.Current {
		t.Fatalf("clicks recorded previous %d, current %d", st.Previous, st.Current)
	}
	e.showInterpolation()
	waitUntil(t, e, "the interpolation", func() bool { return e.interp.decoded > 0 })
	if p := e.interp.path; p.From.Point != 3 || p.To.Point != 4 || e.dock.shown() != "Interpolation" {
		t.Fatalf("path #%d → #%d in the panel %q, want #3 → #4 in Interpolation", p.From.Point, p.To.Point, e.dock.shown())
	}
}
