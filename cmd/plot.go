package cmd

import (
	"context"
	"flag"
	"fmt"
	"image/color"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot/vg"

	"github.com/latent-explorer/latent/app/session"
	"github.com/latent-explorer/latent/model"
	"github.com/latent-explorer/latent/viz/export"
	"github.com/latent-explorer/latent/viz/projection"
	"github.com/latent-explorer/latent/viz/render"
)

func init() {
	register(&command{
		name: "plot",
		args: "(--codes Z [--method pca|tsne|umap --seed N ...] | --coords XY) [--labels L] [--color-by COLUMN] " +
			"[--title T] [--width W --height H --dpi D] -o PLOT.png|.svg|.pdf|.eps",
		summary: "draw a publication figure of the map, coloured by a label or metadata column",
		run:     runPlot,
	})
}

// plotFlags are the flags of latent plot.
type plotFlags struct {
	proj                             projectionFlags // --codes, --method and its parameters
	coords, labels, colorBy, colorAs string
	title, xLabel, yLabel, out       string
	width, height                    string
	dpi                              int
	pointSize, alpha                 float64
	palette, cmap                    string
	highlight, thumbnails, saveData  string
	maxVector                        int
}

func (f *plotFlags) define(flags *flag.FlagSet) {
	f.proj.define(flags, "with --codes: ")
	flags.StringVar(&f.coords, "coords", "", "2-D coordinates to plot instead of --codes (n×2 .npy or .csv, as latent project writes)")
	flags.StringVar(&f.labels, "labels", "", "labels and metadata: a CSV/TSV table with a header, or an integer .npy")
	flags.StringVar(&f.colorBy, "color-by", "", "the --labels column to colour by (default: \"label\", else the first)")
	flags.StringVar(&f.colorAs, "color-as", "auto", fmt.Sprintf("auto, categories (legend) or values (colour bar); auto treats text and up to %d distinct integers as categories, as the window does; at most %d categories show", model.MaxIntegerCategories, model.MaxShownCategories))
	flags.StringVar(&f.title, "title", "", "title above the map")
	flags.StringVar(&f.xLabel, "xlabel", "", "x axis label (default: method and component, e.g. \"t-SNE 1\")")
	flags.StringVar(&f.yLabel, "ylabel", "", "y axis label")
	flags.StringVar(&f.width, "width", "6in", "figure width: a number with in, cm, mm or pt (inches if no unit)")
	flags.StringVar(&f.height, "height", "4.5in", "figure height")
	flags.IntVar(&f.dpi, "dpi", export.DefaultDPI, "PNG resolution in dots per inch")
	flags.Float64Var(&f.pointSize, "point-size", 0, "point diameter in points (0: by point count)")
	flags.Float64Var(&f.alpha, "alpha", 0, "point opacity in (0, 1] (0: by point count)")
	flags.StringVar(&f.palette, "palette", "auto", "categorical colours: auto, okabe-ito (8), tableau10 or tableau20")
	flags.StringVar(&f.cmap, "cmap", "viridis", "colour map for values: viridis or coolwarm (diverging)")
	flags.StringVar(&f.highlight, "highlight", "", "points to highlight, 0-based: \"3,17,40-59\"")
	flags.StringVar(&f.thumbnails, "thumbnails", "", fmt.Sprintf("data images (.npy, MNIST IDX) to draw at the points; at most %d points", export.MaxThumbnails))
	flags.IntVar(&f.maxVector, "max-vector-points", export.DefaultMaxVectorPoints, "larger maps draw their points as one embedded raster layer (0: always)")
	flags.StringVar(&f.saveData, "save-data", "", "also write the coordinates: .csv (with the --labels columns) or .npy")
	flags.StringVar(&f.out, "o", "", "output figure: .png, .svg, .pdf or .eps")
}

func runPlot(ctx context.Context, e *env, flags *flag.FlagSet, args []string) error {
	var f plotFlags
	f.define(flags)
	if err := parse(flags, args); err != nil {
		return err
	}
	start := time.Now()
	m, err := f.check(flags)
	if err != nil {
		return err
	}
	n, err := f.coordinates(ctx, e, m)
	if err != nil {
		return err
	}
	table, err := f.readLabels(n)
	if err != nil {
		return err
	}
	if err := f.fill(m, table, n); err != nil {
		return err
	}
	if err := m.Save(f.out); err != nil {
		return err
	}
	if err := f.writeData(m, table); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "plot: %d points → %s in %.3g s\n", n, f.out, time.Since(start).Seconds())
	return nil
}

