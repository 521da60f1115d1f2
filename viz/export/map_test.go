package export

import (
	"bytes"
	"encoding/xml"
	"errors"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/latent-explorer/latent/viz/internal/golden"
)

// smallMap is the test figure: 600 points in 4 clusters, small and at a
// low DPI so that golden images stay small.
func smallMap() *Map {
	xy, cat, _ := blobs(600, 4, 1)
	return &Map{
		XY: xy, Categories: cat, CategoryNames: []string{"zero", "one", "two", "three"},
		ColorLabel: "digit", Title: "Latent codes", XLabel: "t-SNE 1", YLabel: "t-SNE 2",
		Width: 400, Height: 300, DPI: 96,
	}
}

func TestGoldenCategorical(t *testing.T) {
	m := smallMap()
	m.Selection = []int{3, 30, 300}
	golden.Check(t, "categorical", writePNG(t, m), 3)
}

func TestGoldenCategoricalRaster(t *testing.T) {
	m := smallMap()
	m.MaxVectorPoints = -1 // the raster layer used for large maps
	m.Categories[0] = -1   // a missing label
	m.HiddenCategories = []int{2}
	golden.Check(t, "categorical_raster", writePNG(t, m), 3)
}

func TestGoldenNumeric(t *testing.T) {
	xy, _, val := blobs(600, 4, 2)
	val[5] = math.NaN()
	m := &Map{XY: xy, Values: val, ColorLabel: "reconstruction error", XLabel: "PCA 1", YLabel: "PCA 2",
		Width: 400, Height: 300, DPI: 96}
	golden.Check(t, "numeric", writePNG(t, m), 3)
}

func TestGoldenThumbnails(t *testing.T) {
	xy, cat, _ := blobs(40, 3, 3)
	thumbs := make([]image.Image, 40)
	for i := range thumbs {
		thumbs[i] = checker(8, uint8(40*cat[i]))
	}
	m := &Map{XY: xy, Categories: cat, CategoryNames: []string{"a", "b", "c"}, Thumbnails: thumbs,
		ThumbnailSize: 16, Width: 400, Height: 300, DPI: 96}
	golden.Check(t, "thumbnails", writePNG(t, m), 3)
}

// checker returns an n×n grey checkerboard image.
func checker(n int, shade uint8) image.Image {
	img := image.NewGray(image.Rect(0, 0, n, n))
	for y := range n {
		for x := range n {
			if (x/2+y/2)%2 == 0 {
				img.SetGray(x, y, color.Gray{Y: shade})
			} else {
				img.SetGray(x, y, color.Gray{Y: 255})
			}
		}
	}
	return img
}

func TestPNGSizeFollowsDPI(t *testing.T) {
	m := smallMap()
	m.DPI = 144
	img, err := png.Decode(bytes.NewReader(writePNG(t, m)))
	if err != nil {
		t.Fatal(err)
	}
	// 400 × 300 points at 144 dots per inch (72 points) is 800 × 600 pixels.
	if got := img.Bounds().Size(); got != image.Pt(800, 600) {
		t.Errorf("PNG size %v, want 800×600", got)
	}
}

// TestSVG checks the SVG is well-formed XML holding the legend's text, for
// both the vector and the raster point layer.
func TestSVG(t *testing.T) {
	for _, maxVector := range []int{0, -1} {
		m := smallMap()
		m.MaxVectorPoints = maxVector
		var buf bytes.Buffer
		if err := m.WriteTo(&buf, "svg"); err != nil {
			t.Fatal(err)
		}
		text := xmlText(t, buf.Bytes())
		for _, want := range []string{"digit", "zero", "three", "t-SNE 1", "Latent codes"} {
			if !strings.Contains(text, want) {
				t.Errorf("MaxVectorPoints %d: SVG text lacks %q", maxVector, want)
			}
		}
		if !bytes.Contains(buf.Bytes(), []byte("font-family:'Liberation Sans',Arial,Helvetica,sans-serif;")) {
			t.Error("SVG text has no font fallbacks")
		}
		hasImage := bytes.Contains(buf.Bytes(), []byte(`"data:image/png;base64,`))
		if hasImage != (maxVector < 0) {
			t.Errorf("MaxVectorPoints %d: SVG has an embedded image: %v", maxVector, hasImage)
		}
	}
}

// xmlText parses data as XML and returns its character data.
func xmlText(t *testing.T, data []byte) string {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(data))
	var sb strings.Builder
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return sb.String()
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
		if cd, ok := tok.(xml.CharData); ok {
			sb.Write(cd)
			sb.WriteByte('\n')
		}
	}
}

// TestPDFRenders renders the PDF with poppler's pdftoppm and checks the
// page shows the points' colours.
func TestPDFRenders(t *testing.T) {
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Skip("pdftoppm (Debian poppler-utils) not installed")
	}
	for _, maxVector := range []int{0, -1} {
		m := smallMap()
		m.MaxVectorPoints = maxVector
		dir := t.TempDir()
		pdf := filepath.Join(dir, "map.pdf")
		if err := m.Save(pdf); err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(dir, "page")
		if b, err := exec.Command("pdftoppm", "-r", "50", "-png", "-singlefile", pdf, out).CombinedOutput(); err != nil {
			t.Fatalf("pdftoppm: %v: %s", err, b)
		}
		f, err := os.Open(out + ".png")
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if n := colourful(img); n < 200 {
			t.Errorf("MaxVectorPoints %d: rendered PDF has %d coloured pixels; looks blank", maxVector, n)
		}
	}
}

