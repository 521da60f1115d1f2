package cmd

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/latent-explorer/latent/model"
)

// familyFixture names a decoder-family fixture (tools/onnx/make_families.py;
// reference outputs from PyTorch 1.13).
func familyFixture(name string) string { return onnxFixture(filepath.Join("families", name)) }

// decodeMatches runs latent decode with args and compares the .npy it
// writes with the reference file ref, within 1e-4 of the reference's
// scale.
func decodeMatches(t *testing.T, ref string, args ...string) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "y.npy")
	code, _, stderr := runCmd(t, append(append([]string{"decode"}, args...), "-o", out)...)
	if code != 0 {
		t.Fatalf("%v: exit %d: %s", args, code, stderr)
	}
	got, err := model.ReadArray(out, "")
	if err != nil {
		t.Fatal(err)
	}
	want, err := model.ReadArray(ref, "")
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got.Shape) != fmt.Sprint(want.Shape) {
		t.Fatalf("%v: shape %v, want %v", args, got.Shape, want.Shape)
	}
	scale, diff := 1.0, 0.0
	for i, w := range want.Data {
		scale = math.Max(scale, math.Abs(w))
		diff = math.Max(diff, math.Abs(got.Data[i]-w))
	}
	if diff > 1e-4*scale {
		t.Errorf("%v: max error %g on outputs of scale %g", args, diff, scale)
	}
}

// TestDecodeFlags: the latent input, an input's fill, the output shown
// and the class, each given as a flag.
func TestDecodeFlags(t *testing.T) {
	sg := familyFixture("stylegan2_opset17.onnx")
	z := familyFixture("stylegan2_opset17.b8.in0.npy")
	decodeMatches(t, familyFixture("stylegan2_opset17.noise0.b8.out0.npy"), "--decoder", sg, "--z", z)
	decodeMatches(t, familyFixture("stylegan2_opset17.noise0.5.b8.out0.npy"), "--decoder", sg, "--z", z, "--input", "noise=0.5", "--latent-input", "z")
	decodeMatches(t, familyFixture("stylegan2_opset17.noise0.b8.out1.npy"), "--decoder", sg, "--z", z, "--decoder-output", "w")

	// One code of the one-hot conditional decoder's batch, decoded as
	// class 3 (its class in the fixture).
	cond := familyFixture("conditional_onehot_decoder_opset11.onnx")
	codes, err := model.ReadArray(familyFixture("conditional_onehot_decoder_opset11.b8.in0.npy"), "")
	if err != nil {
		t.Fatal(err)
	}
	one := filepath.Join(t.TempDir(), "one.npy")
	if err := model.WriteNPY(one, &model.Array{Shape: []int{1, 8}, DType: "float32", Data: codes.Data[:8]}); err != nil {
		t.Fatal(err)
	}
	want, _ := model.ReadArray(familyFixture("conditional_onehot_decoder_opset11.b8.out0.npy"), "")
	ref := filepath.Join(t.TempDir(), "ref.npy")
	if err := model.WriteNPY(ref, &model.Array{Shape: []int{1, 1, 16, 16}, DType: "float32", Data: want.Data[:256]}); err != nil {
		t.Fatal(err)
	}
	decodeMatches(t, ref, "--decoder", cond, "--z", one, "--class-input", "class", "--class", "3")
}

// TestDecodeThreads decodes with one and with two threads per run: the
// outputs are identical.
func TestDecodeThreads(t *testing.T) {
	dir := t.TempDir()
	z := familyFixture("sd_vae_decoder_opset17.b8.in0.npy")
	var outs [2][]float64
	for i, n := range []string{"1", "2"} {
		out := filepath.Join(dir, "y"+n+".npy")
		code, _, stderr := runCmd(t, "decode", "--decoder", familyFixture("sd_vae_decoder_opset17.onnx"), "--z", z, "--threads", n, "-o", out)
		if code != 0 {
			t.Fatalf("--threads %s: exit %d: %s", n, code, stderr)
		}
		a, err := model.ReadArray(out, "")
		if err != nil {
			t.Fatal(err)
		}
		outs[i] = a.Data
	}
	if len(outs[0]) == 0 || fmt.Sprint(outs[0]) != fmt.Sprint(outs[1]) {
		t.Error("--threads 1 and --threads 2 decode differently")
	}
}

func TestDecodeFlagErrors(t *testing.T) {
	dir := t.TempDir()
	sg := familyFixture("stylegan2_opset17.onnx")
	z := familyFixture("stylegan2_opset17.b1.in0.npy")
	out := filepath.Join(dir, "y.npy")
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"--input", "noise"}, 2, "want NAME=zeros|NUMBER|normal|uniform"},
		{[]string{"--input", "noise=loud"}, 2, `fill "loud"`},
		{[]string{"--decoder-output", "rgb"}, 1, `no output "rgb"`},
		{[]string{"--latent-input", "w"}, 1, `no input "w" (its inputs: z, noise)`},
		{[]string{"--class", "2"}, 2, "is not class-conditional"},
		{[]string{"--class", "-1"}, 2, "class index ≥ 0"},
		{[]string{"--threads", "-1"}, 2, "--threads -1"},
	} {
		args := append([]string{"decode", "--decoder", sg, "--z", z, "-o", out}, c.args...)
		code, _, stderr := runCmd(t, args...)
		if code != c.code || !strings.Contains(stderr, c.msg) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", c.args, code, stderr, c.code, c.msg)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a failed decode wrote its output")
	}
}

