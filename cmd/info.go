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
		return infoSpace(ctx, e.stdout, path, openOptions(*allowOutside))
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
	if model.TableRole(t) == model.RoleCodes {
		return infoArray(w, path, "")
	}
	fmt.Fprintf(w, "%s: metadata table, %d rows, %d columns\n", path, t.Rows(), len(t.Columns))
	printColumns(w, t)
	return nil
}

// printColumns lists the columns and how the map colours each: as
// categories or as values (model.IsCategorical).
func printColumns(w io.Writer, t *model.Table) {
	for _, c := range t.Columns {
		kind := "values"
		if model.IsCategorical(c) {
			kind = "categories"
		}
		k := model.ColumnCategories(c, 0)
		fmt.Fprintf(w, "  %-20s %-12s %d distinct\n", c.Name, kind, len(k.Names))
	}
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
		s := model.Describe(a.Data)
		fmt.Fprintf(w, "  values: min %.4g, max %.4g, mean %.4g, NaN %d, Inf %d\n", s.Min, s.Max, s.Mean, s.NaN, s.Inf)
	}
	return nil
}

// arrayRole names what an array most likely is (model.ArrayRole).
func arrayRole(a *model.Array) string {
	if r := model.ArrayRole(a); r != model.RoleData || len(a.Shape) < 3 {
		return string(r)
	}
	return "data (images)"
}

// printDimStats prints per-dimension statistics of an N×d array: the first
// 16 dimensions in full, then a summary of the rest.
func printDimStats(w io.Writer, a *model.Array) {
	n, d := a.Shape[0], a.Shape[1]
	all := make([]model.Spread, d)
	var col []float64
	if d > 0 { // a zero-width array of any row count costs nothing
		col = make([]float64, n)
	}
	nan, firstRow := 0, -1
	for j := range d {
		for i := range n {
			col[i] = a.Data[i*d+j]
			if math.IsNaN(col[i]) || math.IsInf(col[i], 0) {
				nan++
				if firstRow < 0 || i < firstRow {
					firstRow = i
				}
			}
		}
		all[j] = model.Describe(col)
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
	k := model.ColumnCategories(&model.Column{Numbers: a.Data}, 0)
	fmt.Fprintf(w, "  %d distinct values\n", len(k.Names))
	for i, name := range k.Names {
		if i == 20 {
			fmt.Fprintf(w, "  ... and %d more\n", len(k.Names)-20)
			break
		}
		fmt.Fprintf(w, "  %8s: %d\n", name, k.Counts[i])
	}
}

// infoSpace describes a space's manifest and whether each part loads.
func infoSpace(ctx context.Context, w io.Writer, path string, opts []model.OpenOption) error {
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
	if s.Codes.Shape != nil {
		fmt.Fprintf(w, " (shape %v)", s.Codes.Shape)
	}
	if len(s.Meta.Columns) > 0 {
		fmt.Fprintf(w, ", %d metadata columns", len(s.Meta.Columns))
	}
	if s.Data != nil {
		fmt.Fprintf(w, ", data %v", s.Data.Shape)
	}
	fmt.Fprintln(w)
	printColumns(w, s.Meta)
	if err := infoSpaceDecoder(w, s); err != nil {
		return err
	}
	return printDiagnostics(ctx, w, s)
}

// infoSpaceDecoder says how the space's decoder is fed (its [decoding]
// section applied) and whether it takes the codes.
func infoSpaceDecoder(w io.Writer, s *model.Space) error {
	if s.DecoderPath() == "" {
		return nil
	}
	dec, err := s.LoadDecoder()
	if err == nil {
		err = dec.CheckCodes(s.Codes)
	}
	if err != nil {
		fmt.Fprintf(w, "  decoder does not load: %v\n", err)
		return err
	}
	fmt.Fprintf(w, "  decoder: output %q %v", dec.OutputName(), dec.OutputShape())
	if k := dec.Classes(); k > 0 {
		fmt.Fprintf(w, ", %d classes (%s)", k, strings.Join(s.ClassNames(k), ", "))
	}
	fmt.Fprintln(w)
	for _, line := range dec.Inputs() {
		fmt.Fprintf(w, "    %s\n", line)
	}
	return nil
}

// maxDiagnosticRows bounds the dimensions the diagnostics table lists.
const maxDiagnosticRows = 64

// printDiagnostics prints the per-dimension table of model.DiagnoseSpace,
// by decreasing variance.
func printDiagnostics(ctx context.Context, w io.Writer, s *model.Space) error {
	var enc *model.Encoder
	if s.Manifest.Encoder != "" {
		var err error
		if enc, err = model.LoadEncoder(s.EncoderPath()); err != nil {
			return err
		}
	}
	d, err := model.DiagnoseSpace(ctx, s, enc, nil)
	if err != nil {
		return err
	}
	order, _ := d.Order(model.OrderVariance)
	fmt.Fprintf(w, "  dimensions: %d, %d active (inactive: variance < %g%% of the largest", len(d.Dims), d.Active(), 100*model.InactiveVariance)
	if d.HasKL {
		fmt.Fprintf(w, " or mean KL < %g nats); total mean KL %.4g nats\n", model.InactiveKL, d.TotalKL)
	} else {
		fmt.Fprintf(w, "; no KL: the space has no encoder with log-variances and data)\n")
	}
	fmt.Fprintf(w, "    %5s %12s %12s\n", "dim", "variance", "mean KL")
	for i, j := range order {
		if i == maxDiagnosticRows {
			fmt.Fprintf(w, "    … %d more\n", len(order)-i)
			break
		}
		x := d.Dims[j]
		flag := ""
		if x.Inactive {
			flag = "  inactive"
		}
		fmt.Fprintf(w, "    %5d %12.4g %12.4g%s\n", x.Dim, x.Variance, x.MeanKL, flag)
	}
	return nil
}
