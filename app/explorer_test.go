package app

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"image"
	"math"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"

	"github.com/latent-explorer/latent/app/internal/testspace"
	"github.com/latent-explorer/latent/model"
)

// linearDecoder is the decoder app/session's tests use too.
type linearDecoder = testspace.LinearDecoder

// testSpace is testspace.Space with a numeric column "score" (the stored
// map's first 180 coordinates, x and y in turn) and, if withMap, a map
// without a seed or perplexity.
func testSpace(t testing.TB, withMap bool) *model.Space {
	s := testspace.Space(withMap)
	c := s.Codes
	score := make([]float64, c.N)
	for i := range score {
		score[i] = float64(c.Data[(i/2)*c.D+i%2])
	}
	s.Meta.Columns = append(s.Meta.Columns, &model.Column{Name: "score", Numbers: score})
	if withMap {
		s.Manifest.Map = &model.MapSpec{Coords: "map.npy", Method: "tsne"}
	}
	return s
}

// openTest opens a space in a new explorer in a headless test app and
// waits until its first decoded output is shown.
func openTest(t *testing.T, s *model.Space) *Explorer {
	t.Helper()
	a := test.NewTempApp(t)
	e := newExplorer(a, newUIQueue())
	e.win.Resize(fyne.NewSize(1200, 800))
	e.Open(s, linearDecoder{D: s.Codes.D})
	waitUntil(t, e, "the first decoded output", func() bool { return e.output.decodes > 0 })
	waitIdle(t, e)
	return e
}

func TestOpenFillsMapAndSliders(t *testing.T) {
	e := openTest(t, testSpace(t, true))
	if got := e.mapp.view.Renderer().Len(); got != 180 {
		t.Errorf("map has %d points, want 180", got)
	}
	if got := e.sliders.panel.Len(); got != 4 {
		t.Errorf("%d sliders, want 4", got)
	}
	if e.output.view.Image() == nil {
		t.Error("no decoded image shown")
	}
	if e.legend.legend.Title() != "label" || e.legend.legend.Len() != 3 {
		t.Errorf("legend %q with %d entries, want label with 3", e.legend.legend.Title(), e.legend.legend.Len())
	}
}

func TestSliderChangesOutputAndMarker(t *testing.T) {
	e := openTest(t, testSpace(t, true))
	before := imageBytes(e.output.view.Image())
	x0, y0, _ := e.core.Place(e.core.Vector())
	s := e.sliders.panel.Slider(0)
	s.SetValue(s.Max) // as a drag to the end would
	waitUntil(t, e, "the decoded image to change after the slider moved", func() bool {
		return string(imageBytes(e.output.view.Image())) != string(before)
	})
	d := e.core.Stats().Order[0]
	if z := e.core.Vector(); math.Abs(z[d]-s.Max) > 1e-9 {
		t.Errorf("z[%d] = %v, want the slider's %v", d, z[d], s.Max)
	}
	if x1, y1, _ := e.core.Place(e.core.Vector()); x1 == x0 && y1 == y0 {
		t.Error("the marker did not move")
	}
}

func imageBytes(img image.Image) []byte {
	if g, ok := img.(*image.NRGBA); ok {
		return append([]byte(nil), g.Pix...)
	}
	return nil
}

func TestClickPointSetsSliders(t *testing.T) {
	e := openTest(t, testSpace(t, true))
	const i = 7
	coords := e.core.Snapshot().Map.Coords
	pos := e.mapp.view.PositionOf(coords[2*i], coords[2*i+1])
	if got := e.mapp.view.PointAt(pos); got < 0 {
		t.Fatalf("no point at the position of point %d", i)
	}
	test.TapAt(e.mapp.view, pos)
	queue(e).drain()
	hit := e.core.Snapshot().Current
	if hit < 0 {
		t.Fatal("the click selected no point")
	}
	z := e.core.Vector()
	for j, v := range e.space.Codes.Row(hit) {
		if math.Abs(z[j]-float64(v)) > 1e-6 {
			t.Fatalf("z = %v, want code %d = %v", z, hit, e.space.Codes.Row(hit))
		}
	}
	d := e.core.Stats().Order[0]
	// The slider shows the value to within one of its steps.
	s := e.sliders.panel.Slider(0)
	if got := s.Value; math.Abs(got-min(max(z[d], s.Min), s.Max)) > s.Step {
		t.Errorf("slider 0 shows %v, want z[%d] = %v", got, d, z[d])
	}
}

