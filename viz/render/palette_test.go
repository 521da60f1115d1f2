package render

import (
	"image"
	"image/color"
	"slices"
	"testing"
)

func TestCategoricalDistinct(t *testing.T) {
	for _, n := range []int{0, 3, 8, 9, 10, 20, 21, 60} {
		p := Categorical(n)
		if len(p) != n {
			t.Fatalf("Categorical(%d) has %d colours", n, len(p))
		}
		seen := map[color.NRGBA]bool{}
		for _, c := range p {
			if seen[c] || c.A != 255 {
				t.Errorf("Categorical(%d): colour %v repeated or not opaque", n, c)
			}
			seen[c] = true
		}
	}
	if Categorical(8)[0] != (color.NRGBA{0xE6, 0x9F, 0x00, 255}) {
		t.Error("Categorical(8) does not start with Okabe–Ito orange")
	}
}

func TestOKLabWhite(t *testing.T) {
	// OKLab L = 1 with no chroma is sRGB white (Ottosson 2020).
	r, g, b, ok := oklabToSRGB(1, 0, 0)
	if !ok || r != 255 || g != 255 || b != 255 {
		t.Errorf("oklabToSRGB(1, 0, 0) = %d %d %d %v, want white", r, g, b, ok)
	}
}

func TestColorMaps(t *testing.T) {
	// End points are matplotlib 3.6.3's viridis(0), viridis(1) and
	// coolwarm(0) as 8-bit colours.
	for _, c := range []struct {
		cm   ColorMap
		t    float64
		want color.NRGBA
	}{
		{Viridis, 0, color.NRGBA{68, 1, 84, 255}},
		{Viridis, -1, color.NRGBA{68, 1, 84, 255}},
		{Viridis, 1, color.NRGBA{253, 231, 36, 255}},
		{Viridis, 2, color.NRGBA{253, 231, 36, 255}},
		{CoolWarm, 0, color.NRGBA{58, 76, 192, 255}},
	} {
		if got := c.cm(c.t); got != c.want {
			t.Errorf("colour map at %g = %v, want %v", c.t, got, c.want)
		}
	}
	bar := image.NewNRGBA(image.Rect(0, 0, 2, 256))
	ColorBar(bar, Viridis, true)
	if bar.NRGBAAt(0, 255) != Viridis(0.5/256) || bar.NRGBAAt(1, 0) != Viridis(1-0.5/256) {
		t.Error("vertical colour bar does not run from low at the bottom to high at the top")
	}
}

func TestCategoryPaletteNoise(t *testing.T) {
	p := CategoryPalette(4, 0)
	cat := Categorical(3)
	want := []color.NRGBA{NoiseColor, cat[0], cat[1], cat[2]}
	if !slices.Equal(p, want) {
		t.Errorf("CategoryPalette(4, 0) = %v, want %v", p, want)
	}
	if !slices.Equal(CategoryPalette(4, -1), Categorical(4)) {
		t.Error("CategoryPalette without noise is not Categorical")
	}
	mid := WithNoise(Tableau10()[:3], 1)
	if mid[1] != NoiseColor || mid[0] != Tableau10()[0] || mid[2] != Tableau10()[1] || len(mid) != 4 {
		t.Errorf("WithNoise(…, 1) = %v", mid)
	}
}
