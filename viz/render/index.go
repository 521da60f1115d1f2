package render

import (
	"math"
	"slices"
)

// An Index is a uniform grid over a set of points for hit-testing: the
// bounding box of the points is cut into about one cell per two points,
// and each cell lists its points, stored cell by cell so that a query
// reads memory in order. Building takes O(n) time (a counting sort); a
// query visits only the cells its region overlaps. Points with a NaN or
// infinite coordinate are left out.
//
// An Index does not change after NewIndex; rebuild it when the points move.
// It is safe for concurrent queries.
type Index struct {
	minX, minY   float64
	cellW, cellH float64 // data size of a cell; never zero
	nx, ny       int
	start        []int32   // points of cell c are items[start[c]:start[c+1]]
	items        []int32   // point indices, cell by cell, increasing within a cell
	cxy          []float64 // the points' coordinates in items order
}

// maxCells bounds the grid's size.
const maxCells = 1 << 22

// NewIndex returns an Index of the points xy (interleaved x, y pairs). The
// Index copies what it needs; xy may change afterwards.
func NewIndex(xy []float64) *Index {
	checkXY(xy)
	n := len(xy) / 2
	b := FitView(xy, 0)
	ix := &Index{minX: b.MinX, minY: b.MinY}
	ix.nx, ix.ny = gridShape(n, b.Width(), b.Height())
	ix.cellW = b.Width() / float64(ix.nx) * (1 + 1e-12)
	ix.cellH = b.Height() / float64(ix.ny) * (1 + 1e-12)
	ix.fill(xy)
	return ix
}

// gridShape returns a grid of about n/2 cells whose cells are near square
// for a w × h bounding box.
func gridShape(n int, w, h float64) (nx, ny int) {
	cells := min(max(n/2, 1), maxCells)
	aspect := w / h
	nx = int(math.Round(math.Sqrt(float64(cells) * aspect)))
	nx = min(max(nx, 1), cells)
	ny = max(cells/nx, 1)
	return nx, ny
}

// fill sorts the finite points into their cells.
func (ix *Index) fill(xy []float64) {
	ncell := ix.nx * ix.ny
	ix.start = make([]int32, ncell+1)
	cell := make([]int32, len(xy)/2)
	for i := range cell {
		c, ok := ix.cellOf(xy[2*i], xy[2*i+1])
		if !ok {
			cell[i] = -1
			continue
		}
		cell[i] = int32(c)
		ix.start[c+1]++
	}
	for c := range ncell {
		ix.start[c+1] += ix.start[c]
	}
	total := ix.start[ncell]
	ix.items = make([]int32, total)
	ix.cxy = make([]float64, 2*total)
	next := slices.Clone(ix.start[:ncell])
	for i, c := range cell {
		if c < 0 {
			continue
		}
		k := next[c]
		next[c]++
		ix.items[k] = int32(i)
		ix.cxy[2*k], ix.cxy[2*k+1] = xy[2*i], xy[2*i+1]
	}
}

// cellOf returns the cell holding a finite point of the indexed set.
func (ix *Index) cellOf(x, y float64) (int, bool) {
	if !finite(x) || !finite(y) {
		return 0, false
	}
	i, j := ix.col(x), ix.row(y)
	return j*ix.nx + i, true
}

// col and row return the grid column and row of a coordinate, clamped to
// the grid.
func (ix *Index) col(x float64) int { return cellCoord((x-ix.minX)/ix.cellW, ix.nx) }

func (ix *Index) row(y float64) int { return cellCoord((y-ix.minY)/ix.cellH, ix.ny) }

// cellCoord clamps f to [0, n) and truncates it, clamping in floating point
// so that infinities convert safely.
func cellCoord(f float64, n int) int {
	if !(f > 0) {
		return 0
	}
	return int(min(f, float64(n-1)))
}

// Len returns the number of indexed (finite) points.
func (ix *Index) Len() int { return len(ix.items) }

// cellRange returns the grid columns and rows overlapping the data box
// [x0, x1] × [y0, y1], and false when the box misses the grid.
func (ix *Index) cellRange(x0, y0, x1, y1 float64) (i0, j0, i1, j1 int, ok bool) {
	gx1 := ix.minX + ix.cellW*float64(ix.nx)
	gy1 := ix.minY + ix.cellH*float64(ix.ny)
	if !(x1 >= ix.minX && x0 <= gx1 && y1 >= ix.minY && y0 <= gy1) || ix.Len() == 0 {
		return 0, 0, 0, 0, false
	}
	return ix.col(x0), ix.row(y0), ix.col(x1), ix.row(y1), true
}

