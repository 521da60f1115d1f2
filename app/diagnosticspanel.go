package app

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/latent-explorer/latent/app/session"
	"github.com/latent-explorer/latent/model"
)

// The slider orders the diagnostics panel offers, as model names them.
var sliderOrders = []string{model.OrderVariance, model.OrderKL, model.OrderIndex}

// diagnosticsPanel shows, per latent dimension, the codes' variance and
// (when the encoder gives log-variances) the mean KL to the prior, with
// inactive dimensions flagged, as a bar chart and a list; the sliders can
// be ordered by variance, KL or index.
type diagnosticsPanel struct {
	e      *Explorer
	run    *widget.Button
	order  *widget.Select
	label  *widget.Label
	chart  *canvas.Image
	axis   *fyne.Container // the bars' names, z0…, under the chart
	key    *widget.Label
	list   *widget.List
	obj    fyne.CanvasObject
	diag   *model.Diagnostics
	shown  int // diagnostics shown; tests wait on it
	orders int // slider orders applied
}

func newDiagnosticsPanel(e *Explorer) *diagnosticsPanel {
	p := &diagnosticsPanel{e: e, label: widget.NewLabel("")}
	p.run = widget.NewButton("Compute", p.compute)
	p.order = widget.NewSelect(sliderOrders, p.orderChosen)
	p.order.Disable()
	p.chart = canvas.NewImageFromImage(nil)
	p.chart.FillMode = canvas.ImageFillStretch
	p.chart.ScaleMode = canvas.ImageScalePixels
	p.chart.SetMinSize(fyne.NewSize(320, 120))
	p.list = widget.NewList(p.length, func() fyne.CanvasObject { return widget.NewLabel("z000  variance 0.0000  KL 0.0000  inactive") }, p.fillRow)
	bar := statusBar(container.NewHBox(p.run, widget.NewLabel("Order sliders by"), p.order), p.label)
	p.axis = container.NewGridWithColumns(1)
	p.key = widget.NewLabel("")
	p.key.Truncation = fyne.TextTruncateEllipsis
	split := container.NewHSplit(container.NewBorder(p.key, p.axis, nil, nil, p.chart), p.list)
	split.Offset = 0.6
	p.obj = container.NewBorder(bar, nil, nil, nil, split)
	e.subscribe(p.update)
	return p
}

func (p *diagnosticsPanel) Title() string             { return "Diagnostics" }
func (p *diagnosticsPanel) Object() fyne.CanvasObject { return p.obj }

func (p *diagnosticsPanel) update(ev session.Event) {
	if ev.Has(session.ChangedSpace) {
		p.diag = nil
		p.chart.Image = nil
		p.chart.Refresh()
		p.key.SetText("")
		p.setAxis(0)
		p.order.Disable()
		p.order.Selected = p.e.core.Snapshot().Sliders.OrderBy // a reopened session's; no callback
		p.order.Refresh()
		p.label.SetText("")
		p.list.Refresh()
	}
}

// compute runs the diagnostics as a session job.
func (p *diagnosticsPanel) compute() {
	if p.e.space == nil {
		return
	}
	p.e.showPanel(p)
	p.label.SetText("computing…")
	p.e.jobs.track(p.e.core.Diagnose(), p.show)
}

// show shows finished diagnostics.
func (p *diagnosticsPanel) show(st session.JobStatus) {
	d := st.Result.(*model.Diagnostics)
	p.diag = d
	text := fmt.Sprintf("%d of %d dimensions active", d.Active(), len(d.Dims))
	if d.HasKL {
		text += fmt.Sprintf("; mean KL %.3g nats", d.TotalKL)
	} else {
		text += "; no KL (needs an encoder with log-variances and the data)"
	}
	p.label.SetText(text)
	p.chart.Image = diagnosticsChart(d, 640, 200)
	p.chart.Refresh()
	p.key.SetText("blue: variance; orange: mean KL; each ÷ its largest; grey: inactive")
	if !d.HasKL {
		p.key.SetText("blue: variance ÷ the largest; grey: inactive")
	}
	p.setAxis(len(d.Dims))
	p.order.Enable()
	p.list.Refresh()
	p.shown++
}