// check validates the flags before any file is read and returns the Map
// they describe so far.
func (f *plotFlags) check(flags *flag.FlagSet) (*export.Map, error) {
	switch {
	case flags.NArg() > 0:
		return nil, usagef("unexpected argument %q", flags.Arg(0))
	case f.out == "":
		return nil, usagef("-o is required")
	case (f.proj.codes == "") == (f.coords == ""):
		return nil, usagef("give exactly one of --codes and --coords")
	case f.colorBy != "" && f.labels == "":
		return nil, usagef("--color-by needs --labels")
	}
	if _, err := export.FormatOf(f.out); err != nil {
		return nil, usagef("-o %v", err)
	}
	if ext := strings.ToLower(filepath.Ext(f.saveData)); f.saveData != "" && ext != ".csv" && ext != ".npy" {
		return nil, usagef("--save-data %s: want a .csv or .npy file", f.saveData)
	}
	if err := f.checkProjection(flags); err != nil {
		return nil, err
	}
	if err := f.checkStyle(); err != nil {
		return nil, err
	}
	return f.newMap()
}

// checkProjection validates the projection flags, which only go with --codes.
func (f *plotFlags) checkProjection(flags *flag.FlagSet) error {
	var bad error
	flags.Visit(func(fl *flag.Flag) {
		if _, ok := projectionMethodFlags[fl.Name]; ok && f.coords != "" && bad == nil {
			bad = usagef("--%s applies to --codes, not --coords", fl.Name)
		}
	})
	if bad != nil {
		return bad
	}
	return f.proj.check(flags)
}

func (f *plotFlags) checkStyle() error {
	switch {
	case !slices.Contains([]string{"auto", "categories", "values"}, f.colorAs):
		return usagef("--color-as %q: want auto, categories or values", f.colorAs)
	case !slices.Contains([]string{"auto", "okabe-ito", "tableau10", "tableau20"}, f.palette):
		return usagef("--palette %q: want auto, okabe-ito, tableau10 or tableau20", f.palette)
	case f.cmap != "viridis" && f.cmap != "coolwarm":
		return usagef("--cmap %q: want viridis or coolwarm", f.cmap)
	case f.dpi < 10 || f.dpi > 2400:
		return usagef("--dpi %d: want 10 to 2400", f.dpi)
	case f.pointSize < 0 || f.pointSize > 50:
		return usagef("--point-size %g: want 0 to 50", f.pointSize)
	case f.alpha < 0 || f.alpha > 1:
		return usagef("--alpha %g: want 0 to 1", f.alpha)
	}
	return nil
}

// newMap returns the Map of the style flags.
func (f *plotFlags) newMap() (*export.Map, error) {
	w, err := parseLength("--width", f.width)
	if err != nil {
		return nil, err
	}
	h, err := parseLength("--height", f.height)
	if err != nil {
		return nil, err
	}
	m := &export.Map{
		Title: f.title, Width: w, Height: h, DPI: f.dpi,
		PointSize: vg.Length(f.pointSize), Alpha: f.alpha,
		MaxVectorPoints: f.maxVector,
	}
	if f.maxVector == 0 {
		m.MaxVectorPoints = -1 // 0 asks for no vector points at all
	}
	if f.cmap == "coolwarm" {
		m.ColorMap = render.CoolWarm
	}
	return m, nil
}

// parseLength reads a figure size such as "6", "6in", "15cm", "150mm" or
// "432pt" (no unit means inches).
func parseLength(flagName, s string) (vg.Length, error) {
	units := []struct {
		suffix string
		unit   vg.Length
	}{{"in", vg.Inch}, {"cm", vg.Centimeter}, {"mm", vg.Millimeter}, {"pt", vg.Points(1)}, {"", vg.Inch}}
	for _, u := range units {
		if num, ok := strings.CutSuffix(strings.TrimSpace(s), u.suffix); ok {
			v, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
			l := vg.Length(v) * u.unit
			if err != nil || !(l >= vg.Inch/2 && l <= 100*vg.Inch) {
				return 0, usagef("%s %q: want a size from 0.5in to 100in, such as 6in, 15cm or 400pt", flagName, s)
			}
			return l, nil
		}
	}
	panic("unreachable")
}

// coordinates reads or computes the points and names the axes; it returns
// the number of points.
func (f *plotFlags) coordinates(ctx context.Context, e *env, m *export.Map) (int, error) {
	var xl, yl string
	var err error
	if f.coords != "" {
		m.XY, err = model.ReadCoords(f.coords)
		xl, yl = projection.AxisLabels("", nil)
	} else {
		m.XY, xl, yl, err = f.project(ctx, e)
	}
	if err != nil {
		return 0, err
	}
	m.XLabel, m.YLabel = orString(f.xLabel, xl), orString(f.yLabel, yl)
	return m.Len(), nil
}

