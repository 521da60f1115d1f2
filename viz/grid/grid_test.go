package grid

import (
	"bytes"
	"image"
	"image/color"
	"image/gif"
	"image/png"
	"io"
	"math"
	"testing"
	"time"
)

// solid returns a w×h image of one colour.
func solid(w, h int, c color.NRGBA) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for i := 0; i < len(img.Pix); i += 4 {
		img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = c.R, c.G, c.B, c.A
	}
	return img
}

func grey(v uint8) color.NRGBA { return color.NRGBA{v, v, v, 255} }

func TestLayoutGeometry(t *testing.T) {
	// 3 rows × 4 columns of 10-pixel cells, 2-pixel gutters: 4·12+2 = 50
	// wide and 3·12+2 = 38 high without labels.
	l := NewLayout(3, 4, 10, nil, nil)
	if s := l.Size(); s != image.Pt(50, 38) {
		t.Errorf("size %v, want (50,38)", s)
	}
	if r := l.CellRect(2, 3); r != image.Rect(38, 26, 48, 36) {
		t.Errorf("cell (2,3) at %v, want (38,26)-(48,36)", r)
	}
	// Row labels of up to 3 characters: 3·7 + 2·4 = 29 pixels of margin;
	// column labels: one 13-pixel line and 4 pixels of padding.
	l = NewLayout(3, 4, 10, []string{"z0", "z10", ""}, []string{"-3"})
	if l.Left != 29 || l.Top != 17 {
		t.Errorf("margins left %d top %d, want 29 and 17", l.Left, l.Top)
	}
	if r := l.CellRect(0, 0); r.Min != image.Pt(31, 19) {
		t.Errorf("first cell at %v, want (31,19)", r.Min)
	}
	if s := l.Size(); s != image.Pt(79, 55) {
		t.Errorf("size %v, want (79,55)", s)
	}
}

func TestGridPlacesCells(t *testing.T) {
	colours := [][]color.NRGBA{{grey(10), grey(60)}, {grey(110), grey(160)}, {grey(210), grey(250)}}
	images := make([][]image.Image, 3)
	for i, row := range colours {
		for _, c := range row {
			images[i] = append(images[i], solid(4, 4, c))
		}
	}
	g := Grid(images, nil, nil, 12)
	l := NewLayout(3, 2, 12, nil, nil)
	if g.Rect.Size() != l.Size() {
		t.Fatalf("grid %v, layout %v", g.Rect.Size(), l.Size())
	}
	for i, row := range colours {
		for j, c := range row {
			r := l.CellRect(i, j)
			for _, p := range []image.Point{r.Min, r.Max.Sub(image.Pt(1, 1)), r.Min.Add(image.Pt(5, 7))} {
				if got := g.NRGBAAt(p.X, p.Y); got != c {
					t.Errorf("cell (%d,%d) pixel %v = %v, want %v", i, j, p, got, c)
				}
			}
			if got := g.NRGBAAt(r.Max.X, r.Min.Y); got != Background {
				t.Errorf("gutter right of cell (%d,%d) = %v", i, j, got)
			}
		}
	}
}

func TestGridNearestNeighbour(t *testing.T) {
	// A 2×2 checkerboard in a 6-pixel cell becomes four 3×3 blocks: no
	// blended greys.
	src := image.NewNRGBA(image.Rect(0, 0, 2, 2))
	src.SetNRGBA(0, 0, grey(0))
	src.SetNRGBA(1, 0, grey(255))
	src.SetNRGBA(0, 1, grey(255))
	src.SetNRGBA(1, 1, grey(0))
	g := Grid([][]image.Image{{src}}, nil, nil, 6)
	r := NewLayout(1, 1, 6, nil, nil).CellRect(0, 0)
	for y := range 6 {
		for x := range 6 {
			want := grey(0)
			if (x/3+y/3)%2 == 1 {
				want = grey(255)
			}
			if got := g.NRGBAAt(r.Min.X+x, r.Min.Y+y); got != want {
				t.Fatalf("pixel (%d,%d) = %v, want %v", x, y, got, want)
			}
		}
	}
}

