package render

import "math"

// drawOrder returns the indices of the points xy sorted along a Z-order
// (Morton) curve over a grid on their bounding box, stable within a cell;
// points with a NaN or infinite coordinate come last. Drawing in this
// order touches the image in small neighbourhoods, so the pixels being
// blended stay in cache (Morton 1966, "A computer oriented geodetic data
// base and a new technique in file sequencing"). Points in one cell keep
// their index order, so overlapping points still draw in index order
// except across cell borders.
func drawOrder(xy []float64, dst []int32) []int32 {
	n := len(xy) / 2
	bits := mortonBits(n)
	b := FitView(xy, 0)
	side := float64(uint32(1) << bits)
	sx, sy := side/b.Width()*(1-1e-12), side/b.Height()*(1-1e-12)
	nb := 1<<(2*bits) + 1 // the last bucket holds non-finite points
	count := make([]int32, nb+1)
	code := make([]uint32, n)
	for i := range n {
		x, y := xy[2*i], xy[2*i+1]
		c := uint32(nb - 1)
		if finite(x) && finite(y) {
			c = interleave(gridCoord((x-b.MinX)*sx, bits), gridCoord((y-b.MinY)*sy, bits))
		}
		code[i] = c
		count[c+1]++
	}
	for c := range nb {
		count[c+1] += count[c]
	}
	dst = append(dst[:0], make([]int32, n)...)
	for i, c := range code {
		dst[count[c]] = int32(i)
		count[c]++
	}
	return dst
}

// mortonBits returns the grid resolution per axis, in bits, for n points:
// about one cell per point, at most 1024 × 1024 cells.
func mortonBits(n int) uint {
	bits := uint(math.Ceil(math.Log2(float64(max(n, 1))) / 2))
	return min(max(bits, 1), 10)
}

func gridCoord(f float64, bits uint) uint32 {
	return uint32(min(max(f, 0), float64(uint32(1)<<bits-1)))
}

// interleave returns the Morton code of (x, y): the bits of x in the even
// positions and of y in the odd ones.
func interleave(x, y uint32) uint32 { return spread(x) | spread(y)<<1 }

// spread moves bit k of a 16-bit x to bit 2k.
func spread(x uint32) uint32 {
	x &= 0xFFFF
	x = (x | x<<8) & 0x00FF00FF
	x = (x | x<<4) & 0x0F0F0F0F
	x = (x | x<<2) & 0x33333333
	x = (x | x<<1) & 0x55555555
	return x
}
