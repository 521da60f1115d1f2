package render

import (
	"image"
	"image/color"
	"testing"
)

// TestPin draws the pin at the centre of a 100×100 view: its outline is
// PinColor 7 pixels from the centre, the centre and the far corner are
// the background, and HidePin removes it.
func TestPin(t *testing.T) {
	r := New([]float64{-10, -10})
	dst := image.NewRGBA(image.Rect(0, 0, 100, 100))
	v := View{MinX: -1, MaxX: 1, MinY: -1, MaxY: 1}
	r.SetPin(0, 0)
	r.Draw(dst, v)
	pin := color.RGBA(PinColor)
	bg := dst.RGBAAt(99, 99)
	if got := dst.RGBAAt(50+pinHalf, 50); got != pin {
		t.Errorf("pin edge %v, want %v", got, pin)
	}
	if got := dst.RGBAAt(50, 50); got != bg {
		t.Errorf("pin centre %v, want the background %v", got, bg)
	}
	if x, y, ok := r.Pin(); !ok || x != 0 || y != 0 {
		t.Errorf("Pin() = %v, %v, %v", x, y, ok)
	}
	r.HidePin()
	r.Draw(dst, v)
	if got := dst.RGBAAt(50+pinHalf, 50); got != bg {
		t.Errorf("hidden pin still drawn: %v", got)
	}
}