func TestGridKeepsAspect(t *testing.T) {
	// A 4×2 image in a 12-pixel cell is 12×6, centred: rows 3–8 of the cell.
	g := Grid([][]image.Image{{solid(4, 2, grey(0))}}, nil, nil, 12)
	r := NewLayout(1, 1, 12, nil, nil).CellRect(0, 0)
	for y := range 12 {
		want := Background
		if y >= 3 && y < 9 {
			want = grey(0)
		}
		if got := g.NRGBAAt(r.Min.X+5, r.Min.Y+y); got != want {
			t.Errorf("cell row %d = %v, want %v", y, got, want)
		}
	}
}

func TestGridLabels(t *testing.T) {
	images := [][]image.Image{{solid(2, 2, grey(128)), solid(2, 2, grey(128))}, {nil, solid(2, 2, grey(128))}}
	g := Grid(images, []string{"z0", "z1"}, []string{"-3", "+3"}, 20)
	l := NewLayout(2, 2, 20, []string{"z0", "z1"}, []string{"-3", "+3"})
	// Ink only in the label margins; the empty cell (1,0) stays background.
	inked := func(r image.Rectangle) bool {
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				if g.NRGBAAt(x, y) == Ink {
					return true
				}
			}
		}
		return false
	}
	for j := range 2 {
		c := l.CellRect(0, j)
		if !inked(image.Rect(c.Min.X, 0, c.Max.X, l.Top)) {
			t.Errorf("no column label above column %d", j)
		}
	}
	for i := range 2 {
		c := l.CellRect(i, 0)
		if !inked(image.Rect(0, c.Min.Y, l.Left, c.Max.Y)) {
			t.Errorf("no row label left of row %d", i)
		}
	}
	cells := image.Rect(l.Left, l.Top, g.Rect.Dx(), g.Rect.Dy())
	if inked(cells) {
		t.Error("label ink inside the cell area")
	}
	if e := l.CellRect(1, 0); g.NRGBAAt(e.Min.X+10, e.Min.Y+10) != Background {
		t.Error("nil image's cell is not empty")
	}
}

func TestFitLabel(t *testing.T) {
	if got := fit("-2.2500", 30); got != "-2.2" {
		t.Errorf("fit = %q, want 4 characters of 7 pixels", got)
	}
	if got := fit("+3", 30); got != "+3" {
		t.Errorf("fit = %q", got)
	}
}

