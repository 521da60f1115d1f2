package cmd

import (
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/latent-explorer/latent/model"
	"github.com/latent-explorer/latent/viz/grid"
)

func TestInterpolateStripEnds(t *testing.T) {
	dir, codes := makeDecodingSpace(t, "conv_vae_decoder.onnx", 6, 8)
	c, err := model.ReadCodes(codes)
	if err != nil {
		t.Fatal(err)
	}
	row := func(i int) []float64 {
		z := make([]float64, c.D)
		for j, v := range c.Row(i) {
			z[j] = float64(v)
		}
		return z
	}
	for _, slerp := range []string{"--slerp=false", "--slerp"} {
		out := filepath.Join(dir, "strip.png")
		code, _, stderr := runCmd(t, "interpolate", dir, "--from", "1", "--to", "4", "--steps", "5", slerp, "--cell", "28", "-o", out)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", slerp, code, stderr)
		}
		g := readPNG(t, out)
		l := grid.NewLayout(1, 5, 28, nil, []string{"t"})
		if g.Rect.Size() != l.Size() {
			t.Fatalf("%s: strip %v, want %v", slerp, g.Rect.Size(), l.Size())
		}
		// The ends are codes 1 and 4 decoded.
		if !sameCell(g, l.CellRect(0, 0), decodedImage(t, "conv_vae_decoder.onnx", row(1))) ||
			!sameCell(g, l.CellRect(0, 4), decodedImage(t, "conv_vae_decoder.onnx", row(4))) {
			t.Errorf("%s: the ends are not codes 1 and 4", slerp)
		}
	}
}

func TestInterpolateSlerpMiddle(t *testing.T) {
	// Between two vectors of equal norm 2 at right angles, the slerp
	// midpoint is (√2, √2, 0, ...), the lerp midpoint (1, 1, 0, ...).
	dir, _ := makeDecodingSpace(t, "conv_vae_decoder.onnx", 3, 8)
	a, b := "2,0,0,0,0,0,0,0", "0,2,0,0,0,0,0,0"
	for _, c := range []struct {
		flag string
		mid  float64
	}{{"--slerp", math.Sqrt2}, {"--slerp=false", 1}} {
		out := filepath.Join(dir, "s.png")
		if code, _, stderr := runCmd(t, "interpolate", dir, "--from", a, "--to", b, "--steps", "3", c.flag, "--cell", "28", "-o", out); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		want := decodedImage(t, "conv_vae_decoder.onnx", []float64{c.mid, c.mid, 0, 0, 0, 0, 0, 0})
		l := grid.NewLayout(1, 3, 28, nil, []string{"t"})
		if !sameCell(readPNG(t, out), l.CellRect(0, 1), want) {
			t.Errorf("%s: middle cell is not the decoded (%g, %g, 0, ...)", c.flag, c.mid, c.mid)
		}
	}
}

func TestInterpolateGIF(t *testing.T) {
	dir, codes := makeDecodingSpace(t, "conv_vae_decoder.onnx", 6, 8)
	out := filepath.Join(dir, "strip.gif")
	code, _, stderr := runCmd(t, "interpolate", "--codes", codes, "--decoder", onnxFixture("conv_vae_decoder.onnx"),
		"--value-range", "0:1", "--from", "0", "--to", "mean", "--steps", "7", "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if n := len(readGIF(t, out).Image); n != 7 {
		t.Errorf("%d frames, want 7", n)
	}
}

func TestInterpolateErrors(t *testing.T) {
	dir, _ := makeDecodingSpace(t, "conv_vae_decoder.onnx", 6, 8)
	out := filepath.Join(dir, "s.png")
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{dir, "--from", "0", "-o", out}, 2, "--to"},
		{[]string{dir, "--from", "0", "--to", "6", "-o", out}, 2, "--to 6: no such code"},
		{[]string{dir, "--from", "-1", "--to", "2", "-o", out}, 2, "--from -1"},
		{[]string{dir, "--from", "0", "--to", "1", "--steps", "1", "-o", out}, 2, "--steps"},
		{[]string{dir, "--from", "0", "--to", "a,b", "-o", out}, 2, "comma-separated"},
		{[]string{dir, "--from", "0", "--to", "1", "-o", filepath.Join(dir, "s.bmp")}, 2, ".png, .gif"},
		{[]string{filepath.Join(dir, "none"), "--from", "0", "--to", "1", "-o", out}, 1, "none"},
	} {
		code, _, stderr := runCmd(t, append([]string{"interpolate"}, c.args...)...)
		if code != c.code || !strings.Contains(stderr, c.msg) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", c.args, code, stderr, c.code, c.msg)
		}
	}
}
