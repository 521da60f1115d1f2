package golden

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"
)

func encode(t *testing.T, c color.NRGBA) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, 3, 2))
	for i := range 6 {
		img.Set(i%3, i/3, color.NRGBA{R: 10, G: 20, B: 30, A: 255})
	}
	img.Set(1, 1, c)
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestSimilarPNG pins the one comparison that replaced render's exact one
// and export's tolerant one: tolerance 0 is pixel for pixel, and a
// channel may differ by less than the tolerance (tol<<8 in RGBA's 16 bits,
// where one step of 255 is 257).
func TestSimilarPNG(t *testing.T) {
	base := encode(t, color.NRGBA{R: 100, G: 100, B: 100, A: 255})
	near := encode(t, color.NRGBA{R: 102, G: 100, B: 100, A: 255})
	far := encode(t, color.NRGBA{R: 103, G: 100, B: 100, A: 255})
	for _, c := range []struct {
		tol  uint32
		b    []byte
		want bool
	}{{0, base, true}, {0, near, false}, {3, near, true}, {3, far, false}, {2, near, false}} {
		got, err := similarPNG(base, c.b, c.tol)
		if err != nil || got != c.want {
			t.Errorf("tolerance %d: %v, %v; want %v", c.tol, got, err, c.want)
		}
	}
	if _, err := similarPNG(base, []byte("not a PNG"), 0); err == nil {
		t.Error("a broken PNG compared without error")
	}
}
