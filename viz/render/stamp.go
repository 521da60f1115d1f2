package render

import (
	"encoding/binary"
	"image/color"
	"math"
)

// A stamp is the footprint of one point or marker: pixel offsets from the
// point's pixel and each pixel's coverage in 0..256, for antialiased edges.
type stamp struct {
	dx, dy []int
	offs   []int // byte offsets dy*stride + dx*4 in the image
	cov    []uint32
	reach  int // largest |dx| or |dy|
}

// minCoverage drops rim pixels covered less than this (of 256): they cost
// a blend each and barely show.
const minCoverage = 40

// discStamp returns the footprint of a disc of the given diameter in
// pixels. Coverage falls linearly over the one pixel across the rim, a
// cheap approximation of area coverage. Diameters up to 1.5 give one pixel.
// The stamp is laid out for an image whose rows are stride bytes apart.
func discStamp(diameter float64, stride int) stamp {
	if diameter <= 1.5 {
		return stamp{dx: []int{0}, dy: []int{0}, offs: []int{0}, cov: []uint32{256}}
	}
	return ringStamp(0, diameter/2, stride)
}

// ringStamp returns the footprint of the annulus between radii r0 and r1
// (pixels) around a pixel centre; r0 ≤ 0.5 gives a full disc.
func ringStamp(r0, r1 float64, stride int) stamp {
	var s stamp
	reach := int(math.Ceil(r1 + 0.5))
	for dy := -reach; dy <= reach; dy++ {
		for dx := -reach; dx <= reach; dx++ {
			d := math.Hypot(float64(dx), float64(dy))
			c := min(r1+0.5-d, 1)
			if r0 > 0.5 {
				c = min(c, d-(r0-0.5))
			}
			cov := uint32(math.Round(max(c, 0) * 256))
			if cov < minCoverage {
				continue
			}
			s.dx, s.dy = append(s.dx, dx), append(s.dy, dy)
			s.offs = append(s.offs, dy*stride+dx*4)
			s.cov = append(s.cov, cov)
			s.reach = max(s.reach, abs(dx), abs(dy))
		}
	}
	return s
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// A paint is a colour ready to blend: red and blue in the low bytes of two
// 16-bit lanes, green and full alpha likewise, and an opacity in 0..256.
type paint struct {
	rb, ga, alpha uint32
}

func newPaint(c color.NRGBA, opacity float64) paint {
	a := uint32(math.Round(float64(c.A) * min(max(opacity, 0), 1) * 256 / 255))
	return paint{rb: uint32(c.R) | uint32(c.B)<<16, ga: uint32(c.G) | 255<<16, alpha: a}
}

// blend composites paint p with opacity a (0..256) over the premultiplied
// RGBA pixel at pix[o:o+4]: every channel moves toward (R, G, B, 255) by
// a/256, which is Porter–Duff "over" for an unpremultiplied source. Two
// channels are blended per multiply, in 16-bit lanes that cannot overflow.
func blend(pix []byte, o int, p paint, a uint32) {
	q := pix[o : o+4 : o+4]
	u := binary.LittleEndian.Uint32(q)
	na := 256 - a
	rb := ((u&0x00FF00FF)*na + p.rb*a) >> 8 & 0x00FF00FF
	ga := ((u>>8&0x00FF00FF)*na + p.ga*a) >> 8 & 0x00FF00FF
	binary.LittleEndian.PutUint32(q, rb|ga<<8)
}
