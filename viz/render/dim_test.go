package render

import (
	"image"
	"image/color"
	"testing"
)

// dimScene is three one-pixel points in a 5×1 image: category 0 at x=0,
// category 1 at x=1 and x=4, drawn opaque black on white.
func dimScene() *Renderer {
	r := New([]float64{0.5, 0.5, 1.5, 0.5, 4.5, 0.5})
	r.Style.PointSize = 1
	r.Style.Alpha = 1
	r.ColorByCategory([]int{0, 1, 1}, []color.NRGBA{{0, 0, 0, 255}, {0, 0, 0, 255}})
	return r
}

func drawRow(r *Renderer) [3]uint8 {
	dst := drawImage(r)
	return [3]uint8{dst.Pix[0], dst.Pix[4], dst.Pix[16]}
}

func drawImage(r *Renderer) *image.RGBA {
	dst := image.NewRGBA(image.Rect(0, 0, 5, 1))
	r.Draw(dst, View{0, 5, 0, 1})
	return dst
}

func TestDimHidden(t *testing.T) {
	r := dimScene()
	r.SetHidden(1, true)
	if got := drawRow(r); got != [3]uint8{0, 255, 255} {
		t.Errorf("hidden without Dim: red channels %v, want the hidden points absent (255)", got)
	}
	r.Style.Dim = 0.25
	// Black at opacity 0.25 over white: 255·(1 − 64/256) = 191.
	if got := drawRow(r); got != [3]uint8{0, 191, 191} {
		t.Errorf("hidden with Dim 0.25: red channels %v, want [0 191 191]", got)
	}
	if r.Visible(1) {
		t.Error("a dimmed hidden point is reported visible (it could be hovered)")
	}
}

func TestDimOutOfFocus(t *testing.T) {
	r := dimScene()
	r.Style.Dim = 0.25
	if got := drawRow(r); got != [3]uint8{0, 0, 0} {
		t.Errorf("nothing in focus: red channels %v, want every point drawn as usual", got)
	}
	r.SetMatches([]int{2})
	// The match's dot is drawn opaque over its ring; the unmatched points
	// are dimmed, and the ring's colour (Match, orange) is blended over
	// the one beside it.
	img := drawImage(r)
	if img.Pix[16] != 0 {
		t.Errorf("the matched point's red channel is %d, want 0 (opaque black)", img.Pix[16])
	}
	if red, green := img.Pix[12], img.Pix[13]; red <= 200 || green >= red {
		t.Errorf("pixel beside the match: red %d green %d, want the white background tinted orange by the ring", red, green)
	}
	if img.Pix[0] != 191 || img.Pix[4] != 191 {
		t.Errorf("the unmatched points: red %d and %d, want dimmed 191", img.Pix[0], img.Pix[4])
	}
	r.SetMatches(nil)
	r.Select([]int{0})
	r.Style.Highlight = color.NRGBA{255, 255, 255, 0} // an invisible ring
	if got := drawRow(r); got != [3]uint8{0, 191, 191} {
		t.Errorf("point 0 selected, Dim 0.25: red channels %v, want [0 191 191]", got)
	}
	r.Style.Dim = 0
	if got := drawRow(r); got != [3]uint8{0, 0, 0} {
		t.Errorf("Dim off: red channels %v, want [0 0 0]", got)
	}
}
