package cmd

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/latent-explorer/latent/model"
)

// runCmd runs a command line in-process and returns its status and output.
func runCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Run(context.Background(), &env{stdout: &out, stderr: &errb}, args)
	return code, out.String(), errb.String()
}

func writeNPY(t *testing.T, dir, name string, a *model.Array) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := model.WriteNPY(p, a); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestInfoCodes(t *testing.T) {
	dir := t.TempDir()
	p := writeNPY(t, dir, "codes.npy", &model.Array{Shape: []int{3, 2}, DType: "float32", Data: []float64{1, 10, 2, 20, 3, 30}})
	code, out, errs := runCmd(t, "info", p)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"codes array, shape [3 2], dtype float32", "3 codes of dimension 2", "NaN/Inf: none"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// Dim 1 is (10, 20, 30): mean 20, std 8.165 as numpy.std (ddof=0) gives.
	if !strings.Contains(out, "    1         20      8.165         10         30") {
		t.Errorf("dimension 1 stats wrong:\n%s", out)
	}
}

func TestInfoCodesWithNaN(t *testing.T) {
	dir := t.TempDir()
	nan := 0.0
	nan = nan / nan
	p := writeNPY(t, dir, "codes.npy", &model.Array{Shape: []int{3, 2}, DType: "float64", Data: []float64{1, 1, 2, nan, nan, 3}})
	code, out, _ := runCmd(t, "info", p)
	if code != 0 || !strings.Contains(out, "NaN/Inf: 2 values, first in row 1") {
		t.Errorf("exit %d, output:\n%s", code, out)
	}
}

func TestInfoLabelsAndTable(t *testing.T) {
	dir := t.TempDir()
	p := writeNPY(t, dir, "labels.npy", &model.Array{Shape: []int{4}, DType: "int64", Data: []float64{3, 1, 3, 3}})
	code, out, _ := runCmd(t, "info", p)
	if code != 0 || !strings.Contains(out, "labels array") || !strings.Contains(out, "       3: 3") {
		t.Errorf("exit %d, output:\n%s", code, out)
	}
	tsv := filepath.Join(dir, "meta.tsv")
	if err := os.WriteFile(tsv, []byte("digit\tstyle\n1\tthin\n2\tbold\n1\tbold\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ = runCmd(t, "info", tsv)
	if code != 0 || !strings.Contains(out, "metadata table, 3 rows, 2 columns") || !strings.Contains(out, "style") {
		t.Errorf("exit %d, output:\n%s", code, out)
	}
}

func TestInfoSpace(t *testing.T) {
	dir := t.TempDir()
	// Dimension 2 is constant: inactive.
	writeNPY(t, dir, "codes.npy", &model.Array{Shape: []int{2, 3}, DType: "float32", Data: []float64{0, 1, 2, 3, 5, 2}})
	writeNPY(t, dir, "labels.npy", &model.Array{Shape: []int{2}, DType: "int64", Data: []float64{0, 1}})
	m := &model.Manifest{Name: "tiny", Codes: "codes.npy", Labels: "labels.npy",
		Output: model.OutputSpec{Kind: "vector", Range: [2]float64{0, 1}}, Prior: model.PriorSpec{Kind: "gaussian"}}
	if err := model.WriteManifest(filepath.Join(dir, model.ManifestName), m); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCmd(t, "info", dir)
	if code != 0 || !strings.Contains(out, `space "tiny"`) || !strings.Contains(out, "loads: 2 codes of dimension 3") {
		t.Errorf("exit %d, stderr %s, output:\n%s", code, errs, out)
	}
	// The diagnostics table, by decreasing variance (8, 4.5, 0), no KL
	// without an encoder.
	table := regexp.MustCompile(`dimensions: 3, 2 active.*no KL[^\n]*\n.*dim.*variance.*mean KL\n\s+1\s+8\s+NaN\n\s+0\s+4.5\s+NaN\n\s+2\s+0\s+NaN  inactive\n`)
	if !table.MatchString(out) {
		t.Errorf("diagnostics table missing or wrong:\n%s", out)
	}
}

// Every bad input gets exit status 1 and one line naming the file.
func TestInfoBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := writeNPY(t, dir, "good.npy", &model.Array{Shape: []int{4, 2}, DType: "float32", Data: make([]float64, 8)})
	b, _ := os.ReadFile(good)
	lying := bytes.Replace(b, []byte("(4, 2)"), []byte("(400000000000, 2)"), 1)
	cases := map[string]string{
		"empty":     write("empty.npy", nil),
		"truncated": write("truncated.npy", b[:len(b)-5]),
		"lying":     write("lying.npy", lying),
		"binary":    write("binary.csv", []byte{0, 1, 2, 0xff, 0xfe, 0, 0, 7}),
		"manifest":  write("latent.toml", []byte(`codes = "missing.npy"`)),
	}
	for name, p := range cases {
		code, _, errs := runCmd(t, "info", p)
		lines := strings.Count(strings.TrimSpace(errs), "\n") + 1
		if code != 1 || lines != 1 || !strings.Contains(errs, filepath.Base(p)) && !strings.Contains(errs, "missing.npy") {
			t.Errorf("%s: exit %d, stderr %q: want status 1 and one line naming the file", name, code, errs)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	if code, _, _ := runCmd(t, "info"); code != 2 {
		t.Errorf("info without a file: exit %d, want 2", code)
	}
	if code, _, _ := runCmd(t, "info", "--nope", "x"); code != 2 {
		t.Errorf("unknown flag: exit %d, want 2", code)
	}
	if code, out, _ := runCmd(t, "--help"); code != 0 || !strings.Contains(out, "info") {
		t.Errorf("--help: exit %d, output %q", code, out)
	}
	if code, _, _ := runCmd(t, "info", "--help"); code != 0 {
		t.Errorf("info --help: exit %d", code)
	}
}