// orString returns a, or b when a is empty.
func orString(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// project fits the projection to the codes and names its axes.
func (f *plotFlags) project(ctx context.Context, e *env) (xy []float64, xl, yl string, err error) {
	codes, err := loadCodes(f.proj.codes)
	if err != nil {
		return nil, "", "", err
	}
	p, err := projection.New(f.proj.method, f.proj.options())
	if err != nil {
		return nil, "", "", usagef("%v", err)
	}
	update, done := e.progressBar(f.proj.method)
	y, err := p.Fit(ctx, session.CodesMatrix(codes), func(fr float64, _ *mat.Dense) { update(fr) })
	done()
	if err != nil {
		return nil, "", "", fmt.Errorf("%s: %w", f.proj.codes, err)
	}
	xl, yl = projection.AxisLabels(f.proj.method, p)
	return export.XYFromMatrix(y), xl, yl, nil
}

// readLabels reads the --labels table and checks it has n rows.
func (f *plotFlags) readLabels(n int) (*model.Table, error) {
	if f.labels == "" {
		return nil, nil
	}
	t, err := loadTable(f.labels)
	if err != nil {
		return nil, err
	}
	if t.Rows() != n {
		return nil, fmt.Errorf("%s has %d rows, %s has %d points", f.labels, t.Rows(), orString(f.coords, f.proj.codes), n)
	}
	return t, nil
}

// fill sets the Map's colouring, highlight and thumbnails.
func (f *plotFlags) fill(m *export.Map, t *model.Table, n int) error {
	if t != nil {
		col, err := f.colorColumn(t)
		if err != nil {
			return err
		}
		if err := f.setColoring(m, col); err != nil {
			return err
		}
	}
	sel, err := parseIndices(f.highlight, n)
	if err != nil {
		return err
	}
	m.Selection = sel
	return f.readThumbnails(m, n)
}

// colorColumn picks the column to colour by.
func (f *plotFlags) colorColumn(t *model.Table) (*model.Column, error) {
	if len(t.Columns) == 0 {
		return nil, fmt.Errorf("%s: no columns", f.labels)
	}
	if f.colorBy != "" {
		if c := t.Column(f.colorBy); c != nil {
			return c, nil
		}
		names := make([]string, len(t.Columns))
		for i, c := range t.Columns {
			names[i] = c.Name
		}
		return nil, fmt.Errorf("%s: no column %q (columns: %s)", f.labels, f.colorBy, strings.Join(names, ", "))
	}
	if c := t.Column("label"); c != nil {
		return c, nil
	}
	return t.Columns[0], nil
}

// setColoring colours the map by one column, as categories or values
// (--color-as auto follows model.IsCategorical, the rule the window uses).
func (f *plotFlags) setColoring(m *export.Map, c *model.Column) error {
	asValues := f.colorAs == "values" || (f.colorAs == "auto" && !model.IsCategorical(c))
	if asValues {
		if !c.Numeric() {
			return usagef("--color-as values: column %q of %s holds text", c.Name, f.labels)
		}
		m.SetValues(c.Name, c.Numbers)
		return nil
	}
	k := model.ColumnCategories(c, model.MaxShownCategories)
	m.SetCategories(c.Name, k.Index, k.Names, k.Noise)
	return f.setPalette(m, k.Noise)
}

// setPalette applies --palette to the categories (noise keeps its grey).
func (f *plotFlags) setPalette(m *export.Map, noise int) error {
	var p []color.NRGBA
	switch f.palette {
	case "auto":
		return nil
	case "okabe-ito":
		p = render.OkabeIto()
	case "tableau10":
		p = render.Tableau10()
	case "tableau20":
		p = render.Tableau20()
	}
	need := len(m.CategoryNames)
	if noise >= 0 {
		need--
	}
	if len(p) < need {
		return usagef("--palette %s has %d colours; column %q has %d categories", f.palette, len(p), m.ColorLabel, need)
	}
	m.Palette = render.WithNoise(p[:need], noise)
	return nil
}

// parseIndices reads "3,17,40-59" as indices below n.
func parseIndices(s string, n int) ([]int, error) {
	var out []int
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		lo, hi, isRange := strings.Cut(part, "-")
		a, errA := strconv.Atoi(lo)
		b, errB := a, error(nil)
		if isRange {
			b, errB = strconv.Atoi(hi)
		}
		if errA != nil || errB != nil || a < 0 || b < a || b >= n {
			return nil, usagef("--highlight %q: want indices or ranges from 0 to %d, such as 3,17,40-59", part, n-1)
		}
		for i := a; i <= b; i++ {
			out = append(out, i)
		}
	}
	return out, nil
}

// readThumbnails loads one data image per point for --thumbnails.
func (f *plotFlags) readThumbnails(m *export.Map, n int) error {
	if f.thumbnails == "" {
		return nil
	}
	if n > export.MaxThumbnails {
		return usagef("--thumbnails: %d points; thumbnails are for at most %d", n, export.MaxThumbnails)
	}
	a, err := model.ReadArray(f.thumbnails, "")
	if err != nil {
		return err
	}
	if len(a.Shape) < 3 || a.Shape[0] != n {
		return fmt.Errorf("%s: shape %v; want %d images [n, h, w] or [n, c, h, w]", f.thumbnails, a.Shape, n)
	}
	m.Thumbnails, err = model.ItemImages(f.thumbnails, a, "")
	return err
}

// writeData writes --save-data: the coordinates, with the --labels columns
// in CSV.
func (f *plotFlags) writeData(m *export.Map, t *model.Table) error {
	if f.saveData == "" {
		return nil
	}
	var cols []*model.Column
	if t != nil {
		cols = t.Columns
	}
	return model.WriteCoords(f.saveData, m.XY, "x", "y", cols)
}
