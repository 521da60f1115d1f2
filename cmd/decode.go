package cmd

import (
	"context"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/latent-explorer/latent/model"
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
	if err := parse(flags, args); err != nil {
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
	dec, err := model.LoadDecoder(*decPath)
	if err != nil {
		return err
	}
	z, n, err := latentInput(*zArg, dec.LatentDim())
	if err != nil {
		return err
	}
	y, err := decodeAll(ctx, e, dec, z, n)
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
		lo, hi = autoRange(y)
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

// latentInput reads --z: a codes file, or one vector typed inline.
func latentInput(arg string, d int) ([]float32, int, error) {
	if v, ok := parseVector(arg); ok {
		if len(v) != d {
			return nil, 0, usagef("--z has %d values, the decoder takes %d", len(v), d)
		}
		return v, 1, nil
	}
	c, err := loadCodes(arg)
	if err != nil {
		return nil, 0, err
	}
	if c.D != d {
		return nil, 0, fmt.Errorf("%s: codes of dimension %d, the decoder takes %d", arg, c.D, d)
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

// autoRange picks [0,1] or [-1,1] (sigmoid or tanh outputs), else the
// values' own range.
func autoRange(y []float32) (float64, float64) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range y {
		lo, hi = math.Min(lo, float64(v)), math.Max(hi, float64(v))
	}
	switch {
	case lo >= 0 && hi <= 1:
		return 0, 1
	case lo >= -1 && hi <= 1:
		return -1, 1
	case hi > lo:
		return lo, hi
	}
	return lo - 1, lo + 1
}

// decodeAll decodes in blocks, reporting progress and honouring ctx.
func decodeAll(ctx context.Context, e *env, dec *model.Decoder, z []float32, n int) ([]float32, error) {
	d := dec.LatentDim()
	item := 1
	for _, s := range dec.OutputShape() {
		item *= s
	}
	y := make([]float32, n*item)
	update, done := e.progressBar("decoding")
	defer done()
	const block = 1024
	for lo := 0; lo < n; lo += block {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		hi := min(n, lo+block)
		if _, err := dec.DecodeBatch(z[lo*d:hi*d], hi-lo, y[lo*item:hi*item]); err != nil {
			return nil, err
		}
		update(float64(hi) / float64(n))
	}
	return y, nil
}

func writeDecoded(path string, y []float32, n int, shape []int) error {
	a := &model.Array{Shape: append([]int{n}, shape...), DType: "float32", Data: make([]float64, len(y))}
	for i, v := range y {
		a.Data[i] = float64(v)
	}
	return model.WriteNPY(path, a)
}

// writeGrid writes the n decoded images as a PNG grid with a 2-pixel
// gutter.
func writeGrid(path string, y []float32, n int, shape []int, cols int, lo, hi float64) error {
	_, h, w, err := model.ImageSize(shape)
	if err != nil {
		return err
	}
	if cols <= 0 {
		cols = int(math.Ceil(math.Sqrt(float64(n))))
	}
	cols = max(1, min(cols, n))
	rows := (n + cols - 1) / cols
	const gap = 2
	grid := image.NewNRGBA(image.Rect(0, 0, cols*(w+gap)+gap, rows*(h+gap)+gap))
	draw.Draw(grid, grid.Bounds(), image.NewUniform(color.NRGBA{255, 255, 255, 255}), image.Point{}, draw.Src)
	spec := &model.OutputSpec{Kind: "image", Shape: shape, Range: [2]float64{lo, hi}, Channels: "rgb"}
	item := len(y) / max(n, 1)
	var tile *image.NRGBA
	for i := 0; i < n; i++ {
		if tile, err = spec.ToImage(y[i*item:(i+1)*item], shape, tile); err != nil {
			return err
		}
		at := image.Pt(gap+(i%cols)*(w+gap), gap+(i/cols)*(h+gap))
		draw.Draw(grid, tile.Bounds().Add(at), tile, image.Point{}, draw.Src)
	}
	return model.WriteAtomic(path, func(w io.Writer) error { return png.Encode(w, grid) })
}