// Nearest returns the visible point nearest to (x, y) within the ellipse
// of radii rx and ry (data units) about it, and whether there is one.
// Distances are measured after scaling x by 1/rx and y by 1/ry, so with
// rx, ry from View.PixelSize times a radius in pixels the nearest point is
// nearest on the screen. keep, if not nil, says which points may be found
// (Renderer.Visible skips hidden ones). Ties go to the smaller index.
func (ix *Index) Nearest(x, y, rx, ry float64, keep func(i int) bool) (int, bool) {
	if !(rx > 0) || !(ry > 0) {
		panic("render: non-positive search radius")
	}
	i0, j0, i1, j1, ok := ix.cellRange(x-rx, y-ry, x+rx, y+ry)
	if !ok {
		return 0, false
	}
	best, bestD := -1, 1.0
	for j := j0; j <= j1; j++ {
		for c := j*ix.nx + i0; c <= j*ix.nx+i1; c++ {
			for k := ix.start[c]; k < ix.start[c+1]; k++ {
				dx, dy := (ix.cxy[2*k]-x)/rx, (ix.cxy[2*k+1]-y)/ry
				d := dx*dx + dy*dy
				p := int(ix.items[k])
				if d > bestD || (d == bestD && best >= 0 && p > best) {
					continue
				}
				if keep == nil || keep(p) {
					best, bestD = p, d
				}
			}
		}
	}
	return best, best >= 0
}

// InRect appends to dst the kept points inside the box [x0, x1] × [y0, y1]
// (either corner order) and returns it sorted increasing. keep may be nil.
func (ix *Index) InRect(x0, y0, x1, y1 float64, dst []int, keep func(i int) bool) []int {
	x0, x1 = min(x0, x1), max(x0, x1)
	y0, y1 = min(y0, y1), max(y0, y1)
	from := len(dst)
	i0, j0, i1, j1, ok := ix.cellRange(x0, y0, x1, y1)
	if !ok {
		return dst
	}
	for j := j0; j <= j1; j++ {
		for c := j*ix.nx + i0; c <= j*ix.nx+i1; c++ {
			for k := ix.start[c]; k < ix.start[c+1]; k++ {
				x, y := ix.cxy[2*k], ix.cxy[2*k+1]
				if x >= x0 && x <= x1 && y >= y0 && y <= y1 && (keep == nil || keep(int(ix.items[k]))) {
					dst = append(dst, int(ix.items[k]))
				}
			}
		}
	}
	slices.Sort(dst[from:])
	return dst
}

// InPolygon appends to dst the kept points inside the polygon poly (its
// vertices in order, closed implicitly; self-intersecting outlines use the
// even–odd rule, as a lasso drawn by hand may cross itself) and returns it
// sorted increasing. keep may be nil. Fewer than three vertices select
// nothing.
func (ix *Index) InPolygon(poly [][2]float64, dst []int, keep func(i int) bool) []int {
	if len(poly) < 3 {
		return dst
	}
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, p := range poly {
		x0, x1 = min(x0, p[0]), max(x1, p[0])
		y0, y1 = min(y0, p[1]), max(y1, p[1])
	}
	from := len(dst)
	i0, j0, i1, j1, ok := ix.cellRange(x0, y0, x1, y1)
	if !ok {
		return dst
	}
	for j := j0; j <= j1; j++ {
		for c := j*ix.nx + i0; c <= j*ix.nx+i1; c++ {
			for k := ix.start[c]; k < ix.start[c+1]; k++ {
				p := int(ix.items[k])
				if insidePolygon(poly, ix.cxy[2*k], ix.cxy[2*k+1]) && (keep == nil || keep(p)) {
					dst = append(dst, p)
				}
			}
		}
	}
	slices.Sort(dst[from:])
	return dst
}

// insidePolygon reports whether (x, y) is inside poly by the even–odd rule,
// counting crossings of a ray toward +x (the PNPOLY test of W. Randolph
// Franklin).
func insidePolygon(poly [][2]float64, x, y float64) bool {
	in := false
	j := len(poly) - 1
	for i := range poly {
		xi, yi, xj, yj := poly[i][0], poly[i][1], poly[j][0], poly[j][1]
		if (yi > y) != (yj > y) && x < (xj-xi)*(y-yi)/(yj-yi)+xi {
			in = !in
		}
		j = i
	}
	return in
}
