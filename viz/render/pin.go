package render

import (
	"image"
	"image/color"
)

// PinColor is the colour of the pin: Okabe–Ito's blue, distinct from the
// red "you are here" marker.
var PinColor = color.NRGBA{0, 114, 178, 255}

// pinHalf is half the side of the pin's square, in pixels.
const pinHalf = 7

// pin is a second marker: a square at a place of interest (an encoded
// input), drawn after the "you are here" marker.
type pin struct {
	on   bool
	x, y float64
}

// SetPin shows the pin (a hollow square) at data point (x, y).
func (r *Renderer) SetPin(x, y float64) { r.pin = pin{on: true, x: x, y: y} }

// HidePin hides the pin.
func (r *Renderer) HidePin() { r.pin.on = false }

// Pin returns the pin's place and whether it is shown.
func (r *Renderer) Pin() (x, y float64, ok bool) { return r.pin.x, r.pin.y, r.pin.on }

// drawPin draws the pin: a 2-pixel square outline on a halo of the
// background colour (white when it is transparent).
func (r *Renderer) drawPin(dst *image.RGBA, t transform) {
	if !r.pin.on {
		return
	}
	x, y, ok := t.pixel(r.pin.x, r.pin.y, 0)
	if !ok {
		return
	}
	halo := r.Style.Background
	if halo.A == 0 {
		halo = color.NRGBA{255, 255, 255, 255}
	}
	origin := dst.Bounds().Min
	x, y = x+origin.X, y+origin.Y
	square(dst, x, y, pinHalf+1, 4, halo)
	square(dst, x, y, pinHalf, 2, PinColor)
}

// square paints the outline, width w pixels inward, of the square of
// half-side h centred on (cx, cy), clipped to dst.
func square(dst *image.RGBA, cx, cy, h, w int, c color.NRGBA) {
	for y := cy - h; y <= cy+h; y++ {
		for x := cx - h; x <= cx+h; x++ {
			inner := x > cx-h+w-1 && x < cx+h-w+1 && y > cy-h+w-1 && y < cy+h-w+1
			if !inner && (image.Point{x, y}).In(dst.Bounds()) {
				dst.SetRGBA(x, y, color.RGBA(c))
			}
		}
	}
}
