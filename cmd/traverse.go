package cmd

import (
	"context"
	"flag"
	"fmt"
	"image"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/latent-explorer/latent/model"
	"github.com/latent-explorer/latent/viz/grid"
)

func init() {
	register(&command{
		name:    "traverse",
		args:    "SPACE|--codes Z --decoder M.onnx [--dims 0,1,2|all|top:K] [--range -3:3] [--steps 9] [--from mean|I|\"0.1,...\"] -o GRID.png|GRID.gif",
		summary: "decode a latent traversal grid (one row per dimension, one column per step) as PNG or GIF",
		run:     runTraverse,
	})
}

// Limits that keep a picture to a sensible size.
const (
	maxSteps = 200
	minCell  = 8
	maxCell  = 512
)

func runTraverse(ctx context.Context, e *env, flags *flag.FlagSet, args []string) error {
	tf := addTraverseFlags(flags)
	pos, err := parseInterleaved(flags, args)
	if err != nil {
		return err
	}
	lo, hi, err := tf.check()
	if err != nil {
		return err
	}
	ds, err := openDecodingSpace(pos, tf.space)
	if err != nil {
		return err
	}
	ds.allowNonfinite = *tf.pic.allowNonfinite
	dims, err := parseDims(*tf.dims, ds.stats())
	if err != nil {
		return err
	}
	if err := tf.pic.checkSize(len(dims), *tf.steps); err != nil {
		return err
	}
	base, err := ds.code("--from", *tf.from)
	if err != nil {
		return err
	}
	scale := tf.scale(e, ds, dims)
	vecs := model.Traversal(nil, base, dims, lo, hi, *tf.steps, scale)
	cells, err := ds.decodeCells(ctx, e, vecs, *tf.pic.cell)
	if err != nil {
		return err
	}
	return tf.pic.write(traversalPicture(cells, dims, lo, hi, *tf.steps))
}

// traverseFlags are latent traverse's flags.
type traverseFlags struct {
	space                   *spaceFlags
	span, dims, from, units *string
	steps                   *int
	pic                     *pictureFlags
}

func addTraverseFlags(flags *flag.FlagSet) *traverseFlags {
	sf := addSpaceFlags(flags)
	return &traverseFlags{
		space: sf,
		span:  flags.String("range", "-3:3", "the traversal's `range` lo:hi, in --units"),
		dims:  flags.String("dims", "top:10", "dimensions, one row each: a list such as 0,3,7, all, or top:K (the K of largest variance in the codes)"),
		steps: flags.Int("steps", 9, "columns: values from lo to hi of --range"),
		from:  flags.String("from", "mean", "the point traversed from: mean, zero, a code's row index I, or a vector \"0.1,-2,...\""),
		units: flags.String("units", "std", "units of --range: std (each dimension's standard deviation in the codes) or prior (the prior's)"),
		pic:   addPictureFlags(flags),
	}
}

// check checks the flags that need no space and returns the traversal's
// range.
func (tf *traverseFlags) check() (lo, hi float64, err error) {
	if lo, hi, err = parseTraverseRange(*tf.span); err != nil {
		return 0, 0, err
	}
	if err := checkSteps(*tf.steps); err != nil {
		return 0, 0, err
	}
	if *tf.units != "std" && *tf.units != "prior" {
		return 0, 0, usagef("--units %q: want std or prior", *tf.units)
	}
	return lo, hi, tf.pic.check()
}

// scale returns the unit of --range in every dimension, noting on stderr
// the traversed dimensions whose codes do not spread at all (their rows
// would not change).
func (tf *traverseFlags) scale(e *env, ds *decodingSpace, dims []int) []float64 {
	if *tf.units == "prior" {
		return ds.priorScale()
	}
	std := ds.stats().Std
	for _, d := range dims {
		if std[d] == 0 {
			fmt.Fprintf(e.stderr, "latent traverse: note: dimension %d has no spread in the codes, so its row does not change; try --units prior\n", d)
		}
	}
	return std
}

// parseTraverseRange reads the traversal range lo:hi.
func parseTraverseRange(s string) (lo, hi float64, err error) {
	a, b, ok := strings.Cut(s, ":")
	lo, errA := strconv.ParseFloat(strings.TrimSpace(a), 64)
	hi, errB := strconv.ParseFloat(strings.TrimSpace(b), 64)
	if !ok || errA != nil || errB != nil || math.IsInf(lo, 0) || math.IsInf(hi, 0) || lo == hi {
		return 0, 0, usagef("--range %q: want lo:hi, two different numbers such as -3:3", s)
	}
	return lo, hi, nil
}

