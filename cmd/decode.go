package cmd

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/latent-explorer/latent/model/safefile"

	"github.com/latent-explorer/latent/model"
	"github.com/latent-explorer/latent/viz/grid"
)

func init() {
	register(&command{
		name:    "decode",
		args:    "--decoder M.onnx --z Z.npy|\"0.1,-2,...\" -o OUT.npy|OUT.png",
		summary: "decode latent vectors with an ONNX decoder (.npy array, or a PNG grid of images)",
		run:     runDecode,
	})
}

func runDecode(ctx context.Context, e *env, flags *flag.FlagSet, args []string) error {
	decPath := flags.String("decoder", "", "the ONNX decoder")
	zArg := flags.String("z", "", "latent codes: a file (.npy, .npz, .csv, .tsv, .parquet; .npy, .csv and .tsv also gzipped) or one vector as comma-separated numbers")
	out := flags.String("o", "", "output: .npy (float32, [N, item shape...]) or .png (a grid of the decoded images)")
	cols := flags.Int("cols", 0, "for .png: images per row (0: a near-square grid)")
	rng := flags.String("value-range", "auto", "for .png: the decoder's value range lo:hi, or auto ([0,1] or [-1,1] from the values)")
	allowNonfinite := addAllowNonfinite(flags)
	df := addDecodingFlags(flags)
	if err := parse(flags, args); err != nil {
		return err
	}
	if err := df.check(); err != nil {
		return err
	}
	if *decPath == "" || *zArg == "" {
		return usagef("--decoder and --z are required")
	}
	ext := strings.ToLower(filepath.Ext(*out))
	if ext != ".npy" && ext != ".png" {
		return usagef("-o %q: want a file ending in .npy or .png", *out)
	}
	lo, hi, err := parseRange(*rng)
	if err != nil {
		return err
	}
	dec, err := df.loadDecoder(*decPath, model.DecodingSpec{})
	if err != nil {
		return err
	}
	z, n, err := latentInput(*zArg, dec)
	if err != nil {
		return err
	}
	y, err := decodeAll(ctx, e, dec, z, n, df.classList())
	if err != nil {
		return fmt.Errorf("%s: %w", *decPath, err)
	}
	if err := checkDecoded(e, *decPath, y, *allowNonfinite); err != nil {
		return err
	}
	if ext == ".npy" {
		return writeDecoded(*out, y, n, dec.OutputShape())
	}
	if !dec.IsImage() {
		return usagef("-o %s: the decoder outputs vectors of shape %v, not images; write .npy", *out, dec.OutputShape())
	}
	if *rng == "auto" {
		lo, hi = model.GuessRange(y)
	}
	return writeGrid(*out, y, n, dec.OutputShape(), *cols, lo, hi)
}

// addAllowNonfinite defines --allow-nonfinite, for the commands that decode.
func addAllowNonfinite(flags *flag.FlagSet) *bool {
	return flags.Bool("allow-nonfinite", false, "write the output even if the decoder makes NaN or Inf values (a warning instead of an error)")
}

// checkDecoded reports NaN or Inf in the decoder's output: an error, or
// with allow a warning line on stderr.
func checkDecoded(e *env, decPath string, y []float32, allow bool) error {
	err := model.CountNonFinite(y).Err()
	switch {
	case err == nil:
		return nil
	case allow:
		fmt.Fprintf(e.stderr, "latent: warning: %s: %v\n", decPath, err)
		return nil
	}
	return fmt.Errorf("%s: %w (give --allow-nonfinite to write it anyway)", decPath, err)
}

// latentInput reads --z: a codes file (of any shape [N, ...] the
// decoder's latent input takes), or one vector typed inline.
func latentInput(arg string, dec *model.Decoder) ([]float32, int, error) {
	if v, ok := parseVector(arg); ok {
		if len(v) != dec.LatentDim() {
			return nil, 0, usagef("--z has %d values, the decoder takes %d", len(v), dec.LatentDim())
		}
		return v, 1, nil
	}
	c, err := loadCodes(arg)
	if err != nil {
		return nil, 0, err
	}
	if err := dec.CheckCodes(c); err != nil {
		return nil, 0, fmt.Errorf("%s: %w", arg, err)
	}
	return c.Data, c.N, nil
}

// parseVector parses "0.1,-2,3" (a single number too) unless it names a
// file.
func parseVector(s string) ([]float32, bool) {
	if _, err := os.Stat(s); err == nil {
		return nil, false
	}
	var v []float32
	for _, f := range strings.Split(s, ",") {
		x, err := strconv.ParseFloat(strings.TrimSpace(f), 32)
		if err != nil {
			return nil, false
		}
		v = append(v, float32(x))
	}
	return v, true
}

func parseRange(s string) (float64, float64, error) {
	if s == "auto" {
		return 0, 1, nil
	}
	a, b, ok := strings.Cut(s, ":")
	lo, err1 := strconv.ParseFloat(a, 64)
	hi, err2 := strconv.ParseFloat(b, 64)
	if !ok || err1 != nil || err2 != nil || !(hi > lo) {
		return 0, 0, usagef("--value-range %q: want lo:hi with lo < hi, or auto", s)
	}
	return lo, hi, nil
}

// decodeAll decodes in blocks (model.DecodeAllClass) with a progress bar;
// classes are DecodeBatchClass's (one for all, or none).
func decodeAll(ctx context.Context, e *env, dec *model.Decoder, z []float32, n int, classes []int) ([]float32, error) {
	update, done := e.progressBar("decoding")
	defer done()
	return model.DecodeAllClass(ctx, dec, z, n, classes, update)
}

func writeDecoded(path string, y []float32, n int, shape []int) error {
	a := &model.Array{Shape: append([]int{n}, shape...), DType: "float32", Data: make([]float64, len(y))}
	for i, v := range y {
		a.Data[i] = float64(v)
	}
	return model.WriteNPY(path, a)
}

// writeGrid writes the n decoded images as a PNG contact sheet
// (grid.Tile) with the value range lo:hi.
func writeGrid(path string, y []float32, n int, shape []int, cols int, lo, hi float64) error {
	spec := &model.OutputSpec{Kind: "image", Shape: shape, Range: [2]float64{lo, hi}, Channels: "rgb"}
	images, err := spec.Images(y, n, shape)
	if err != nil {
		return err
	}
	sheet := grid.Tile(images, cols)
	return safefile.Write(path, func(w io.Writer) error { return grid.WritePNG(w, sheet) })
}
