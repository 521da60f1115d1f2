package cmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/latent-explorer/latent/model"
)

// threeBlobs writes 30 2-D codes in three tight groups and one far point.
func threeBlobs(t *testing.T, dir string) string {
	t.Helper()
	var data []float64
	for c := 0; c < 3; c++ {
		for i := 0; i < 10; i++ {
			data = append(data, float64(10*c)+0.1*float64(i%4), 0.1*float64(i/4))
		}
	}
	data = append(data, 100, 100)
	return writeNPY(t, dir, "codes.npy", &model.Array{Shape: []int{31, 2}, DType: "float32", Data: data})
}

func TestClusterKMeans(t *testing.T) {
	dir := t.TempDir()
	codes := threeBlobs(t, dir)
	out := filepath.Join(dir, "labels.csv")
	code, stdout, stderr := runCmd(t, "cluster", "--codes", codes, "--method", "kmeans", "--k", "4", "--seed", "3", "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "k-means: 4 clusters") {
		t.Errorf("stdout:\n%s", stdout)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if lines := strings.Split(strings.TrimSpace(string(b)), "\n"); len(lines) != 32 || lines[0] != "cluster" {
		t.Errorf("labels file has %d lines, header %q", len(lines), lines[0])
	}
}

func TestClusterHDBSCAN(t *testing.T) {
	dir := t.TempDir()
	codes := threeBlobs(t, dir)
	out := filepath.Join(dir, "labels.npy")
	code, stdout, stderr := runCmd(t, "cluster", "--codes", codes, "--method", "hdbscan", "--min-cluster-size", "5", "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "hdbscan: 3 clusters, 1 noise points of 31") {
		t.Errorf("stdout:\n%s", stdout)
	}
	a, err := model.ReadArray(out, "")
	if err != nil {
		t.Fatal(err)
	}
	if a.Data[30] != -1 || a.Data[0] == a.Data[10] {
		t.Errorf("labels %v", a.Data)
	}
}

func TestClusterErrors(t *testing.T) {
	dir := t.TempDir()
	codes := threeBlobs(t, dir)
	out := filepath.Join(dir, "l.npy")
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"--codes", codes, "--method", "dbscan", "-o", out}, 2, "want kmeans or hdbscan"},
		{[]string{"--codes", codes, "-o", filepath.Join(dir, "l.png")}, 2, "-o"},
		{[]string{"--codes", codes, "--k", "40", "-o", out}, 1, "codes.npy: cluster: too few points: k = 40"},
		{[]string{"--codes", codes, "--method", "hdbscan", "--min-cluster-size", "50", "-o", out}, 1, "only 31 points"},
		{[]string{"--method", "kmeans", "-o", out}, 2, "--codes is required"},
	} {
		code, _, stderr := runCmd(t, append([]string{"cluster"}, c.args...)...)
		if code != c.code || !strings.Contains(stderr, c.msg) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", c.args, code, stderr, c.code, c.msg)
		}
	}
}

func TestClusterNaNCodes(t *testing.T) {
	dir := t.TempDir()
	nan := 0.0
	nan /= nan
	codes := writeNPY(t, dir, "bad.npy", &model.Array{Shape: []int{3, 2}, DType: "float64", Data: []float64{0, 0, 1, nan, 2, 2}})
	code, _, stderr := runCmd(t, "cluster", "--codes", codes, "--method", "hdbscan", "-o", filepath.Join(dir, "l.npy"))
	if code != 1 || !strings.Contains(stderr, "bad.npy") || !strings.Contains(stderr, "row 1") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

// TestFlagsOnlyCommandsRefuseArguments: a stray positional argument (a
// file named without its flag, say) is a usage error naming it, before
// any file is read.
func TestFlagsOnlyCommandsRefuseArguments(t *testing.T) {
	for _, args := range [][]string{
		{"cluster", "--codes", "z.npy", "-o", "l.npy", "stray.npy"},
		{"outliers", "--codes", "z.npy", "-o", "s.npy", "stray.npy"},
		{"quality", "--codes", "z.npy", "--coords", "xy.npy", "stray.npy"},
	} {
		code, _, stderr := runCmd(t, args...)
		if code != 2 || !strings.Contains(stderr, `unexpected argument "stray.npy"`) {
			t.Errorf("latent %v: exit %d, stderr %q; want 2 naming the argument", args, code, stderr)
		}
	}
}
