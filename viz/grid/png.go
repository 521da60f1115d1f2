package grid

import (
	"image"
	"image/png"
	"io"
)

// WritePNG writes img as a PNG: an 8-bit greyscale one when every pixel
// is an opaque grey (a third of the data of RGB, so smaller and faster to
// compress), otherwise as png.Encode does.
func WritePNG(w io.Writer, img image.Image) error {
	if !isGray(img) {
		return png.Encode(w, img)
	}
	g := image.NewGray(image.Rectangle{Max: img.Bounds().Size()})
	grayLevels(g.Pix, g.Stride, img)
	return png.Encode(w, g)
}
