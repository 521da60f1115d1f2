package cmd

import (
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
