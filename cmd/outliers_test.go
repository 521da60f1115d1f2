package cmd

import (
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
	if code != 2 || !strings.Contains(stderr, "want knn, lof, glosh, prior or recon") {
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
