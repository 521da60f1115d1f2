// Package golden checks pictures against golden images in a package's
// testdata folder, as gonum/plot's cmpimg.CheckPlot does, for the tests of
// render and export. Run a package's tests with -update to rewrite its
// golden images.
package golden

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

// Check compares the PNG got with testdata/name_golden.png, allowing each
// colour channel a difference of less than tol in 255 (0: pixel for pixel;
// 3 covers font rasterisation); on a mismatch it writes got to
// testdata/failed/name.png and fails t. With -update it rewrites the
// golden image instead.
func Check(t testing.TB, name string, got []byte, tol uint32) {
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
	ok, err := similarPNG(got, want, tol)
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

// CheckImage is Check of img encoded as PNG (which stores unpremultiplied
// colour, as the golden image does).
func CheckImage(t testing.TB, name string, img image.Image, tol uint32) {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	Check(t, name, buf.Bytes(), tol)
}

// similarPNG reports whether two PNGs have the same size and no colour
// channel differs by more than tol<<8 in RGBA's 16 bits (by less than tol in
// 255; 0 means none differs).
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
