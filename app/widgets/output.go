package widgets

import (
	"fmt"
	"image"
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// maxBars is the most features drawn as labelled bars; longer vectors are
// drawn as a line.
const maxBars = 32

// OutputView shows one decoded item: an image scaled with
// nearest-neighbour pixels at a fixed aspect, or, for vector outputs, a
// bar chart with feature names (a line plot for long vectors).
type OutputView struct {
	widget.BaseWidget
	image  *canvas.Image
	values []float32
	names  []string
	lo, hi float32
}

// NewOutputView returns an empty output view.
func NewOutputView() *OutputView {
	v := &OutputView{image: canvas.NewImageFromImage(nil)}
	v.image.FillMode = canvas.ImageFillContain
	v.image.ScaleMode = canvas.ImageScalePixels
	v.ExtendBaseWidget(v)
	return v
}

// SetImage shows img.
func (v *OutputView) SetImage(img image.Image) {
	v.values = nil
	v.image.Image = img
	v.Refresh()
}

// Image returns the image shown, or nil.
func (v *OutputView) Image() image.Image { return v.image.Image }

// SetVector shows a vector output; names may be nil or shorter than
// values. The value axis keeps the widest range seen since the last
// ResetRange, so bars are comparable while a slider moves.
func (v *OutputView) SetVector(values []float32, names []string) {
	v.image.Image = nil
	v.values = append(v.values[:0], values...)
	v.names = names
	for _, x := range values {
		v.lo, v.hi = min(v.lo, x), max(v.hi, x)
	}
	v.Refresh()
}

// ResetRange forgets the vector value range (on opening a new space).
func (v *OutputView) ResetRange() { v.lo, v.hi = 0, 0 }

// MinSize keeps room for a readable picture.
func (v *OutputView) MinSize() fyne.Size { return fyne.NewSize(160, 160) }

// CreateRenderer implements fyne.Widget.
func (v *OutputView) CreateRenderer() fyne.WidgetRenderer {
	r := &outputRenderer{view: v, line: canvas.NewRaster(v.drawLine)}
	return r
}

type outputRenderer struct {
	view    *OutputView
	line    *canvas.Raster
	bars    []*canvas.Rectangle
	labels  []*canvas.Text
	objects []fyne.CanvasObject
	size    fyne.Size
}

func (r *outputRenderer) Layout(s fyne.Size) {
	r.size = s
	r.view.image.Resize(s)
	r.line.Resize(s)
	r.layoutBars(s)
}

func (r *outputRenderer) MinSize() fyne.Size { return r.view.MinSize() }

func (r *outputRenderer) Refresh() {
	r.syncBars()
	r.Layout(r.size)
	r.view.image.Refresh()
	r.line.Refresh()
}

func (r *outputRenderer) Objects() []fyne.CanvasObject {
	r.syncBars()
	return r.objects
}

func (r *outputRenderer) Destroy() {}

// syncBars makes one bar and label per feature for short vectors.
func (r *outputRenderer) syncBars() {
	v := r.view
	n := len(v.values)
	if n > maxBars {
		n = 0
	}
	for len(r.bars) < n {
		r.bars = append(r.bars, canvas.NewRectangle(theme.Color(theme.ColorNamePrimary)))
		t := canvas.NewText("", theme.Color(theme.ColorNameForeground))
		t.TextSize = theme.CaptionTextSize()
		r.labels = append(r.labels, t)
	}
	r.objects = []fyne.CanvasObject{v.image}
	if len(v.values) > maxBars {
		r.objects = append(r.objects, r.line)
	}
	for i := range n {
		r.labels[i].Text = featureLabel(v.names, i, v.values[i])
		r.objects = append(r.objects, r.bars[i], r.labels[i])
	}
}

func featureLabel(names []string, i int, value float32) string {
	name := fmt.Sprintf("f%d", i)
	if i < len(names) && names[i] != "" {
		name = names[i]
	}
	return fmt.Sprintf("%s %.3g", name, value)
}

// layoutBars places horizontal bars from the zero line, a row per feature.
func (r *outputRenderer) layoutBars(s fyne.Size) {
	v := r.view
	n := len(v.values)
	if n == 0 || n > maxBars {
		return
	}
	rowH := s.Height / float32(n)
	labelW := s.Width * 0.4
	plotW := s.Width - labelW
	lo, hi := min(v.lo, 0), max(v.hi, 0)
	if hi == lo {
		hi = lo + 1
	}
	zero := labelW + plotW*(-lo)/(hi-lo)
	for i, x := range v.values {
		end := labelW + plotW*(x-lo)/(hi-lo)
		left, right := min(zero, end), max(zero, end)
		r.bars[i].Move(fyne.NewPos(left, float32(i)*rowH+rowH*0.15))
		r.bars[i].Resize(fyne.NewSize(max(right-left, 1), rowH*0.7))
		r.labels[i].Move(fyne.NewPos(2, float32(i)*rowH))
		r.labels[i].Resize(fyne.NewSize(labelW-4, rowH))
	}
}

// drawLine draws a long vector as a line plot with a zero line.
func (v *OutputView) drawLine(w, h int) image.Image {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	n := len(v.values)
	if n < 2 || w < 2 || h < 2 {
		return img
	}
	lo, hi := min(v.lo, 0), max(v.hi, 0)
	if hi == lo {
		hi = lo + 1
	}
	yOf := func(x float32) int {
		return int(math.Round(float64(float32(h-1) * (hi - x) / (hi - lo))))
	}
	grey := color.NRGBA{128, 128, 128, 255}
	for x := range w {
		img.SetNRGBA(x, yOf(0), grey)
	}
	ink := color.NRGBA{0, 114, 178, 255}
	for px := range w {
		i := px * (n - 1) / max(w-1, 1)
		j := min(i+1, n-1)
		y0, y1 := yOf(v.values[i]), yOf(v.values[j])
		for y := min(y0, y1); y <= max(y0, y1); y++ {
			img.SetNRGBA(px, y, ink)
		}
	}
	return img
}
