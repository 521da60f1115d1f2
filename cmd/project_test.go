package cmd

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/latent-explorer/latent/model"
)

// blobCodes writes n codes of dimension d in four groups, and their group
// labels as an integer .npy.
func blobCodes(t *testing.T, dir string, n, d int) (codes, labels string) {
	t.Helper()
	data := make([]float64, 0, n*d)
	lab := make([]float64, n)
	for i := range n {
		g := i % 4
		lab[i] = float64(g)
		for j := range d {
			v := 0.3 * math.Sin(float64(i*7+j*13))
			if j == g {
				v += 5
			}
			data = append(data, v)
		}
	}
	codes = writeNPY(t, dir, "codes.npy", &model.Array{Shape: []int{n, d}, DType: "float32", Data: data})
	labels = writeNPY(t, dir, "labels.npy", &model.Array{Shape: []int{n}, DType: "int64", Data: lab})
	return codes, labels
}

func TestProjectPCAAndQuality(t *testing.T) {
	dir := t.TempDir()
	codes, labels := blobCodes(t, dir, 200, 6)
	out := filepath.Join(dir, "xy.csv")
	code, stdout, stderr := runCmd(t, "project", "--codes", codes, "--method", "pca", "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "pca: 200 codes of dimension 6") || !strings.Contains(stdout, "% of the variance") {
		t.Errorf("stdout:\n%s", stdout)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if lines := strings.Split(strings.TrimSpace(string(b)), "\n"); len(lines) != 201 || lines[0] != "x,y" {
		t.Errorf("coordinates file has %d lines, header %q", len(lines), lines[0])
	}
	code, stdout, stderr = runCmd(t, "quality", "--codes", codes, "--coords", out, "--labels", labels)
	if code != 0 {
		t.Fatalf("quality: exit %d: %s", code, stderr)
	}
	for _, want := range []string{"points           200", "trustworthiness  0.", "continuity", "knn recall", "knn accuracy     1.0000"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("quality stdout lacks %q:\n%s", want, stdout)
		}
	}
}

func TestProjectTSNE(t *testing.T) {
	dir := t.TempDir()
	codes, _ := blobCodes(t, dir, 120, 5)
	out := filepath.Join(dir, "xy.npy")
	code, _, stderr := runCmd(t, "project", "--codes", codes, "--method", "tsne", "--perplexity", "10", "--iterations", "100", "--seed", "2", "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	a, err := model.ReadArray(out, "")
	if err != nil || len(a.Shape) != 2 || a.Shape[0] != 120 || a.Shape[1] != 2 {
		t.Fatalf("output %v: %v", a, err)
	}
	// Too few points for the perplexity: a clear error, exit 1.
	code, _, stderr = runCmd(t, "project", "--codes", codes, "--method", "tsne", "--perplexity", "50", "-o", out)
	if code != 1 || !strings.Contains(stderr, "perplexity") || !strings.Contains(stderr, "codes.npy") {
		t.Errorf("perplexity 50 on 120 points: exit %d, %q", code, stderr)
	}
}

func TestProjectUsageAndPassThrough(t *testing.T) {
	dir := t.TempDir()
	codes, _ := blobCodes(t, dir, 20, 2)
	out := filepath.Join(dir, "xy.csv")
	for _, args := range [][]string{
		{"--codes", codes, "--method", "mds", "-o", out},
		{"--codes", codes, "--method", "pca", "--perplexity", "5", "-o", out},
		{"--codes", codes, "--method", "pca", "-o", filepath.Join(dir, "xy.png")},
		{"--codes", codes, "--method", "tsne", "--perplexity", "0.5", "-o", out},
	} {
		if code, _, stderr := runCmd(t, append([]string{"project"}, args...)...); code != 2 {
			t.Errorf("%v: exit %d (%s), want 2", args, code, stderr)
		}
	}
	code, _, stderr := runCmd(t, "project", "--codes", codes, "--method", "tsne", "-o", out)
	if code != 0 || !strings.Contains(stderr, "no projection is needed") {
		t.Errorf("2-D codes: exit %d, stderr %q", code, stderr)
	}
	if code, _, stderr := runCmd(t, "quality", "--codes", codes, "--coords", filepath.Join(dir, "missing.npy")); code != 1 || !strings.Contains(stderr, "missing.npy") {
		t.Errorf("missing coords: exit %d, %q", code, stderr)
	}
}

// TestProjectUMAPMinDistZero checks that --min-dist 0 is a min_dist of 0,
// not the default: with the same seed, 0 gives another layout than the
// default, and --min-dist 0.1 the default's.
func TestProjectUMAPMinDistZero(t *testing.T) {
	dir := t.TempDir()
	codes, _ := blobCodes(t, dir, 200, 6)
	layout := func(extra ...string) string {
		t.Helper()
		out := filepath.Join(dir, "xy.csv")
		args := append([]string{"project", "--codes", codes, "--method", "umap", "--seed", "3", "--threads", "1", "-o", out}, extra...)
		if code, _, stderr := runCmd(t, args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", extra, code, stderr)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	def, zero, tenth := layout(), layout("--min-dist", "0"), layout("--min-dist", "0.1")
	if zero == def {
		t.Error("--min-dist 0 gave the default layout")
	}
	if tenth != def {
		t.Error("--min-dist 0.1 differs from the default layout")
	}
}
