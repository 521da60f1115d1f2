package grid

import (
	"fmt"
	"image"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/latent-explorer/latent/model/safefile"
)

// Limits of a picture, so that a grid stays storable: GIF and most
// viewers stop at 65,535 pixels a side, and 2^27 pixels (512 MB as NRGBA)
// is as much as one picture may take.
const (
	MaxSide   = 65535
	MaxPixels = 1 << 27
)

// A Picture is decoded cells laid out for export: a grid of rows × cols
// cells (a latent traversal: one row per dimension, one column per step)
// or a strip (an interpolation). It draws at any cell size as one image,
// for PNG, or as frames, one per column, for an animated GIF.
type Picture struct {
	cells                []image.Image // row-major
	rows, cols           int
	rowLabels, colLabels []string
	strip                bool
}

// NewGrid returns the picture of cells (row-major, len(rowLabels) rows of
// len(colLabels) columns) with those labels. It panics if the counts do
// not agree.
func NewGrid(cells []image.Image, rowLabels, colLabels []string) *Picture {
	if len(rowLabels) == 0 || len(cells) != len(rowLabels)*len(colLabels) {
		panic(fmt.Sprintf("grid: %d cells for %d rows × %d columns", len(cells), len(rowLabels), len(colLabels)))
	}
	return &Picture{cells: cells, rows: len(rowLabels), cols: len(colLabels), rowLabels: rowLabels, colLabels: colLabels}
}

// NewStrip returns the picture of cells in one row with a label above
// each. It panics if the counts differ or there are no cells.
func NewStrip(cells []image.Image, labels []string) *Picture {
	if len(cells) == 0 || len(cells) != len(labels) {
		panic(fmt.Sprintf("grid: %d cells for %d labels", len(cells), len(labels)))
	}
	return &Picture{cells: cells, rows: 1, cols: len(cells), colLabels: labels, strip: true}
}

// Dims returns the picture's rows and columns of cells.
func (p *Picture) Dims() (rows, cols int) { return p.rows, p.cols }

// CheckSize returns an error when the picture at the given cell size would
// exceed MaxSide or MaxPixels.
func (p *Picture) CheckSize(cell int) error {
	return CheckSize(p.rows, p.cols, cell)
}

// CheckSize returns an error when a grid of rows × cols cells of side cell
// would exceed MaxSide or MaxPixels (ignoring the labels' margins).
func CheckSize(rows, cols, cell int) error {
	w, h := cols*(cell+Gutter), rows*(cell+Gutter)
	if w > MaxSide || h > MaxSide || w*h > MaxPixels {
		return fmt.Errorf("a grid of %d×%d cells of %d pixels would be about %d×%d pixels; use fewer rows or columns, or smaller cells", rows, cols, cell, w, h)
	}
	return nil
}

// Image draws the picture with cells of side cell.
func (p *Picture) Image(cell int) *image.NRGBA {
	if p.strip {
		return Strip(p.cells, p.colLabels, cell)
	}
	return Grid(p.rowsOf(), p.rowLabels, p.colLabels, cell)
}

// Frames draws one frame per column. A grid's frame j shows column j's
// cells side by side, labelled by the row labels, with column j's label
// (padded to the longest, so every frame has the same size) on the left;
// a strip's frame j is its cell j labelled "t=" and its label.
func (p *Picture) Frames(cell int) []image.Image {
	frames := make([]image.Image, p.cols)
	if p.strip {
		for j, c := range p.cells {
			frames[j] = Strip([]image.Image{c}, []string{"t=" + p.colLabels[j]}, cell)
		}
		return frames
	}
	rows := p.rowsOf()
	for j := range frames {
		col := make([]image.Image, p.rows)
		for i := range col {
			col[i] = rows[i][j]
		}
		frames[j] = Grid([][]image.Image{col}, []string{padLeft(p.colLabels[j], p.colLabels)}, p.rowLabels, cell)
	}
	return frames
}

func (p *Picture) rowsOf() [][]image.Image {
	rows := make([][]image.Image, p.rows)
	for i := range rows {
		rows[i] = p.cells[i*p.cols : (i+1)*p.cols]
	}
	return rows
}

// padLeft pads s with spaces to the length of the longest of all.
func padLeft(s string, all []string) string {
	n := 0
	for _, a := range all {
		n = max(n, len(a))
	}
	return strings.Repeat(" ", n-len(s)) + s
}

// DimensionLabels names latent dimensions for row labels: "z0", "z3", ….
func DimensionLabels(dims []int) []string {
	out := make([]string, len(dims))
	for i, d := range dims {
		out[i] = "z" + strconv.Itoa(d)
	}
	return out
}

// ValueLabels writes traversal step values briefly, with their sign and
// unit: "-3σ", "+1.5σ", "0σ" for unit "σ".
func ValueLabels(values []float64, unit string) []string {
	out := make([]string, len(values))
	for i, v := range values {
		s := strconv.FormatFloat(v, 'g', 3, 64)
		if v > 0 {
			s = "+" + s
		}
		out[i] = s + unit
	}
	return out
}

// FractionLabels writes interpolation positions t from 0 to 1 briefly:
// "0", "0.33", "0.67", "1".
func FractionLabels(t []float64) []string {
	out := make([]string, len(t))
	for i, v := range t {
		out[i] = strconv.FormatFloat(v, 'g', 2, 64)
	}
	return out
}

// Plots draws n vectors, row-major in y, as line plots of side cell (see
// Plot) on the finite values' common range, so the cells compare: the
// cells of a decoder whose output is a vector, not an image.
func Plots(y []float32, n, cell int) []image.Image {
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
		cells[i] = Plot(v, lo, hi, cell)
	}
	return cells
}

// Save writes the picture atomically to path (safefile.Write): a PNG of
// the grid with cells of side cell, or with gif its frames, each shown
// for delay. latent traverse, latent interpolate and the explorer's grid
// panels all save through it.
func (p *Picture) Save(path string, gif bool, cell int, delay time.Duration) error {
	if gif {
		frames := p.Frames(cell)
		return safefile.Write(path, func(w io.Writer) error { return WriteGIF(w, frames, delay) })
	}
	img := p.Image(cell)
	return safefile.Write(path, func(w io.Writer) error { return WritePNG(w, img) })
}
