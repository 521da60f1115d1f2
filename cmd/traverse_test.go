package cmd

import (
	"bytes"
	"context"
	"flag"
	"image"
	"image/draw"
	"image/gif"
	"image/png"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/latent-explorer/latent/model"
	"github.com/latent-explorer/latent/viz/grid"
)

// makeDecodingSpace writes a space of n random codes of dimension d (seed
// 1) with the decoder fixture, and returns its folder and codes file.
func makeDecodingSpace(t *testing.T, decoder string, n, d int) (dir, codes string) {
	t.Helper()
	dir = t.TempDir()
	r := rand.New(rand.NewPCG(1, 2))
	a := &model.Array{Shape: []int{n, d}, DType: "float32", Data: make([]float64, n*d)}
	for i := range a.Data {
		a.Data[i] = float64(float32(r.NormFloat64()))
	}
	codes = writeNPY(t, dir, "codes.npy", a)
	// The decoder is copied in: a space reads only files in its folder.
	b, err := os.ReadFile(onnxFixture(decoder))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "decoder.onnx"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	m := &model.Manifest{Name: "test", Codes: "codes.npy", Decoder: "decoder.onnx"}
	if err := m.Normalize(); err != nil {
		t.Fatal(err)
	}
	if err := model.WriteManifest(filepath.Join(dir, model.ManifestName), m); err != nil {
		t.Fatal(err)
	}
	return dir, codes
}

func readPNG(t *testing.T, path string) *image.NRGBA {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	n := image.NewNRGBA(img.Bounds())
	draw.Draw(n, n.Rect, img, img.Bounds().Min, draw.Src)
	return n
}

