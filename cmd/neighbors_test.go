package cmd

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestNeighbors(t *testing.T) {
	dir := t.TempDir()
	codes := threeBlobs(t, dir)
	labels := filepath.Join(dir, "labels.tsv")
	var b strings.Builder
	b.WriteString("blob\tid\n")
	for i := range 31 {
		b.WriteString([]string{"a", "b", "c", "far"}[min(i/10, 3)] + "\t" + strconv.Itoa(i) + "\n")
	}
	if err := os.WriteFile(labels, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	// Blob 0's points lie on a 0.1 grid from (0, 0): from row 0, rows 1
	// and 4 are 0.1 away (a tie, lower row first) and row 5 √0.02.
	code, stdout, stderr := runCmd(t, "neighbors", "--codes", codes, "--index", "0", "--k", "3", "--labels", labels)
	want := "   index     distance  label\n       1          0.1  a\n       4          0.1  a\n       5     0.141421  a\n"
	if code != 0 || stdout != want {
		t.Errorf("exit %d, stdout:\n%s\nwant:\n%s\nstderr: %s", code, stdout, want, stderr)
	}
	// From a vector, by angle: (100, 100) and the blob-0 point (0.1, 0.1)
	// point the same way as (1, 1).
	code, stdout, stderr = runCmd(t, "neighbors", "--codes", codes, "--z", "1,1", "--k", "2", "--metric", "cosine")
	if code != 0 || !strings.Contains(stdout, "\n       5  ") || !strings.Contains(stdout, "\n      30  ") {
		t.Errorf("cosine: exit %d, stdout:\n%s\nstderr: %s", code, stdout, stderr)
	}
}

func TestNeighborsUsage(t *testing.T) {
	dir := t.TempDir()
	codes := threeBlobs(t, dir)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--k", "3"}, "one of --index and --z"},
		{[]string{"--index", "1", "--z", "1,2"}, "one of --index and --z"},
		{[]string{"--index", "31"}, "has 31 codes"},
		{[]string{"--z", "1,2,3"}, "want 2 comma-separated numbers"},
		{[]string{"--index", "0", "--metric", "manhattan"}, "want euclidean or cosine"},
	} {
		code, _, stderr := runCmd(t, append([]string{"neighbors", "--codes", codes}, c.args...)...)
		if code != 2 || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, %s; want 2 and %q", c.args, code, stderr, c.want)
		}
	}
}
