package app

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"image"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"

	"github.com/latent-explorer/latent/model"
)

// linearDecoder decodes z (d values) to an 8×8 image whose pixel p is
// sigmoid(Σ_j w[p][j]·z[j]): enough to see that the output follows z.
type linearDecoder struct{ d int }

func (l linearDecoder) LatentDim() int     { return l.d }
func (l linearDecoder) OutputShape() []int { return []int{1, 8, 8} }
func (l linearDecoder) Decode(z, dst []float32) ([]float32, error) {
	if len(z) != l.d {
		return nil, errors.New("linearDecoder: wrong size")
	}
	dst = append(dst[:0], make([]float32, 64)...)
	for p := range dst {
		var s float64
		for j, v := range z {
			s += math.Sin(float64(p*(j+1))) * float64(v)
		}
		dst[p] = float32(1 / (1 + math.Exp(-s)))
	}
	return dst, nil
}

// testSpace is three well-separated clusters of 60 codes in 4-D with
// their labels and a stored map (the first two code dimensions).
func testSpace(t testing.TB, withMap bool) *model.Space {
	r := rand.New(rand.NewPCG(3, 4))
	const n, d = 180, 4
	c := &model.Codes{N: n, D: d, Data: make([]float32, n*d)}
	labels := make([]float64, n)
	xy := make([]float64, 2*n)
	for i := range n {
		k := i % 3
		labels[i] = float64(k)
		for j := range d {
			c.Data[i*d+j] = float32(4*float64(k)*float64(j%2*2-1) + r.NormFloat64()*0.5)
		}
		xy[2*i], xy[2*i+1] = float64(c.Data[i*d]), float64(c.Data[i*d+1])
	}
	m := model.Manifest{Name: "test space", Codes: "codes.npy",
		Output: model.OutputSpec{Kind: "image", Shape: []int{1, 8, 8}, Range: [2]float64{0, 1}, Channels: "gray"},
		Prior:  model.PriorSpec{Kind: "gaussian"}}
	s := &model.Space{Manifest: m, Codes: c, Meta: &model.Table{Columns: []*model.Column{
		{Name: "label", Numbers: labels},
		{Name: "score", Numbers: append([]float64(nil), xy[:n]...)},
	}}}
	if withMap {
		s.Manifest.Map = &model.MapSpec{Coords: "map.npy", Method: "tsne"}
		s.Map = &model.Array{Shape: []int{n, 2}, DType: "float64", Data: xy}
	}
	return s
}

// openTest opens a space in a new explorer in a headless test app and
// waits until its first decoded output is shown.
func openTest(t *testing.T, s *model.Space) *Explorer {
	t.Helper()
	a := test.NewTempApp(t)
	e := New(a)
	e.ui = newUIQueue()
	e.win.Resize(fyne.NewSize(1200, 800))
	e.Open(s, linearDecoder{d: s.Codes.D})
	waitUntil(t, e, "the first decoded output", func() bool { return e.decodes > 0 })
	return e
}

func TestOpenFillsMapAndSliders(t *testing.T) {
	e := openTest(t, testSpace(t, true))
	if got := e.mapView.Renderer().Len(); got != 180 {
		t.Errorf("map has %d points, want 180", got)
	}
	if got := e.sliders.Len(); got != 4 {
		t.Errorf("%d sliders, want 4", got)
	}
	if e.output.Image() == nil {
		t.Error("no decoded image shown")
	}
	if e.legend.Title() != "label" || e.legend.Len() != 3 {
		t.Errorf("legend %q with %d entries, want label with 3", e.legend.Title(), e.legend.Len())
	}
}

