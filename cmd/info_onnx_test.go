package cmd

import (
	"bytes"
	"strings"
	"testing"
	"time"
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
