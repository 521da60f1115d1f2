package export

import (
	"bytes"
	"flag"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden images in testdata/")

// checkGolden compares the PNG got with testdata/name_golden.png as gonum/plot's
// cmpimg.CheckPlot does, allowing each colour channel a difference of 3 in
// 255 for font rasterisation; on a mismatch it writes
// testdata/failed/name.png. With -update it rewrites the golden image
// instead.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	golden := filepath.Join("testdata", name+"_golden.png")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	ok, err := similarPNG(got, want, 3)
	if err != nil {
		t.Fatalf("%s: %v", golden, err)
	}
	if !ok {
		failed := filepath.Join("testdata", "failed", name+".png")
		os.MkdirAll(filepath.Dir(failed), 0o755)
		os.WriteFile(failed, got, 0o644)
		t.Errorf("%s differs from %s; got written to %s", name, golden, failed)
	}
}

func writePNG(t *testing.T, m *Map) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := m.WriteTo(&buf, "png"); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// similarPNG reports whether two PNGs have the same size and no colour
// channel differs by more than tol (of 255).
func similarPNG(a, b []byte, tol uint32) (bool, error) {
	ia, err := png.Decode(bytes.NewReader(a))
	if err != nil {
		return false, err
	}
	ib, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return false, err
	}
	if ia.Bounds() != ib.Bounds() {
		return false, nil
	}
	r := ia.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if !nearColor(ia, ib, x, y, tol<<8) {
				return false, nil
			}
		}
	}
	return true, nil
}

func nearColor(a, b image.Image, x, y int, tol uint32) bool {
	r1, g1, b1, a1 := a.At(x, y).RGBA()
	r2, g2, b2, a2 := b.At(x, y).RGBA()
	d := func(u, v uint32) uint32 { return max(u, v) - min(u, v) }
	return d(r1, r2) <= tol && d(g1, g2) <= tol && d(b1, b2) <= tol && d(a1, a2) <= tol
}
