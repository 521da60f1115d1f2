package app_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/latent-explorer/latent/app"
	"github.com/latent-explorer/latent/cmd"
	"github.com/latent-explorer/latent/model"
	"github.com/latent-explorer/latent/viz/export"
)

// TestPlotAndWindowExportColourAlike renders one space's map coloured by
// each of its columns twice — with `latent plot` and with the window's
// File → Export map… — and compares the two figures' legends (entries,
// order, colours) as drawn in the SVGs, and then the whole SVGs. The
// columns are the cases the old, separate rules disagreed on: 22 distinct
// integers (categories in the window, a colour bar in latent plot), NaN
// among integer labels, HDBSCAN noise, text.
func TestPlotAndWindowExportColourAlike(t *testing.T) {
	dir := writeLegendSpace(t)
	s, err := model.OpenSpace(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"digit": 11, "group": 22, "cluster": 4, "kind": 3, "score": 0} // legend entries
	for _, col := range []string{"digit", "group", "cluster", "kind", "score"} {
		t.Run(col, func(t *testing.T) {
			gui := app.ExportFigure(t, s, col)
			guiSVG := filepath.Join(t.TempDir(), "gui.svg")
			if err := gui.Save(guiSVG); err != nil {
				t.Fatal(err)
			}
			cliSVG := filepath.Join(t.TempDir(), "cli.svg")
			var stdout, stderr bytes.Buffer
			args := []string{"plot", "--coords", filepath.Join(dir, "map.npy"), "--labels", filepath.Join(dir, "meta.tsv"),
				"--color-by", col, "--title", gui.Title, "--xlabel", gui.XLabel, "--ylabel", gui.YLabel, "-o", cliSVG}
			if code := cmd.RunWith(context.Background(), args, &stdout, &stderr); code != 0 {
				t.Fatalf("latent plot: exit %d: %s", code, stderr.String())
			}
			g, c := svgLegend(t, guiSVG), svgLegend(t, cliSVG)
			if g != c {
				t.Fatalf("legends differ:\nwindow export: %s\nlatent plot:   %s", g, c)
			}
			heading, entries, err := gui.Legend()
			if err != nil {
				t.Fatal(err)
			}
			if fromMap := legendString(heading, entries); len(entries) > 0 && fromMap != g {
				t.Errorf("the SVG's legend %s is not the figure's %s", g, fromMap)
			}
			if len(entries) != want[col] {
				t.Errorf("%d legend entries, want %d: %s", len(entries), want[col], g)
			}
			if !bytes.Equal(readFile(t, guiSVG), readFile(t, cliSVG)) {
				t.Error("the legends agree but the figures differ elsewhere")
			}
		})
	}
}

// writeLegendSpace writes a space of 66 points with a stored map and the
// metadata columns of the test.
func writeLegendSpace(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	const n, d = 66, 3
	codes := &model.Array{Shape: []int{n, d}, DType: "float32"}
	xy := &model.Array{Shape: []int{n, 2}, DType: "float64"}
	var meta strings.Builder
	meta.WriteString("digit\tgroup\tcluster\tkind\tscore\n")
	for i := range n {
		for j := range d {
			codes.Data = append(codes.Data, float64((i*7+j*3)%11)/4)
		}
		xy.Data = append(xy.Data, float64(i%11), float64(i/11)+float64(i%3)/4)
		digit := fmt.Sprint(i % 10)
		if i%13 == 0 {
			digit = "NaN"
		}
		fmt.Fprintf(&meta, "%s\t%d\t%d\t%s\t%g\n", digit, i%22, i%4-1, []string{"round", "thin", "bold"}[i%3], float64(i)/7)
	}
	for name, a := range map[string]*model.Array{"codes.npy": codes, "map.npy": xy} {
		if err := model.WriteNPY(filepath.Join(dir, name), a); err != nil {
			t.Fatal(err)
		}
	}
	manifest := `name = "legend test"
codes = "codes.npy"
metadata = "meta.tsv"
[output]
kind = "image"
shape = [1, 8, 8]
range = [0, 1]
[map]
coords = "map.npy"
method = "tsne"
`
	for name, text := range map[string]string{"meta.tsv": meta.String(), model.ManifestName: manifest} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// legendSwatch matches a legend entry in a figure's SVG: the swatch (a
// circle of radius 3.5, opaque) and the name written after it.
var legendSwatch = regexp.MustCompile(`A3\.5,3\.5 [^"]*" style="fill:#([0-9A-Fa-f]{6})" />\s*<text[^>]*>([^<]*)</text>`)

// svgLegend returns the legend drawn in an SVG figure as its heading (the
// text just before the first swatch) and its entries, "name #rrggbb", or
// "no legend".
func svgLegend(t *testing.T, path string) string {
	t.Helper()
	svg := string(readFile(t, path))
	m := legendSwatch.FindAllStringSubmatchIndex(svg, -1)
	if m == nil {
		return "no legend"
	}
	texts := regexp.MustCompile(`>([^<]*)</text>`).FindAllStringSubmatch(svg[:m[0][0]], -1)
	var b strings.Builder
	for _, at := range m {
		fmt.Fprintf(&b, "; %s #%s", svg[at[4]:at[5]], strings.ToLower(svg[at[2]:at[3]]))
	}
	return texts[len(texts)-1][1] + ": " + strings.TrimPrefix(b.String(), "; ")
}

func legendString(heading string, entries []export.LegendEntry) string {
	parts := make([]string, len(entries))
	for i, e := range entries {
		parts[i] = e.String()
	}
	return heading + ": " + strings.Join(parts, "; ")
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
