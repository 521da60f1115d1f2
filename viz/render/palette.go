package render

import (
	"image/color"
	"math"
)

// OkabeIto returns the eight colours of Okabe & Ito's palette for
// colour-blind readers ("Color Universal Design", 2008), black last.
func OkabeIto() []color.NRGBA {
	return hexColors(0xE69F00, 0x56B4E9, 0x009E73, 0xF0E442, 0x0072B2, 0xD55E00, 0xCC79A7, 0x000000)
}

// Tableau10 returns Tableau's ten-colour categorical palette (the 2016
// revision by Maureen Stone).
func Tableau10() []color.NRGBA {
	return hexColors(0x4E79A7, 0xF28E2B, 0xE15759, 0x76B7B2, 0x59A14F, 0xEDC948, 0xB07AA1, 0xFF9DA7, 0x9C755F, 0xBAB0AC)
}

// Tableau20 returns Tableau's classic twenty-colour palette: ten hues, each
// dark then light (matplotlib's tab20).
func Tableau20() []color.NRGBA {
	return hexColors(0x1F77B4, 0xAEC7E8, 0xFF7F0E, 0xFFBB78, 0x2CA02C, 0x98DF8A, 0xD62728, 0xFF9896, 0x9467BD, 0xC5B0D5,
		0x8C564B, 0xC49C94, 0xE377C2, 0xF7B6D2, 0x7F7F7F, 0xC7C7C7, 0xBCBD22, 0xDBDB8D, 0x17BECF, 0x9EDAE5)
}

// Categorical returns n distinct opaque colours for n categories: Okabe–Ito
// for up to 8, Tableau 10 for up to 10, Tableau 20 for up to 20, and beyond
// that Tableau 20 followed by colours whose hues step by the golden angle
// (137.5°) in OKLCH (Ottosson 2020, "A perceptual color space for image
// processing") at three alternating lightness levels, so that neighbouring
// categories differ most. Only the first 8 are safe for colour-blind
// readers; more than about 20 categories cannot all be told apart by anyone.
func Categorical(n int) []color.NRGBA {
	switch {
	case n < 0:
		panic("render: negative category count")
	case n <= 8:
		return OkabeIto()[:n]
	case n <= 10:
		return Tableau10()[:n]
	}
	p := Tableau20()
	if n <= len(p) {
		return p[:n]
	}
	lightness := [3]float64{0.62, 0.78, 0.48}
	for i := len(p); i < n; i++ {
		k := i - 20
		h := math.Mod(float64(k)*137.50776405, 360) * math.Pi / 180
		p = append(p, oklch(lightness[k%3], 0.13, h))
	}
	return p
}

func hexColors(hex ...uint32) []color.NRGBA {
	p := make([]color.NRGBA, len(hex))
	for i, h := range hex {
		p[i] = color.NRGBA{uint8(h >> 16), uint8(h >> 8), uint8(h), 255}
	}
	return p
}

// oklch returns the sRGB colour of OKLCH lightness l, chroma c and hue h
// (radians), lowering the chroma until it is inside the sRGB gamut.
func oklch(l, c, h float64) color.NRGBA {
	for ; c > 0; c -= 0.005 {
		if r, g, b, ok := oklabToSRGB(l, c*math.Cos(h), c*math.Sin(h)); ok {
			return color.NRGBA{r, g, b, 255}
		}
	}
	r, g, b, _ := oklabToSRGB(l, 0, 0)
	return color.NRGBA{r, g, b, 255}
}

// oklabToSRGB converts an OKLab colour to 8-bit sRGB with Ottosson's
// matrices; ok is false when the colour is outside the sRGB gamut.
func oklabToSRGB(L, a, b float64) (r, g, bl uint8, ok bool) {
	l := cube(L + 0.3963377774*a + 0.2158037573*b)
	m := cube(L - 0.1055613458*a - 0.0638541728*b)
	s := cube(L - 0.0894841775*a - 1.2914855480*b)
	lin := [3]float64{
		4.0767416621*l - 3.3077115913*m + 0.2309699292*s,
		-1.2684380046*l + 2.6097574011*m - 0.3413193965*s,
		-0.0041960863*l - 0.7034186147*m + 1.7076147010*s,
	}
	var out [3]uint8
	ok = true
	for i, v := range lin {
		if v < -1e-4 || v > 1+1e-4 {
			ok = false
		}
		out[i] = uint8(math.Round(255 * srgbGamma(min(max(v, 0), 1))))
	}
	return out[0], out[1], out[2], ok
}

func cube(x float64) float64 { return x * x * x }

// srgbGamma applies the sRGB transfer function (IEC 61966-2-1) to a linear value.
func srgbGamma(v float64) float64 {
	if v <= 0.0031308 {
		return 12.92 * v
	}
	return 1.055*math.Pow(v, 1/2.4) - 0.055
}

// NoiseColor is the grey of noise points (HDBSCAN's unclustered points).
var NoiseColor = color.NRGBA{170, 170, 170, 255}

// WithNoise returns palette with NoiseColor inserted at index noise, so
// the other categories keep palette's colours in order; noise < 0 returns
// palette unchanged.
func WithNoise(palette []color.NRGBA, noise int) []color.NRGBA {
	if noise < 0 {
		return palette
	}
	if noise > len(palette) {
		panic("render: noise category beyond the palette")
	}
	out := make([]color.NRGBA, 0, len(palette)+1)
	out = append(out, palette[:noise]...)
	out = append(out, NoiseColor)
	return append(out, palette[noise:]...)
}

// CategoryPalette returns the colours of n categories of which the one at
// index noise (or none, when noise < 0) is noise: Categorical for the
// others in order, NoiseColor for the noise.
func CategoryPalette(n, noise int) []color.NRGBA {
	if noise < 0 || noise >= n {
		return Categorical(n)
	}
	return WithNoise(Categorical(n-1), noise)
}
