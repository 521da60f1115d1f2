package app

import (
	"fmt"
	"math"
	"strings"

	"fyne.io/fyne/v2/widget"

	"github.com/latent-explorer/latent/app/widgets"
	"github.com/latent-explorer/latent/model"
)

type sliderMode int

const (
	dimensionsMode sliderMode = iota
	directionsMode
)

// setSliderMode shows one slider per latent dimension (by variance) or one
// per direction.
func (e *Explorer) setSliderMode(m sliderMode) {
	st := e.st
	if st == nil {
		return
	}
	if m == directionsMode {
		st.base = append([]float64(nil), st.z...)
		e.sliders.SetAxes(e.dirs.axes(), len(e.dirs.list))
		e.sliders.SetValues(make([]float64, len(e.dirs.list)))
		return
	}
	shown := e.dirs.shownDims()
	axes := make([]widgets.Axis, len(shown))
	for i, d := range shown {
		mean, sd := st.stats.Mean[d], st.stats.Std[d]
		if sd == 0 {
			sd = st.prior.Std()
		}
		axes[i] = widgets.Axis{Name: fmt.Sprintf("z%-3d", d), Min: mean - 3*sd, Max: mean + 3*sd}
	}
	e.sliders.SetAxes(axes, len(axes))
	e.syncSliders()
}

// syncSliders moves the sliders to the current vector.
func (e *Explorer) syncSliders() {
	st := e.st
	if e.dirs.active {
		st.base = append(st.base[:0], st.z...)
		e.sliders.SetValues(make([]float64, len(e.dirs.list)))
		return
	}
	shown := e.dirs.shownDims()
	v := make([]float64, len(shown))
	for i, d := range shown {
		v[i] = st.z[d]
	}
	e.sliders.SetValues(v)
}

// sliderMoved updates the vector from slider i and shows it.
func (e *Explorer) sliderMoved(i int, value float64) {
	st := e.st
	if st == nil {
		return
	}
	if e.dirs.active {
		copy(st.z, st.base)
		for k, dir := range e.dirs.list {
			c := e.sliders.Value(k)
			if k == i {
				c = value
			}
			for j := range st.z {
				st.z[j] += c * dir.unit[j]
			}
		}
	} else {
		st.z[e.dirs.shownDims()[i]] = value
	}
	st.current = -1
	e.vectorChanged()
}

// setVector makes z the current vector: sliders, marker, readout, decode.
func (e *Explorer) setVector(z []float64) {
	copy(e.st.z, z)
	e.syncSliders()
	e.vectorChanged()
}

// vectorChanged shows the current vector: the marker, the readout and the
// decoded output (asynchronously).
func (e *Explorer) vectorChanged() {
	st := e.st
	e.placeMarker()
	e.showReadout()
	if st.loop != nil {
		st.loop.Request(st.z)
	}
}

// placeMarker puts the "you are here" marker at the vector's map position.
func (e *Explorer) placeMarker() {
	st := e.st
	r := e.mapView.Renderer()
	if st.placer == nil {
		r.HideMarker()
	} else {
		x, y := st.placer.Place(st.z)
		r.SetMarker(x, y)
	}
	e.mapView.Refresh()
}

// showReadout shows the vector's norm and prior log-density, in the
// warning colour when the vector is outside the prior's typical set.
func (e *Explorer) showReadout() {
	st := e.st
	norm := model.Norm(st.z)
	logp := st.prior.LogDensity(st.z)
	text := fmt.Sprintf("‖z‖ = %.2f   log p(z) = %.1f   (%s prior, typical ‖z‖ ≈ %.1f)",
		norm, logp, st.prior.Kind, math.Sqrt(float64(len(st.z))))
	style := widget.RichTextStyleParagraph
	if !st.prior.Typical(st.z) {
		text += "   outside the prior's typical set"
		style.ColorName = "warning"
	}
	e.readout.Segments = []widget.RichTextSegment{&widget.TextSegment{Text: text, Style: style}}
	e.readout.Refresh()
}

// resetToMean sets the vector to the mean code.
func (e *Explorer) resetToMean() {
	st := e.st
	if st == nil {
		return
	}
	if st.z == nil {
		st.z = make([]float64, st.space.Codes.D)
	}
	st.current = -1
	e.setVector(st.stats.Mean)
}

// randomSample draws the vector from the prior.
func (e *Explorer) randomSample() {
	st := e.st
	if st == nil {
		return
	}
	z := make([]float64, len(st.z))
	st.prior.Sample(st.rng, z)
	st.current = -1
	e.setVector(z)
}

// copyVector puts the vector on the clipboard as comma-separated numbers,
// the form `latent decode --z` takes.
func (e *Explorer) copyVector() {
	if e.st == nil {
		return
	}
	e.app.Clipboard().SetContent(formatVector(e.st.z))
	e.status.SetText("copied the latent vector to the clipboard")
}

func formatVector(z []float64) string {
	parts := make([]string, len(z))
	for i, v := range z {
		parts[i] = fmt.Sprintf("%.6g", v)
	}
	return strings.Join(parts, ",")
}

// showDecoded is the decode loop's callback for state st: it shows the
// output on the UI goroutine.
func (e *Explorer) showDecoded(st *state, out []float32, err error) {
	e.ui.Do(func() {
		if st != e.st {
			return // a newer space was opened meanwhile
		}
		if err != nil {
			e.status.SetText("decode: " + err.Error())
			return
		}
		e.showOutput(out)
		e.lastDecoded = out
		e.decodes++
	})
}

func (e *Explorer) showOutput(out []float32) {
	st := e.st
	spec := &st.space.Manifest.Output
	shape := st.decoder.OutputShape()
	if spec.Kind == "vector" || len(shape) == 1 {
		e.output.SetVector(out, spec.Features)
		return
	}
	img, err := spec.ToImage(out, shape, nil)
	if err != nil {
		e.status.SetText("decoded output: " + err.Error())
		return
	}
	e.output.SetImage(img)
}
