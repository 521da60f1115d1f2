package app

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/latent-explorer/latent/app/session"
	"github.com/latent-explorer/latent/model"
)

const demoSpace = "../assets/demo/mnist-16"

// TestSessionReopensExactly drives the explorer on the demo as a person
// would — a UMAP, k-means, a lasso, a hidden category, an attribute
// vector, direction sliders, a zoom, sliders ordered by index, a search
// with Dim on — saves the session, opens it in a new
// explorer and compares the two states field by field. The second
// explorer must not run a projection: the map comes from the file.
func TestSessionReopensExactly(t *testing.T) {
	if _, err := os.Stat(filepath.Join(demoSpace, model.ManifestName)); err != nil {
		t.Skip("the demo space is not embedded")
	}
	e := newTestExplorer(t)
	e.OpenPath(demoSpace, roleSpace)
	waitUntil(t, e, "the demo to open", func() bool { return e.loaded > 0 })
	waitIdle(t, e)

	// A UMAP with few epochs, from the projection bar.
	e.proj.method.SetSelected("UMAP")
	e.proj.neighbors.SetText("8")
	e.proj.minDist.SetText("0.25")
	e.proj.iterations.SetText("15")
	e.proj.seed.SetText("3")
	e.proj.run()
	waitIdle(t, e)
	if err := e.proj.last.Wait(); err != nil {
		t.Fatal(err)
	}
	// k-means, from the Analyse menu's action.
	e.runKMeans(6)
	waitUntil(t, e, "k-means", func() bool { return e.jobs.finished["cluster"] > 0 })
	lassoCentre(t, e)
	// Hide the second cluster from the legend.
	e.legend.legend.Check(1).SetChecked(false)
	queue(e).drain()
	names, members := e.core.Groups()
	if names[0] != "selection" {
		t.Fatalf("groups %v: the lasso selected nothing", names[:2])
	}
	if err := e.core.AddAttribute("selection − rest", members["selection"], members["not selected"]); err != nil {
		t.Fatal(err)
	}
	e.sliders.mode.SetSelected("Directions")
	queue(e).drain()
	k := e.sliders.panel.Len() - 1
	e.sliders.panel.Slider(k).SetValue(1.5)
	e.sliders.panel.Slider(0).SetValue(-0.5)
	e.mapp.view.Scrolled(&fyne.ScrollEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(200, 200)}, Scrolled: fyne.NewDelta(0, 10)})
	queue(e).drain()
	// The sliders by index, from the diagnostics panel; a search, dimmed.
	e.diagnose.compute()
	waitUntil(t, e, "the diagnostics", func() bool { return e.diagnose.shown > 0 })
	e.diagnose.order.SetSelected(model.OrderIndex)
	n := e.search.searches
	e.search.text.SetText("3")
	e.search.search()
	waitUntil(t, e, "the search's matches", func() bool { return e.search.searches > n })
	e.search.dim.SetChecked(true)
	queue(e).drain()

	path := filepath.Join(t.TempDir(), "demo"+session.FileExt)
	e.SaveSession(path)
	waitUntil(t, e, "the save", func() bool { return e.jobs.status.Text == "saved the session to "+path })

	e2 := newTestExplorer(t)
	e2.OpenPath(path, "")
	waitUntil(t, e2, "the session to open", func() bool { return e2.loaded > 0 })
	waitIdle(t, e2)
	a, b := e.core.Snapshot(), e2.core.Snapshot()
	checkUsed(t, a)
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	for i := range va.NumField() {
		if !reflect.DeepEqual(va.Field(i).Interface(), vb.Field(i).Interface()) {
			t.Errorf("%s differs after reopening:\n saved  %+v\n opened %+v", va.Type().Field(i).Name, va.Field(i).Interface(), vb.Field(i).Interface())
		}
	}
	if n := e2.core.Fits(); n != 0 {
		t.Errorf("reopening ran %d projections; the map should come from the session file", n)
	}
	// The panels show the restored state.
	if e2.sliders.mode.Selected != "Directions" || e2.legend.legend.Check(1).Checked {
		t.Errorf("reopened panels: slider mode %q, cluster 1 shown %v", e2.sliders.mode.Selected, e2.legend.legend.Check(1).Checked)
	}
	if !strings.Contains(e2.proj.showing.Text, "UMAP") {
		t.Errorf("the projection bar says %q", e2.proj.showing.Text)
	}
	if e2.search.text.Text != "3" || !e2.search.dim.Checked || e2.diagnose.order.Selected != model.OrderIndex {
		t.Errorf("reopened panels: search %q, Dim %v, sliders by %q", e2.search.text.Text, e2.search.dim.Checked, e2.diagnose.order.Selected)
	}
	if got := e2.search.count.Text; got != e.search.count.Text || got == "" {
		t.Errorf("reopened search count %q, saved %q", got, e.search.count.Text)
	}
}

