package grid

import (
	"image"
	"image/draw"
	"math"
)

// Tile draws images at their own size in rows of cols (cols ≤ 0 picks a
// near-square grid: ⌈√n⌉ columns), each cell as large as the largest
// image, with Gutter pixels of Background between and around them: a
// contact sheet of decoded images, unlabelled and unscaled. It panics if
// there are no images.
func Tile(images []image.Image, cols int) *image.NRGBA {
	n := len(images)
	if n == 0 {
		panic("grid: Tile of no images")
	}
	if cols <= 0 {
		cols = int(math.Ceil(math.Sqrt(float64(n))))
	}
	cols = min(cols, n)
	rows := (n + cols - 1) / cols
	var w, h int
	for _, img := range images {
		w, h = max(w, img.Bounds().Dx()), max(h, img.Bounds().Dy())
	}
	dst := image.NewNRGBA(image.Rect(0, 0, cols*(w+Gutter)+Gutter, rows*(h+Gutter)+Gutter))
	fill(dst, Background)
	for i, img := range images {
		at := image.Pt(Gutter+(i%cols)*(w+Gutter), Gutter+(i/cols)*(h+Gutter))
		draw.Draw(dst, img.Bounds().Sub(img.Bounds().Min).Add(at), img, img.Bounds().Min, draw.Src)
	}
	return dst
}
