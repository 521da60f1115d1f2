package render

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

// checkGolden compares img pixel for pixel with testdata/name_golden.png;
// on a mismatch it writes the image to testdata/failed/name.png. With
// -update it rewrites the golden image instead.
func checkGolden(t *testing.T, name string, img image.Image) {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", name+"_golden.png")
	if *update {
		if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	f, err := os.Open(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	defer f.Close()
	want, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", golden, err)
	}
	got, err := png.Decode(bytes.NewReader(buf.Bytes())) // PNG stores unpremultiplied colour
	if err != nil {
		t.Fatal(err)
	}
	if !samePixels(got, want) {
		failed := filepath.Join("testdata", "failed", name+".png")
		os.MkdirAll(filepath.Dir(failed), 0o755)
		os.WriteFile(failed, buf.Bytes(), 0o644)
		t.Errorf("%s differs from %s; got written to %s", name, golden, failed)
	}
}

func samePixels(a, b image.Image) bool {
	if a.Bounds().Size() != b.Bounds().Size() {
		return false
	}
	ab, bb := a.Bounds(), b.Bounds()
	for y := range ab.Dy() {
		for x := range ab.Dx() {
			r1, g1, b1, a1 := a.At(ab.Min.X+x, ab.Min.Y+y).RGBA()
			r2, g2, b2, a2 := b.At(bb.Min.X+x, bb.Min.Y+y).RGBA()
			if r1 != r2 || g1 != g2 || b1 != b2 || a1 != a2 {
				return false
			}
		}
	}
	return true
}
