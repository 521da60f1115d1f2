package cmd

import (
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/latent-explorer/latent/model"
)

// onnxFixture names a model from model/onnx/testdata (made by
// tools/onnx/make_fixtures.py with PyTorch 1.13).
func onnxFixture(name string) string {
	return filepath.Join("..", "model", "onnx", "testdata", name)
}

func TestDecodeNPYAndPNG(t *testing.T) {
	dir := t.TempDir()
	z := onnxFixture("conv_vae_decoder.in0.npy") // 3 codes of size 8
	out := filepath.Join(dir, "x.npy")
	code, _, stderr := runCmd(t, "decode", "--decoder", onnxFixture("conv_vae_decoder.onnx"), "--z", z, "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	got, err := model.ReadArray(out, "")
	if err != nil {
		t.Fatal(err)
	}
	want, err := model.ReadArray(onnxFixture("conv_vae_decoder.out0.npy"), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Shape) != 4 || got.Shape[0] != 3 || got.Shape[2] != 28 {
		t.Fatalf("shape %v", got.Shape)
	}
	for i := range want.Data {
		if d := got.Data[i] - want.Data[i]; d > 1e-4 || d < -1e-4 {
			t.Fatalf("value %d: %g, PyTorch %g", i, got.Data[i], want.Data[i])
		}
	}
	grid := filepath.Join(dir, "grid.png")
	code, _, stderr = runCmd(t, "decode", "--decoder", onnxFixture("dcgan_small.onnx"),
		"--z", "0.1,-2,0.5,0,0,0,1,1,1,1,0,0,0,0,0,3", "-o", grid)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	f, err := os.Open(grid)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 68 || b.Dy() != 68 {
		t.Errorf("grid of size %v, want one 64×64 image with a 2-pixel gutter", b)
	}
}

func TestDecodeErrors(t *testing.T) {
	dir := t.TempDir()
	dec := onnxFixture("conv_vae_decoder.onnx")
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"--z", "1,2"}, 2, "--decoder"},
		{[]string{"--decoder", dec, "--z", "1,2", "-o", filepath.Join(dir, "a.npy")}, 2, "has 2 values"},
		{[]string{"--decoder", dec, "--z", "1,2", "-o", filepath.Join(dir, "a.txt")}, 2, ".npy or .png"},
		{[]string{"--decoder", onnxFixture("tabular_decoder.onnx"), "--z", "1,2,3,4", "-o", filepath.Join(dir, "a.png")}, 2, "not images"},
		{[]string{"--decoder", filepath.Join(dir, "none.onnx"), "--z", "1", "-o", filepath.Join(dir, "a.npy")}, 1, "none.onnx"},
	} {
		code, _, stderr := runCmd(t, append([]string{"decode"}, c.args...)...)
		if code != c.code || !strings.Contains(stderr, c.msg) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", c.args, code, stderr, c.code, c.msg)
		}
	}
}
