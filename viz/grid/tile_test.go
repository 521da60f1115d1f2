package grid

import (
	"image"
	"testing"
)

func TestTile(t *testing.T) {
	// Five 3×2 images: ⌈√5⌉ = 3 columns, 2 rows.
	var images []image.Image
	for k := range 5 {
		images = append(images, solid(3, 2, grey(uint8(50*k))))
	}
	img := Tile(images, 0)
	if got, want := img.Bounds().Size(), image.Pt(3*(3+Gutter)+Gutter, 2*(2+Gutter)+Gutter); got != want {
		t.Fatalf("size %v, want %v", got, want)
	}
	// Image 4 is row 1, column 1: its top-left pixel at (2+5, 2+4).
	if c := img.NRGBAAt(Gutter+1*(3+Gutter), Gutter+1*(2+Gutter)); c != grey(200) {
		t.Errorf("image 4 at %v", c)
	}
	if c := img.NRGBAAt(0, 0); c != Background {
		t.Errorf("gutter %v, want the background", c)
	}
	// The empty sixth cell stays background.
	if c := img.NRGBAAt(Gutter+2*(3+Gutter), Gutter+1*(2+Gutter)); c != Background {
		t.Errorf("empty cell %v", c)
	}
	if one := Tile(images[:1], 4); one.Bounds().Dx() != 3+2*Gutter {
		t.Errorf("one image in 4 columns is %d wide", one.Bounds().Dx())
	}
}
