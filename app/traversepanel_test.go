package app

import (
	"bytes"
	"image/gif"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/latent-explorer/latent/app/session"
	"github.com/latent-explorer/latent/model"
)

// traverseIn sets the panel's controls, presses Traverse and waits.
func traverseIn(t *testing.T, e *Explorer, rows, dims, lo, hi, steps, units string) *session.Traversal {
	t.Helper()
	p := e.traverse
	n := p.shown
	p.rows.SetSelected(rows)
	p.dims.SetText(dims)
	p.lo.SetText(lo)
	p.hi.SetText(hi)
	p.steps.SetText(steps)
	p.units.SetSelected(units)
	p.traverse()
	waitUntil(t, e, "the traversal", func() bool { return p.shown > n })
	return p.grid
}

func TestTraversePanelDimensionsAndClick(t *testing.T) {
	sp := testSpace(t, true)
	e := openTest(t, sp)
	base := e.core.Vector()
	g := traverseIn(t, e, rowsDims, "0,2", "-2", "2", "5", unitsCodes)
	want := model.Traversal(nil, base, []int{0, 2}, -2, 2, 5, e.core.Stats().Std)
	if len(g.Z) != 10 {
		t.Fatalf("%d vectors, want 2 × 5", len(g.Z))
	}
	for k := range want {
		if !slices.Equal(g.Z[k], want[k]) {
			t.Fatalf("cell %d = %v, want %v", k, g.Z[k], want[k])
		}
	}
	if !slices.Equal(g.RowLabels, []string{"z0", "z2"}) || !slices.Equal(g.Values, []string{"-2", "-1", "0", "+1", "+2"}) {
		t.Errorf("labels %v × %v", g.RowLabels, g.Values)
	}
	// Clicking cell (1, 3) moves the sliders to its vector.
	p := e.traverse
	test.TapAt(p.view, p.view.PositionOfCell(1, 3))
	if z := e.core.Vector(); !slices.Equal(z, want[1*5+3]) {
		t.Errorf("after clicking cell (1, 3) the vector is %v, want %v", z, want[8])
	}
	if p.status.Text != "z2 at +1" {
		t.Errorf("status %q", p.status.Text)
	}
	// The files are latent traverse's: a PNG of the labelled grid and a
	// GIF of one frame per step.
	dir := t.TempDir()
	for _, name := range []string{"grid.png", "grid.gif"} {
		path := filepath.Join(dir, name)
		e.writePicture(path, g.Picture(), filepath.Ext(name) == ".gif")
		waitUntil(t, e, "the saved file", func() bool { return e.jobs.status.Text == "saved "+path })
	}
	data, _ := os.ReadFile(filepath.Join(dir, "grid.png"))
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("PNG: %v", err)
	}
	if ms := p.view.MinSize(); img.Bounds().Dx() != int(ms.Width) || img.Bounds().Dy() != int(ms.Height) {
		t.Errorf("PNG of size %v, want the panel's grid %v", img.Bounds().Size(), p.view.MinSize())
	}
	data, _ = os.ReadFile(filepath.Join(dir, "grid.gif"))
	if a, err := gif.DecodeAll(bytes.NewReader(data)); err != nil || len(a.Image) != 5 {
		t.Errorf("GIF: %v, want 5 frames", err)
	}
}

func TestTraversePanelDirectionsPrior(t *testing.T) {
	sp := testSpace(t, true)
	e := openTest(t, sp)
	dirs := e.core.Snapshot().Directions
	if len(dirs) == 0 {
		t.Fatal("no principal directions after opening")
	}
	base := e.core.Vector()
	g := traverseIn(t, e, rowsDirections, "", "-1", "1", "3", unitsPrior)
	if len(g.RowLabels) != len(dirs) || g.RowLabels[0] != dirs[0].Name {
		t.Fatalf("rows %v, want the directions", g.RowLabels)
	}
	// Row 0, last step: base + 1 · (prior σ = 1) · unit.
	z := g.Z[2]
	for k := range z {
		if d := z[k] - (base[k] + dirs[0].Unit[k]); d > 1e-12 || d < -1e-12 {
			t.Fatalf("dim %d = %v, want %v", k, z[k], base[k]+dirs[0].Unit[k])
		}
	}
}

func TestTraversePanelBadRangeShowsError(t *testing.T) {
	e := openTest(t, testSpace(t, true))
	e.traverse.lo.SetText("x")
	e.traverse.traverse()
	waitDialog(t, e, "the error")
	if e.traverse.grid != nil {
		t.Error("a grid was made from a bad range")
	}
}
