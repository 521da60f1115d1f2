//go:build ignore

// Command icon draws the application icon, assets/icon.png: a latent map
// (coloured clusters of points on a dark rounded square) with the
// "you are here" marker. Run from the repository root:
//
//	go run tools/demo/icon.go
package main

import (
	"image"
	"image/color"
	"image/png"
	"log"
	"math"
	"math/rand/v2"
	"os"
)

const (
	size = 256
	ss   = 4 // supersampling factor per axis
	big  = size * ss
)

type disc struct {
	x, y, r float64 // in icon pixels
	c       color.NRGBA
}

func main() {
	canvas := image.NewNRGBA(image.Rect(0, 0, big, big))
	background(canvas)
	for _, d := range points() {
		fill(canvas, d.x, d.y, d.r, 0, d.c)
	}
	marker(canvas, 150, 112)
	f, err := os.Create("assets/icon.png")
	if err != nil {
		log.Fatal(err)
	}
	if err := png.Encode(f, downsample(canvas)); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}

// background fills a rounded square with a vertical gradient.
func background(img *image.NRGBA) {
	const margin, radius = 12.0, 44.0
	top := color.NRGBA{0x23, 0x2b, 0x45, 0xff}
	bottom := color.NRGBA{0x14, 0x18, 0x28, 0xff}
	for py := 0; py < big; py++ {
		y := (float64(py) + 0.5) / ss
		t := (y - margin) / (size - 2*margin)
		c := mix(top, bottom, t)
		for px := 0; px < big; px++ {
			x := (float64(px) + 0.5) / ss
			if insideRounded(x, y, margin, size-margin, radius) {
				img.SetNRGBA(px, py, c)
			}
		}
	}
}

func insideRounded(x, y, lo, hi, r float64) bool {
	cx := math.Max(lo+r, math.Min(x, hi-r))
	cy := math.Max(lo+r, math.Min(y, hi-r))
	return (x-cx)*(x-cx)+(y-cy)*(y-cy) <= r*r && x >= lo && x <= hi && y >= lo && y <= hi
}

// points scatters four Gaussian clusters with a fixed seed.
func points() []disc {
	rng := rand.New(rand.NewPCG(1, 2))
	clusters := []struct {
		x, y, sx, sy, rot float64
		c                 color.NRGBA
	}{
		{84, 88, 22, 12, 0.6, color.NRGBA{0x4e, 0x9a, 0xf0, 0xff}},
		{168, 92, 18, 14, -0.3, color.NRGBA{0xf2, 0x8e, 0x2b, 0xff}},
		{92, 170, 16, 20, 0.2, color.NRGBA{0x59, 0xc1, 0x6f, 0xff}},
		{172, 172, 24, 12, -0.7, color.NRGBA{0xe1, 0x57, 0x79, 0xff}},
	}
	var ds []disc
	for _, cl := range clusters {
		sin, cos := math.Sincos(cl.rot)
		for range 34 {
			u, v := rng.NormFloat64()*cl.sx, rng.NormFloat64()*cl.sy
			x, y := cl.x+cos*u-sin*v, cl.y+sin*u+cos*v
			if !insideRounded(x, y, 26, size-26, 36) {
				continue
			}
			ds = append(ds, disc{x, y, 4.2, cl.c})
		}
	}
	return ds
}

// marker draws a white ring with a crosshair centred at (x, y).
func marker(img *image.NRGBA, x, y float64) {
	white := color.NRGBA{0xff, 0xff, 0xff, 0xff}
	shadow := color.NRGBA{0x10, 0x12, 0x1c, 0xff}
	fill(img, x, y, 19, 11, shadow)
	fill(img, x, y, 17, 13, white)
	fill(img, x, y, 4.5, 0, white)
	for _, s := range []float64{-1, 1} {
		rect(img, x+s*24-2.5, y-2.5, x+s*16+2.5, y+2.5, shadow)
		rect(img, x-2.5, y+s*24-2.5, x+2.5, y+s*16+2.5, shadow)
	}
	for _, s := range []float64{-1, 1} {
		rect(img, x+s*23-1.5, y-1.5, x+s*17+1.5, y+1.5, white)
		rect(img, x-1.5, y+s*23-1.5, x+1.5, y+s*17+1.5, white)
	}
}

// fill paints the annulus r0 ≤ distance ≤ r around (x, y) in icon pixels.
func fill(img *image.NRGBA, x, y, r, r0 float64, c color.NRGBA) {
	for py := int((y - r) * ss); py <= int((y+r)*ss); py++ {
		for px := int((x - r) * ss); px <= int((x+r)*ss); px++ {
			dx, dy := (float64(px)+0.5)/ss-x, (float64(py)+0.5)/ss-y
			d := math.Hypot(dx, dy)
			if d <= r && d >= r0 {
				img.SetNRGBA(px, py, c)
			}
		}
	}
}

// rect paints the rectangle with corners (x0, y0), (x1, y1) in icon pixels.
func rect(img *image.NRGBA, x0, y0, x1, y1 float64, c color.NRGBA) {
	if x0 > x1 {
		x0, x1 = x1, x0
	}
	if y0 > y1 {
		y0, y1 = y1, y0
	}
	for py := int(y0 * ss); py < int(y1*ss); py++ {
		for px := int(x0 * ss); px < int(x1*ss); px++ {
			img.SetNRGBA(px, py, c)
		}
	}
}

// downsample averages ss×ss blocks with premultiplied alpha.
func downsample(src *image.NRGBA) *image.NRGBA {
	dst := image.NewNRGBA(image.Rect(0, 0, size, size))
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			var r, g, b, a float64
			for j := 0; j < ss; j++ {
				for i := 0; i < ss; i++ {
					p := src.NRGBAAt(x*ss+i, y*ss+j)
					pa := float64(p.A) / 255
					r, g, b, a = r+float64(p.R)*pa, g+float64(p.G)*pa, b+float64(p.B)*pa, a+pa
				}
			}
			if a > 0 {
				dst.SetNRGBA(x, y, color.NRGBA{uint8(r/a + 0.5), uint8(g/a + 0.5), uint8(b/a + 0.5), uint8(a/ss/ss*255 + 0.5)})
			}
		}
	}
	return dst
}

func mix(a, b color.NRGBA, t float64) color.NRGBA {
	t = math.Max(0, math.Min(1, t))
	f := func(u, v uint8) uint8 { return uint8(float64(u)*(1-t) + float64(v)*t + 0.5) }
	return color.NRGBA{f(a.R, b.R), f(a.G, b.G), f(a.B, b.B), 0xff}
}