func checkSteps(steps int) error {
	if steps < 2 || steps > maxSteps {
		return usagef("--steps %d: want 2 to %d", steps, maxSteps)
	}
	return nil
}

// parseDims reads --dims: "all", "top:K" or a list of dimension indices.
func parseDims(arg string, st *model.Stats) ([]int, error) {
	d := len(st.Mean)
	switch {
	case arg == "all":
		dims := make([]int, d)
		for i := range dims {
			dims[i] = i
		}
		return dims, nil
	case strings.HasPrefix(arg, "top:"):
		k, err := strconv.Atoi(strings.TrimPrefix(arg, "top:"))
		if err != nil || k < 1 {
			return nil, usagef("--dims %q: want top:K with K ≥ 1", arg)
		}
		return append([]int(nil), st.Order[:min(k, d)]...), nil
	}
	var dims []int
	for _, f := range strings.Split(arg, ",") {
		v, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil {
			return nil, usagef("--dims %q: want a list such as 0,3,7, all, or top:K", arg)
		}
		if v < 0 || v >= d {
			return nil, usagef("--dims: no dimension %d; the codes have %d (0 to %d)", v, d, d-1)
		}
		dims = append(dims, v)
	}
	return dims, nil
}

// traversalPicture lays out the decoded cells (row-major, dims × steps):
// one grid with a row per dimension and a column per value, and the GIF's
// frames, one per value with the dimensions side by side.
func traversalPicture(cells []image.Image, dims []int, lo, hi float64, steps int) picture {
	rowLabels := make([]string, len(dims))
	for i, d := range dims {
		rowLabels[i] = "z" + strconv.Itoa(d)
	}
	values := make([]string, steps)
	for j := range values {
		values[j] = formatValue(model.StepValue(lo, hi, steps, j))
	}
	rows := make([][]image.Image, len(dims))
	for i := range rows {
		rows[i] = cells[i*steps : (i+1)*steps]
	}
	return picture{
		grid: func(cell int) image.Image { return grid.Grid(rows, rowLabels, values, cell) },
		frames: func(cell int) []image.Image {
			frames := make([]image.Image, steps)
			for j := range frames {
				col := make([]image.Image, len(dims))
				for i := range col {
					col[i] = rows[i][j]
				}
				// Equal-width labels keep every frame the same size.
				frames[j] = grid.Grid([][]image.Image{col}, []string{padLeft(values[j], values)}, rowLabels, cell)
			}
			return frames
		},
	}
}

// formatValue writes a step value briefly, with its sign.
func formatValue(v float64) string {
	s := strconv.FormatFloat(v, 'g', 3, 64)
	if v > 0 {
		s = "+" + s
	}
	return s
}

// padLeft pads s with spaces to the length of the longest of all.
func padLeft(s string, all []string) string {
	n := 0
	for _, a := range all {
		n = max(n, len(a))
	}
	return strings.Repeat(" ", n-len(s)) + s
}

// A picture is what traverse and interpolate draw: one grid (PNG) or a
// sequence of frames (GIF), made at a given cell size.
type picture struct {
	grid   func(cell int) image.Image
	frames func(cell int) []image.Image
}

// pictureFlags are the output flags traverse and interpolate share.
type pictureFlags struct {
	out            *string
	cell           *int
	delay          *time.Duration
	allowNonfinite *bool
}

func addPictureFlags(flags *flag.FlagSet) *pictureFlags {
	return &pictureFlags{
		out:            flags.String("o", "", "output: a .png grid, or a .gif with one frame per step"),
		cell:           flags.Int("cell", 56, "side of a cell in pixels (images are upscaled by nearest neighbour)"),
		delay:          flags.Duration("delay", 200*time.Millisecond, "for .gif: how long each frame shows"),
		allowNonfinite: addAllowNonfinite(flags),
	}
}

func (p *pictureFlags) check() error {
	if _, err := outputKind(*p.out, "png", "gif"); err != nil {
		return err
	}
	if *p.cell < minCell || *p.cell > maxCell {
		return usagef("--cell %d: want %d to %d pixels", *p.cell, minCell, maxCell)
	}
	if *p.delay < 0 {
		return usagef("--delay %v: want a duration ≥ 0", *p.delay)
	}
	return nil
}

