package grid

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/color/palette"
	"image/draw"
	"image/gif"
	"io"
	"time"
)

// gray256 is the palette of the 256 grey levels.
var gray256 = func() color.Palette {
	p := make(color.Palette, 256)
	for i := range p {
		p[i] = color.Gray{Y: uint8(i)}
	}
	return p
}()

// WriteGIF writes frames as an animated GIF that loops forever, showing
// each frame for delay (rounded to the GIF's hundredths of a second, at
// least 0.02 s, since most viewers slow shorter delays down to 0.1 s).
// When every frame is grey the frames are stored exactly on a 256-level
// grey palette; otherwise each is dithered onto the Plan 9 palette with
// Floyd–Steinberg error diffusion. All frames must have the same size.
func WriteGIF(w io.Writer, frames []image.Image, delay time.Duration) error {
	if len(frames) == 0 {
		return errors.New("grid: a GIF needs at least one frame")
	}
	b := frames[0].Bounds()
	for i, f := range frames {
		if f.Bounds().Size() != b.Size() {
			return fmt.Errorf("grid: GIF frame %d is %v, frame 0 is %v", i, f.Bounds().Size(), b.Size())
		}
	}
	grey := true
	for _, f := range frames {
		grey = grey && isGray(f)
	}
	hundredths := max(2, int((delay+5*time.Millisecond)/(10*time.Millisecond)))
	anim := &gif.GIF{Config: image.Config{Width: b.Dx(), Height: b.Dy()}}
	for _, f := range frames {
		anim.Image = append(anim.Image, quantize(f, grey))
		anim.Delay = append(anim.Delay, hundredths)
	}
	anim.Config.ColorModel = anim.Image[0].Palette
	return gif.EncodeAll(w, anim)
}

// quantize returns f as a paletted image at the origin.
func quantize(f image.Image, grey bool) *image.Paletted {
	b := f.Bounds()
	r := image.Rectangle{Max: b.Size()}
	if !grey {
		p := image.NewPaletted(r, palette.Plan9)
		draw.FloydSteinberg.Draw(p, r, f, b.Min)
		return p
	}
	p := image.NewPaletted(r, gray256)
	grayLevels(p.Pix, p.Stride, f)
	return p
}

// grayLevels writes the grey level of each pixel of the grey image f
// into pix, rows stride bytes apart.
func grayLevels(pix []uint8, stride int, f image.Image) {
	n := toNRGBA(f)
	for y := range n.Rect.Dy() {
		src := n.Pix[n.PixOffset(n.Rect.Min.X, n.Rect.Min.Y+y):]
		dst := pix[y*stride : y*stride+n.Rect.Dx()]
		for x := range dst {
			dst[x] = src[4*x]
		}
	}
}

// isGray reports whether every pixel of img is an opaque grey.
func isGray(img image.Image) bool {
	if n, ok := img.(*image.NRGBA); ok {
		return nrgbaGray(n)
	}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, a := img.At(x, y).RGBA()
			if r != g || g != bl || a != 0xffff {
				return false
			}
		}
	}
	return true
}

func nrgbaGray(img *image.NRGBA) bool {
	b := img.Rect
	for y := b.Min.Y; y < b.Max.Y; y++ {
		row := img.Pix[img.PixOffset(b.Min.X, y):img.PixOffset(b.Max.X, y)]
		for i := 0; i < len(row); i += 4 {
			if row[i] != row[i+1] || row[i+1] != row[i+2] || row[i+3] != 255 {
				return false
			}
		}
	}
	return true
}
