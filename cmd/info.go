package cmd

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/latent-explorer/latent/model"
)

func init() {
	register(&command{
		name:    "info",
		args:    "[--bench] FILE",
		summary: "print what a model, array, table or space holds (--bench: decode speed)",
		run:     runInfo,
	})
}

func runInfo(ctx context.Context, e *env, flags *flag.FlagSet, args []string) error {
	bench := flags.Bool("bench", false, "for an ONNX model, measure single-sample latency and batch-64 throughput")
	name := flags.String("name", "", "for an .npz or .parquet file, the array or column to describe")
	allowOutside := addAllowOutside(flags)
	if err := parse(flags, args); err != nil {
		return err
	}
	if flags.NArg() != 1 {
		return usagef("want exactly one FILE, got %d", flags.NArg())
	}
	path := flags.Arg(0)
	if _, err := os.Stat(path); err != nil {
		return err
	}
	switch kind := fileKind(path); kind {
	case "space":
		return infoSpace(e.stdout, path, openOptions(*allowOutside))
	case "onnx":
		return infoONNX(e, path, *bench)
	case "table":
		return infoTableOrArray(e.stdout, path)
	default:
		return infoArray(e.stdout, path, *name)
	}
}

// fileKind guesses what a path holds from its name.
func fileKind(path string) string {
	if st, err := os.Stat(path); err == nil && st.IsDir() || filepath.Base(path) == model.ManifestName {
		return "space"
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".onnx":
		return "onnx"
	case ".csv", ".tsv", ".txt":
		return "table"
	}
	return "array"
}

// infoTableOrArray describes a CSV/TSV: as codes when every column is
// numeric and there are several, else as metadata.
func infoTableOrArray(w io.Writer, path string) error {
	t, err := model.ReadTable(path)
	if errors.Is(err, model.ErrWideTable) {
		return infoArray(w, path, "")
	}
	if err != nil {
		return err
	}
	numeric := len(t.Columns) > 1
	for _, c := range t.Columns {
		numeric = numeric && c.Numeric()
	}
	if numeric {
		return infoArray(w, path, "")
	}
	fmt.Fprintf(w, "%s: metadata table, %d rows, %d columns\n", path, t.Rows(), len(t.Columns))
	printColumns(w, t)
	return nil
}

func printColumns(w io.Writer, t *model.Table) {
	for _, c := range t.Columns {
		kind := "categorical"
		if c.Numeric() {
			kind = "numeric"
		}
		fmt.Fprintf(w, "  %-20s %-12s %d distinct\n", c.Name, kind, distinct(c))
	}
}

func distinct(c *model.Column) int {
	seen := map[string]bool{}
	for i := range c.Len() {
		if c.Numeric() {
			seen[fmt.Sprint(c.Numbers[i])] = true
		} else {
			seen[c.Strings[i]] = true
		}
	}
	return len(seen)
}

func infoArray(w io.Writer, path, name string) error {
	a, err := model.ReadArray(path, name)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s: %s array, shape %v, dtype %s\n", path, arrayRole(a), a.Shape, a.DType)
	switch {
	case len(a.Shape) == 2 && !a.IsInteger():
		printDimStats(w, a)
	case len(a.Shape) == 1 && a.IsInteger():
		printValueCounts(w, a)
	default:
		s := summarize(a.Data)
		fmt.Fprintf(w, "  values: min %.4g, max %.4g, mean %.4g, NaN %d, Inf %d\n", s.min, s.max, s.mean, s.nan, s.inf)
	}
	return nil
}

// arrayRole names what an array most likely is.
func arrayRole(a *model.Array) string {
	switch {
	case len(a.Shape) == 1 && a.IsInteger():
		return "labels"
	case len(a.Shape) == 2 && !a.IsInteger():
		return "codes"
	case len(a.Shape) >= 3:
		return "data (images)"
	}
	return "data"
}

type stats struct {
	min, max, mean, std float64
	nan, inf            int
}