// checkSize refuses a grid of rows × cols cells too big to hold in
// memory or to store (GIF and most viewers stop at 65,535 pixels a side).
func (p *pictureFlags) checkSize(rows, cols int) error {
	const maxSide, maxPixels = 65535, 1 << 27
	w, h := cols*(*p.cell+grid.Gutter), rows*(*p.cell+grid.Gutter)
	if w > maxSide || h > maxSide || w*h > maxPixels {
		return usagef("a grid of %d×%d cells of %d pixels would be about %d×%d pixels; use fewer --dims or --steps, or a smaller --cell", rows, cols, *p.cell, w, h)
	}
	return nil
}

// write writes pic to -o, atomically: a PNG of the grid or a GIF of the
// frames.
func (p *pictureFlags) write(pic picture) error {
	if strings.ToLower(filepath.Ext(*p.out)) == ".gif" {
		frames := pic.frames(*p.cell)
		return model.WriteAtomic(*p.out, func(w io.Writer) error { return grid.WriteGIF(w, frames, *p.delay) })
	}
	img := pic.grid(*p.cell)
	return model.WriteAtomic(*p.out, func(w io.Writer) error { return grid.WritePNG(w, img) })
}

// decodingSpace is a space opened with its decoder, for commands that
// decode latent vectors into pictures.
type decodingSpace struct {
	name  string // the SPACE argument or the codes file, for messages
	space *model.Space
	dec   *model.Decoder
	st    *model.Stats
	// allowNonfinite turns NaN/Inf in the decoder's output from an error
	// into a warning.
	allowNonfinite bool
}

// openDecodingSpace opens the SPACE argument or the file flags and loads
// the decoder, checking it takes the codes' dimension.
func openDecodingSpace(pos []string, sf *spaceFlags) (*decodingSpace, error) {
	s, name, err := openSpaceArgs(pos, sf)
	if err != nil {
		return nil, err
	}
	if s.DecoderPath() == "" {
		return nil, fmt.Errorf("%s: the space has no decoder; give one in its %s or with --decoder", name, model.ManifestName)
	}
	dec, err := model.LoadDecoder(s.DecoderPath())
	if err != nil {
		return nil, err
	}
	if dec.LatentDim() != s.Codes.D {
		return nil, fmt.Errorf("%s: the decoder takes latent vectors of %d, the codes have %d dimensions", s.DecoderPath(), dec.LatentDim(), s.Codes.D)
	}
	return &decodingSpace{name: name, space: s, dec: dec}, nil
}

// openSpaceArgs opens the one SPACE argument, or the space the file flags
// describe.
func openSpaceArgs(pos []string, sf *spaceFlags) (*model.Space, string, error) {
	m, err := sf.manifest()
	if err != nil {
		return nil, "", err
	}
	switch {
	case len(pos) > 1:
		return nil, "", usagef("want one SPACE, got %d arguments", len(pos))
	case m != nil && len(pos) == 1:
		return nil, "", usagef("give a SPACE or file flags (--codes, --decoder, ...), not both")
	case m != nil:
		s, err := model.LoadSpace("", decodingOnly(m))
		return s, m.Codes, err
	case len(pos) == 0:
		return nil, "", usagef("give a SPACE, or --codes and --decoder")
	}
	opts := openOptions(*sf.allowOutside)
	if err := model.CheckSpace(pos[0], opts...); err != nil {
		return nil, "", err
	}
	m, err = model.ReadManifest(pos[0])
	if err != nil {
		return nil, "", err
	}
	dir := pos[0]
	if st, err := os.Stat(dir); err == nil && !st.IsDir() {
		dir = filepath.Dir(dir)
	}
	s, err := model.LoadSpace(dir, decodingOnly(m), opts...)
	return s, pos[0], err
}

// decodingOnly drops from m the files that decoding latent points does
// not need (labels, metadata, data items, a stored map), so they are
// neither read (the data can be hundreds of megabytes) nor required.
func decodingOnly(m *model.Manifest) *model.Manifest {
	c := *m
	c.Labels, c.Metadata, c.Data, c.Encoder, c.Map = "", "", "", "", nil
	return &c
}

// stats returns the codes' per-dimension statistics, computed once.
func (ds *decodingSpace) stats() *model.Stats {
	if ds.st == nil {
		ds.st = model.CodeStats(ds.space.Codes)
	}
	return ds.st
}

// priorScale is the prior's standard deviation in every dimension.
func (ds *decodingSpace) priorScale() []float64 {
	s := make([]float64, ds.space.Codes.D)
	std := model.PriorOf(ds.space.Manifest.Prior).Std()
	for i := range s {
		s[i] = std
	}
	return s
}

