package app

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/latent-explorer/latent/app/session"
	"github.com/latent-explorer/latent/app/widgets"
	"github.com/latent-explorer/latent/model"
	"github.com/latent-explorer/latent/viz/render"
)

// benchDecoder is the decoder LATENT_BENCH_DECODER names (for example the
// SD-VAE-style model tools/bench_ort writes, to hold the live decode
// beside ONNX Runtime's batch-1 time), else the demo's decoder when the
// demo is embedded, else the ONNX runtime's convolutional VAE decoder
// fixture (same operators).
func benchDecoder(b *testing.B) (Decoder, int) {
	paths := []string{"../assets/demo/mnist-16/decoder.onnx", "../model/onnx/testdata/conv_vae_decoder.onnx"}
	if p := os.Getenv("LATENT_BENCH_DECODER"); p != "" {
		paths = []string{p}
	}
	for _, p := range paths {
		if _, err := os.Stat(p); err != nil {
			continue
		}
		d, err := model.LoadDecoder(p)
		if err != nil {
			b.Fatal(err)
		}
		b.Logf("decoder %s", filepath.Base(filepath.Dir(p))+"/"+filepath.Base(p))
		return d, d.LatentDim()
	}
	b.Skip("no decoder to benchmark")
	return nil, 0
}

// randomPoints returns n interleaved 2-D points in a few Gaussian blobs.
func randomPoints(n int) []float64 {
	r := rand.New(rand.NewPCG(1, 1))
	xy := make([]float64, 2*n)
	for i := range n {
		c := float64(i % 10)
		xy[2*i], xy[2*i+1] = 5*c+r.NormFloat64(), 3*float64(i%3)+r.NormFloat64()
	}
	return xy
}

// BenchmarkSliderToImage measures a slider move until the decoded image
// is on the widget (the decode loop, the conversion to an image and the
// widget refresh), reporting the 95th percentile.
func BenchmarkSliderToImage(b *testing.B) {
	dec, d := benchDecoder(b)
	s := testSpace(b, true)
	s.Codes = &model.Codes{N: s.Codes.N, D: d, Data: make([]float32, s.Codes.N*d)}
	r := rand.New(rand.NewPCG(2, 2))
	for i := range s.Codes.Data {
		s.Codes.Data[i] = float32(r.NormFloat64())
	}
	s.Manifest.Output.Shape = dec.OutputShape()
	if sh := dec.OutputShape(); len(sh) == 3 && sh[0] == 3 {
		s.Manifest.Output.Channels = "rgb"
	}
	a := test.NewTempApp(b)
	e := newExplorer(a, newUIQueue())
	e.Open(s, dec)
	waitUntil(b, e, "the first decode", func() bool { return e.output.decodes > 0 })
	// Opening starts jobs (the principal directions); time the steady state.
	waitIdle(b, e)
	slider := e.sliders.panel.Slider(0)
	var times []time.Duration
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		start := time.Now()
		n := e.output.decodes
		slider.SetValue(slider.Min + float64(i%600)*slider.Step)
		waitUntil(b, e, "the decode", func() bool { return e.output.decodes > n })
		times = append(times, time.Since(start))
	}
	reportPercentiles(b, times)
}

func reportPercentiles(b *testing.B, times []time.Duration) {
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	at := func(q float64) float64 {
		return float64(times[min(len(times)-1, int(q*float64(len(times))))].Microseconds()) / 1000
	}
	b.ReportMetric(at(0.5), "p50-ms")
	b.ReportMetric(at(0.95), "p95-ms")
}

// benchmarkRedraw draws a 1000 × 800 pixel frame of the map widget after
// a pan, as a drag does.
func benchmarkRedraw(b *testing.B, n int) {
	m := widgets.NewMapView(randomPoints(n))
	w := test.NewTempWindow(b, m)
	w.Resize(fyne.NewSize(1000, 800))
	m.Renderer().ColorByCategory(categoriesOf(n), render.Categorical(10))
	b.ReportAllocs()
	dx := float32(1)
	for b.Loop() {
		// Pan back and forth by a pixel, so every frame shows all the points.
		m.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(500, 400)}, Dragged: fyne.NewDelta(dx, 0)})
		m.DrawFrame(1000, 800)
		dx = -dx
	}
}

func categoriesOf(n int) []int {
	c := make([]int, n)
	for i := range c {
		c[i] = i % 10
	}
	return c
}

func BenchmarkMapRedraw100k(b *testing.B) { benchmarkRedraw(b, 100_000) }
func BenchmarkMapRedraw1M(b *testing.B)   { benchmarkRedraw(b, 1_000_000) }

// BenchmarkHover1M is hover hit-testing among a million points.
func BenchmarkHover1M(b *testing.B) {
	m := widgets.NewMapView(randomPoints(1_000_000))
	w := test.NewTempWindow(b, m)
	w.Resize(fyne.NewSize(1000, 800))
	r := rand.New(rand.NewPCG(3, 3))
	b.ReportAllocs()
	for b.Loop() {
		m.PointAt(fyne.NewPos(float32(r.IntN(1000)), float32(r.IntN(800))))
	}
}

// BenchmarkUIDuringTSNE measures the UI's work for a slider move (vector,
// marker, readout, decode request) while a t-SNE of 70,000 codes runs in
// the background on every core, reporting the 95th percentile.
func BenchmarkUIDuringTSNE(b *testing.B) {
	const n, d = 70_000, 16
	r := rand.New(rand.NewPCG(4, 4))
	codes := &model.Codes{N: n, D: d, Data: make([]float32, n*d)}
	for i := range codes.Data {
		codes.Data[i] = float32(r.NormFloat64() + float64(i/d%10))
	}
	s := testSpace(b, false)
	s.Codes, s.Meta, s.Map, s.Manifest.Map = codes, &model.Table{}, nil, nil
	s.Map = &model.Array{Shape: []int{n, 2}, DType: "float64", Data: randomPoints(n)}
	s.Manifest.Map = &model.MapSpec{Coords: "x", Method: "pca"}
	a := test.NewTempApp(b)
	e := newExplorer(a, newUIQueue())
	e.Open(s, nil)
	waitIdle(b, e)
	job := e.core.Project(session.Params{Method: "tsne", Seed: 1})
	defer job.Cancel()
	time.Sleep(2 * time.Second) // past the kNN graph, into the gradient steps
	var times []time.Duration
	i := 0
	for b.Loop() {
		i++
		start := time.Now()
		e.core.SetSlider(0, float64(i%100)/50-1)
		queue(e).drain() // the panels' updates, as the UI goroutine runs them
		times = append(times, time.Since(start))
		time.Sleep(5 * time.Millisecond)
	}
	reportPercentiles(b, times)
}

// BenchmarkOpenToFirstFrame opens a space from its folder (manifest, codes,
// labels, data, stored map, decoder) and draws the window's first frame.
func BenchmarkOpenToFirstFrame(b *testing.B) {
	dir := "../assets/demo/mnist-16"
	if _, err := os.Stat(filepath.Join(dir, model.ManifestName)); err != nil {
		b.Skip("the demo space is not embedded")
	}
	for b.Loop() {
		a := test.NewTempApp(b)
		s, err := model.OpenSpace(dir)
		if err != nil {
			b.Fatal(err)
		}
		dec, err := loadDecoder(s)
		if err != nil {
			b.Fatal(err)
		}
		e := newExplorer(a, newUIQueue())
		e.win.Resize(fyne.NewSize(1280, 800))
		e.Open(s, dec)
		e.win.Canvas().Capture()
	}
}
