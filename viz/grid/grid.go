package grid

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

// Gutter is the space in pixels between cells and around the grid.
const Gutter = 2

// labelPad is the space in pixels between a label and the cells.
const labelPad = 4

var (
	// Background is the colour of the gutters and margins.
	Background = color.NRGBA{255, 255, 255, 255}
	// Ink is the colour of labels.
	Ink = color.NRGBA{32, 32, 32, 255}
)

// face is the labels' font: fixed 7-pixel advance, 13-pixel lines.
var face = basicfont.Face7x13

// Layout is the geometry of a grid: square cells of side Cell in Rows
// rows and Cols columns, with Gutter pixels between and around them, a
// margin of width Left for row labels and one of height Top for column
// labels (each 0 when there are no such labels).
type Layout struct {
	Rows, Cols int
	Cell       int
	Left, Top  int
}

// NewLayout returns the layout of a rows × cols grid of cells of side
// cell with the given labels (either may be nil). It panics if rows,
// cols or cell is not positive.
func NewLayout(rows, cols, cell int, rowLabels, colLabels []string) Layout {
	if rows <= 0 || cols <= 0 || cell <= 0 {
		panic(fmt.Sprintf("grid: layout of %d×%d cells of side %d", rows, cols, cell))
	}
	l := Layout{Rows: rows, Cols: cols, Cell: cell}
	if w := maxWidth(rowLabels); w > 0 {
		l.Left = w + 2*labelPad
	}
	if maxWidth(colLabels) > 0 {
		l.Top = face.Height + labelPad
	}
	return l
}

// Size returns the width and height of the whole picture.
func (l Layout) Size() image.Point {
	return image.Pt(l.Left+Gutter+l.Cols*(l.Cell+Gutter), l.Top+Gutter+l.Rows*(l.Cell+Gutter))
}

// CellRect returns the rectangle of the cell in row i, column j.
func (l Layout) CellRect(i, j int) image.Rectangle {
	min := image.Pt(l.Left+Gutter+j*(l.Cell+Gutter), l.Top+Gutter+i*(l.Cell+Gutter))
	return image.Rectangle{Min: min, Max: min.Add(image.Pt(l.Cell, l.Cell))}
}

// Grid draws images[i][j] in row i, column j of a grid of cells of side
// cell, each image upscaled (or downscaled) with nearest-neighbour
// sampling to fit its cell, keeping its aspect ratio and centred. Row
// labels are drawn right-aligned left of the rows, column labels centred
// above the columns (cut to the cell's width); either may be nil, and a
// nil image leaves its cell empty. Rows may have different lengths: the
// grid is as wide as the longest. Grid panics if there are no images or
// cell is not positive.
func Grid(images [][]image.Image, rowLabels, colLabels []string, cell int) *image.NRGBA {
	cols := 0
	for _, row := range images {
		cols = max(cols, len(row))
	}
	l := NewLayout(len(images), cols, cell, rowLabels, colLabels)
	dst := image.NewNRGBA(image.Rectangle{Max: l.Size()})
	fill(dst, Background)
	for i, row := range images {
		for j, img := range row {
			if img != nil {
				drawCell(dst, l.CellRect(i, j), img)
			}
		}
	}
	l.drawLabels(dst, rowLabels, colLabels)
	return dst
}

// Strip draws images side by side in one row with a label above each
// (labels may be nil): an interpolation strip.
func Strip(images []image.Image, labels []string, cell int) *image.NRGBA {
	return Grid([][]image.Image{images}, nil, labels, cell)
}

