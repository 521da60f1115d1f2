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
	if code != 2 || !strings.Contains(stderr, "want knn, lof, glosh or prior") {
		t.Errorf("bad method: exit %d, %s", code, stderr)
	}
}
