package widgets

import (
	"math"
	"math/rand/v2"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/latent-explorer/latent/viz/render"
)

// spiral is 600 points on three interleaved spiral arms (fixed seed), with
// their arm as category.
func spiral() ([]float64, []int) {
	r := rand.New(rand.NewPCG(7, 7))
	xy := make([]float64, 0, 1200)
	cat := make([]int, 0, 600)
	for i := range 600 {
		arm := i % 3
		t := float64(i/3) / 200 * 3 * math.Pi
		a := t + float64(arm)*2*math.Pi/3
		xy = append(xy, t*math.Cos(a)+r.NormFloat64()*0.15, t*math.Sin(a)+r.NormFloat64()*0.15)
		cat = append(cat, arm)
	}
	return xy, cat
}

// newTestMap is the spiral in a 300 × 300 map.
func newTestMap(t *testing.T) *MapView {
	test.NewTempApp(t)
	xy, cat := spiral()
	m := NewMapView(xy)
	m.Renderer().ColorByCategory(cat, render.OkabeIto())
	m.Resize(fyne.NewSize(300, 300))
	return m
}

// The golden images are the map widget as drawn by Fyne's software
// painter: testdata/map_*.png (a failure writes testdata/failed/).
func TestMapGolden(t *testing.T) {
	m := newTestMap(t)
	test.AssertObjectRendersToImage(t, "map_categorical.png", m)

	// A selection, a hidden category and the marker.
	m.SelectBox(fyne.NewPos(150, 150), fyne.NewPos(220, 220))
	m.Renderer().SetHidden(1, true)
	m.Renderer().SetMarker(0, 0)
	m.Refresh()
	test.AssertObjectRendersToImage(t, "map_selection_marker.png", m)

	// Zoomed in twice about the centre, then reset by a double tap.
	m.Scrolled(&fyne.ScrollEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(150, 150)}, Scrolled: fyne.NewDelta(0, 50)})
	test.AssertObjectRendersToImage(t, "map_zoomed.png", m)
	m.DoubleTapped(&fyne.PointEvent{})
	m.Renderer().Select(nil)
	m.Renderer().SetHidden(1, false)
	m.Renderer().HideMarker()
	m.Refresh()
	test.AssertObjectRendersToImage(t, "map_categorical.png", m)
}

func TestMapHoverAndTap(t *testing.T) {
	m := newTestMap(t)
	xy := m.Renderer().Points()
	pos := m.PositionOf(xy[2*42], xy[2*42+1])
	if got := m.PointAt(pos); got < 0 {
		t.Fatal("no point under a point's own position")
	}
	var tapped int = -2
	m.OnTap = func(i int, x, y float64) { tapped = i }
	test.TapAt(m, pos)
	if tapped < 0 {
		t.Errorf("tap on a point reported %d", tapped)
	}
	test.TapAt(m, fyne.NewPos(2, 2))
	if tapped != -1 {
		t.Errorf("tap on an empty corner reported %d, want -1", tapped)
	}
}

func TestLassoSelect(t *testing.T) {
	m := newTestMap(t)
	var got []int
	m.OnSelect = func(idx []int) { got = idx }
	// A square lasso round the middle of the map.
	path := []fyne.Position{{X: 100, Y: 100}, {X: 200, Y: 100}, {X: 200, Y: 200}, {X: 100, Y: 200}}
	m.SelectLasso(path)
	x0, y1 := m.DataAt(path[0])
	x1, y0 := m.DataAt(path[2])
	want := 0
	xy := m.Renderer().Points()
	for i := 0; i < len(xy); i += 2 {
		if xy[i] > x0 && xy[i] < x1 && xy[i+1] > y0 && xy[i+1] < y1 {
			want++
		}
	}
	if want == 0 || len(got) < want-2 || len(got) > want+2 {
		t.Errorf("lasso selected %d points, want %d", len(got), want)
	}
}
