package app

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"

	"github.com/latent-explorer/latent/app/session"
	"github.com/latent-explorer/latent/model"
)

// Decoder is what the explorer needs of a decoder: one latent vector in,
// one decoded item out. *model.Decoder satisfies it.
type Decoder = session.Decoder

// Explorer is the explorer window: panels that show one session.Session
// (the map with its legend, the sliders, the decoded output, the
// projection bar and the job bar) and the menus and dialogs that act on
// it. Every panel subscribes to the session's events; the Explorer only
// wires them together.
type Explorer struct {
	app  fyne.App
	win  fyne.Window
	core *session.Session
	// ui runs functions on the UI goroutine (fyne.Do; tests queue them).
	ui uiRunner

	mapp    *mapPanel
	legend  *legendPanel
	search  *searchBar
	sliders *sliderPanel
	output  *outputPanel
	proj    *projectionBar
	jobs    *jobBar
	classes *classPicker

	// dock holds the analysis panels below the map (dock.go).
	dock       *dock
	clusters   *clusterPanel
	neighbours *neighbourPanel
	outliers   *outlierPanel
	encode     *encodePanel
	diagnose   *diagnosticsPanel
	interp     *interpPanel
	traverse   *traversePanel

	demos DemoSource
	// space is the space shown, as of the last ChangedSpace event handled.
	space *model.Space
	// loaded counts the spaces shown; tests wait on it.
	loaded int
	// lastExport is the export dialog last shown, for tests.
	lastExport *exportOptions
	// filesAsked counts the "files moved or changed" dialogs shown.
	filesAsked int
	// errorsShown counts the error dialogs shown and lastError is the
	// last one's error; tests waiting for something else fail on them.
	errorsShown int
	lastError   error
}

// uiRunner runs a function on the UI goroutine without waiting for it.
type uiRunner interface{ Do(func()) }

// fyneDo runs functions through fyne.Do.
type fyneDo struct{}

func (fyneDo) Do(f func()) { fyne.Do(f) }

// New makes the explorer window on a; call Open to show a space in it.
func New(a fyne.App) *Explorer { return newExplorer(a, fyneDo{}) }

// newExplorer makes the window with ui running its UI callbacks.
func newExplorer(a fyne.App, ui uiRunner) *Explorer {
	e := &Explorer{app: a, win: a.NewWindow("Latent Explorer"), ui: ui, core: session.New()}
	e.jobs = newJobBar(e)
	e.mapp = newMapPanel(e)
	e.legend = newLegendPanel(e)
	e.search = newSearchBar(e)
	e.sliders = newSliderPanel(e)
	e.classes = newClassPicker(e) // before the output panel: see its update
	e.output = newOutputPanel(e)
	e.proj = newProjectionBar(e)
	e.clusters = newClusterPanel(e)
	e.neighbours = newNeighbourPanel(e)
	e.outliers = newOutlierPanel(e)
	e.encode = newEncodePanel(e)
	e.diagnose = newDiagnosticsPanel(e)
	e.interp = newInterpPanel(e)
	e.traverse = newTraversePanel(e)
	e.win.SetContent(e.layout())
	e.win.Resize(fyne.NewSize(1280, 800))
	e.win.SetMainMenu(e.menu())
	e.addShortcuts()
	e.addPanelShortcuts()
	e.win.SetOnDropped(e.dropped)
	e.subscribe(e.spaceShown)
	return e
}

// subscribe calls f on the UI goroutine with each of the session's events.
func (e *Explorer) subscribe(f func(session.Event)) {
	e.core.Subscribe(func(ev session.Event) { e.ui.Do(func() { f(ev) }) })
}

// Session returns the state the window shows.
func (e *Explorer) Session() *session.Session { return e.core }

// Window returns the explorer's window.
func (e *Explorer) Window() fyne.Window { return e.win }

// ShowAndRun shows the window and runs the application.
func (e *Explorer) ShowAndRun() { e.win.ShowAndRun() }

func (e *Explorer) layout() fyne.CanvasObject {
	mapPane := container.NewBorder(container.NewVBox(e.mapp.bar(), e.search.bar()), nil, nil, e.legend.object(), e.mapp.view)
	e.dock = newDock(mapPane, e.panels())
	right := container.NewBorder(container.NewVBox(container.NewCenter(e.output.object()), e.sliders.top()), nil, nil, nil, e.sliders.panel)
	split := container.NewHSplit(e.dock.split, right)
	split.Offset = 0.66
	return container.NewBorder(e.proj.bar(), e.jobs.object(), nil, nil, split)
}

// Open shows space s with decoder dec (may be nil): its stored map, or
// its 2-D codes, or a PCA run in the background; the vector starts on
// code 0.
func (e *Explorer) Open(s *model.Space, dec Decoder) { e.core.Open(s, dec) }

// spaceShown follows a new space: the title and the status line.
func (e *Explorer) spaceShown(ev session.Event) {
	if !ev.Has(session.ChangedSpace) {
		return
	}
	e.space = e.core.Space()
	e.win.SetTitle(fmt.Sprintf("%s — Latent Explorer", spaceName(e.space)))
	e.jobs.setStatus(describeSpace(e.space, e.core.Decoder()))
	e.loaded++
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
	e.errorsShown++
	e.lastError = err
	dialog.ShowError(err, e.win)
}