func summarize(v []float64) stats {
	s := stats{min: math.Inf(1), max: math.Inf(-1)}
	var sum, sum2 float64
	n := 0
	for _, x := range v {
		switch {
		case math.IsNaN(x):
			s.nan++
			continue
		case math.IsInf(x, 0):
			s.inf++
			continue
		}
		n++
		sum += x
		sum2 += x * x
		s.min, s.max = min(s.min, x), max(s.max, x)
	}
	if n > 0 {
		s.mean = sum / float64(n)
		s.std = math.Sqrt(max(sum2/float64(n)-s.mean*s.mean, 0))
	}
	return s
}

// printDimStats prints per-dimension statistics of an N×d array: the first
// 16 dimensions in full, then a summary of the rest.
func printDimStats(w io.Writer, a *model.Array) {
	n, d := a.Shape[0], a.Shape[1]
	all, firstRow := model.ArrayColumnStats(a)
	nan := 0
	for _, c := range all {
		nan += c.NaN + c.Inf
	}
	fmt.Fprintf(w, "  %d codes of dimension %d\n", n, d)
	fmt.Fprintf(w, "  %5s %10s %10s %10s %10s\n", "dim", "mean", "std", "min", "max")
	for j := range min(d, 16) {
		s := all[j]
		fmt.Fprintf(w, "  %5d %10.4g %10.4g %10.4g %10.4g\n", j, s.Mean, s.Std, s.Min, s.Max)
	}
	if d > 16 {
		stds := make([]float64, 0, d-16)
		for _, s := range all[16:] {
			stds = append(stds, s.Std)
		}
		sort.Float64s(stds)
		fmt.Fprintf(w, "  dims 16..%d: std from %.4g to %.4g (median %.4g)\n", d-1, stds[0], stds[len(stds)-1], stds[len(stds)/2])
	}
	if nan > 0 {
		fmt.Fprintf(w, "  NaN/Inf: %d values, first in row %d\n", nan, firstRow)
	} else {
		fmt.Fprintln(w, "  NaN/Inf: none")
	}
}

func printValueCounts(w io.Writer, a *model.Array) {
	counts := map[float64]int{}
	for _, v := range a.Data {
		counts[v]++
	}
	keys := make([]float64, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Float64s(keys)
	fmt.Fprintf(w, "  %d distinct values\n", len(keys))
	for i, k := range keys {
		if i == 20 {
			fmt.Fprintf(w, "  ... and %d more\n", len(keys)-20)
			break
		}
		fmt.Fprintf(w, "  %8g: %d\n", k, counts[k])
	}
}

// infoSpace describes a space's manifest and whether each part loads.
func infoSpace(w io.Writer, path string, opts []model.OpenOption) error {
	if err := model.CheckSpace(path, opts...); err != nil {
		return err
	}
	m, err := model.ReadManifest(path)
	if err != nil {
		return err
	}
	dir := path
	if filepath.Base(path) == model.ManifestName {
		dir = filepath.Dir(path)
	}
	fmt.Fprintf(w, "%s: space %q\n", dir, m.Name)
	if m.Description != "" {
		fmt.Fprintf(w, "  %s\n", m.Description)
	}
	fmt.Fprintf(w, "  output: %s %v in [%g, %g]", m.Output.Kind, m.Output.Shape, m.Output.Range[0], m.Output.Range[1])
	if m.Output.Kind == "image" {
		fmt.Fprintf(w, ", %s", m.Output.Channels)
	}
	fmt.Fprintf(w, "\n  prior: %s\n", m.Prior.Kind)
	for _, f := range m.Files() {
		fmt.Fprintf(w, "  %-9s %s\n", f.Role+":", f.Path)
	}
	s, err := model.LoadSpace(dir, m, opts...)
	if err != nil {
		fmt.Fprintf(w, "  does not load: %v\n", err)
		return err
	}
	fmt.Fprintf(w, "  loads: %d codes of dimension %d", s.Codes.N, s.Codes.D)
	if len(s.Meta.Columns) > 0 {
		fmt.Fprintf(w, ", %d metadata columns", len(s.Meta.Columns))
	}
	if s.Data != nil {
		fmt.Fprintf(w, ", data %v", s.Data.Shape)
	}
	fmt.Fprintln(w)
	printColumns(w, s.Meta)
	return nil
}
