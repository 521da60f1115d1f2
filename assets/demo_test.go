package assets

import (
	"bytes"
	"errors"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/latent-explorer/latent/model"
)

func TestDemos(t *testing.T) {
	names := Demos()
	if !slices.Contains(names, DefaultDemo) {
		t.Fatalf("Demos() = %v, want it to hold %q", names, DefaultDemo)
	}
	for _, n := range names {
		space, err := Demo(n)
		if err != nil {
			t.Fatalf("Demo(%q): %v", n, err)
		}
		if _, err := space.Open(model.ManifestName); err != nil {
			t.Errorf("demo %s has no %s: %v", n, model.ManifestName, err)
		}
	}
	if _, err := Demo("no-such-demo"); !errors.Is(err, ErrUnknownDemo) {
		t.Errorf("Demo(unknown) error %v, want ErrUnknownDemo", err)
	}
}

func TestIcon(t *testing.T) {
	img, err := png.Decode(bytes.NewReader(Icon()))
	if err != nil {
		t.Fatalf("icon: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 256 || b.Dy() != 256 {
		t.Errorf("icon is %d×%d, want 256×256", b.Dx(), b.Dy())
	}
}

// TestDemoSizes keeps every demo space under the 15 MB.
func TestDemoSizes(t *testing.T) {
	const limit = 15e6
	for _, n := range Demos() {
		space, _ := Demo(n)
		files, _ := fs.Glob(space, "*")
		var total int64
		for _, f := range files {
			st, err := fs.Stat(space, f)
			if err != nil {
				t.Fatal(err)
			}
			total += st.Size()
		}
		if total == 0 || total > limit {
			t.Errorf("demo %s: %d bytes, want 0 < size ≤ %g", n, total, limit)
		}
	}
}

// exported holds the folders the demos were exported to, one per demo,
// shared by the tests and removed by TestMain.
var (
	exportRoot string
	exportMu   sync.Mutex
	exported   = map[string]*model.Space{}
)

func TestMain(m *testing.M) {
	code := m.Run()
	if exportRoot != "" {
		os.RemoveAll(exportRoot)
	}
	os.Exit(code)
}

// openDemo exports the demo to a temporary folder (once per demo) and
// opens it as a space. Tests must not modify the space.
func openDemo(t *testing.T, name string) *model.Space {
	t.Helper()
	exportMu.Lock()
	defer exportMu.Unlock()
	if s, ok := exported[name]; ok {
		return s
	}
	if exportRoot == "" {
		dir, err := os.MkdirTemp("", "latent-assets-test-")
		if err != nil {
			t.Fatal(err)
		}
		exportRoot = dir
	}
	dir := filepath.Join(exportRoot, name)
	if _, err := Export(name, dir, false); err != nil {
		t.Fatalf("Export(%q): %v", name, err)
	}
	s, err := model.OpenSpace(dir)
	if err != nil {
		t.Fatalf("OpenSpace(%s): %v", name, err)
	}
	exported[name] = s
	return s
}

func TestDemoSpaceLoads(t *testing.T) {
	cases := []struct {
		name   string
		n, d   int
		hasMap bool
	}{
		{"mnist-16", 10000, 16, true},
		{"mnist-2d", 5000, 2, false},
	}
	for _, c := range cases {
		if !slices.Contains(Demos(), c.name) {
			t.Errorf("demo %s is not embedded", c.name)
			continue
		}
		s := openDemo(t, c.name)
		if s.Codes.N != c.n || s.Codes.D != c.d {
			t.Errorf("%s: codes %d×%d, want %d×%d", c.name, s.Codes.N, s.Codes.D, c.n, c.d)
		}
		checkLabels(t, c.name, s)
		if s.Data == nil || !slices.Equal(s.Data.Shape, []int{c.n, 28, 28}) {
			t.Errorf("%s: data %v, want shape [%d 28 28]", c.name, s.Data, c.n)
		}
		if (s.Map != nil) != c.hasMap {
			t.Errorf("%s: stored map present %v, want %v", c.name, s.Map != nil, c.hasMap)
		}
		if s.Manifest.Decoder == "" || s.Manifest.Encoder == "" {
			t.Errorf("%s: manifest names no decoder or encoder", c.name)
		}
	}
}

// checkLabels checks that the space's labels are the digits 0–9, each present.
func checkLabels(t *testing.T, name string, s *model.Space) {
	t.Helper()
	col := s.Meta.Column("label")
	if col == nil || !col.Numeric() || col.Len() != s.Codes.N {
		t.Fatalf("%s: no numeric label column with %d rows", name, s.Codes.N)
	}
	var count [10]int
	for i, v := range col.Numbers {
		if v != float64(int(v)) || v < 0 || v > 9 {
			t.Fatalf("%s: label %d is %v, want a digit", name, i, v)
		}
		count[int(v)]++
	}
	for digit, k := range count {
		if k == 0 {
			t.Errorf("%s: no code has label %d", name, digit)
		}
	}
}

func TestExportRefusesToOverwrite(t *testing.T) {
	dir := t.TempDir()
	if _, err := Export(DefaultDemo, dir, false); err != nil {
		t.Fatal(err)
	}
	if _, err := Export(DefaultDemo, dir, false); !errors.Is(err, ErrExists) {
		t.Errorf("second Export error %v, want ErrExists", err)
	}
	if _, err := Export(DefaultDemo, dir, true); err != nil {
		t.Errorf("Export with overwrite: %v", err)
	}
}