func readGIF(t *testing.T, path string) *gif.GIF {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	g, err := gif.DecodeAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// decodedImage decodes z with the fixture and renders it as the
// commands do with a [0, 1] grey output.
func decodedImage(t *testing.T, decoder string, z []float64) *image.NRGBA {
	t.Helper()
	dec, err := model.LoadDecoder(onnxFixture(decoder))
	if err != nil {
		t.Fatal(err)
	}
	y, err := dec.Decode(model.Float32s(nil, [][]float64{z}), nil)
	if err != nil {
		t.Fatal(err)
	}
	spec := &model.OutputSpec{Kind: "image", Range: [2]float64{0, 1}, Channels: "gray"}
	img, err := spec.ToImage(y, dec.OutputShape(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// sameCell reports whether the cell at r of g holds img pixel for pixel.
func sameCell(g *image.NRGBA, r image.Rectangle, img *image.NRGBA) bool {
	for y := range r.Dy() {
		for x := range r.Dx() {
			if g.NRGBAAt(r.Min.X+x, r.Min.Y+y) != img.NRGBAAt(x, y) {
				return false
			}
		}
	}
	return true
}

func TestTraversePNG(t *testing.T) {
	dir, _ := makeDecodingSpace(t, "conv_vae_decoder.onnx", 6, 8)
	out := filepath.Join(dir, "grid.png")
	// In prior units from zero, step 1 of 3 on -1:1 is the zero vector
	// itself and step 2 sets dimension 5 to 1.
	code, _, stderr := runCmd(t, "traverse", dir, "--dims", "2,5", "--range", "-1:1", "--steps", "3",
		"--from", "zero", "--units", "prior", "--cell", "28", "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	g := readPNG(t, out)
	l := grid.NewLayout(2, 3, 28, []string{"z2", "z5"}, []string{"-1", "0", "+1"})
	if g.Rect.Size() != l.Size() {
		t.Fatalf("grid %v, want %v", g.Rect.Size(), l.Size())
	}
	zero := decodedImage(t, "conv_vae_decoder.onnx", make([]float64, 8))
	if !sameCell(g, l.CellRect(0, 1), zero) || !sameCell(g, l.CellRect(1, 1), zero) {
		t.Error("middle column is not the decoded zero vector")
	}
	z := make([]float64, 8)
	z[5] = 1
	if !sameCell(g, l.CellRect(1, 2), decodedImage(t, "conv_vae_decoder.onnx", z)) {
		t.Error("cell (z5, +1) is not the decoded vector with z5 = 1")
	}
	if sameCell(g, l.CellRect(1, 2), zero) {
		t.Error("the decoder fixture gives the same image for z5 = 0 and 1; the test checks nothing")
	}
}

func TestTraverseGIFAndFileFlags(t *testing.T) {
	dir, codes := makeDecodingSpace(t, "conv_vae_decoder.onnx", 6, 8)
	out := filepath.Join(dir, "grid.gif")
	code, _, stderr := runCmd(t, "traverse", "--codes", codes, "--decoder", onnxFixture("conv_vae_decoder.onnx"),
		"--value-range", "0:1", "--dims", "top:3", "--steps", "4", "--from", "2", "--cell", "20", "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	g := readGIF(t, out)
	if len(g.Image) != 4 {
		t.Fatalf("%d frames, want one per step (4)", len(g.Image))
	}
	// Each frame: the three dimensions side by side under their labels.
	if w := g.Config.Width; w < 3*22 || w > 3*22+80 {
		t.Errorf("frame width %d for three 20-pixel cells", w)
	}
}

func TestTraverseDims(t *testing.T) {
	dir, _ := makeDecodingSpace(t, "conv_vae_decoder.onnx", 6, 8)
	for _, c := range []struct {
		dims string
		rows int
	}{{"all", 8}, {"top:3", 3}, {"top:20", 8}, {"7", 1}} {
		out := filepath.Join(dir, "g.png")
		code, _, stderr := runCmd(t, "traverse", dir, "--dims", c.dims, "--steps", "2", "--cell", "8", "-o", out)
		if code != 0 {
			t.Fatalf("--dims %s: exit %d: %s", c.dims, code, stderr)
		}
		want := grid.NewLayout(c.rows, 2, 8, []string{"zN"}, []string{"-3"}).Size().Y
		if h := readPNG(t, out).Rect.Dy(); h != want {
			t.Errorf("--dims %s: height %d, want %d rows (%d)", c.dims, h, c.rows, want)
		}
	}
}

func TestTraverseVectorAndColourOutputs(t *testing.T) {
	// A decoder of vectors: each cell is a line plot.
	dir, _ := makeDecodingSpace(t, "tabular_decoder.onnx", 5, 4)
	out := filepath.Join(dir, "plots.png")
	if code, _, stderr := runCmd(t, "traverse", dir, "--dims", "0,1", "--steps", "3", "-o", out); code != 0 {
		t.Fatalf("vector output: exit %d: %s", code, stderr)
	}
	g := readPNG(t, out)
	if g.Rect.Size() != grid.NewLayout(2, 3, 56, []string{"z0"}, []string{"-3"}).Size() {
		t.Errorf("plots grid %v", g.Rect.Size())
	}
	// A colour decoder ([b,16,1,1] → [b,3,64,64]) into a dithered GIF.
	dir, _ = makeDecodingSpace(t, "dcgan_small.onnx", 3, 16)
	out = filepath.Join(dir, "c.gif")
	if code, _, stderr := runCmd(t, "traverse", dir, "--dims", "0", "--steps", "2", "--cell", "32", "-o", out); code != 0 {
		t.Fatalf("colour output: exit %d: %s", code, stderr)
	}
	if n := len(readGIF(t, out).Image); n != 2 {
		t.Errorf("%d frames, want 2", n)
	}
}

func TestTraverseErrors(t *testing.T) {
	dir, codes := makeDecodingSpace(t, "conv_vae_decoder.onnx", 6, 8)
	out := filepath.Join(dir, "g.png")
	noDec := t.TempDir()
	if err := os.Link(codes, filepath.Join(noDec, "codes.npy")); err != nil {
		t.Fatal(err)
	}
	m := &model.Manifest{Name: "x", Codes: "codes.npy"}
	if err := m.Normalize(); err != nil {
		t.Fatal(err)
	}
	if err := model.WriteManifest(filepath.Join(noDec, model.ManifestName), m); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{dir, "--dims", "8", "-o", out}, 2, "no dimension 8"},
		{[]string{dir, "--dims", "x", "-o", out}, 2, "--dims"},
		{[]string{dir, "--dims", "top:0", "-o", out}, 2, "top:K"},
		{[]string{dir, "--steps", "1", "-o", out}, 2, "--steps 1"},
		{[]string{dir, "--from", "6", "-o", out}, 2, "no such code"},
		{[]string{dir, "--from", "1,2", "-o", out}, 2, "has 2 values"},
		{[]string{dir, "--range", "3", "-o", out}, 2, "--range"},
		{[]string{dir, "--units", "km", "-o", out}, 2, "--units"},
		{[]string{dir, "--cell", "2", "-o", out}, 2, "--cell"},
		{[]string{dir, "--dims", "all", "--steps", "200", "--cell", "512", "-o", out}, 2, "fewer --dims or --steps"},
		{[]string{dir, "-o", filepath.Join(dir, "g.jpg")}, 2, ".png, .gif"},
		{[]string{dir}, 2, "-o"},
		{[]string{"-o", out}, 2, "SPACE"},
		{[]string{dir, dir, "-o", out}, 2, "one SPACE"},
		{[]string{dir, "--codes", codes, "-o", out}, 2, "not both"},
		{[]string{noDec, "-o", out}, 1, "no decoder"},
		{[]string{filepath.Join(dir, "none"), "-o", out}, 1, "none"},
		{[]string{"--codes", codes, "--decoder", onnxFixture("tabular_decoder.onnx"), "-o", out}, 1, "codes of 8 values, the decoder's latent input \"z\" takes 4"},
	} {
		code, _, stderr := runCmd(t, append([]string{"traverse"}, c.args...)...)
		if code != c.code || !strings.Contains(stderr, c.msg) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", c.args, code, stderr, c.code, c.msg)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Error("a failed command left an output file")
	}
}

func TestTraverseNotesDimensionsWithoutSpread(t *testing.T) {
	// One code: every standard deviation is 0, so in std units the rows
	// stay still; the command says so and still writes the grid.
	dir, _ := makeDecodingSpace(t, "conv_vae_decoder.onnx", 1, 8)
	out := filepath.Join(dir, "g.png")
	code, _, stderr := runCmd(t, "traverse", dir, "--dims", "3", "--steps", "2", "--cell", "8", "-o", out)
	if code != 0 || !strings.Contains(stderr, "dimension 3 has no spread") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	code, _, stderr = runCmd(t, "traverse", dir, "--dims", "3", "--steps", "2", "--cell", "8", "--units", "prior", "-o", out)
	if code != 0 || strings.Contains(stderr, "spread") {
		t.Errorf("prior units: exit %d, stderr %q", code, stderr)
	}
}

// demoSpace is the embedded demo's folder (a 16-d conv VAE on MNIST).
const demoSpace = "../assets/demo/mnist-16"

// BenchmarkTraverseDemo times latent traverse on the demo space, all 16
// dimensions × 9 steps in 56-pixel cells: the whole command, and its
// decoding, PNG and GIF parts. tools/traverse/bench.py runs it beside the
// same work in PyTorch and Pillow.
func BenchmarkTraverseDemo(b *testing.B) {
	if _, err := os.Stat(demoSpace); err != nil {
		b.Skip("no demo space:", err)
	}
	out := filepath.Join(b.TempDir(), "grid.png")
	b.Run("command", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var errb bytes.Buffer
			args := []string{"traverse", demoSpace, "--dims", "all", "--steps", "9", "-o", out}
			if Run(context.Background(), &env{stdout: io.Discard, stderr: &errb}, args) != 0 {
				b.Fatal(errb.String())
			}
		}
	})
	ds, err := openDecodingSpace([]string{demoSpace}, addSpaceFlags(flag.NewFlagSet("", flag.ContinueOnError)))
	if err != nil {
		b.Fatal(err)
	}
	dims := make([]int, 16)
	for i := range dims {
		dims[i] = i
	}
	vecs := model.Traversal(nil, ds.stats().Mean, dims, -3, 3, 9, ds.stats().Std)
	e := &env{stdout: io.Discard, stderr: io.Discard}
	cells, err := ds.decodeCells(context.Background(), e, vecs, 56)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("decode", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if cells, err = ds.decodeCells(context.Background(), e, vecs, 56); err != nil {
				b.Fatal(err)
			}
		}
	})
	pic := grid.NewGrid(cells, grid.DimensionLabels(dims), grid.ValueLabels(model.StepValues(-3, 3, 9), ""))
	b.Run("png", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			grid.WritePNG(io.Discard, pic.Image(56))
		}
	})
	b.Run("gif", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			grid.WriteGIF(io.Discard, pic.Frames(56), 200*time.Millisecond)
		}
	})
}

