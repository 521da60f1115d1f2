package app

import (
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
)

// waitDialog waits until a dialog covers the window.
func waitDialog(t *testing.T, e *Explorer, what string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for e.win.Canvas().Overlays().Top() == nil {
		if time.Now().After(deadline) {
			t.Fatalf("no dialog for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

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
	deadline := time.Now().Add(10 * time.Second)
	for e.status.Text != "Interpolation done" {
		if time.Now().After(deadline) {
			t.Fatalf("status %q", e.status.Text)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
