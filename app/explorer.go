package app

import (
	"context"
	"fmt"
	"image"
	"math/rand/v2"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/latent-explorer/latent/app/widgets"
	"github.com/latent-explorer/latent/model"
	"github.com/latent-explorer/latent/viz/projection"
)

// Explorer is the explorer window: the map of the codes, the latent
// sliders and the live decoded output, with the projection controls above.
type Explorer struct {
	app fyne.App
	win fyne.Window

	mapView *widgets.MapView
	legend  *widgets.Legend
	output  *widgets.OutputView
	sliders *widgets.SliderPanel
	readout *widget.RichText
	status  *widget.Label

	colorBy   *widget.Select
	selection *widget.Label
	proj      *projectionControls
	// lastExport is the export dialog last shown, for tests.
	lastExport *exportOptions
	dirs       *directionControls
	classes    *classPicker
	// lastDecoded is the decoded output last shown, for tests.
	lastDecoded []float32

	st    *state
	demos DemoSource
	// ui runs functions on the UI goroutine (fyne.Do; tests queue them).
	ui uiRunner
	// loaded is called (on the UI goroutine) each time a space finishes
	// opening; tests wait on it.
	loaded func()
	// decodes counts the decoded outputs shown; tests wait on it.
	decodes int
}

// state is what the explorer shows: the space and everything derived.
type state struct {
	space   *model.Space
	stats   *model.Stats
	prior   model.Prior
	decoder Decoder
	loop    *decodeLoop
	stop    context.CancelFunc

	coords   []float64     // n×2 map positions, interleaved
	method   string        // how coords were made
	mapSpec  model.MapSpec // the parameters that made them
	placer   projection.Placer
	inverter projection.Inverter

	z       []float64 // the current latent vector
	base    []float64 // the vector the direction sliders move from
	sel     []int
	current int // the data item the sliders were set from, or -1
	// previous is the point clicked before current, or -1 (interpolation).
	previous int
	rng      *rand.Rand
}

// New makes the explorer window on a; call Open to show a space in it.
func New(a fyne.App) *Explorer {
	e := &Explorer{app: a, win: a.NewWindow("Latent Explorer"), ui: fyneDo{}}
	e.build()
	e.win.Resize(fyne.NewSize(1280, 800))
	e.win.SetMainMenu(e.menu())
	e.addShortcuts()
	e.win.SetOnDropped(e.dropped)
	return e
}

// uiRunner runs a function on the UI goroutine without waiting for it.
type uiRunner interface{ Do(func()) }

// fyneDo runs functions through fyne.Do.
type fyneDo struct{}

func (fyneDo) Do(f func()) { fyne.Do(f) }

// Window returns the explorer's window.
func (e *Explorer) Window() fyne.Window { return e.win }

// ShowAndRun shows the window and runs the application.
func (e *Explorer) ShowAndRun() { e.win.ShowAndRun() }

func (e *Explorer) build() {
	e.mapView = widgets.NewMapView(nil)
	e.mapView.OnTap = e.mapTapped
	e.mapView.OnSelect = e.selected
	e.mapView.Tooltip = e.tooltip
	e.legend = widgets.NewLegend()
	e.legend.OnToggle = e.toggleCategory
	e.output = widgets.NewOutputView()
	e.sliders = widgets.NewSliderPanel()
	e.sliders.OnChanged = e.sliderMoved
	e.readout = widget.NewRichText()
	e.status = widget.NewLabel("")
	e.status.Truncation = fyne.TextTruncateEllipsis
	e.colorBy = widget.NewSelect(nil, e.setColorBy)
	e.selection = widget.NewLabel("no selection")
	e.proj = newProjectionControls(e)
	e.dirs = newDirectionControls(e)
	e.classes = newClassPicker(e)
	e.win.SetContent(e.layout())
}

func (e *Explorer) layout() fyne.CanvasObject {
	lasso := widget.NewCheck("Lasso", func(on bool) { e.mapView.Lasso = on })
	clear := widget.NewButton("Clear", func() { e.clearSelection() })
	mapBar := container.NewHBox(widget.NewLabel("Colour by"), e.colorBy, lasso, e.selection, clear)
	mapPane := container.NewBorder(mapBar, nil, nil, container.NewGridWrap(fyne.NewSize(170, 400), e.legend), e.mapView)
	buttons := container.NewGridWithColumns(3,
		widget.NewButton("Reset", e.resetToMean),
		widget.NewButton("Random", e.randomSample),
		widget.NewButton("Copy", e.copyVector))
	top := container.NewVBox(e.readout, buttons, e.classes.bar(), e.dirs.bar())
	outputPane := container.NewGridWrap(fyne.NewSize(340, 300), e.output)
	right := container.NewBorder(container.NewVBox(container.NewCenter(outputPane), top), nil, nil, nil, e.sliders)
	split := container.NewHSplit(mapPane, right)
	split.Offset = 0.66
	return container.NewBorder(e.proj.bar(), e.status, nil, nil, split)
}

