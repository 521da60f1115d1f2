package app

import (
	"testing"

	"fyne.io/fyne/v2/test"
)

func TestTraversalGrid(t *testing.T) {
	e := openTest(t, testSpace(t, true))
	e.showTraversal()
	waitDialog(t, e, "the traversal grid")
	if e.status.Text != "Traversal done" {
		t.Errorf("status %q", e.status.Text)
	}
}

func TestInterpolationNeedsTwoPoints(t *testing.T) {
	e := openTest(t, testSpace(t, true))
	e.st.previous = -1
	e.showInterpolation()
	waitDialog(t, e, "the error")
	if e.status.Text == "Interpolation done" {
		t.Fatal("interpolated without two points")
	}
}

func TestInterpolationBetweenClickedPoints(t *testing.T) {
	e := openTest(t, testSpace(t, true))
	for _, i := range []int{3, 4} {
		test.TapAt(e.mapView, e.mapView.PositionOf(e.st.coords[2*i], e.st.coords[2*i+1]))
	}
	if e.st.previous < 0 || e.st.current < 0 || e.st.previous == e.st.current {
		t.Fatalf("clicks recorded previous %d, current %d", e.st.previous, e.st.current)
	}
	e.showInterpolation()
	waitDialog(t, e, "the interpolation")
	if e.status.Text != "Interpolation done" {
		t.Fatalf("status %q", e.status.Text)
	}
}