// TestTraverseClassConditional traverses a space of the one-hot
// conditional decoder: each class gives another picture.
func TestTraverseClassConditional(t *testing.T) {
	dir := t.TempDir()
	abs := func(name string) string { return copyIn(t, dir, familyFixture(name)) }
	m := fmt.Sprintf("name = \"cond\"\ncodes = %q\ndecoder = %q\n[decoding]\nclass = \"class\"\n",
		abs("conditional_onehot_decoder_opset17.b8.in0.npy"), abs("conditional_onehot_decoder_opset17.onnx"))
	if err := os.WriteFile(filepath.Join(dir, model.ManifestName), []byte(m), 0o644); err != nil {
		t.Fatal(err)
	}
	pics := map[int][]byte{}
	for _, class := range []int{2, 5} {
		out := filepath.Join(dir, fmt.Sprintf("grid%d.png", class))
		code, _, stderr := runCmd(t, "traverse", dir, "--dims", "0,1", "--steps", "3", "--class", fmt.Sprint(class), "-o", out)
		if code != 0 {
			t.Fatalf("class %d: exit %d: %s", class, code, stderr)
		}
		pics[class], _ = os.ReadFile(out)
	}
	if string(pics[2]) == string(pics[5]) {
		t.Error("classes 2 and 5 traverse to the same picture")
	}
	code, _, stderr := runCmd(t, "traverse", dir, "--class", "10", "-o", filepath.Join(dir, "x.png"))
	if code != 2 || !strings.Contains(stderr, "classes 0 to 9") {
		t.Errorf("--class 10: exit %d, %s", code, stderr)
	}
}

// decoderFamilies are the decoder fixtures `latent decode` must match
// PyTorch 1.13 on, at both opsets and batch 1 and 8: the reference tag
// (inputs other than the latent: stylegan2's noise all zeros, the
// conditional decoders' class all 7) and the flags that select it.
var decoderFamilies = []struct {
	name, ref string
	flags     []string
}{
	{"sd_vae_decoder", "", nil},
	{"stylegan2", ".noise0", nil},
	{"stylegan2_fused", "", nil},   // batch fixed at 1: run item by item
	{"stylegan2_grouped", "", nil}, // group = batch = 8: run in padded groups
	{"vqvae_decoder", "", nil},
	{"pixelshuffle_decoder", "", nil},
	{"audio_decoder", "", nil},
	{"transformer_decoder", "", nil},
	{"conditional_decoder", ".class7", []string{"--classes", "10", "--class", "7"}},
	{"conditional_onehot_decoder", ".class7", []string{"--class-input", "class", "--class", "7"}},
}

func TestDecodeFamilies(t *testing.T) {
	for _, f := range decoderFamilies {
		for _, opset := range []int{11, 17} {
			for _, b := range []int{1, 8} {
				name := fmt.Sprintf("%s_opset%d", f.name, opset)
				prefix := fmt.Sprintf("%s%s.b%d", name, f.ref, b)
				args := append([]string{"--decoder", familyFixture(name + ".onnx"), "--z", familyFixture(prefix + ".in0.npy")}, f.flags...)
				decodeMatches(t, familyFixture(prefix+".out0.npy"), args...)
			}
		}
	}
}

// TestEncodeFamilies: latent encode of the encoder families matches
// PyTorch's mean, and a shaped latent keeps its shape in the .npy.
func TestEncodeFamilies(t *testing.T) {
	for _, name := range []string{"sd_vae_encoder", "vqvae_encoder", "pixelshuffle_encoder", "audio_encoder"} {
		for _, opset := range []int{11, 17} {
			fix := fmt.Sprintf("%s_opset%d", name, opset)
			out := filepath.Join(t.TempDir(), "z.npy")
			code, _, stderr := runCmd(t, "encode", "--encoder", familyFixture(fix+".onnx"), "--data", familyFixture(fix+".b8.in0.npy"), "-o", out)
			if code != 0 {
				t.Fatalf("%s: exit %d: %s", fix, code, stderr)
			}
			got, _ := model.ReadArray(out, "")
			want, _ := model.ReadArray(familyFixture(fix+".b8.out0.npy"), "")
			if fmt.Sprint(got.Shape) != fmt.Sprint(want.Shape) {
				t.Fatalf("%s: codes of shape %v, want %v", fix, got.Shape, want.Shape)
			}
			for i, w := range want.Data {
				if math.Abs(got.Data[i]-w) > 1e-4*math.Max(1, math.Abs(w)) {
					t.Fatalf("%s: value %d is %g, PyTorch %g", fix, i, got.Data[i], w)
				}
			}
		}
	}
}
