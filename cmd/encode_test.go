package cmd

import (
	"fmt"
	"image"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/latent-explorer/latent/model"
)

func TestEncode(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "z.npy")
	// The fixture's inputs are floats in [0, 1]; PyTorch 1.13's mean head is out0.
	code, _, stderr := runCmd(t, "encode", "--encoder", onnxFixture("conv_encoder.onnx"),
		"--data", onnxFixture("conv_encoder.in0.npy"), "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	got, err := model.ReadArray(out, "")
	if err != nil {
		t.Fatal(err)
	}
	want, _ := model.ReadArray(onnxFixture("conv_encoder.out0.npy"), "")
	if len(got.Shape) != 2 || got.Shape[0] != 3 || got.Shape[1] != 4 {
		t.Fatalf("shape %v", got.Shape)
	}
	for i := range want.Data {
		if d := got.Data[i] - want.Data[i]; d > 1e-4 || d < -1e-4 {
			t.Fatalf("value %d: %g, PyTorch %g", i, got.Data[i], want.Data[i])
		}
	}
}

func TestEncodeScalesUint8(t *testing.T) {
	dir := t.TempDir()
	x := make([]float64, 2*16*16)
	for i := range x {
		x[i] = float64(i % 256)
	}
	u8 := writeNPY(t, dir, "x.npy", &model.Array{Shape: []int{2, 16, 16}, DType: "uint8", Data: x})
	f := make([]float64, len(x))
	for i, v := range x {
		f[i] = v / 255
	}
	f32 := writeNPY(t, dir, "xf.npy", &model.Array{Shape: []int{2, 1, 16, 16}, DType: "float32", Data: f})
	a, b := filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv")
	for _, c := range [][]string{{f32, a}, {u8, b}} {
		if code, _, stderr := runCmd(t, "encode", "--encoder", onnxFixture("conv_encoder.onnx"), "--data", c[0], "-o", c[1]); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
	}
	ta, _ := model.ReadArray(a, "")
	tb, _ := model.ReadArray(b, "")
	for i := range ta.Data {
		if d := ta.Data[i] - tb.Data[i]; d > 1e-5 || d < -1e-5 {
			t.Fatalf("uint8 data not scaled to [0,1]: %g vs %g", tb.Data[i], ta.Data[i])
		}
	}
	code, _, stderr := runCmd(t, "encode", "--encoder", onnxFixture("conv_encoder.onnx"), "--data", onnxFixture("conv_vae_decoder.in0.npy"), "-o", a)
	if code != 1 || !strings.Contains(stderr, "items of shape") {
		t.Errorf("mismatched data: exit %d, %q", code, stderr)
	}
}

// TestEncodeImage writes two items of a uint8 array as PNG files: encoding
// the files (one, then the folder) gives the codes of encoding the array.
func TestEncodeImage(t *testing.T) {
	dir := t.TempDir()
	x := make([]float64, 2*16*16)
	for i := range x {
		x[i] = float64((i * 37) % 256)
	}
	arr := writeNPY(t, dir, "x.npy", &model.Array{Shape: []int{2, 16, 16}, DType: "uint8", Data: x})
	imgs := filepath.Join(dir, "imgs")
	if err := os.Mkdir(imgs, 0o755); err != nil {
		t.Fatal(err)
	}
	for k := range 2 {
		g := image.NewGray(image.Rect(0, 0, 16, 16))
		for i := range g.Pix {
			g.Pix[i] = uint8(x[k*256+i])
		}
		f, _ := os.Create(filepath.Join(imgs, fmt.Sprintf("%d.png", k)))
		png.Encode(f, g)
		f.Close()
	}
	enc := onnxFixture("conv_encoder.onnx")
	want, got, one := filepath.Join(dir, "want.npy"), filepath.Join(dir, "got.npy"), filepath.Join(dir, "one.npy")
	for _, args := range [][]string{
		{"--data", arr, "-o", want},
		{"--image", imgs, "-o", got},
		{"--image", filepath.Join(imgs, "1.png"), "-o", one},
	} {
		if code, _, stderr := runCmd(t, append([]string{"encode", "--encoder", enc}, args...)...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
	}
	w, _ := model.ReadArray(want, "")
	g, _ := model.ReadArray(got, "")
	o, _ := model.ReadArray(one, "")
	if len(g.Data) != len(w.Data) || len(o.Data) != len(w.Data)/2 {
		t.Fatalf("shapes %v %v, want %v", g.Shape, o.Shape, w.Shape)
	}
	for i := range w.Data {
		if math.Abs(g.Data[i]-w.Data[i]) > 1e-5 {
			t.Fatalf("code value %d: %g from the images, %g from the array", i, g.Data[i], w.Data[i])
		}
	}
	for i := range o.Data {
		if math.Abs(o.Data[i]-w.Data[len(o.Data)+i]) > 1e-5 {
			t.Fatalf("second image alone: %v, want %v", o.Data, w.Data[len(o.Data):])
		}
	}
	code, _, stderr := runCmd(t, "encode", "--encoder", enc, "--image", arr, "-o", got)
	if code != 1 || !strings.Contains(stderr, "x.npy") {
		t.Errorf("a non-image: exit %d, %q", code, stderr)
	}
	if code, _, _ := runCmd(t, "encode", "--encoder", enc, "--image", imgs, "--data", arr, "-o", got); code != 2 {
		t.Errorf("--image with --data: exit %d, want 2", code)
	}
}