func TestWriteGIFGrey(t *testing.T) {
	frames := []image.Image{solid(5, 3, grey(0)), solid(5, 3, grey(77)), solid(5, 3, grey(255))}
	var buf bytes.Buffer
	if err := WriteGIF(&buf, frames, 150*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	g, err := gif.DecodeAll(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Image) != 3 || g.Config.Width != 5 || g.Config.Height != 3 {
		t.Fatalf("%d frames of %d×%d, want 3 of 5×3", len(g.Image), g.Config.Width, g.Config.Height)
	}
	for i, want := range []uint8{0, 77, 255} {
		if got := color.GrayModel.Convert(g.Image[i].At(2, 1)).(color.Gray).Y; got != want {
			t.Errorf("frame %d grey %d, want %d (exact on the grey palette)", i, got, want)
		}
		if g.Delay[i] != 15 {
			t.Errorf("frame %d delay %d hundredths, want 15", i, g.Delay[i])
		}
	}
	if g.LoopCount != 0 {
		t.Errorf("loop count %d, want 0 (forever)", g.LoopCount)
	}
}

func TestWriteGIFColour(t *testing.T) {
	red := color.NRGBA{255, 0, 0, 255}
	frames := []image.Image{solid(8, 8, red), solid(8, 8, color.NRGBA{0, 0, 255, 255})}
	var buf bytes.Buffer
	if err := WriteGIF(&buf, frames, 0); err != nil {
		t.Fatal(err)
	}
	g, err := gif.DecodeAll(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Image) != 2 || g.Delay[0] != 2 {
		t.Fatalf("%d frames, delay %d", len(g.Image), g.Delay[0])
	}
	// Pure red is in the Plan 9 palette, so dithering leaves it exact.
	if r, gr, b, _ := g.Image[0].At(3, 3).RGBA(); r>>8 != 255 || gr != 0 || b != 0 {
		t.Errorf("red frame pixel %d %d %d", r>>8, gr>>8, b>>8)
	}
}

func TestWriteGIFErrors(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteGIF(&buf, nil, time.Second); err == nil {
		t.Error("no error for no frames")
	}
	if err := WriteGIF(&buf, []image.Image{solid(2, 2, grey(0)), solid(3, 2, grey(0))}, time.Second); err == nil {
		t.Error("no error for frames of different sizes")
	}
}

func TestPlot(t *testing.T) {
	// Values 0, 1 on [0, 1] in a 20-pixel plot: the inner area is
	// (2,2)–(18,18), so the line runs from (2,17) up to (17,2).
	img := Plot([]float64{0, 1}, 0, 1, 20)
	for _, p := range []image.Point{{2, 17}, {17, 2}, {9, 10}} {
		if got := img.NRGBAAt(p.X, p.Y); got != plotLine {
			t.Errorf("pixel %v = %v, want the line", p, got)
		}
	}
	if got := img.NRGBAAt(1, 10); got != plotFrame {
		t.Errorf("frame pixel = %v", got)
	}
	// A zero line for ranges across 0; clamping and NaN do not panic.
	// Inner area (2,2)–(14,14): zero is at row 13 − round(0.5·11) = 7.
	img = Plot([]float64{-5, math.NaN(), 5}, -1, 1, 16)
	if got := img.NRGBAAt(6, 7); got != plotZero {
		t.Errorf("zero line pixel = %v", got)
	}
	// −5 clamps to the bottom row, 5 to the top, each a lone dash.
	if img.NRGBAAt(2, 13) != plotLine || img.NRGBAAt(13, 2) != plotLine {
		t.Error("clamped values not drawn at the frame")
	}
	if img.NRGBAAt(7, 8) == plotLine {
		t.Error("a line across the NaN")
	}
}

func BenchmarkGrid(b *testing.B) {
	// A 16 × 9 traversal grid of 28×28 digits in 56-pixel cells.
	images := make([][]image.Image, 16)
	for i := range images {
		for range 9 {
			images[i] = append(images[i], solid(28, 28, grey(uint8(i*9))))
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		Grid(images, nil, nil, 56)
	}
}

func TestWritePNG(t *testing.T) {
	for _, c := range []struct {
		img  image.Image
		gray bool
	}{
		{Grid([][]image.Image{{solid(3, 3, grey(90))}}, []string{"a"}, nil, 10), true},
		{solid(4, 2, color.NRGBA{200, 10, 10, 255}), false},
		{solid(4, 2, color.NRGBA{90, 90, 90, 128}), false},
	} {
		var buf bytes.Buffer
		if err := WritePNG(&buf, c.img); err != nil {
			t.Fatal(err)
		}
		got, err := png.Decode(&buf)
		if err != nil {
			t.Fatal(err)
		}
		if _, isGray := got.(*image.Gray); isGray != c.gray {
			t.Errorf("decoded a %T, want grey %v", got, c.gray)
		}
		b := c.img.Bounds()
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				want := color.NRGBAModel.Convert(c.img.At(x, y))
				if g := color.NRGBAModel.Convert(got.At(x-b.Min.X, y-b.Min.Y)); g != want {
					t.Fatalf("pixel (%d,%d) = %v, want %v", x, y, g, want)
				}
			}
		}
	}
}

func BenchmarkWriteGIF(b *testing.B) {
	frames := make([]image.Image, 9)
	for j := range frames {
		row := make([]image.Image, 16)
		for i := range row {
			row[i] = solid(28, 28, grey(uint8(16*i+j)))
		}
		frames[j] = Strip(row, nil, 56)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := WriteGIF(io.Discard, frames, time.Second); err != nil {
			b.Fatal(err)
		}
	}
}
