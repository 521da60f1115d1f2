package session

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/latent-explorer/latent/model"
)

// fuzzSession saves a real session of the test space in dir — a space
// folder with codes and labels, a k-means column, a selection, an
// attribute direction, direction sliders, a view — and returns the
// session file's bytes (its map and column .npy files stay beside it).
func fuzzSession(tb testing.TB, dir string) []byte {
	tb.Helper()
	sp := testSpace(true)
	data := make([]float64, len(sp.Codes.Data))
	for i, v := range sp.Codes.Data {
		data[i] = float64(v)
	}
	m := sp.Manifest
	m.Map = nil
	m.Labels = "labels.npy"
	for name, a := range map[string]*model.Array{
		"codes.npy":  {Shape: []int{sp.Codes.N, sp.Codes.D}, DType: "float32", Data: data},
		"labels.npy": {Shape: []int{sp.Codes.N}, DType: "int64", Data: sp.Meta.Columns[0].Numbers},
	} {
		if err := model.WriteNPY(filepath.Join(dir, name), a); err != nil {
			tb.Fatal(err)
		}
	}
	if err := model.WriteManifest(filepath.Join(dir, model.ManifestName), &m); err != nil {
		tb.Fatal(err)
	}
	opened, err := model.OpenSpace(dir)
	if err != nil {
		tb.Fatal(err)
	}
	s := New()
	s.Open(opened, nil)
	fuzzWait(tb, s)
	if err := fuzzJob(tb, s.KMeans(3)); err != nil {
		tb.Fatal(err)
	}
	s.Select([]int{1, 4, 7, 10})
	_, members := s.Groups()
	if err := s.AddAttribute("selection − rest", members["selection"], members["not selected"]); err != nil {
		tb.Fatal(err)
	}
	s.SetColorBy("kmeans-3")
	s.SetHidden("1", true)
	s.SetSliderMode(DirectionsMode)
	s.SetSlider(0, 0.5)
	s.SetView(View{Set: true, MinX: -5, MaxX: 5, MinY: -4, MaxY: 4})
	path := filepath.Join(dir, "seed"+FileExt)
	if err := s.Save(path); err != nil {
		tb.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// fuzzWait waits until no job of s runs.
func fuzzWait(tb testing.TB, s *Session) {
	tb.Helper()
	deadline := time.Now().Add(time.Minute)
	for len(s.Running()) > 0 {
		if time.Now().After(deadline) {
			tb.Fatalf("jobs %v did not end", s.Running())
		}
		time.Sleep(time.Millisecond)
	}
}

// fuzzJob waits for j and returns its error.
func fuzzJob(tb testing.TB, j *Job) error {
	tb.Helper()
	select {
	case <-j.Done():
		return j.Status().Err
	case <-time.After(time.Minute):
		tb.Fatalf("job %s did not end", j.Status().Name)
		return nil
	}
}

// FuzzReadSession reads the fuzzer's bytes as a session file beside a
// real session's space and data files, loads and restores what it reads,
// uses the restored state as the window would, and saves it again. It
// must never panic; a file over MaxFileSize or nested deeper than 32
// levels is refused with an error naming it; and a session that restores
// saves to a file that reads and restores again.
func FuzzReadSession(f *testing.F) {
	dir := f.TempDir()
	seed := fuzzSession(f, dir)
	f.Add(seed)
	f.Add([]byte(`{"format":"latent-session","version":1}`))
	f.Add([]byte(strings.Repeat("[", 40) + strings.Repeat("]", 40)))
	f.Add([]byte(`{"format":"latent-session","version":1,"space":{"folder":"/","manifest":{"codes":"etc/passwd"}},"map":{"coords":"seed.latent-session.map.npy"}}`))
	for _, edit := range [][2]string{
		{`"current": 0`, `"current": -7`},
		{`"previous": -1`, `"previous": -9`},
		{`"selection": [`, `"selection": [-3,`},
		{`"dims": [`, `"dims": [-1,`},
		{`"folder": "."`, `"folder": ".."`},
		{`"mode": "directions"`, `"mode": "dimensions"`},
	} {
		f.Add([]byte(strings.Replace(string(seed), edit[0], edit[1], 1)))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		tmp, err := os.CreateTemp(dir, "fuzz-*"+FileExt)
		if err != nil {
			t.Fatal(err)
		}
		path := tmp.Name()
		defer os.Remove(path)
		_, err = tmp.Write(b)
		if cerr := tmp.Close(); err != nil || cerr != nil {
			t.Fatal(err, cerr)
		}
		readSession(t, dir, path, len(b))
	})
}

// TestFuzzSessionSeed checks that the fuzz seeds reach as far as they
// should: the real session all the way, and the seeds of bad files and
// bad states are refused where they are bad.
func TestFuzzSessionSeed(t *testing.T) {
	dir := t.TempDir()
	seed := string(fuzzSession(t, dir))
	for _, c := range []struct{ edit, want string }{
		{"", "saved again"},
		{strings.Repeat("[", 33) + strings.Repeat("]", 33), "refused"},
		{strings.Repeat(" ", MaxFileSize+1), "refused"},
		{strings.Replace(seed, `"selection": [`, `"selection": [-3,`, 1), "read"},
		{strings.Replace(seed, `"codes": "codes.npy"`, `"codes": "../codes.npy"`, 1), "read"},
	} {
		text := seed
		if c.edit != "" {
			text = c.edit
		}
		path := filepath.Join(dir, "case"+FileExt)
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		if got := readSession(t, dir, path, len(text)); got != c.want {
			t.Errorf("%.40q…: got as far as %q, want %q", text, got, c.want)
		}
	}
}

// readSession reads, loads, restores, uses and saves the session at path
// (of n bytes) as FuzzReadSession says, and returns how far it got.
func readSession(t *testing.T, dir, path string, n int) string {
	file, err := ReadFile(path)
	if err != nil {
		if !strings.Contains(err.Error(), path) || strings.Contains(err.Error(), "\n") {
			t.Fatalf("the error %q is not one line naming the file", err)
		}
		return "refused"
	}
	if n > MaxFileSize {
		t.Fatalf("a session file of %d bytes was read", n)
	}
	sp, st, err := file.Load(true)
	if err != nil {
		return "read"
	}
	s := New()
	if err := s.Restore(sp, nil, st); err != nil {
		return "loaded"
	}
	useRestored(s)
	again := filepath.Join(dir, "again"+FileExt)
	if err := s.Save(again); err != nil {
		return "restored"
	}
	file, err = ReadFile(again)
	if err != nil {
		t.Fatalf("a restored session saved a file that does not read: %v", err)
	}
	sp, st, err = file.Load(true)
	if err == nil {
		err = New().Restore(sp, nil, st)
	}
	if err != nil {
		t.Fatalf("a restored session saved a file that does not restore: %v", err)
	}
	return "saved again"
}

// useRestored asks s what the window asks of a restored session.
func useRestored(s *Session) {
	st := s.Snapshot()
	s.Colors()
	s.Groups()
	s.Columns()
	s.SliderAxes()
	s.SliderValues()
	s.Place(s.Vector())
	for _, i := range []int{st.Current, st.Previous} {
		s.Label(i)
		s.MetaLabel(i)
		s.PointEndpoint(i)
	}
	if v := st.View; v.Set {
		s.InvertAt((v.MinX+v.MaxX)/2, (v.MinY+v.MaxY)/2)
	}
	if len(s.SliderAxes()) > 0 {
		s.SetSlider(0, 0.25)
	}
	if s.Space().Codes.N > 0 {
		s.SelectPoint(0)
	}
}
