package render

import (
	"image"
	"image/color"
	"math"
)

// A ColorMap maps t in [0, 1] to a colour: low values at 0, high at 1.
// Values outside [0, 1] are clamped; NaN gives the colour at 0.
type ColorMap func(t float64) color.NRGBA

// Viridis is matplotlib's default sequential colour map (van der Walt &
// Smith 2015): perceptually uniform, readable in grey and by colour-blind
// readers. It interpolates linearly between matplotlib's 256 samples.
func Viridis(t float64) color.NRGBA { return lookup(&viridisTable, t) }

// CoolWarm is Moreland's diverging blue–white–red map ("Diverging Color
// Maps for Scientific Visualization", 2009), for values with a meaningful
// centre at t = 0.5 such as signed scores.
func CoolWarm(t float64) color.NRGBA { return lookup(&coolWarmTable, t) }

func lookup(tab *[256][3]uint8, t float64) color.NRGBA {
	if !(t > 0) {
		t = 0
	}
	t = min(t, 1) * 255
	i := min(int(t), 254)
	f := t - float64(i)
	a, b := tab[i], tab[i+1]
	mix := func(u, v uint8) uint8 { return uint8(math.Round(float64(u) + f*(float64(v)-float64(u)))) }
	return color.NRGBA{mix(a[0], b[0]), mix(a[1], b[1]), mix(a[2], b[2]), 255}
}

// ColorBar fills dst with the gradient of cm: along y with high values at
// the top when vertical, else along x with high values at the right.
func ColorBar(dst *image.NRGBA, cm ColorMap, vertical bool) {
	b := dst.Bounds()
	w, h := b.Dx(), b.Dy()
	for j := range h {
		for i := range w {
			var t float64
			if vertical {
				t = 1 - (float64(j)+0.5)/float64(h)
			} else {
				t = (float64(i) + 0.5) / float64(w)
			}
			dst.SetNRGBA(b.Min.X+i, b.Min.Y+j, cm(t))
		}
	}
}
