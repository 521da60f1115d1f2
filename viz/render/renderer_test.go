package render

import (
	"image"
	"image/color"
	"math"
	"testing"

	"github.com/latent-explorer/latent/viz/internal/golden"
)

func TestRendererGoldenCategorical(t *testing.T) {
	xy, cat := blobs(3000, 5, 1)
	r := New(xy)
	r.Style.PointSize = 3
	r.ColorByCategory(cat, OkabeIto())
	r.SetHidden(3, true)
	r.Select([]int{0, 1, 2, 3, 4})
	r.SetMarker(0, 0)
	dst := image.NewRGBA(image.Rect(0, 0, 240, 180))
	r.Draw(dst, FitView(xy, 0.05).WithAspect(240, 180))
	golden.CheckImage(t, "categorical", dst, 0)
}

func TestRendererGoldenValues(t *testing.T) {
	xy, _ := blobs(3000, 3, 2)
	v := make([]float64, len(xy)/2)
	for i := range v {
		v[i] = xy[2*i] + xy[2*i+1]
	}
	v[7] = math.NaN()
	r := New(xy)
	r.Style.PointSize = 1
	r.Style.Alpha = 0.8
	r.Style.Background = color.NRGBA{}
	lo, hi := ValueRange(v)
	r.ColorByValue(v, Viridis, lo, hi)
	dst := image.NewRGBA(image.Rect(0, 0, 200, 200))
	r.Draw(dst, FitView(xy, 0.02))
	golden.CheckImage(t, "values", dst, 0)
}

func TestDrawPixelPlacement(t *testing.T) {
	// A point at the centre of data cell (1, 2) of a 4×4 view on a 4×4
	// image lands on pixel (1, 1): y points up in data, down in pixels.
	r := New([]float64{1.5, 2.5})
	r.Style.PointSize = 1
	r.Style.Alpha = 1
	r.Uniform(color.NRGBA{10, 20, 30, 255})
	dst := image.NewRGBA(image.Rect(0, 0, 4, 4))
	r.Draw(dst, View{0, 4, 0, 4})
	for y := range 4 {
		for x := range 4 {
			want := color.RGBA{255, 255, 255, 255}
			if x == 1 && y == 1 {
				want = color.RGBA{10, 20, 30, 255}
			}
			if got := dst.RGBAAt(x, y); got != want {
				t.Errorf("pixel (%d, %d) = %v, want %v", x, y, got, want)
			}
		}
	}
}

func TestDrawAlphaBlends(t *testing.T) {
	// Two black points at half opacity over white: 255 → 127 → 63 (each
	// blend keeps 128/256 of the old value, rounding down).
	r := New([]float64{0.5, 0.5, 0.5, 0.5})
	r.Style.PointSize = 1
	r.Style.Alpha = 0.5
	r.Uniform(color.NRGBA{0, 0, 0, 255})
	dst := image.NewRGBA(image.Rect(0, 0, 1, 1))
	r.Draw(dst, View{0, 1, 0, 1})
	if got := dst.RGBAAt(0, 0); got != (color.RGBA{63, 63, 63, 255}) {
		t.Errorf("pixel = %v, want {63 63 63 255}", got)
	}
}

func TestDrawSkipsNaNAndHidden(t *testing.T) {
	r := New([]float64{math.NaN(), 0.5, 0.5, 0.5, 0.5, math.Inf(1)})
	r.Style.PointSize = 5
	r.ColorByCategory([]int{0, 1, 0}, Tableau10())
	r.SetHidden(1, true)
	dst := image.NewRGBA(image.Rect(0, 0, 9, 9))
	r.Draw(dst, View{0, 1, 0, 1})
	for i, b := range dst.Pix {
		if b != 255 {
			t.Fatalf("byte %d = %d: something was drawn", i, b)
		}
	}
	if r.Visible(0) || r.Visible(1) || !r.Visible(2) {
		t.Errorf("Visible = %v %v %v, want false false true", r.Visible(0), r.Visible(1), r.Visible(2))
	}
}

func TestDrawDoesNotAllocate(t *testing.T) {
	xy, cat := blobs(1000, 4, 3)
	r := New(xy)
	r.ColorByCategory(cat, OkabeIto())
	r.Select([]int{1, 2})
	r.SetMarker(1, 1)
	dst := image.NewRGBA(image.Rect(0, 0, 100, 80))
	v := FitView(xy, 0.05)
	r.Draw(dst, v)
	if n := testing.AllocsPerRun(10, func() { r.Draw(dst, v.Zoom(50, 40, 1.1, 100, 80)) }); n != 0 {
		t.Errorf("Draw allocates %v times per frame, want 0", n)
	}
}

func TestSetPointsKeepsColouring(t *testing.T) {
	r := New([]float64{0, 0, 1, 1})
	r.ColorByCategory([]int{0, 1}, OkabeIto())
	r.Select([]int{1})
	r.SetPoints([]float64{2, 2, 3, 3})
	if r.keys[1] != 2 || len(r.Selection()) != 1 {
		t.Error("same-size SetPoints lost the colouring or the selection")
	}
	r.SetPoints([]float64{0, 0})
	if r.keys[0] != 1 || len(r.Selection()) != 0 {
		t.Error("resized SetPoints kept the old colouring or selection")
	}
}

func TestColorByValueLevels(t *testing.T) {
	r := New(make([]float64, 8))
	r.ColorByValue([]float64{-5, 0, 10, math.NaN()}, Viridis, 0, 10)
	want := []uint16{1, 1, valueLevels, 0}
	for i, k := range r.keys {
		if k != want[i] {
			t.Errorf("key %d = %d, want %d", i, k, want[i])
		}
	}
}

func TestDrawEmptyImage(t *testing.T) {
	r := New([]float64{0, 0, 1, 1})
	r.SetMarker(0.5, 0.5)
	r.Select([]int{0})
	r.Draw(image.NewRGBA(image.Rectangle{}), View{0, 1, 0, 1}) // must not panic
}
