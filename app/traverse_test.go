package app

import (
	"testing"

	"fyne.io/fyne/v2/test"
)

func TestTraversalGrid(t *testing.T) {
	e := openTest(t, testSpace(t, true))
	e.showTraversal()
	waitDialog(t, e, "the traversal grid")
	if e.jobs.status.Text != "Traversal done" {
		t.Errorf("status %q", e.jobs.status.Text)
	}
}

func TestInterpolationNeedsTwoPoints(t *testing.T) {
	e := openTest(t, testSpace(t, true))
	// Opening set the vector from point 0: one point, no previous.
	e.showInterpolation()
	waitDialog(t, e, "the error")
	if e.jobs.status.Text == "Interpolation done" {
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
	waitDialog(t, e, "the interpolation")
	if e.jobs.status.Text != "Interpolation done" {
		t.Fatalf("status %q", e.jobs.status.Text)
	}
}