// checkUsed makes sure the state compared holds what the test set.
func checkUsed(t *testing.T, st session.State) {
	t.Helper()
	switch {
	case st.Map.Method != "umap" || st.Map.Neighbors != 8 || st.Map.Iterations != 15 || st.Map.Seed != 3:
		t.Errorf("map %s, %d neighbours, %d epochs, seed %d", st.Map.Method, st.Map.Neighbors, st.Map.Iterations, st.Map.Seed)
	case len(st.Columns) != 1 || st.Coloring.Column != "kmeans-6":
		t.Errorf("columns %d, colour by %q", len(st.Columns), st.Coloring.Column)
	case len(st.Coloring.Hidden) != 1, len(st.Selection) == 0, !st.View.Set:
		t.Errorf("hidden %v, %d selected, view %+v", st.Coloring.Hidden, len(st.Selection), st.View)
	case st.Sliders.Mode != session.DirectionsMode || st.Directions[len(st.Directions)-1].Kind != "attribute":
		t.Errorf("sliders %s, directions %d", st.Sliders.Mode, len(st.Directions))
	case st.Sliders.OrderBy != model.OrderIndex || len(st.Sliders.Order) != 16 || st.Sliders.Order[1] != 1:
		t.Errorf("sliders by %q: %v", st.Sliders.OrderBy, st.Sliders.Order)
	case st.Search.Query.Text != "3" || len(st.Search.Matches) == 0 || !st.Dim:
		t.Errorf("search %+v with %d matches, Dim %v", st.Search.Query, len(st.Search.Matches), st.Dim)
	}
}

// lassoCentre draws a lasso around the middle of the map.
func lassoCentre(t *testing.T, e *Explorer) {
	t.Helper()
	e.mapp.lasso.SetChecked(true)
	m := e.mapp.view
	c := m.Size()
	cx, cy, r := c.Width/2, c.Height/2, c.Height/4
	corners := []fyne.Position{{X: cx - r, Y: cy - r}, {X: cx + r, Y: cy - r}, {X: cx + r, Y: cy + r}, {X: cx - r, Y: cy + r}}
	prev := corners[0]
	for _, p := range append(corners[1:], corners[0]) {
		m.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: p}, Dragged: fyne.NewDelta(p.X-prev.X, p.Y-prev.Y)})
		prev = p
	}
	m.DragEnd()
	queue(e).drain()
}

// newTestExplorer is an explorer in a headless test app whose UI
// callbacks run on the test goroutine.
func newTestExplorer(t *testing.T) *Explorer {
	e := newExplorer(test.NewTempApp(t), newUIQueue())
	e.win.Resize(fyne.NewSize(1200, 800))
	return e
}

// TestSessionWithChangedFilesAsks saves a session of a space folder,
// changes one of the space's files and reopens the session: the window
// says which file changed instead of opening it, and the recent files
// list the session.
func TestSessionWithChangedFilesAsks(t *testing.T) {
	dir := t.TempDir()
	s := testSpace(t, true)
	data := make([]float64, len(s.Codes.Data))
	for i, v := range s.Codes.Data {
		data[i] = float64(v)
	}
	codes := filepath.Join(dir, "codes.npy")
	if err := model.WriteNPY(codes, &model.Array{Shape: []int{s.Codes.N, s.Codes.D}, DType: "float32", Data: data}); err != nil {
		t.Fatal(err)
	}
	m := s.Manifest
	m.Map = nil
	if err := model.WriteManifest(filepath.Join(dir, model.ManifestName), &m); err != nil {
		t.Fatal(err)
	}
	e := newTestExplorer(t)
	e.OpenPath(dir, roleSpace)
	waitUntil(t, e, "the space to open", func() bool { return e.loaded > 0 })
	waitIdle(t, e)
	path := filepath.Join(t.TempDir(), "s"+session.FileExt)
	e.SaveSession(path)
	waitUntil(t, e, "the save", func() bool { return e.jobs.status.Text == "saved the session to "+path })
	if r := e.recent(); len(r) == 0 || r[0] != [2]string{"session", path} {
		t.Errorf("recent files %v, want the session first", r)
	}
	data[0]++
	if err := model.WriteNPY(codes, &model.Array{Shape: []int{s.Codes.N, s.Codes.D}, DType: "float32", Data: data}); err != nil {
		t.Fatal(err)
	}
	e2 := newTestExplorer(t)
	e2.OpenPath(path, "")
	waitUntil(t, e2, "the question about the changed file", func() bool { return e2.filesAsked > 0 })
	if e2.loaded != 0 {
		t.Error("a session whose codes changed was opened without asking")
	}
}
