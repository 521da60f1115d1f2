package render_test

import (
	"fmt"
	"image"

	"github.com/latent-explorer/latent/viz/render"
)

// A map widget's life: fit the view, draw a frame, hit-test the cursor,
// zoom about it and select a box.
func Example() {
	xy := []float64{0, 0, 1, 1, 2, 0.5, 3, 3} // four points, x, y interleaved
	r := render.New(xy)
	r.ColorByCategory([]int{0, 1, 1, 0}, render.Categorical(2))

	const w, h = 200, 200
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	v := render.FitView(xy, 0.05).WithAspect(w, h)
	r.Draw(dst, v)

	ix := render.NewIndex(xy)
	px, py := v.ToPixel(1.02, 0.98, w, h) // the cursor, near point 1
	x, y := v.ToData(px, py, w, h)
	sx, sy := v.PixelSize(w, h)
	i, ok := ix.Nearest(x, y, 5*sx, 5*sy, r.Visible)
	fmt.Println("hover:", i, ok)

	v = v.Zoom(px, py, 2, w, h)
	r.Select(ix.InRect(0.5, 0, 3, 1, nil, r.Visible))
	r.Draw(dst, v)
	fmt.Println("selected:", r.Selection())
	// Output:
	// hover: 1 true
	// selected: [1 2]
}