func TestClickEmptyPlaceDecodesThere(t *testing.T) {
	e := openTest(t, testSpace(t, true))
	// Far from every point: the inverse map still gives a latent vector.
	pos := fyne.NewPos(5, 5)
	if e.mapp.view.PointAt(pos) >= 0 {
		t.Fatal("bad test: a point lies in the corner")
	}
	before := e.core.Vector()
	test.TapAt(e.mapp.view, pos)
	if e.core.Snapshot().Current >= 0 {
		t.Fatal("an empty place selected a point")
	}
	same := true
	z := e.core.Vector()
	for j := range before {
		same = same && before[j] == z[j]
	}
	if same {
		t.Error("clicking an empty place did not move the vector")
	}
}

func TestBoxSelect(t *testing.T) {
	e := openTest(t, testSpace(t, true))
	v := e.mapp.view.View()
	// The box around the data's lower-left quarter, by dragging with shift.
	x0, y0 := v.MinX, v.MinY
	x1, y1 := (v.MinX+v.MaxX)/2, (v.MinY+v.MaxY)/2
	a, b := e.mapp.view.PositionOf(x0, y1), e.mapp.view.PositionOf(x1, y0)
	e.mapp.view.MouseDown(&desktop.MouseEvent{Modifier: fyne.KeyModifierShift})
	e.mapp.view.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: b}, Dragged: fyne.NewDelta(b.X-a.X, b.Y-a.Y)})
	e.mapp.view.DragEnd()
	queue(e).drain()
	want := 0
	coords := e.core.Snapshot().Map.Coords
	for i := range 180 {
		x, y := coords[2*i], coords[2*i+1]
		if x >= x0 && x <= x1 && y >= y0 && y <= y1 {
			want++
		}
	}
	if want == 0 {
		t.Fatal("bad test: no points in the box")
	}
	// Positions are rounded to device pixels: allow points on the edge.
	if got := len(e.core.Snapshot().Selection); got < want-2 || got > want+2 {
		t.Errorf("box selected %d points, want %d", got, want)
	}
	if e.mapp.selection.Text == "no selection" {
		t.Error("the selection count was not shown")
	}
}

func TestColorBySwitchesLegend(t *testing.T) {
	e := openTest(t, testSpace(t, true))
	e.mapp.colorBy.SetSelected("score")
	queue(e).drain()
	if e.legend.legend.Title() != "score" || e.legend.legend.Len() != 0 {
		t.Errorf("legend %q with %d entries, want the score colour bar", e.legend.legend.Title(), e.legend.legend.Len())
	}
	e.mapp.colorBy.SetSelected("label")
	queue(e).drain()
	if e.legend.legend.Len() != 3 {
		t.Errorf("legend has %d entries, want 3 labels", e.legend.legend.Len())
	}
	// Unchecking a category hides its points from hit-testing.
	e.legend.legend.Check(0).SetChecked(false)
	queue(e).drain()
	if h := e.core.Snapshot().Coloring.Hidden; len(h) != 1 || h[0] != "0" {
		t.Errorf("hidden categories %v, want [0]", h)
	}
	for i := range 180 {
		if e.space.Meta.Columns[0].Numbers[i] == 0 && e.mapp.view.Renderer().Visible(i) {
			t.Fatalf("point %d of the hidden category is still visible", i)
		}
	}
}

func TestInvalidFileShowsError(t *testing.T) {
	e := openTest(t, testSpace(t, true))
	bad := filepath.Join(t.TempDir(), "codes.npy")
	if err := os.WriteFile(bad, []byte("\x93NUMPY garbage"), 0o644); err != nil {
		t.Fatal(err)
	}
	e.OpenPath(bad, roleCodes)
	waitDialog(t, e, "the error dialog for an invalid file")
	if e.space.Manifest.Name != "test space" {
		t.Error("the open space was replaced by a broken one")
	}
}

