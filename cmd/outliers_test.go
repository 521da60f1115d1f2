package cmd

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/latent-explorer/latent/model"
)

func TestOutliers(t *testing.T) {
	dir := t.TempDir()
	codes := threeBlobs(t, dir)
	for _, args := range [][]string{
		{"--method", "knn", "--k", "3"},
		{"--method", "lof", "--k", "5"},
		{"--method", "glosh"},
		{"--method", "prior"},
	} {
		out := filepath.Join(dir, "scores.npy")
		code, stdout, stderr := runCmd(t, append([]string{"outliers", "--codes", codes, "-o", out}, args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		// Row 30, at (100, 100), is the most unusual under every score.
		if !strings.Contains(stdout, "most unusual:\n     row        score\n      30") {
			t.Errorf("%v: stdout:\n%s", args, stdout)
		}
		a, err := model.ReadArray(out, "")
		if err != nil || len(a.Data) != 31 {
			t.Fatalf("%v: %v, %v", args, a, err)
		}
	}
}

func TestOutliersUniformPrior(t *testing.T) {
	dir := t.TempDir()
	codes := threeBlobs(t, dir)
	out := filepath.Join(dir, "scores.csv")
	code, stdout, stderr := runCmd(t, "outliers", "--codes", codes, "--method", "prior", "--prior", "uniform", "--low", "-1", "--high", "200", "-o", out)
	if code != 0 || !strings.Contains(stdout, "10.6066") {
		t.Errorf("exit %d, stdout:\n%s\nstderr: %s", code, stdout, stderr)
	}
	code, _, stderr = runCmd(t, "outliers", "--codes", codes, "--method", "prior", "--prior", "uniform", "--low", "1", "--high", "1", "-o", out)
	if code != 1 || !strings.Contains(stderr, "low < high") {
		t.Errorf("empty box: exit %d, %s", code, stderr)
	}
	code, _, stderr = runCmd(t, "outliers", "--codes", codes, "--method", "iforest", "-o", out)
	if code != 2 || !strings.Contains(stderr, "want knn, lof, glosh, prior, recon or roundtrip") {
		t.Errorf("bad method: exit %d, %s", code, stderr)
	}
}

// TestOutliersReconstruction uses the model/onnx test MLP (6 → 10) as the
// decoder: row 0's data is its exact decoding, row 2's is far from it.
func TestOutliersReconstruction(t *testing.T) {
	const net = "../model/onnx/testdata/mlp_acts.onnx"
	dec, err := model.LoadDecoder(net)
	if err != nil {
		t.Skipf("test decoder unavailable: %v", err)
	}
	dir := t.TempDir()
	z := []float64{0.1, -0.2, 0.3, 0, 0.5, -1, 1, 1, 1, 1, 1, 1, -0.5, 0.2, 0, 0, 0.1, 0.3}
	codes := writeNPY(t, dir, "codes.npy", &model.Array{Shape: []int{3, 6}, DType: "float32", Data: z})
	var data []float64
	for i := 0; i < 3; i++ {
		z32 := make([]float32, 6)
		for j := range z32 {
			z32[j] = float32(z[6*i+j])
		}
		y, err := dec.Decode(z32, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range y {
			data = append(data, float64(v)+float64(i*i)*0.5)
		}
	}
	items := writeNPY(t, dir, "data.npy", &model.Array{Shape: []int{3, 10}, DType: "float32", Data: data})
	out := filepath.Join(dir, "recon.csv")
	code, stdout, stderr := runCmd(t, "outliers", "--codes", codes, "--method", "recon", "--decoder", net, "--data", items, "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	// Offsets 0, 0.5 and 2 give mean squared errors 0, 0.25 and 4.
	if !strings.Contains(stdout, "      2            4\n       1         0.25\n       0            0") {
		t.Errorf("stdout:\n%s", stdout)
	}
	code, _, stderr = runCmd(t, "outliers", "--codes", codes, "--method", "recon", "--decoder", net, "-o", out)
	if code != 2 || !strings.Contains(stderr, "needs --decoder and --data") {
		t.Errorf("missing --data: exit %d, %s", code, stderr)
	}
}

// roundTripAgainstTwoSteps scores data with --method roundtrip and checks
// it against the two commands it stands for: latent encode, then
// latent outliers --method recon on those codes. It returns the scores.
func roundTripAgainstTwoSteps(t *testing.T, enc, dec, data string) []float64 {
	t.Helper()
	dir := t.TempDir()
	rt, codes, recon := filepath.Join(dir, "rt.npy"), filepath.Join(dir, "z.npy"), filepath.Join(dir, "recon.npy")
	if code, _, stderr := runCmd(t, "outliers", "--method", "roundtrip", "--encoder", enc, "--decoder", dec, "--data", data, "-o", rt); code != 0 {
		t.Fatalf("roundtrip: exit %d: %s", code, stderr)
	}
	if code, _, stderr := runCmd(t, "encode", "--encoder", enc, "--data", data, "-o", codes); code != 0 {
		t.Fatalf("encode: exit %d: %s", code, stderr)
	}
	if code, _, stderr := runCmd(t, "outliers", "--method", "recon", "--codes", codes, "--decoder", dec, "--data", data, "-o", recon); code != 0 {
		t.Fatalf("recon: exit %d: %s", code, stderr)
	}
	got, want := readFloats(t, rt), readFloats(t, recon)
	if len(got) != len(want) {
		t.Fatalf("%d round-trip scores, %d by encode and recon", len(got), len(want))
	}
	for i := range got {
		if math.Abs(got[i]-want[i]) > 1e-7*math.Max(1, want[i]) {
			t.Errorf("item %d: roundtrip %g, encode then recon %g", i, got[i], want[i])
		}
	}
	return got
}

func readFloats(t *testing.T, path string) []float64 {
	t.Helper()
	a, err := model.ReadArray(path, "")
	if err != nil {
		t.Fatal(err)
	}
	return a.Data
}

// TestOutliersRoundTripFixture runs the PyTorch 1D-conv audio VAE pair
// (tools/onnx/make_families.py) on the encoder's 8 reference inputs.
func TestOutliersRoundTripFixture(t *testing.T) {
	fam := func(name string) string { return onnxFixture(filepath.Join("families", name)) }
	scores := roundTripAgainstTwoSteps(t, fam("audio_encoder_opset17.onnx"), fam("audio_decoder_opset17.onnx"), fam("audio_encoder_opset17.b8.in0.npy"))
	if len(scores) != 8 {
		t.Fatalf("%d scores for 8 items", len(scores))
	}
	for i, s := range scores {
		if !(s > 0) {
			t.Errorf("item %d: score %g, want > 0 (an untrained pair does not reproduce its input)", i, s)
		}
	}
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--encoder", fam("audio_encoder_opset17.onnx"), "--decoder", fam("audio_decoder_opset17.onnx")}, "needs --encoder, --decoder and --data"},
		{[]string{"--encoder", "e.onnx", "--decoder", "d.onnx", "--data", "x.npy", "--codes", "z.npy"}, "no --codes"},
	} {
		args := append([]string{"outliers", "--method", "roundtrip", "-o", filepath.Join(dir, "s.npy")}, c.args...)
		if code, _, stderr := runCmd(t, args...); code != 2 || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, %s", c.args, code, stderr)
		}
	}
	code, _, stderr := runCmd(t, "outliers", "--method", "knn", "--codes", "z.npy", "--encoder", "e.onnx", "-o", filepath.Join(dir, "s.npy"))
	if code != 2 || !strings.Contains(stderr, "--encoder is for --method roundtrip") {
		t.Errorf("--encoder with knn: exit %d, %s", code, stderr)
	}
}

// TestOutliersRoundTripDemo scores the demo's first 100 digits. Besides
// the two-step check, the demo's codes are the PyTorch encoder's means of
// the same digits (tools/demo/train.py), so each round-trip error is close
// to the reconstruction error of its stored code.
func TestOutliersRoundTripDemo(t *testing.T) {
	if _, err := os.Stat(demoSpace); err != nil {
		t.Skip("no demo space:", err)
	}
	const n = 100
	images, err := model.ReadArray(filepath.Join(demoSpace, "images.npy"), "")
	if err != nil {
		t.Fatal(err)
	}
	codes, err := model.ReadArray(filepath.Join(demoSpace, "codes.npy"), "")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	item := images.Len() / images.Shape[0]
	sub := &model.Array{Shape: append([]int{n}, images.Shape[1:]...), DType: images.DType}
	if images.U8 != nil {
		for _, v := range images.U8[:n*item] {
			sub.Data = append(sub.Data, float64(v))
		}
	} else {
		sub.Data = images.Data[:n*item]
	}
	data := writeNPY(t, dir, "images.npy", sub)
	z := writeNPY(t, dir, "codes.npy", &model.Array{Shape: []int{n, 16}, DType: "float32", Data: codes.Data[:n*16]})
	enc, dec := filepath.Join(demoSpace, "encoder.onnx"), filepath.Join(demoSpace, "decoder.onnx")
	got := roundTripAgainstTwoSteps(t, enc, dec, data)
	stored := filepath.Join(dir, "stored.npy")
	if code, _, stderr := runCmd(t, "outliers", "--method", "recon", "--codes", z, "--decoder", dec, "--data", data, "-o", stored); code != 0 {
		t.Fatalf("recon of the stored codes: exit %d: %s", code, stderr)
	}
	want := readFloats(t, stored)
	for i := range got {
		// Measured: at most 1.1e-8 apart, scores around 0.011.
		if math.Abs(got[i]-want[i]) > 1e-6 {
			t.Errorf("digit %d: round trip %g, recon of PyTorch's code %g", i, got[i], want[i])
		}
	}
}
