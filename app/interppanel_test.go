package app

import (
	"bytes"
	"image/gif"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/latent-explorer/latent/model"
)

// handTicker is a ticker the test steps by hand.
type handTicker struct {
	c       chan time.Time
	stopped bool
}

func (h *handTicker) C() <-chan time.Time { return h.c }
func (h *handTicker) Stop()               { h.stopped = true }

// clickPoints clicks points on the map, in order.
func clickPoints(e *Explorer, idx ...int) {
	coords := e.core.Snapshot().Map.Coords
	for _, i := range idx {
		test.TapAt(e.mapp.view, e.mapp.view.PositionOf(coords[2*i], coords[2*i+1]))
	}
}

// interpolateIn sets the panel's method and steps and waits for the path.
func interpolateIn(t *testing.T, e *Explorer, method string, steps string) {
	t.Helper()
	p := e.interp
	n := p.decoded
	p.method.SetSelected(method)
	p.steps.SetText(steps)
	p.interpolate()
	waitUntil(t, e, "the decoded path", func() bool { return p.decoded > n })
}

func code(s *model.Space, i int) []float64 {
	z := make([]float64, s.Codes.D)
	for j, v := range s.Codes.Row(i) {
		z[j] = float64(v)
	}
	return z
}

func TestInterpolationPanelPathAndPlay(t *testing.T) {
	sp := testSpace(t, true)
	e := openTest(t, sp)
	clickPoints(e, 3, 4)
	p := e.interp
	waitUntil(t, e, "the clicks to reach the panel", func() bool { return p.toLabel.Text == "#4" })
	if p.fromLabel.Text != "#3" || p.toLabel.Text != "#4" {
		t.Fatalf("ends %s → %s, want the clicked #3 → #4", p.fromLabel.Text, p.toLabel.Text)
	}
	interpolateIn(t, e, lerpMethod, "5")
	a, b := code(sp, 3), code(sp, 4)
	if len(p.path.Z) != 5 || len(p.path.Cells) != 5 {
		t.Fatalf("%d vectors, %d cells, want 5", len(p.path.Z), len(p.path.Cells))
	}
	for k, z := range p.path.Z {
		tk := float64(k) / 4
		for j := range z {
			if want := a[j] + tk*(b[j]-a[j]); math.Abs(z[j]-want) > 1e-12 {
				t.Fatalf("step %d dim %d = %v, want the straight line's %v", k, j, z[j], want)
			}
		}
	}
	// The path on the map is each step placed by the map's own placement.
	if got := e.mapp.view.Path(); !slices.Equal(got, p.path.XY) || len(got) != 10 {
		t.Fatalf("map path %v, want the placed steps %v", got, p.path.XY)
	}
	for k, z := range p.path.Z {
		if x, y, _ := e.core.Place(z); x != p.path.XY[2*k] || y != p.path.XY[2*k+1] {
			t.Errorf("step %d drawn at (%v, %v), placed at (%v, %v)", k, p.path.XY[2*k], p.path.XY[2*k+1], x, y)
		}
	}

	// Play, stepped by hand: each tick moves the vector (and the marker)
	// one step; the last stops the animation.
	hand := &handTicker{c: make(chan time.Time)}
	p.newTicker = func(time.Duration) ticker { return hand }
	test.Tap(p.play)
	if p.play.Text != "Stop" {
		t.Fatalf("Play shows %q while playing", p.play.Text)
	}
	for k := 1; k < 5; k++ {
		hand.c <- time.Time{}
		waitUntil(t, e, "the next step", func() bool { return p.step == k })
		if z := e.core.Vector(); !slices.Equal(z, p.path.Z[k]) {
			t.Fatalf("tick %d: vector %v, want step %d %v", k, z, k, p.path.Z[k])
		}
		if p.scrub.Value != float64(k) || p.tLabel.Text != "t="+p.path.Labels[k] {
			t.Errorf("tick %d: scrubber %v, label %q", k, p.scrub.Value, p.tLabel.Text)
		}
	}
	if !hand.stopped || p.play.Text != "Play" || p.anim.running() {
		t.Errorf("after the last step: ticker stopped %v, button %q", hand.stopped, p.play.Text)
	}
	// The scrubber goes to a step directly.
	p.scrub.SetValue(2)
	if z := e.core.Vector(); !slices.Equal(z, p.path.Z[2]) {
		t.Errorf("scrubbed to 2: vector %v, want %v", z, p.path.Z[2])
	}
}

func TestInterpolationPanelSlerpSelectedAndSave(t *testing.T) {
	sp := testSpace(t, true)
	e := openTest(t, sp)
	e.core.Select([]int{10, 20, 30})
	waitIdle(t, e)
	p := e.interp
	p.useSelected()
	if p.from.Point != 10 || p.to.Point != 20 {
		t.Fatalf("ends #%d → #%d, want the first two selected #10 → #20", p.from.Point, p.to.Point)
	}
	interpolateIn(t, e, slerpMethod, "7")
	want := model.Interpolation(nil, code(sp, 10), code(sp, 20), 7, true)
	for k := range want {
		if !slices.Equal(p.path.Z[k], want[k]) {
			t.Fatalf("step %d = %v, want slerp's %v", k, p.path.Z[k], want[k])
		}
	}
	// The GIF is latent interpolate's: one frame per step.
	path := filepath.Join(t.TempDir(), "strip.gif")
	e.writePicture(path, p.path.Picture(), true)
	waitUntil(t, e, "the saved file", func() bool { return e.jobs.status.Text == "saved "+path })
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	g, err := gif.DecodeAll(bytes.NewReader(data))
	if err != nil || len(g.Image) != 7 {
		t.Fatalf("GIF: %v, %d frames, want 7", err, len(g.Image))
	}
}

func TestInterpolationPanelVectorToPoint(t *testing.T) {
	sp := testSpace(t, true)
	e := openTest(t, sp)
	e.core.ResetToMean()
	waitIdle(t, e)
	p := e.interp
	test.Tap(p.fromVector)
	clickPoints(e, 7)
	waitUntil(t, e, "the click", func() bool { return e.core.VectorEndpoint().Point == 7 })
	test.Tap(p.toVector)
	if p.from.Point != -1 || p.to.Point != 7 || p.fromLabel.Text != "vector" {
		t.Fatalf("ends %d (%s) → %d, want the vector → #7", p.from.Point, p.fromLabel.Text, p.to.Point)
	}
	interpolateIn(t, e, lerpMethod, "3")
	if !slices.Equal(p.path.Z[0], e.core.Stats().Mean) || !slices.Equal(p.path.Z[2], code(sp, 7)) {
		t.Errorf("path from %v to %v, want the mean to code 7", p.path.Z[0], p.path.Z[2])
	}
}