// drawCell scales img with nearest-neighbour sampling into the largest
// rectangle of its aspect ratio centred in r, over the background.
func drawCell(dst *image.NRGBA, r image.Rectangle, img image.Image) {
	src := toNRGBA(img)
	w, h := src.Rect.Dx(), src.Rect.Dy()
	if w <= 0 || h <= 0 {
		return
	}
	side := r.Dx()
	dw, dh := side, side
	if w > h {
		dh = max(1, (h*side+w/2)/w)
	} else if h > w {
		dw = max(1, (w*side+h/2)/h)
	}
	at := r.Min.Add(image.Pt((side-dw)/2, (side-dh)/2))
	// Destination pixel x samples source column ⌊(x+½)·w/dw⌋.
	cols := make([]int, dw)
	for x := range cols {
		cols[x] = 4 * ((2*x + 1) * w / (2 * dw))
	}
	for y := range dh {
		sy := (2*y + 1) * h / (2 * dh)
		srow := src.Pix[src.PixOffset(src.Rect.Min.X, src.Rect.Min.Y+sy):]
		drow := dst.Pix[dst.PixOffset(at.X, at.Y+y):]
		for x, sx := range cols {
			over(drow[4*x:4*x+4], srow[sx:sx+4])
		}
	}
}

// fill paints every pixel of img c.
func fill(img *image.NRGBA, c color.NRGBA) {
	if len(img.Pix) < 4 {
		return
	}
	img.Pix[0], img.Pix[1], img.Pix[2], img.Pix[3] = c.R, c.G, c.B, c.A
	for n := 4; n < len(img.Pix); n *= 2 {
		copy(img.Pix[n:], img.Pix[:n])
	}
}

// over composites the non-premultiplied pixel s over the opaque pixel d.
func over(d, s []byte) {
	switch a := uint32(s[3]); a {
	case 255:
		copy(d, s)
	case 0:
	default:
		for k := range 3 {
			d[k] = uint8((uint32(s[k])*a + uint32(d[k])*(255-a) + 127) / 255)
		}
	}
}

// toNRGBA returns img as an *image.NRGBA, converting other types.
func toNRGBA(img image.Image) *image.NRGBA {
	if n, ok := img.(*image.NRGBA); ok {
		return n
	}
	n := image.NewNRGBA(img.Bounds())
	draw.Draw(n, n.Rect, img, n.Rect.Min, draw.Src)
	return n
}

func (l Layout) drawLabels(dst *image.NRGBA, rowLabels, colLabels []string) {
	ascent := face.Ascent
	for i := 0; i < l.Rows && i < len(rowLabels); i++ {
		r := l.CellRect(i, 0)
		x := l.Left - labelPad - textWidth(rowLabels[i])
		drawText(dst, rowLabels[i], x, r.Min.Y+(l.Cell-face.Height)/2+ascent)
	}
	for j := 0; j < l.Cols && j < len(colLabels); j++ {
		r := l.CellRect(0, j)
		s := fit(colLabels[j], l.Cell+Gutter)
		x := r.Min.X + (l.Cell-textWidth(s))/2
		drawText(dst, s, x, Gutter+ascent)
	}
}

// drawText draws s with its baseline at y, starting at x.
func drawText(dst *image.NRGBA, s string, x, y int) {
	d := font.Drawer{Dst: dst, Src: image.NewUniform(Ink), Face: face, Dot: fixed.P(x, y)}
	d.DrawString(s)
}

// textWidth is the width of s in pixels in the fixed-advance font.
func textWidth(s string) int { return len([]rune(s)) * face.Advance }

// fit cuts s to at most width pixels.
func fit(s string, width int) string {
	r := []rune(s)
	if n := width / face.Advance; len(r) > n {
		return string(r[:max(n, 0)])
	}
	return s
}

func maxWidth(labels []string) int {
	w := 0
	for _, s := range labels {
		w = max(w, textWidth(s))
	}
	return w
}

// CellAt returns the row and column of the cell holding pixel p, and
// false when p falls on a label, a gutter or outside the grid.
func (l Layout) CellAt(p image.Point) (i, j int, ok bool) {
	x, y := p.X-l.Left-Gutter, p.Y-l.Top-Gutter
	if x < 0 || y < 0 {
		return 0, 0, false
	}
	step := l.Cell + Gutter
	i, j = y/step, x/step
	if i >= l.Rows || j >= l.Cols || x%step >= l.Cell || y%step >= l.Cell {
		return 0, 0, false
	}
	return i, j, true
}
