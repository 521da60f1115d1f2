package projection

import (
	"fmt"
	"math"
	"slices"
)

// Invert returns a latent vector for the map position (x, y): the average
// of the codes of the Neighbors nearest map points, weighted by inverse
// map distance, or the code of a point exactly at (x, y). The nearest
// points come from a uniform grid over the map, so a call takes
// microseconds. For codes with one or two columns (passed through by Fit)
// the inverse is exact. It writes into dst if it has the codes' length,
// else allocates.
func (u *UMAP) Invert(x, y float64, dst []float64) []float64 {
	u.mustBeFitted()
	_, d := u.x.Dims()
	if len(dst) != d {
		dst = make([]float64, d)
	}
	clear(dst)
	if u.identity { // codes with ≤ 2 columns are their own map
		dst[0] = x
		if d > 1 {
			dst[1] = y
		}
		return dst
	}
	nb := u.grid.nearest(u.embedding, x, y, min(u.neighbors(), len(u.embedding)/2))
	if nb[0].d == 0 {
		copy(dst, u.x.RawRowView(int(nb[0].i)))
		return dst
	}
	var sw float64
	for _, it := range nb {
		w := 1 / it.d
		spAxpy(dst, w, u.x.RawRowView(int(it.i)))
		sw += w
	}
	spScale(dst, 1/sw)
	return dst
}

// umapGrid is a uniform grid over 2-D points (row-major pairs) holding about
// two points per cell, for nearest-point queries.
type umapGrid struct {
	x0, y0, cell float64
	nx, ny       int
	start        []int32 // points of cell c are items[start[c]:start[c+1]]
	items        []int32
}

func newUMAPGrid(p []float64) *umapGrid {
	n := len(p) / 2
	if n == 0 {
		panic("projection: grid of no points")
	}
	x0, x1, y0, y1 := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for i := range n {
		x0, x1 = min(x0, p[2*i]), max(x1, p[2*i])
		y0, y1 = min(y0, p[2*i+1]), max(y1, p[2*i+1])
	}
	side := max(x1-x0, y1-y0, 1e-12)
	cells := max(1, int(math.Sqrt(float64(n)/2)))
	g := &umapGrid{x0: x0, y0: y0, cell: side / float64(cells)}
	g.nx = int((x1-x0)/g.cell) + 1
	g.ny = int((y1-y0)/g.cell) + 1
	g.start = make([]int32, g.nx*g.ny+1)
	cellOf := make([]int32, n)
	for i := range n {
		cellOf[i] = int32(g.cellIndex(g.coord(p[2*i], g.x0, g.nx), g.coord(p[2*i+1], g.y0, g.ny)))
		g.start[cellOf[i]+1]++
	}
	for c := range g.nx * g.ny {
		g.start[c+1] += g.start[c]
	}
	g.items = make([]int32, n)
	fill := slices.Clone(g.start)
	for i, c := range cellOf {
		g.items[fill[c]] = int32(i)
		fill[c]++
	}
	return g
}

// coord is the clamped cell coordinate of v along an axis.
func (g *umapGrid) coord(v, origin float64, cells int) int {
	c := int(math.Floor((v - origin) / g.cell))
	return max(0, min(cells-1, c))
}

func (g *umapGrid) cellIndex(cx, cy int) int { return cy*g.nx + cx }

// nearest returns the k points of p nearest to (x, y), nearest first,
// scanning rings of cells outwards until no closer point can remain.
func (g *umapGrid) nearest(p []float64, x, y float64, k int) []searchItem {
	if k < 1 {
		panic(fmt.Sprintf("projection: grid query for %d points", k))
	}
	var best []searchItem // max-heap
	cx, cy := g.coord(x, g.x0, g.nx), g.coord(y, g.y0, g.ny)
	// Distance from (x, y) to the grid's box, for queries outside it.
	ox := max(g.x0-x, x-(g.x0+float64(g.nx)*g.cell), 0)
	oy := max(g.y0-y, y-(g.y0+float64(g.ny)*g.cell), 0)
	outside := math.Hypot(ox, oy)
	for r := 0; r <= max(g.nx, g.ny); r++ {
		if len(best) == k && max(outside, float64(r-1)*g.cell) > best[0].d {
			break
		}
		g.ring(cx, cy, r, func(c int) {
			for _, i := range g.items[g.start[c]:g.start[c+1]] {
				d := math.Hypot(p[2*i]-x, p[2*i+1]-y)
				if len(best) < k {
					pushMax(&best, searchItem{i, d})
				} else if d < best[0].d {
					popMax(&best)
					pushMax(&best, searchItem{i, d})
				}
			}
		})
	}
	slices.SortFunc(best, func(a, b searchItem) int {
		switch {
		case a.d < b.d:
			return -1
		case a.d > b.d:
			return 1
		}
		return int(a.i - b.i)
	})
	return best
}

// ring calls f for each cell at Chebyshev distance r from (cx, cy).
func (g *umapGrid) ring(cx, cy, r int, f func(c int)) {
	for y := cy - r; y <= cy+r; y++ {
		if y < 0 || y >= g.ny {
			continue
		}
		for x := cx - r; x <= cx+r; x++ {
			if x < 0 || x >= g.nx || (y != cy-r && y != cy+r && x != cx-r && x != cx+r) {
				continue
			}
			f(g.cellIndex(x, y))
		}
	}
}
