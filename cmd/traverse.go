package cmd

import (
	"context"
	"flag"
	"fmt"
	"image"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/latent-explorer/latent/app/session"
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
	spec := session.TraverseSpec{Dims: dims, Lo: lo, Hi: hi, Steps: *tf.steps, Units: *tf.units, Base: base}
	t := session.DimsTraversal(spec, tf.scale(e, ds, dims))
	if t.Cells, err = ds.decodeCells(ctx, e, t.Z, *tf.pic.cell); err != nil {
		return err
	}
	return tf.pic.write(t.Picture())
}

// traverseFlags are latent traverse's flags.
type traverseFlags struct {
	space                   *spaceFlags
	span, dims, from, units *string
	steps                   *int
	pic                     *pictureFlags
}

func addTraverseFlags(flags *flag.FlagSet) *traverseFlags {
	sf := addSpaceFlags(flags).addDecoding(flags)
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
	if err := tf.space.decoding.check(); err != nil {
		return 0, 0, err
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

// parseDims reads --dims (model.ParseDims): "all", "top:K" or a list of
// dimension indices and ranges.
func parseDims(arg string, st *model.Stats) ([]int, error) {
	dims, err := model.ParseDims(arg, st)
	switch {
	case err == nil:
		return dims, nil
	case strings.HasPrefix(err.Error(), `"`):
		return nil, usagef("--dims %v", err)
	}
	return nil, usagef("--dims: %v", err)
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
// memory or to store (grid.CheckSize).
func (p *pictureFlags) checkSize(rows, cols int) error {
	if err := grid.CheckSize(rows, cols, *p.cell); err != nil {
		return usagef("%v (use fewer --dims or --steps, or a smaller --cell)", err)
	}
	return nil
}

// write writes pic to -o, atomically: a PNG of the grid or a GIF of the
// frames.
func (p *pictureFlags) write(pic *grid.Picture) error {
	return pic.Save(*p.out, strings.ToLower(filepath.Ext(*p.out)) == ".gif", *p.cell, *p.delay)
}

// decodingSpace is a space opened with its decoder, for commands that
// decode latent vectors into pictures.
type decodingSpace struct {
	name    string // the SPACE argument or the codes file, for messages
	space   *model.Space
	dec     *model.Decoder
	classes []int // the class decoded, for a class-conditional decoder
	st      *model.Stats
	// allowNonfinite turns NaN/Inf in the decoder's output from an error
	// into a warning.
	allowNonfinite bool
}

// openDecodingSpace opens the SPACE argument or the file flags and loads
// the decoder (with the space's [decoding] and the flags over it),
// checking it takes the codes.
func openDecodingSpace(pos []string, sf *spaceFlags) (*decodingSpace, error) {
	s, name, err := openSpaceArgs(pos, sf)
	if err != nil {
		return nil, err
	}
	if s.DecoderPath() == "" {
		return nil, fmt.Errorf("%s: the space has no decoder; give one in its %s or with --decoder", name, model.ManifestName)
	}
	df := sf.decoding
	if df == nil {
		df = addDecodingFlags(flag.NewFlagSet("", flag.ContinueOnError))
	}
	dec, err := df.loadDecoder(s.DecoderPath(), s.DecodingSpec())
	if err != nil {
		return nil, err
	}
	if err := dec.CheckCodes(s.Codes); err != nil {
		return nil, fmt.Errorf("%s: %w", s.DecoderPath(), err)
	}
	return &decodingSpace{name: name, space: s, dec: dec, classes: df.classList()}, nil
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
// neither read (the data can be hundreds of megabytes) nor required. The
// labels stay when they give a class-conditional decoder its number of
// classes.
func decodingOnly(m *model.Manifest) *model.Manifest {
	c := *m
	spec := m.DecodingSpec()
	if spec.Class == "" || spec.Classes > 0 || len(spec.ClassNames) > 0 {
		c.Labels = ""
	}
	c.Metadata, c.Data, c.Encoder, c.Map = "", "", "", nil
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
		return c.Vector(i), nil
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

// decodeCells decodes the vectors in batches and turns each decoded item
// into a cell image: the image itself, or for a decoder whose output is a
// vector a line plot of it, all plots on one shared value scale.
// The cells are the explorer's (session.ItemCells).
func (ds *decodingSpace) decodeCells(ctx context.Context, e *env, vecs [][]float64, cell int) ([]image.Image, error) {
	spec := ds.space.Manifest.Output
	if _, _, err := spec.CellShape(ds.dec); err != nil {
		return nil, fmt.Errorf("%s: %w", ds.name, err)
	}
	y, err := decodeAll(ctx, e, ds.dec, model.Float32s(nil, vecs), len(vecs), ds.classes)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", ds.space.DecoderPath(), err)
	}
	if err := checkDecoded(e, ds.space.DecoderPath(), y, ds.allowNonfinite); err != nil {
		return nil, err
	}
	cells, err := session.ItemCells(ds.dec, spec, y, len(vecs), cell)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", ds.name, err)
	}
	return cells, nil
}