func TestProjectionRunAndCancel(t *testing.T) {
	e := openTest(t, testSpace(t, false))
	// The space has no stored map: PCA ran on opening; now run t-SNE and cancel it.
	e.proj.method.SetSelected("t-SNE")
	e.proj.perplexity.SetText("10")
	e.proj.run()
	queue(e).drain()
	if e.jobs.cancel.Disabled() {
		t.Fatal("Cancel is disabled while the projection runs")
	}
	e.jobs.cancelShown()
	waitUntil(t, e, "the cancelled projection to end", func() bool { return e.jobs.finished["project"] > 1 })
	if err := e.proj.last.Wait(); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled run ended with %v", err)
	}
	if !e.jobs.cancel.Disabled() || e.jobs.status.Text != "projecting with tsne cancelled" {
		t.Errorf("after cancel: Cancel enabled %v, status %q", !e.jobs.cancel.Disabled(), e.jobs.status.Text)
	}
	if m := e.core.Snapshot().Map; m.Method != "pca" {
		t.Errorf("the map is %q after a cancelled t-SNE, want the PCA map kept", m.Method)
	}
}

// TestProjectionOptionsMinDist checks the UMAP min dist field: 0 is a
// min_dist of 0 (not the default), a negative number is refused.
func TestProjectionOptionsMinDist(t *testing.T) {
	e := openTest(t, testSpace(t, false))
	for _, c := range []struct {
		text string
		want float64
		ok   bool
	}{{"0", 0, true}, {"0.1", 0.1, true}, {"0.5", 0.5, true}, {"-1", 0, false}, {"x", 0, false}} {
		e.proj.minDist.SetText(c.text)
		o, err := e.proj.parameters()
		if (err == nil) != c.ok {
			t.Errorf("min dist %q: error %v", c.text, err)
			continue
		}
		if c.ok && o.MinDist != c.want {
			t.Errorf("min dist %q: UMAP gets %g", c.text, o.MinDist)
		}
	}
}

func TestDropFilesOpensThem(t *testing.T) {
	e := openTest(t, testSpace(t, true))
	dir := t.TempDir()
	codes := filepath.Join(dir, "dropped.npy")
	data := make([]float64, 50*3)
	for i := range data {
		data[i] = float64(i % 7)
	}
	if err := model.WriteNPY(codes, &model.Array{Shape: []int{50, 3}, DType: "float32", Data: data}); err != nil {
		t.Fatal(err)
	}
	loaded := e.loaded
	e.dropped(fyne.Position{}, []fyne.URI{storage.NewFileURI(codes)})
	waitUntil(t, e, "the dropped codes to open", func() bool { return e.loaded > loaded })
	if e.space.Codes.N != 50 || e.sliders.panel.Len() != 3 {
		t.Errorf("after the drop: %d codes, %d sliders; want 50 and 3", e.space.Codes.N, e.sliders.panel.Len())
	}
	// The recent list remembers it.
	if r := e.recent(); len(r) == 0 || r[0][1] != codes {
		t.Errorf("recent files %v", r)
	}
}

// TestClassifyGzipped checks that gzipped files are recognised by the
// name inside: a labels TSV as labels, an .npy of codes as codes.
func TestClassifyGzipped(t *testing.T) {
	dir := t.TempDir()
	gz := func(name string, b []byte) string {
		var buf bytes.Buffer
		w := gzip.NewWriter(&buf)
		w.Write(b)
		w.Close()
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	labels := gz("meta.tsv.gz", []byte("digit\tname\n0\tzero\n1\tone\n"))
	plain := filepath.Join(dir, "codes.npy")
	if err := model.WriteNPY(plain, &model.Array{Shape: []int{3, 2}, DType: "float32", Data: []float64{1, 2, 3, 4, 5, 6}}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(plain)
	if err != nil {
		t.Fatal(err)
	}
	codes := gz("codes.npy.gz", b)
	for path, want := range map[string]role{labels: roleLabels, codes: roleCodes} {
		if got, err := classify(path); err != nil || got != want {
			t.Errorf("%s: %q, %v; want %q", filepath.Base(path), got, err, want)
		}
	}
}