func TestSliderChangesOutputAndMarker(t *testing.T) {
	e := openTest(t, testSpace(t, true))
	before := imageBytes(e.output.Image())
	x0, y0 := e.st.placer.Place(e.st.z)
	s := e.sliders.Slider(0)
	s.SetValue(s.Max) // as a drag to the end would
	waitUntil(t, e, "the decoded image to change after the slider moved", func() bool {
		return string(imageBytes(e.output.Image())) != string(before)
	})
	d := e.st.stats.Order[0]
	if math.Abs(e.st.z[d]-s.Max) > 1e-9 {
		t.Errorf("z[%d] = %v, want the slider's %v", d, e.st.z[d], s.Max)
	}
	if x1, y1 := e.st.placer.Place(e.st.z); x1 == x0 && y1 == y0 {
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
	x, y := e.st.coords[2*i], e.st.coords[2*i+1]
	pos := e.mapView.PositionOf(x, y)
	if got := e.mapView.PointAt(pos); got < 0 {
		t.Fatalf("no point at the position of point %d", i)
	}
	test.TapAt(e.mapView, pos)
	hit := e.st.current
	if hit < 0 {
		t.Fatal("the click selected no point")
	}
	for j, v := range e.st.space.Codes.Row(hit) {
		if math.Abs(e.st.z[j]-float64(v)) > 1e-6 {
			t.Fatalf("z = %v, want code %d = %v", e.st.z, hit, e.st.space.Codes.Row(hit))
		}
	}
	d := e.st.stats.Order[0]
	// The slider shows the value to within one of its steps.
	s := e.sliders.Slider(0)
	if got := s.Value; math.Abs(got-min(max(e.st.z[d], s.Min), s.Max)) > s.Step {
		t.Errorf("slider 0 shows %v, want z[%d] = %v", got, d, e.st.z[d])
	}
}

func TestClickEmptyPlaceDecodesThere(t *testing.T) {
	e := openTest(t, testSpace(t, true))
	// Far from every point: the inverse map still gives a latent vector.
	pos := fyne.NewPos(5, 5)
	if e.mapView.PointAt(pos) >= 0 {
		t.Skip("a point happens to lie in the corner")
	}
	before := append([]float64(nil), e.st.z...)
	test.TapAt(e.mapView, pos)
	if e.st.current >= 0 {
		t.Fatal("an empty place selected a point")
	}
	same := true
	for j := range before {
		same = same && before[j] == e.st.z[j]
	}
	if same {
		t.Error("clicking an empty place did not move the vector")
	}
}

func TestBoxSelect(t *testing.T) {
	e := openTest(t, testSpace(t, true))
	v := e.mapView.View()
	// The box around the data's lower-left quarter, by dragging with shift.
	x0, y0 := v.MinX, v.MinY
	x1, y1 := (v.MinX+v.MaxX)/2, (v.MinY+v.MaxY)/2
	a, b := e.mapView.PositionOf(x0, y1), e.mapView.PositionOf(x1, y0)
	e.mapView.MouseDown(&desktop.MouseEvent{Modifier: fyne.KeyModifierShift})
	e.mapView.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: b}, Dragged: fyne.NewDelta(b.X-a.X, b.Y-a.Y)})
	e.mapView.DragEnd()
	want := 0
	for i := range 180 {
		x, y := e.st.coords[2*i], e.st.coords[2*i+1]
		if x >= x0 && x <= x1 && y >= y0 && y <= y1 {
			want++
		}
	}
	if want == 0 {
		t.Fatal("bad test: no points in the box")
	}
	// Positions are rounded to device pixels: allow points on the edge.
	if got := len(e.st.sel); got < want-2 || got > want+2 {
		t.Errorf("box selected %d points, want %d", got, want)
	}
	if e.selection.Text == "no selection" {
		t.Error("the selection count was not shown")
	}
}

func TestColorBySwitchesLegend(t *testing.T) {
	e := openTest(t, testSpace(t, true))
	e.colorBy.SetSelected("score")
	if e.legend.Title() != "score" || e.legend.Len() != 0 {
		t.Errorf("legend %q with %d entries, want the score colour bar", e.legend.Title(), e.legend.Len())
	}
	e.colorBy.SetSelected("label")
	if e.legend.Len() != 3 {
		t.Errorf("legend has %d entries, want 3 labels", e.legend.Len())
	}
	// Unchecking a category hides its points from hit-testing.
	e.legend.Check(0).SetChecked(false)
	for i := range 180 {
		if e.st.space.Meta.Columns[0].Numbers[i] == 0 && e.mapView.Renderer().Visible(i) {
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
	if e.st.space.Manifest.Name != "test space" {
		t.Error("the open space was replaced by a broken one")
	}
}

func TestProjectionRunAndCancel(t *testing.T) {
	e := openTest(t, testSpace(t, false))
	var finished []error
	e.proj.finished = func(err error) { finished = append(finished, err) }
	// The space has no stored map: PCA ran on opening; now run t-SNE and cancel it.
	e.proj.method.SetSelected("t-SNE")
	e.proj.perplexity.SetText("10")
	e.proj.run("tsne")
	e.proj.Cancel()
	waitUntil(t, e, "the cancelled projection to end", func() bool { return len(finished) > 0 })
	if err := finished[0]; err != nil && !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled run ended with %v", err)
	}
	if !e.proj.runButton.Disabled() && e.proj.cancel.Disabled() {
		return
	}
	t.Error("after cancel, Run should be enabled and Cancel disabled")
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
		o, err := e.proj.options()
		if (err == nil) != c.ok {
			t.Errorf("min dist %q: error %v", c.text, err)
			continue
		}
		if c.ok && o.UMAPMinDist() != c.want {
			t.Errorf("min dist %q: UMAP gets %g", c.text, o.UMAPMinDist())
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
	loaded := 0
	e.loaded = func() { loaded++ }
	e.dropped(fyne.Position{}, []fyne.URI{storage.NewFileURI(codes)})
	waitUntil(t, e, "the dropped codes to open", func() bool { return loaded > 0 })
	if e.st.space.Codes.N != 50 || e.sliders.Len() != 3 {
		t.Errorf("after the drop: %d codes, %d sliders; want 50 and 3", e.st.space.Codes.N, e.sliders.Len())
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
