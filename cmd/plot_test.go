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

// plotFixture writes 60 five-dimensional codes in three groups, their
// labels and metadata (label, score, group name), 60 4×4 images and 2-D
// coordinates; it returns the folder.
func plotFixture(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	var codes, xy, imgs []float64
	table := "label,score,group\n"
	for i := range 60 {
		g := i % 3
		for j := range 5 {
			codes = append(codes, float64(4*g*(j%2))+math.Sin(float64(i*5+j)))
		}
		xy = append(xy, float64(g)+0.1*math.Cos(float64(i)), 0.1*math.Sin(float64(i)))
		for k := range 16 {
			imgs = append(imgs, float64((i+k)%2*255))
		}
		table += fmt.Sprintf("%d,%g,group %c\n", g, 0.5*float64(i), 'A'+g)
	}
	writeNPY(t, dir, "codes.npy", &model.Array{Shape: []int{60, 5}, DType: "float32", Data: codes})
	writeNPY(t, dir, "xy.npy", &model.Array{Shape: []int{60, 2}, DType: "float64", Data: xy})
	writeNPY(t, dir, "images.npy", &model.Array{Shape: []int{60, 4, 4}, DType: "uint8", Data: imgs})
	if err := os.WriteFile(filepath.Join(dir, "labels.csv"), []byte(table), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestPlotCodesPCASVG(t *testing.T) {
	dir := plotFixture(t)
	out := filepath.Join(dir, "map.svg")
	code, stdout, stderr := runCmd(t, "plot", "--codes", filepath.Join(dir, "codes.npy"),
		"--labels", filepath.Join(dir, "labels.csv"), "--color-by", "group", "--title", "Groups", "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "plot: 60 points → "+out) {
		t.Errorf("stdout: %s", stdout)
	}
	svg, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"group A", "group C", "Groups", "PC 1 (", "of variance)"} {
		if !strings.Contains(string(svg), want) {
			t.Errorf("SVG lacks %q", want)
		}
	}
}

func TestPlotCoordsValuesPDFAndData(t *testing.T) {
	dir := plotFixture(t)
	out, data := filepath.Join(dir, "map.pdf"), filepath.Join(dir, "xy.csv")
	code, _, stderr := runCmd(t, "plot", "--coords", filepath.Join(dir, "xy.npy"),
		"--labels", filepath.Join(dir, "labels.csv"), "--color-by", "score", "--highlight", "0,5-7",
		"--width", "10cm", "--height", "8cm", "--save-data", data, "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if b, _ := os.ReadFile(out); !strings.HasPrefix(string(b), "%PDF-") {
		t.Error("output is not a PDF")
	}
	b, err := os.ReadFile(data)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 61 || lines[0] != "x,y,label,score,group" || !strings.HasSuffix(lines[1], ",0,0,group A") {
		t.Errorf("data file: %d lines, %q, %q", len(lines), lines[0], lines[1])
	}
	// The saved CSV reads back as coordinates.
	code, _, stderr = runCmd(t, "plot", "--coords", data, "-o", filepath.Join(dir, "again.eps"))
	if code != 0 {
		t.Fatalf("replot from CSV: exit %d: %s", code, stderr)
	}
}

func TestPlotThumbnailsPNG(t *testing.T) {
	dir := plotFixture(t)
	out := filepath.Join(dir, "map.png")
	code, _, stderr := runCmd(t, "plot", "--coords", filepath.Join(dir, "xy.npy"),
		"--thumbnails", filepath.Join(dir, "images.npy"), "--dpi", "72", "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if b, _ := os.ReadFile(out); !strings.HasPrefix(string(b), "\x89PNG") {
		t.Error("output is not a PNG")
	}
}

func TestPlotTSNE(t *testing.T) {
	dir := plotFixture(t)
	out := filepath.Join(dir, "map.png")
	code, _, stderr := runCmd(t, "plot", "--codes", filepath.Join(dir, "codes.npy"), "--method", "tsne",
		"--perplexity", "5", "--seed", "2", "--labels", filepath.Join(dir, "labels.csv"), "--dpi", "72", "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
}

func TestPlotErrors(t *testing.T) {
	dir := plotFixture(t)
	codes, xy, labels := filepath.Join(dir, "codes.npy"), filepath.Join(dir, "xy.npy"), filepath.Join(dir, "labels.csv")
	short := filepath.Join(dir, "short.csv")
	os.WriteFile(short, []byte("label\n1\n2\n"), 0o644)
	out := filepath.Join(dir, "map.png")
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--coords", xy}, 2, "-o is required"},
		{[]string{"--coords", xy, "--codes", codes, "-o", out}, 2, "exactly one of --codes and --coords"},
		{[]string{"--coords", xy, "-o", filepath.Join(dir, "map.gif")}, 2, "unknown figure format"},
		{[]string{"--codes", codes, "--perplexity", "5", "-o", out}, 2, "--perplexity applies to --method tsne"},
		{[]string{"--coords", xy, "--method", "tsne", "-o", out}, 2, "--method applies to --codes"},
		{[]string{"--coords", xy, "--width", "2m", "-o", out}, 2, "--width"},
		{[]string{"--coords", xy, "--highlight", "59-60", "-o", out}, 2, "--highlight"},
		{[]string{"--coords", xy, "--color-by", "score", "-o", out}, 2, "--color-by needs --labels"},
		{[]string{"--coords", xy, "--labels", labels, "--color-by", "group", "--color-as", "values", "-o", out}, 2, "holds text"},
		{[]string{"--coords", xy, "--labels", short, "-o", out}, 1, "short.csv has 2 rows"},
		{[]string{"--coords", xy, "--labels", labels, "--color-by", "nope", "-o", out}, 1, "no column \"nope\" (columns: label, score, group)"},
		{[]string{"--coords", codes, "-o", out}, 1, "5 columns"},
		{[]string{"--coords", filepath.Join(dir, "missing.npy"), "-o", out}, 1, "missing.npy"},
	} {
		code, _, stderr := runCmd(t, append([]string{"plot"}, c.args...)...)
		if code != c.code || !strings.Contains(stderr, c.want) {
			t.Errorf("plot %s: exit %d, stderr %q; want exit %d and %q", strings.Join(c.args, " "), code, stderr, c.code, c.want)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a failed plot left its output behind")
	}
}

func TestParseLength(t *testing.T) {
	for in, want := range map[string]float64{"6": 432, "6in": 432, "2.54cm": 72, "25.4 mm": 72, "400pt": 400} {
		got, err := parseLength("--width", in)
		if err != nil || math.Abs(float64(got)-want) > 1e-9 {
			t.Errorf("parseLength(%q) = %v, %v; want %v points", in, got, err, want)
		}
	}
}

func TestPlotClusterNoise(t *testing.T) {
	dir := plotFixture(t)
	labels := filepath.Join(dir, "clusters.csv")
	var b strings.Builder
	b.WriteString("cluster\n")
	for i := range 60 {
		fmt.Fprintf(&b, "%d\n", i%3-1)
	}
	os.WriteFile(labels, []byte(b.String()), 0o644)
	out := filepath.Join(dir, "map.svg")
	code, _, stderr := runCmd(t, "plot", "--coords", filepath.Join(dir, "xy.npy"), "--labels", labels, "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	svg, _ := os.ReadFile(out)
	if !strings.Contains(string(svg), ">noise</text>") || strings.Contains(string(svg), ">-1</text>") {
		t.Error("cluster -1 is not shown as noise in the legend")
	}
}