// dimsCases feed TestParseDims and the fuzz seeds: --dims against codes
// of 4 dimensions whose variance order is 2, 0, 3, 1.
var dimsCases = []struct {
	arg  string
	want []int // nil: an error
}{
	{"all", []int{0, 1, 2, 3}},
	{"top:2", []int{2, 0}},
	{"top:9", []int{2, 0, 3, 1}},
	{"3, 1,1", []int{3, 1, 1}},
	{"top:0", nil},
	{"top:x", nil},
	{"4", nil},
	{"-1", nil},
	{"0,,1", nil},
	{"", nil},
}

func dimsStats() *model.Stats {
	return &model.Stats{Mean: make([]float64, 4), Std: []float64{3, 1, 4, 2}, Order: []int{2, 0, 3, 1}}
}

func TestParseDims(t *testing.T) {
	for _, c := range dimsCases {
		got, err := parseDims(c.arg, dimsStats())
		if c.want == nil {
			if err == nil {
				t.Errorf("%q: %v, want an error", c.arg, got)
			}
			continue
		}
		if err != nil || len(got) != len(c.want) {
			t.Errorf("%q: %v, %v; want %v", c.arg, got, err, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%q: %v, want %v", c.arg, got, c.want)
			}
		}
	}
}

func FuzzParseDims(f *testing.F) {
	for _, c := range dimsCases {
		f.Add(c.arg)
	}
	f.Fuzz(func(t *testing.T, arg string) {
		dims, err := parseDims(arg, dimsStats())
		for _, d := range dims {
			if d < 0 || d >= 4 {
				t.Fatalf("%q: dimension %d accepted", arg, d)
			}
		}
		if err == nil && len(dims) == 0 {
			t.Fatalf("%q: no dimensions and no error", arg)
		}
	})
}
