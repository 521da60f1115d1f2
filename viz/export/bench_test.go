package export

import (
	"fmt"
	"image/color"
	"io"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg/draw"

	"github.com/latent-explorer/latent/viz/render"
)

// countWriter counts the bytes written through it.
type countWriter struct{ n int64 }

func (w *countWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

// benchmarkFigure runs write, reporting the output's size in bytes and
// the CPU time per figure (the machine may be shared, so wall time
// overstates the work).
func benchmarkFigure(b *testing.B, write func(w io.Writer) error) {
	b.ReportAllocs()
	var cw countWriter
	var figures int
	cpu0 := cpuSeconds()
	for b.Loop() {
		cw.n = 0
		if err := write(&cw); err != nil {
			b.Fatal(err)
		}
		figures++
	}
	b.ReportMetric(float64(cw.n), "bytes")
	b.ReportMetric((cpuSeconds()-cpu0)/float64(figures)*1000, "cpu-ms/op")
}

// BenchmarkMap100k writes a 100,000-point map with a 10-category legend,
// the size and speed target (< 2 MB, < 1 s for SVG and PDF).
func BenchmarkMap100k(b *testing.B) {
	xy, cat, _ := blobs(100_000, 10, 1)
	m := &Map{XY: xy, Categories: cat, CategoryNames: digitNames(10), ColorLabel: "label",
		Title: "MNIST codes", XLabel: "t-SNE 1", YLabel: "t-SNE 2"}
	for _, f := range []string{"svg", "pdf", "eps", "png"} {
		b.Run(f, func(b *testing.B) {
			benchmarkFigure(b, func(w io.Writer) error { return m.WriteTo(w, f) })
		})
	}
}

// BenchmarkPlainGonum100k is the reference: the same 100,000 points as a
// plain gonum/plot scatter, one vector glyph per point coloured by
// category, with a legend, at the same size.
func BenchmarkPlainGonum100k(b *testing.B) {
	xy, cat, _ := blobs(100_000, 10, 1)
	palette := render.Categorical(10)
	for _, f := range []string{"svg", "pdf"} {
		b.Run(f, func(b *testing.B) {
			benchmarkFigure(b, func(w io.Writer) error { return plainScatter(w, f, xy, cat, palette) })
		})
	}
}

func plainScatter(w io.Writer, format string, xy []float64, cat []int, palette []color.NRGBA) error {
	p := plot.New()
	p.Title.Text = "MNIST codes"
	p.X.Label.Text, p.Y.Label.Text = "t-SNE 1", "t-SNE 2"
	pts := make(plotter.XYs, len(cat))
	for i := range pts {
		pts[i].X, pts[i].Y = xy[2*i], xy[2*i+1]
	}
	s, err := plotter.NewScatter(pts)
	if err != nil {
		return err
	}
	s.GlyphStyleFunc = func(i int) draw.GlyphStyle {
		c := palette[cat[i]]
		c.A = 128
		return draw.GlyphStyle{Color: c, Radius: 0.75, Shape: draw.CircleGlyph{}}
	}
	p.Add(s)
	for k, c := range palette {
		p.Legend.Add(fmt.Sprintf("digit %d", k), legendThumb{c})
	}
	wt, err := p.WriterTo(DefaultWidth, DefaultHeight, format)
	if err != nil {
		return err
	}
	_, err = wt.WriteTo(w)
	return err
}

// legendThumb is a legend swatch for the plain gonum figure.
type legendThumb struct{ c color.Color }

func (t legendThumb) Thumbnail(c *draw.Canvas) {
	c.DrawGlyph(draw.GlyphStyle{Color: t.c, Radius: 3, Shape: draw.CircleGlyph{}}, c.Center())
}
