package session

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/latent-explorer/latent/app/internal/testspace"
	"github.com/latent-explorer/latent/model"
)

// linearDecoder and testSpace are the fixtures app's tests share.
type linearDecoder = testspace.LinearDecoder

func testSpace(withMap bool) *model.Space { return testspace.Space(withMap) }

// recorder collects a session's events.
type recorder struct {
	mu     sync.Mutex
	events []Event
	wake   chan struct{}
}

func record(s *Session) *recorder {
	r := &recorder{wake: make(chan struct{}, 1)}
	s.Subscribe(func(ev Event) {
		r.mu.Lock()
		r.events = append(r.events, ev)
		r.mu.Unlock()
		select {
		case r.wake <- struct{}{}:
		default:
		}
	})
	return r
}

// waitFor waits until an event satisfies match.
func (r *recorder) waitFor(t *testing.T, what string, match func(Event) bool) Event {
	t.Helper()
	timeout := time.After(20 * time.Second)
	for {
		r.mu.Lock()
		for _, ev := range r.events {
			if match(ev) {
				r.mu.Unlock()
				return ev
			}
		}
		r.mu.Unlock()
		select {
		case <-r.wake:
		case <-timeout:
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// wait waits for a job to end and returns its error.
func wait(t *testing.T, j *Job) error {
	t.Helper()
	select {
	case <-j.Done():
		return j.Status().Err
	case <-time.After(30 * time.Second):
		t.Fatalf("job %s did not end", j.Status().Name)
		return nil
	}
}

// waitIdle waits until no job runs.
func waitIdle(t *testing.T, s *Session) {
	t.Helper()
	for {
		s.mu.Lock()
		var j *Job
		for _, j = range s.jobs {
			break
		}
		s.mu.Unlock()
		if j == nil {
			return
		}
		wait(t, j)
	}
}

func TestOpenStoredMap(t *testing.T) {
	s := New()
	r := record(s)
	sp := testSpace(true)
	s.Open(sp, linearDecoder{D: 4})
	r.waitFor(t, "the open", func(ev Event) bool { return ev.Has(ChangedSpace) })
	waitIdle(t, s)
	st := s.Snapshot()
	if st.Map.Method != "tsne" || !st.Map.Stored || st.Map.Seed != 7 || st.Map.Perplexity != 12 {
		t.Errorf("map %+v, want the stored t-SNE map with its parameters", st.Map)
	}
	if !reflect.DeepEqual(st.Map.Coords, sp.Map.Data) {
		t.Error("the map's coordinates are not the stored ones")
	}
	if st.Coloring.Column != "label" || st.Coloring.Palette != CategoricalPalette {
		t.Errorf("coloring %+v, want the labels' categories", st.Coloring)
	}
	if !reflect.DeepEqual(st.Sliders.Z, sp.Codes.Vector(0)) || st.Current != 0 {
		t.Errorf("the vector %v starts on %d, want code 0", st.Sliders.Z, st.Current)
	}
	if len(st.Directions) != 4 || st.Directions[0].Kind != "principal" {
		t.Errorf("%d directions, want the 4 principal ones", len(st.Directions))
	}
	if s.Fits() != 0 {
		t.Errorf("%d projections ran for a space with a stored map", s.Fits())
	}
	if c := s.Colors(); len(c.Names) != 3 || c.Counts[0] != 60 {
		t.Errorf("colors %v with counts %v, want 3 labels of 60", c.Names, c.Counts)
	}
}

func TestOpenRunsPCA(t *testing.T) {
	s := New()
	r := record(s)
	s.Open(testSpace(false), nil)
	r.waitFor(t, "the PCA map", func(ev Event) bool { return ev.Has(ChangedMap) && !ev.Has(ChangedSpace) })
	st := s.Snapshot()
	if st.Map.Method != "pca" || s.Fits() != 1 {
		t.Fatalf("map %q after %d fits, want one PCA", st.Map.Method, s.Fits())
	}
	// The first principal axis separates the clusters: their mean x differ.
	var mean [3]float64
	for i := range 180 {
		mean[i%3] += st.Map.Coords[2*i] / 60
	}
	if math.Abs(mean[0]-mean[2]) < 4 {
		t.Errorf("cluster means on PC1 %v: not separated", mean)
	}
	if _, _, ok := s.Place(st.Sliders.Z); !ok {
		t.Error("no placer for the PCA map")
	}
}

func TestReplacedSpaceDropsResults(t *testing.T) {
	s := New()
	s.Open(testSpace(false), nil) // starts a PCA
	release := make(chan struct{})
	applied := false
	// A job that finishes only after the space is replaced.
	j := s.start("test", "slow analysis", func(ctx context.Context, _ func(float64)) (func() Change, any, error) {
		<-release
		return func() Change { applied = true; return ChangedColumns }, nil, nil
	})
	s.Open(testSpace(true), nil)
	close(release)
	// Opening cancels the old space's jobs; a job that ignores its
	// context is dropped as stale. Either way its result is not applied.
	if err := wait(t, j); !errors.Is(err, ErrStale) && !errors.Is(err, context.Canceled) {
		t.Fatalf("a job for a replaced space ended with %v, want it dropped", err)
	}
	waitIdle(t, s)
	if applied || s.Snapshot().Map.Method != "tsne" {
		t.Errorf("the replaced space's result was applied (%v) or its PCA replaced the map (%q)", applied, s.Snapshot().Map.Method)
	}
}

func TestProjectCancel(t *testing.T) {
	s := New()
	s.Open(testSpace(true), nil)
	waitIdle(t, s)
	before := s.Snapshot().Map
	j := s.Project(Params{Method: "tsne", Seed: 1, Perplexity: 10})
	s.Cancel("project")
	if err := wait(t, j); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled projection ended with %v", err)
	}
	if !reflect.DeepEqual(s.Snapshot().Map, before) {
		t.Error("a cancelled projection changed the map")
	}
}

func TestProjectUMAPRecordsParameters(t *testing.T) {
	s := New()
	r := record(s)
	s.Open(testSpace(true), nil)
	waitIdle(t, s)
	if err := wait(t, s.Project(Params{Method: "umap", Seed: 3, Neighbors: 8, MinDist: 0})); err != nil {
		t.Fatal(err)
	}
	m := s.Snapshot().Map
	if m.Method != "umap" || m.Seed != 3 || m.Neighbors != 8 || m.MinDist != 0 || m.Stored {
		t.Errorf("map %+v", m)
	}
	r.waitFor(t, "the job's end", func(ev Event) bool { return ev.Has(ChangedJob) && ev.Job.Done && ev.Job.Kind == "project" })
}

func TestClusterAndOutliersAddColumns(t *testing.T) {
	s := New()
	s.Open(testSpace(true), nil)
	waitIdle(t, s)
	j := s.KMeans(3)
	if err := wait(t, j); err != nil {
		t.Fatal(err)
	}
	cl := j.Status().Result.(*Clusters)
	if cl.Name != "kmeans-3" || len(cl.Summaries) != 3 {
		t.Fatalf("clusters %q with %d summaries", cl.Name, len(cl.Summaries))
	}
	for _, sum := range cl.Summaries {
		if sum.Size != 60 {
			t.Errorf("cluster %d has %d points; the three blobs have 60", sum.Label, sum.Size)
		}
	}
	if err := wait(t, s.ScoreOutliers("knn")); err != nil {
		t.Fatal(err)
	}
	st := s.Snapshot()
	if len(st.Columns) != 2 || st.Columns[1].Name != "outlier-knn" || st.Coloring.Palette != ViridisPalette {
		t.Errorf("columns %d, colouring %+v", len(st.Columns), st.Coloring)
	}
}

func TestDirectionSliders(t *testing.T) {
	s := New()
	s.Open(testSpace(true), nil)
	waitIdle(t, s)
	names, members := s.Groups()
	if len(names) != 3 {
		t.Fatalf("groups %v", names)
	}
	if err := s.AddAttribute("2 − 0", members["label = 2"], members["label = 0"]); err != nil {
		t.Fatal(err)
	}
	s.SetSliderMode(DirectionsMode)
	z0 := s.Vector()
	k := len(s.Snapshot().Directions) - 1
	s.SetSlider(k, 2)
	st := s.Snapshot()
	u := st.Directions[k].Unit
	for j := range z0 {
		if math.Abs(st.Sliders.Z[j]-(z0[j]+2*u[j])) > 1e-12 {
			t.Fatalf("z = %v, want %v + 2·%v", st.Sliders.Z, z0, u)
		}
	}
	if axes := s.SliderAxes(); len(axes) != k+1 || axes[k].Name != "2 − 0" {
		t.Errorf("slider axes %v", axes)
	}
}

// writeSpace writes the test space into dir as a space folder.
func writeSpace(t *testing.T, dir string) string {
	t.Helper()
	sp := testSpace(false)
	data := make([]float64, len(sp.Codes.Data))
	for i, v := range sp.Codes.Data {
		data[i] = float64(v)
	}
	if err := model.WriteNPY(filepath.Join(dir, "codes.npy"), &model.Array{Shape: []int{sp.Codes.N, sp.Codes.D}, DType: "float32", Data: data}); err != nil {
		t.Fatal(err)
	}
	if err := model.WriteNPY(filepath.Join(dir, "labels.npy"), &model.Array{Shape: []int{sp.Codes.N}, DType: "int64", Data: sp.Meta.Columns[0].Numbers}); err != nil {
		t.Fatal(err)
	}
	m := sp.Manifest
	m.Labels = "labels.npy"
	if err := model.WriteManifest(filepath.Join(dir, model.ManifestName), &m); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestSaveAndRestoreExactly(t *testing.T) {
	dir := t.TempDir()
	sp, err := model.OpenSpace(writeSpace(t, filepath.Join(dir)))
	if err != nil {
		t.Fatal(err)
	}
	s := New()
	s.Open(sp, nil)
	waitIdle(t, s)
	if err := wait(t, s.KMeans(3)); err != nil {
		t.Fatal(err)
	}
	if err := wait(t, s.ScoreOutliers("prior")); err != nil {
		t.Fatal(err)
	}
	s.Select([]int{9, 3, 4})
	s.SetColorBy("kmeans-3")
	s.SetHidden("1", true)
	s.SetSliderDims([]int{2, 0})
	s.SetSliderMode(DirectionsMode)
	s.SetSlider(1, 0.5)
	s.SetView(View{Set: true, MinX: -1, MaxX: 2, MinY: -3, MaxY: 4})
	path := filepath.Join(dir, "mine"+FileExt)
	if err := s.Save(path); err != nil {
		t.Fatal(err)
	}
	f, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if f.Space.Folder != "." {
		t.Errorf("space folder %q, want it relative to the session file", f.Space.Folder)
	}
	sp2, st, err := f.Load(false)
	if err != nil {
		t.Fatal(err)
	}
	s2 := New()
	if err := s2.Restore(sp2, nil, st); err != nil {
		t.Fatal(err)
	}
	compareStates(t, s.Snapshot(), s2.Snapshot())
	if s2.Fits() != 0 || len(s2.Running()) != 0 {
		t.Errorf("restoring ran %d projections and left %d jobs", s2.Fits(), len(s2.Running()))
	}
}

// compareStates compares two states field by field.
func compareStates(t *testing.T, a, b State) {
	t.Helper()
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	for i := range va.NumField() {
		if !reflect.DeepEqual(va.Field(i).Interface(), vb.Field(i).Interface()) {
			t.Errorf("%s differs:\n saved    %+v\n restored %+v", va.Type().Field(i).Name, va.Field(i).Interface(), vb.Field(i).Interface())
		}
	}
}

func TestSessionFileNoticesChangedFiles(t *testing.T) {
	dir := t.TempDir()
	space := writeSpace(t, filepath.Join(dir))
	sp, err := model.OpenSpace(space)
	if err != nil {
		t.Fatal(err)
	}
	s := New()
	s.Open(sp, nil)
	waitIdle(t, s)
	sessions := t.TempDir()
	path := filepath.Join(sessions, "s"+FileExt)
	if err := s.Save(path); err != nil {
		t.Fatal(err)
	}
	// The labels change; then the whole space moves.
	labels := filepath.Join(space, "labels.npy")
	if err := model.WriteNPY(labels, &model.Array{Shape: []int{180}, DType: "int64", Data: make([]float64, 180)}); err != nil {
		t.Fatal(err)
	}
	f, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := f.Load(false); !errors.Is(err, ErrFilesChanged) {
		t.Fatalf("changed labels: %v, want ErrFilesChanged", err)
	}
	if ps := f.Problems(); len(ps) != 1 || ps[0].Role != "labels" || ps[0].Missing {
		t.Errorf("problems %v, want the labels changed", ps)
	}
	moved := filepath.Join(t.TempDir(), "moved")
	if err := os.Rename(space, moved); err != nil {
		t.Fatal(err)
	}
	if ps := f.Problems(); len(ps) != 2 || !ps[0].Missing {
		t.Errorf("after the move: problems %v, want codes and labels missing", ps)
	}
	if n := f.Relocate(moved); n != 2 {
		t.Errorf("relocate found %d files, want 2", n)
	}
	if _, _, err := f.Load(true); err != nil {
		t.Errorf("opening the relocated session anyway: %v", err)
	}
}

func TestReadFileRefusesBadFiles(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big"+FileExt)
	if err := os.WriteFile(big, make([]byte, MaxFileSize+1), 0o644); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "other"+FileExt)
	if err := os.WriteFile(other, []byte(`{"format": "something", "version": 1}`), 0o644); err != nil {
		t.Fatal(err)
	}
	future := filepath.Join(dir, "future"+FileExt)
	if err := os.WriteFile(future, []byte(`{"format": "latent-session", "version": 99}`), 0o644); err != nil {
		t.Fatal(err)
	}
	escape := filepath.Join(dir, "escape"+FileExt)
	if err := os.WriteFile(escape, []byte(`{"format": "latent-session", "version": 1, "map": {"coords": "../x.npy"}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{big, other, future, escape, dir} {
		if _, err := ReadFile(p); err == nil {
			t.Errorf("%s was read as a session", filepath.Base(p))
		}
	}
}

func TestTraversalOfVectorDecoder(t *testing.T) {
	s := New()
	sp := testSpace(true)
	sp.Manifest.Output = model.OutputSpec{Kind: "vector"}
	s.Open(sp, vectorDecoder{})
	waitIdle(t, s)
	j := s.Traverse(TraverseSpec{Dims: []int{0, 1}, Lo: -3, Hi: 3, Steps: TraverseSteps, Units: CodeUnits, Base: s.Vector()})
	if err := wait(t, j); err != nil {
		t.Fatal(err)
	}
	g := j.Status().Result.(*Traversal)
	if img := g.Picture().Image(GridCell); len(g.Cells) != 2*TraverseSteps || img.Rect.Dx() < TraverseSteps*GridCell {
		t.Errorf("traversal grid of %d cells, %v", len(g.Cells), img.Rect)
	}
}

// vectorDecoder decodes z to the vector 2z.
type vectorDecoder struct{}

func (vectorDecoder) LatentDim() int     { return 4 }
func (vectorDecoder) OutputShape() []int { return []int{4} }
func (vectorDecoder) Decode(z, dst []float32) ([]float32, error) {
	dst = dst[:0]
	for _, v := range z {
		dst = append(dst, 2*v)
	}
	return dst, nil
}

func TestClusterCancel(t *testing.T) {
	s := New()
	sp := testSpace(true)
	// Enough codes that k-means is still running when it is cancelled.
	r := rand.New(rand.NewPCG(5, 6))
	const n, d = 40_000, 16
	sp.Codes = &model.Codes{N: n, D: d, Data: make([]float32, n*d)}
	for i := range sp.Codes.Data {
		sp.Codes.Data[i] = float32(r.NormFloat64())
	}
	sp.Meta, sp.Map, sp.Manifest.Map = &model.Table{}, nil, nil
	sp.Map = &model.Array{Shape: []int{n, 2}, DType: "float64", Data: make([]float64, 2*n)}
	sp.Manifest.Map = &model.MapSpec{Method: "pca"}
	s.Open(sp, nil)
	waitIdle(t, s)
	rec := record(s)
	j := s.KMeans(50)
	rec.waitFor(t, "k-means to start", func(ev Event) bool { return ev.Has(ChangedJob) && ev.Job.ID == j.Status().ID })
	s.Cancel("cluster")
	if err := wait(t, j); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled k-means ended with %v", err)
	}
	if len(s.Snapshot().Columns) != 0 {
		t.Error("a cancelled clustering added a column")
	}
}

// classLinear is linearDecoder with a class input: class k adds k to
// every pixel.
type classLinear struct {
	linearDecoder
	classes int
}

func (c classLinear) Classes() int { return c.classes }
func (c classLinear) DecodeClass(z []float32, class int, dst []float32) ([]float32, error) {
	out, err := c.linearDecoder.Decode(z, dst)
	for i := range out {
		out[i] += float32(class)
	}
	return out, err
}

// TestSaveRestoresClassOrderAndSearch: the picked class, the slider
// order, the search and Dim reopen as saved, and the reopened decoder
// decodes the saved class.
func TestSaveRestoresClassOrderAndSearch(t *testing.T) {
	dir := t.TempDir()
	sp, err := model.OpenSpace(writeSpace(t, dir))
	if err != nil {
		t.Fatal(err)
	}
	dec := classLinear{linearDecoder{D: 4}, 3}
	s := New()
	s.Open(sp, dec)
	waitIdle(t, s)
	if got := s.ClassNames(); len(got) != 3 || s.Snapshot().Class != 0 {
		t.Fatalf("classes %v, class %d: want 3 and code 0's label 0", got, s.Snapshot().Class)
	}
	r := record(s)
	if err := s.SetClass(2); err != nil {
		t.Fatal(err)
	}
	r.waitFor(t, "ChangedClass", func(ev Event) bool { return ev.Has(ChangedClass) })
	if err := s.SetClass(3); err == nil {
		t.Error("class 3 of 3 was accepted")
	}
	if err := s.SetSliderOrder(model.OrderIndex, []int{0, 1, 2, 3}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetSliderOrder("", []int{0, 1, 1, 3}); err == nil {
		t.Error("a slider order that is no permutation was accepted")
	}
	matches, err := s.Search(model.Query{Column: "label", Text: "1"})
	if err != nil || len(matches) != 60 {
		t.Fatalf("search: %d matches, %v; want the 60 points of label 1", len(matches), err)
	}
	s.SetDim(true)

	path := filepath.Join(dir, "class"+FileExt)
	if err := s.Save(path); err != nil {
		t.Fatal(err)
	}
	s2, sp2, st := reopen(t, path, dec)
	a, b := s.Snapshot(), s2.Snapshot()
	compareStates(t, a, b)
	if b.Class != 2 || b.Sliders.OrderBy != model.OrderIndex || !b.Dim || len(b.Search.Matches) != 60 {
		t.Errorf("restored class %d, order by %q, Dim %v, %d matches", b.Class, b.Sliders.OrderBy, b.Dim, len(b.Search.Matches))
	}
	if got := s2.SliderOrder(); !slices.Equal(got, []int{0, 1, 2, 3}) {
		t.Errorf("restored slider order %v", got)
	}
	z := []float32{0.5, -1, 2, 0}
	want, _ := dec.DecodeClass(z, 2, nil)
	if got, err := s2.Decoder().Decode(z, nil); err != nil || !slices.Equal(got, want) {
		t.Errorf("the restored decoder does not decode class 2: %v", err)
	}
	// A class the decoder does not have is refused on restore.
	st.Class = 5
	if err := New().Restore(sp2, dec, st); err == nil {
		t.Error("a session of class 5 of 3 was restored")
	}
}

// TestReadsVersion1: a version 1 file (as the version 1 program wrote
// it: no class, search, dim or slider order) still opens, with those at
// their defaults.
func TestReadsVersion1(t *testing.T) {
	dir := t.TempDir()
	sp, err := model.OpenSpace(writeSpace(t, dir))
	if err != nil {
		t.Fatal(err)
	}
	s := New()
	s.Open(sp, nil)
	waitIdle(t, s)
	s.Select([]int{1, 2})
	path := filepath.Join(dir, "v2"+FileExt)
	if err := s.Save(path); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if doc["version"] != float64(FileVersion) || FileVersion != 2 {
		t.Fatalf("saved version %v, want %d = 2", doc["version"], FileVersion)
	}
	doc["version"] = 1
	for _, k := range []string{"class", "search", "dim"} {
		delete(doc, k)
	}
	sl := doc["sliders"].(map[string]any)
	delete(sl, "order")
	delete(sl, "order_by")
	if b, err = json.Marshal(doc); err != nil {
		t.Fatal(err)
	}
	v1 := filepath.Join(dir, "v1"+FileExt)
	if err := os.WriteFile(v1, b, 0o644); err != nil {
		t.Fatal(err)
	}
	s2, _, _ := reopen(t, v1, nil)
	compareStates(t, s.Snapshot(), s2.Snapshot())
}

// reopen reads the session file at path and restores it with dec in a
// new session; it returns the session and what it was restored from.
func reopen(t *testing.T, path string, dec Decoder) (*Session, *model.Space, State) {
	t.Helper()
	f, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sp, st, err := f.Load(false)
	if err != nil {
		t.Fatal(err)
	}
	s := New()
	if err := s.Restore(sp, dec, st); err != nil {
		t.Fatal(err)
	}
	return s, sp, st
}
