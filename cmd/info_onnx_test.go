package cmd

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/latent-explorer/latent/model"
)

func TestInfoONNX(t *testing.T) {
	var out, errb bytes.Buffer
	e := &env{stdout: &out, stderr: &errb}
	if err := infoONNX(e, onnxFixture("mlp_784.onnx"), false); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"opset 14", "[batch 16]", "parameters: 410896", "Gemm 2", "decoder: latent size 16 → image [1 28 28]"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	out.Reset()
	if err := infoONNX(e, onnxFixture("conv_encoder.onnx"), false); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "encoder: items [1 16 16] → latent size 4") {
		t.Errorf("encoder not recognised:\n%s", out.String())
	}
}

func TestInfoONNXBench(t *testing.T) {
	defer func(b time.Duration) { benchBudget = b }(benchBudget)
	benchBudget = 20 * time.Millisecond
	var out, errb bytes.Buffer
	if err := infoONNX(&env{stdout: &out, stderr: &errb}, onnxFixture("mlp_relu_opset9.onnx"), true); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"single sample: p50", "p99", "batch of 64:", "items/s"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestInfoCommandONNX(t *testing.T) {
	code, stdout, stderr := runCmd(t, "info", onnxFixture("tabular_decoder.onnx"))
	if code != 0 || !strings.Contains(stdout, "decoder: latent size 4 → vector [8]") {
		t.Fatalf("exit %d\n%s\n%s", code, stdout, stderr)
	}
	code, _, stderr = runCmd(t, "info", onnxFixture("tabular_decoder.in0.npy")+".onnx")
	if code == 0 {
		t.Fatalf("a missing model: exit 0, %s", stderr)
	}
}

// TestInfoUnsupported: every operator the runtime lacks, listed at once
// with its nodes and the opset, and a one-line error.
func TestInfoUnsupported(t *testing.T) {
	code, stdout, stderr := runCmd(t, "info", familyFixture("unsupported_opset17.onnx"))
	for _, want := range []string{"opset 17, that the runtime cannot run", `unsupported: NoSuchReduce (nodes "reduce_a", "reduce_b")`, `unsupported: NoSuchMix (node "mix")`} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
	if code != 1 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "unsupported_opset17.onnx: 2 unsupported operators at opset 17") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

// TestInfoDecoderInputs: latent info says which input takes the latent
// and how the others are filled, for the decoder families.
func TestInfoDecoderInputs(t *testing.T) {
	for _, c := range []struct {
		fixture string
		want    []string
	}{
		{"stylegan2_opset17.onnx", []string{"decoder: latent size 16 → image [3 16 16], showing output \"img\"",
			"z [batch 16]: latent (16 values per item)", "noise [batch 1 8 8]: filled with zeros"}},
		{"stylegan2_grouped_opset11.onnx", []string{"run in batches of 8"}},
		{"sd_vae_decoder_opset11.onnx", []string{"decoder: latent size 256 → image [3 16 16], latents of shape [4 8 8]"}},
		{"sd_vae_encoder_opset17.onnx", []string{"encoder: items [3 16 16] → latent size 256, latents of shape [4 8 8]"}},
		{"conditional_onehot_decoder_opset17.onnx", []string{"z [batch 8]: latent", "class [batch 10]: filled with zeros"}},
		{"conditional_decoder_opset17.onnx", []string{"decoder, class-conditional", `class input "label" takes a class index`}},
	} {
		code, stdout, stderr := runCmd(t, "info", familyFixture(c.fixture))
		if code != 0 {
			t.Errorf("%s: exit %d, %s", c.fixture, code, stderr)
		}
		for _, w := range c.want {
			if !strings.Contains(stdout, w) {
				t.Errorf("%s: output lacks %q:\n%s", c.fixture, w, stdout)
			}
		}
	}
}

// TestInfoSpaceDecoding: latent info SPACE applies the [decoding]
// section and names the classes from the labels.
func TestInfoSpaceDecoding(t *testing.T) {
	dir := t.TempDir()
	abs := func(name string) string { return copyIn(t, dir, familyFixture(name)) }
	m := fmt.Sprintf("name = \"cond\"\ncodes = %q\nlabels = %q\ndecoder = %q\n[decoding]\nclasses = 10\n",
		abs("conditional_decoder_opset17.b8.in0.npy"), abs("conditional_decoder_opset17.b8.in1.npy"), abs("conditional_decoder_opset17.onnx"))
	if err := os.WriteFile(filepath.Join(dir, model.ManifestName), []byte(m), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCmd(t, "info", dir)
	for _, want := range []string{`decoder: output "x" [1 16 16], 10 classes (0, 1, 2, 3, 4, 5, 6, 7, 8, 9)`,
		"z [batch 8]: latent (8 values per item)", "label [batch]: class label, an index below 10"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
	if code != 0 {
		t.Errorf("exit %d: %s", code, stderr)
	}
	sd := fmt.Sprintf("codes = %q\ndecoder = %q\n", abs("sd_vae_decoder_opset11.b1.in0.npy"), abs("transformer_decoder_opset11.onnx"))
	if err := os.WriteFile(filepath.Join(dir, model.ManifestName), []byte(sd), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, _ = runCmd(t, "info", dir)
	if code != 1 || !strings.Contains(stdout, "(shape [4 8 8])") || !strings.Contains(stdout, "decoder does not load: shape mismatch: codes of 256 values") {
		t.Errorf("codes the decoder cannot take: exit %d\n%s", code, stdout)
	}
}
