package app

import (
	"math"
	"slices"
	"sort"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/latent-explorer/latent/model"
)

// bruteNearest is the test's own reference: every code's Euclidean
// distance from code q, sorted.
func bruteNearest(c *model.Codes, q, k int) ([]int, []float64) {
	idx := make([]int, 0, c.N)
	dist := make([]float64, c.N)
	for i := range c.N {
		var s float64
		for j, v := range c.Row(i) {
			d := float64(v - c.Row(q)[j])
			s += d * d
		}
		dist[i] = math.Sqrt(s)
		if i != q {
			idx = append(idx, i)
		}
	}
	sort.SliceStable(idx, func(a, b int) bool { return dist[idx[a]] < dist[idx[b]] })
	idx = idx[:k]
	d := make([]float64, k)
	for r, i := range idx {
		d[r] = dist[i]
	}
	return idx, d
}

// TestNeighboursPanelOfClickedPoint clicks point 4, asks for its 5
// nearest codes and checks the rows (points, distances, labels), their
// pictures, the selection on the map and the jump a row makes.
func TestNeighboursPanelOfClickedPoint(t *testing.T) {
	e := openTest(t, testSpace(t, true))
	p := e.neighbours
	e.core.SelectPoint(4)
	p.k.SetText("5")
	p.of.SetSelected(ofPoint)
	p.find()
	waitUntil(t, e, "the neighbours listed", func() bool { return p.shown == 1 })
	wantIdx, wantDist := bruteNearest(e.space.Codes, 4, 5)
	if !slices.Equal(p.found.Index, wantIdx) {
		t.Fatalf("rows %v, want %v", p.found.Index, wantIdx)
	}
	for r := range wantDist {
		if math.Abs(p.found.Distance[r]-wantDist[r]) > 1e-5 {
			t.Errorf("row %d distance %v, want %v", r, p.found.Distance[r], wantDist[r])
		}
	}
	if e.dock.shown() != "Neighbours" || p.list.Length() != 5 {
		t.Errorf("dock shows %q with %d rows, want Neighbours with 5", e.dock.shown(), p.list.Length())
	}
	// Point 4 is in group 1 (i % 3): its neighbours are too, and the row
	// says so.
	if text := p.rowText(0); !strings.Contains(text, "  1  distance") {
		t.Errorf("row 0 reads %q, want label 1", text)
	}
	sel := e.core.Snapshot().Selection
	if !slices.Equal(sel, slices.Sorted(slices.Values(wantIdx))) {
		t.Errorf("selection %v, want the neighbours %v", sel, wantIdx)
	}
	waitUntil(t, e, "the neighbours' pictures", func() bool { return p.pictured == 1 })
	for r, img := range p.thumbs {
		if img == nil {
			t.Fatalf("row %d has no picture", r)
		}
	}
	row := newPointRow()
	p.fillRow(0, row)
	if got := row.(*fyne.Container).Objects[1].(*widget.Label).Text; got != p.rowText(0) {
		t.Errorf("row 0 shows %q, want %q", got, p.rowText(0))
	}
	p.list.Select(2)
	queue(e).drain()
	if cur := e.core.Snapshot().Current; cur != wantIdx[2] {
		t.Errorf("clicking row 2 moved to point %d, want %d", cur, wantIdx[2])
	}
}

// TestNeighboursPanelCosineOfVector checks the cosine metric from the
// current vector: distances in [0, 2], ascending.
func TestNeighboursPanelCosineOfVector(t *testing.T) {
	e := openTest(t, testSpace(t, true))
	p := e.neighbours
	p.metric.SetSelected("cosine")
	p.find()
	waitUntil(t, e, "the neighbours listed", func() bool { return p.shown == 1 })
	d := p.found.Distance
	if len(d) != 10 || !slices.IsSorted(d) || d[0] < 0 || d[9] > 2 {
		t.Errorf("cosine distances %v: want 10, ascending, in [0, 2]", d)
	}
}