// colourful counts the pixels that are clearly not grey.
func colourful(img image.Image) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if max(r, g, bl)-min(r, g, bl) > 0x3000 {
				n++
			}
		}
	}
	return n
}

func TestEPSHeader(t *testing.T) {
	m := smallMap()
	m.MaxVectorPoints = -1
	var buf bytes.Buffer
	if err := m.WriteTo(&buf, "eps"); err != nil {
		t.Fatal(err)
	}
	eps := buf.String()
	if !strings.HasPrefix(eps, "%!PS-Adobe-3.0 EPSF-3.0\n") {
		t.Errorf("EPS starts %q", eps[:30])
	}
	// 400 × 300 points.
	if !strings.Contains(eps, "\n%%BoundingBox: 0 0 400 300\n") {
		t.Error("EPS lacks %%BoundingBox: 0 0 400 300")
	}
	if strings.Contains(eps, "latentexportimage") || !strings.Contains(eps, " image\n") {
		t.Error("EPS raster layer was not embedded")
	}
	if !strings.Contains(eps, "(zero) show") {
		t.Error("EPS lacks the legend text")
	}
	for i, line := range strings.Split(eps, "\n") {
		if len(line) > 255 {
			t.Fatalf("line %d has %d characters; DSC allows 255", i+1, len(line))
		}
	}
}

func TestValidate(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(m *Map)
	}{
		{"odd XY", func(m *Map) { m.XY = m.XY[:3] }},
		{"short categories", func(m *Map) { m.Categories = m.Categories[:5] }},
		{"both colourings", func(m *Map) { m.Values = make([]float64, m.Len()) }},
		{"selection out of range", func(m *Map) { m.Selection = []int{m.Len()} }},
		{"short palette", func(m *Map) { m.Palette = []color.NRGBA{{}} }},
		{"too many thumbnails", func(m *Map) { m.Thumbnails = make([]image.Image, m.Len()); m.XY = make([]float64, 2*MaxThumbnails+2) }},
		{"alpha above one", func(m *Map) { m.Alpha = 2 }},
	} {
		m := smallMap()
		c.edit(m)
		if err := m.WriteTo(io.Discard, "png"); !errors.Is(err, ErrInput) {
			t.Errorf("%s: error %v, want ErrInput", c.name, err)
		}
	}
}

func TestSaveFormatsAndAtomicity(t *testing.T) {
	dir := t.TempDir()
	m := smallMap()
	for _, f := range Formats {
		p := filepath.Join(dir, "map."+strings.ToUpper(f))
		if err := m.Save(p); err != nil {
			t.Errorf("Save %s: %v", f, err)
		}
	}
	if err := m.Save(filepath.Join(dir, "map.gif")); err == nil || !strings.Contains(err.Error(), "map.gif") {
		t.Errorf("Save .gif: error %v, want one naming the file", err)
	}
	bad := smallMap()
	bad.Selection = []int{-1}
	if err := bad.Save(filepath.Join(dir, "bad.png")); err == nil {
		t.Error("Save of an invalid map succeeded")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") || e.Name() == "bad.png" {
			t.Errorf("left %s behind", e.Name())
		}
	}
}

func TestUncolouredAndEmptyMaps(t *testing.T) {
	xy, _, _ := blobs(50, 2, 4)
	for _, m := range []*Map{{XY: xy}, {XY: nil}, {XY: []float64{math.NaN(), 1}}} {
		m.Width, m.Height, m.DPI = 200, 150, 72
		if err := m.WriteTo(io.Discard, "png"); err != nil {
			t.Errorf("%d points: %v", m.Len(), err)
		}
	}
}

func TestLegendManyCategories(t *testing.T) {
	// 300 categories do not fit: the legend keeps four columns and ends
	// with a "… n more" entry.
	n := 3000
	xy, _, _ := blobs(n, 3, 5)
	cat := make([]int, n)
	names := make([]string, 300)
	for i := range cat {
		cat[i] = i % 300
	}
	for i := range names {
		names[i] = "category with a rather long name " + string(rune('A'+i%26))
	}
	m := &Map{XY: xy, Categories: cat, CategoryNames: names, Width: 400, Height: 300}
	s := m.resolve()
	l := newLegend(s)
	l.width(300)
	if l.columns != maxLegendCols || !strings.HasPrefix(l.names[len(l.names)-1], "…") {
		t.Errorf("legend has %d columns, last entry %q", l.columns, l.names[len(l.names)-1])
	}
	if err := m.WriteTo(io.Discard, "svg"); err != nil {
		t.Fatal(err)
	}
}

func TestImagePreview(t *testing.T) {
	img, err := smallMap().Image(72)
	if err != nil {
		t.Fatal(err)
	}
	// 400 × 300 points at 72 dpi.
	if got := img.Bounds().Size(); got != image.Pt(400, 300) {
		t.Errorf("preview size %v, want 400×300", got)
	}
	if colourful(img) < 100 {
		t.Error("preview looks blank")
	}
}