// code reads a latent point given to the flag name: "mean" (of the codes), "zero",
// a row index of the codes, or the vector itself as comma-separated
// numbers.
func (ds *decodingSpace) code(name, arg string) ([]float64, error) {
	c := ds.space.Codes
	switch arg {
	case "mean":
		return append([]float64(nil), ds.stats().Mean...), nil
	case "zero":
		return make([]float64, c.D), nil
	}
	if i, err := strconv.Atoi(arg); err == nil {
		if i < 0 || i >= c.N {
			return nil, usagef("%s %d: no such code; %s has %d (0 to %d)", name, i, ds.name, c.N, c.N-1)
		}
		z := make([]float64, c.D)
		for j, v := range c.Row(i) {
			z[j] = float64(v)
		}
		return z, nil
	}
	return parseCodeVector(name, arg, c.D)
}

// parseCodeVector parses "0.1,-2,..." of exactly d numbers.
func parseCodeVector(name, arg string, d int) ([]float64, error) {
	fields := strings.Split(arg, ",")
	z := make([]float64, 0, len(fields))
	for _, f := range fields {
		v, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, usagef("%s %q: want mean, zero, a code's index, or %d comma-separated numbers", name, arg, d)
		}
		z = append(z, v)
	}
	if len(z) != d {
		return nil, usagef("%s has %d values; the latent space has %d dimensions", name, len(z), d)
	}
	return z, nil
}

// decodeCells decodes the vectors and turns each decoded item into a cell
// image: the image itself, or for a decoder whose output is a vector a
// line plot of it, all plots on one shared value scale.
func (ds *decodingSpace) decodeCells(ctx context.Context, e *env, vecs [][]float64, cell int) ([]image.Image, error) {
	shape, isImage, err := ds.cellShape()
	if err != nil {
		return nil, err
	}
	y, err := decodeAll(ctx, e, ds.dec, model.Float32s(nil, vecs), len(vecs))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", ds.space.DecoderPath(), err)
	}
	if err := checkDecoded(e, ds.space.DecoderPath(), y, ds.allowNonfinite); err != nil {
		return nil, err
	}
	if isImage {
		return ds.imageCells(y, len(vecs), shape)
	}
	return plotCells(y, len(vecs), cell), nil
}

// cellShape returns the shape of one decoded item and whether it is shown
// as an image: the space's output.shape when it gives one (it must hold as
// many values as the decoder makes), else the decoder's own shape.
func (ds *decodingSpace) cellShape() ([]int, bool, error) {
	o := ds.space.Manifest.Output
	if err := o.CheckDecoder(ds.dec.OutputShape()); err != nil {
		return nil, false, fmt.Errorf("%s: %w", ds.name, err)
	}
	if o.Kind == "vector" {
		return ds.dec.OutputShape(), false, nil
	}
	if len(o.Shape) == 0 {
		return ds.dec.OutputShape(), ds.dec.IsImage(), nil
	}
	if n, m := elems(o.Shape), elems(ds.dec.OutputShape()); n != m {
		return nil, false, fmt.Errorf("%s: output shape %v holds %d values, the decoder makes %v (%d)", ds.name, o.Shape, n, ds.dec.OutputShape(), m)
	}
	if _, _, _, err := model.ImageSize(o.Shape); err != nil {
		return nil, false, fmt.Errorf("%s: %w", ds.name, err)
	}
	return o.Shape, true, nil
}

func elems(shape []int) int {
	n := 1
	for _, s := range shape {
		n *= s
	}
	return n
}

// imageCells turns n decoded items into images by the space's output spec.
func (ds *decodingSpace) imageCells(y []float32, n int, shape []int) ([]image.Image, error) {
	spec := ds.space.Manifest.Output
	item := len(y) / n
	cells := make([]image.Image, n)
	for i := range cells {
		img, err := spec.ToImage(y[i*item:(i+1)*item], shape, nil)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", ds.name, err)
		}
		cells[i] = img
	}
	return cells, nil
}

// plotCells draws n decoded vectors as line plots of side cell on the
// finite values' common range.
func plotCells(y []float32, n, cell int) []image.Image {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range y {
		if f := float64(v); !math.IsNaN(f) && !math.IsInf(f, 0) {
			lo, hi = math.Min(lo, f), math.Max(hi, f)
		}
	}
	if lo > hi {
		lo, hi = 0, 1
	}
	item := len(y) / n
	cells := make([]image.Image, n)
	v := make([]float64, item)
	for i := range cells {
		for k, x := range y[i*item : (i+1)*item] {
			v[k] = float64(x)
		}
		cells[i] = grid.Plot(v, lo, hi, cell)
	}
	return cells
}