// Open shows space s: its map (the stored one, or PCA), its sliders and,
// with a decoder, the live output. dec may be nil.
func (e *Explorer) Open(s *model.Space, dec Decoder) {
	if e.st != nil && e.st.stop != nil {
		e.st.stop()
	}
	dec = e.classes.reset(s, dec)
	stats := model.CodeStats(s.Codes)
	st := &state{space: s, stats: stats, prior: model.PriorOf(s.Manifest.Prior), decoder: dec,
		z: append([]float64(nil), stats.Mean...), current: -1, previous: -1, rng: rand.New(rand.NewPCG(1, 2))}
	ctx, stop := context.WithCancel(context.Background())
	st.stop = stop
	if dec != nil {
		st.loop = newDecodeLoop(ctx, dec, func(_, out []float32, err error) { e.showDecoded(st, out, err) })
	}
	e.st = st
	e.win.SetTitle(fmt.Sprintf("%s — Latent Explorer", spaceName(s)))
	e.output.ResetRange()
	e.output.SetImage(nil)
	e.dirs.reset()
	e.showInitialMap()
	e.setupColorBy()
	e.dirs.openMode()
	// Start on a real code, so the first decode is a real item.
	e.mapTapped(0, 0, 0)
	e.status.SetText(describeSpace(s, dec))
	if e.loaded != nil {
		e.loaded()
	}
}

func spaceName(s *model.Space) string {
	if s.Manifest.Name != "" {
		return s.Manifest.Name
	}
	if s.Dir != "" {
		return s.Dir
	}
	return "untitled space"
}

func describeSpace(s *model.Space, dec Decoder) string {
	msg := fmt.Sprintf("%d codes × %d dims", s.Codes.N, s.Codes.D)
	if len(s.Meta.Columns) > 0 {
		msg += fmt.Sprintf(", %d metadata columns", len(s.Meta.Columns))
	}
	if s.Data != nil {
		msg += fmt.Sprintf(", data %v", s.Data.Shape[1:])
	}
	if dec == nil {
		msg += "; no decoder: open one with File → Open decoder"
	}
	return msg
}

// showError shows err in a dialog; nothing is only logged.
func (e *Explorer) showError(err error) {
	dialog.ShowError(err, e.win)
}

// tooltip gives the hover text and thumbnail of point i.
func (e *Explorer) tooltip(i int) (string, image.Image) {
	st := e.st
	if st == nil || i < 0 || i >= st.space.Codes.N {
		return "", nil
	}
	text := fmt.Sprintf("#%d", i)
	for _, c := range st.space.Meta.Columns {
		if c.Numeric() {
			text += fmt.Sprintf("\n%s: %.4g", c.Name, c.Numbers[i])
		} else {
			text += fmt.Sprintf("\n%s: %s", c.Name, c.Strings[i])
		}
	}
	return text, e.thumbnail(i)
}

// thumbnail is data item i as a picture, or its decoded image when the
// space has no data.
func (e *Explorer) thumbnail(i int) image.Image {
	st := e.st
	if item, shape, ok := st.space.Item(i); ok {
		img, err := model.DataImage(item, shape, st.space.Manifest.Output.Channels)
		if err == nil {
			return img
		}
	}
	return e.decodeToImage(st.space.Codes.Row(i))
}

// decodeToImage decodes z synchronously to an image, or returns nil when
// the space has no image decoder.
func (e *Explorer) decodeToImage(z []float32) image.Image {
	st := e.st
	if st.decoder == nil || st.space.Manifest.Output.Kind != "image" {
		return nil
	}
	out, err := st.decoder.Decode(z, nil)
	if err != nil {
		return nil
	}
	img, err := st.space.Manifest.Output.ToImage(out, st.decoder.OutputShape(), nil)
	if err != nil {
		return nil
	}
	return img
}