// orderChosen orders the sliders by the chosen key.
func (p *diagnosticsPanel) orderChosen(by string) {
	if p.diag == nil {
		return
	}
	order, err := p.diag.Order(by)
	if err == nil {
		err = p.e.core.SetSliderOrder(by, order)
	}
	if err != nil {
		p.e.showError(err)
		return
	}
	p.orders++
}

func (p *diagnosticsPanel) length() int {
	if p.diag == nil {
		return 0
	}
	return len(p.diag.Dims)
}

func (p *diagnosticsPanel) fillRow(id widget.ListItemID, o fyne.CanvasObject) {
	o.(*widget.Label).SetText(dimText(p.diag.Dims[id]))
}

// dimText is one dimension's line: variance, KL, inactive.
func dimText(x model.DimDiagnostic) string {
	text := fmt.Sprintf("z%d  variance %.4g", x.Dim, x.Variance)
	if !math.IsNaN(x.MeanKL) {
		text += fmt.Sprintf("  KL %.4g", x.MeanKL)
	}
	if x.Inactive {
		text += "  inactive"
	}
	return text
}

// Chart colours: variance blue, KL orange (Okabe–Ito), inactive grey.
var (
	varianceColor = color.NRGBA{0, 114, 178, 255}
	klColor       = color.NRGBA{230, 159, 0, 255}
	inactiveColor = color.NRGBA{170, 170, 170, 255}
)

// axisEvery is how many bars share one name under the chart.
func axisEvery(n int) int { return max(1, (n+15)/16) }

// setAxis names the n bars under the chart, z0…z(n−1) (every few for
// many dimensions), one cell per bar so that each name sits under its bar.
func (p *diagnosticsPanel) setAxis(n int) {
	p.axis.Objects = nil
	p.axis.Layout = layout.NewGridLayoutWithColumns(max(n, 1))
	every := axisEvery(n)
	for j := range n {
		t := canvas.NewText("", theme.Color(theme.ColorNameForeground))
		if j%every == 0 {
			t.Text = fmt.Sprintf("z%d", j)
		}
		t.Alignment = fyne.TextAlignCenter
		t.TextSize = theme.CaptionTextSize()
		p.axis.Objects = append(p.axis.Objects, t)
	}
	p.axis.Refresh()
}

// diagnosticsChart draws a w×h bar chart: per dimension (by index) its
// variance and, when known, its mean KL, each scaled to its largest
// value; inactive dimensions' bars are grey.
func diagnosticsChart(d *model.Diagnostics, w, h int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Bounds(), image.NewUniform(color.NRGBA{255, 255, 255, 255}), image.Point{}, draw.Src)
	var maxVar, maxKL float64
	for _, x := range d.Dims {
		maxVar = max(maxVar, x.Variance)
		if !math.IsNaN(x.MeanKL) {
			maxKL = max(maxKL, x.MeanKL)
		}
	}
	slot := float64(w) / float64(len(d.Dims))
	bars := 1
	if d.HasKL {
		bars = 2
	}
	bw := max(int(slot*0.8)/bars, 1)
	for j, x := range d.Dims {
		left := int(float64(j)*slot + slot*0.1)
		vc, kc := varianceColor, klColor
		if x.Inactive {
			vc, kc = inactiveColor, inactiveColor
		}
		bar(img, left, bw, h, share(x.Variance, maxVar), vc)
		if d.HasKL {
			bar(img, left+bw, bw, h, share(x.MeanKL, maxKL), kc)
		}
	}
	return img
}

// share is v/top in [0, 1], 0 when top is 0 or v unknown.
func share(v, top float64) float64 {
	if !(top > 0) || math.IsNaN(v) {
		return 0
	}
	return min(max(v/top, 0), 1)
}

// bar fills a bar of width w from the bottom, frac of height h (at least
// one pixel, so a zero is still seen).
func bar(img *image.NRGBA, left, w, h int, frac float64, c color.NRGBA) {
	top := h - max(int(frac*float64(h-4)), 1)
	draw.Draw(img, image.Rect(left, top, left+w, h), image.NewUniform(c), image.Point{}, draw.Src)
}
