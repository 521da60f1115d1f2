package model

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	_ "image/jpeg" // decoders for ReadImage
	_ "image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"

	xdraw "golang.org/x/image/draw"
)

// ImageFormat says how an image becomes an encoder's input: the value
// range of the input (the manifest's output range, since an autoencoder's
// encoder takes what its decoder gives) and the channel order.
type ImageFormat struct {
	// Range maps black to Range[0] and white to Range[1].
	Range [2]float64
	// Channels is "gray", "rgb" or "bgr"; with one input channel, gray.
	Channels string
	// Invert maps black to white first, for a dark drawing on a light
	// background given to a model trained on light strokes on dark
	// (MNIST).
	Invert bool
}

// maxImagePixels bounds the images ReadImage decodes (64 megapixels).
const maxImagePixels = 1 << 26

// imageExts are the file types ReadImage reads.
var imageExts = []string{".png", ".jpg", ".jpeg"}

// IsImageFile reports whether path names a PNG or JPEG file by its name.
func IsImageFile(path string) bool {
	return slices.Contains(imageExts, strings.ToLower(filepath.Ext(path)))
}

// ReadImage decodes a PNG or JPEG file, refusing special files and
// images over 64 megapixels before decoding their pixels.
func ReadImage(path string) (image.Image, error) {
	f, _, err := openSized(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	cfg, _, err := image.DecodeConfig(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w: %v", path, ErrFormat, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > maxImagePixels {
		return nil, fmt.Errorf("%s: a %d×%d image (at most %d pixels): %w", path, cfg.Width, cfg.Height, maxImagePixels, ErrTooLarge)
	}
	if _, err := f.Seek(0, 0); err != nil {
		return nil, err
	}
	img, _, err := image.Decode(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w: %v", path, ErrFormat, err)
	}
	return img, nil
}

// ImageFiles returns the PNG and JPEG files directly inside dir, sorted
// by name.
func ImageFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var files []string
	for _, e := range entries {
		if e.Type().IsRegular() && IsImageFile(e.Name()) {
			files = append(files, filepath.Join(dir, e.Name()))
		}
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%s: no .png or .jpg files: %w", dir, ErrEmpty)
	}
	return files, nil
}

// ImageInput converts img to one input item of the given shape, [C H W]
// with C 1 or 3, or [H W]: the image is composited over black, resized to
// H×W (Catmull-Rom; the aspect ratio is not kept), converted to the
// channels and scaled to the format's range. It writes into dst when it
// is large enough.
func ImageInput(dst []float32, img image.Image, shape []int, f ImageFormat) ([]float32, error) {
	c, h, w, err := imageShape(shape)
	if err != nil {
		return nil, err
	}
	rgba := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(rgba, rgba.Bounds(), image.NewUniform(color.Black), image.Point{}, draw.Src)
	xdraw.CatmullRom.Scale(rgba, rgba.Bounds(), img, img.Bounds(), draw.Over, nil)
	dst = grow(dst, c*h*w)
	order := channelOrder(c, f.Channels)
	scale := (f.Range[1] - f.Range[0]) / 255
	for y := range h {
		for x := range w {
			p := rgba.RGBAAt(x, y)
			px := [4]uint8{p.R, p.G, p.B, color.GrayModel.Convert(p).(color.Gray).Y}
			for k, ch := range order {
				v := px[ch]
				if f.Invert {
					v = 255 - v
				}
				dst[(k*h+y)*w+x] = float32(f.Range[0] + scale*float64(v))
			}
		}
	}
	return dst, nil
}

// imageShape reads [C H W] or [H W].
func imageShape(shape []int) (c, h, w int, err error) {
	switch {
	case len(shape) == 2 && shape[0] > 0 && shape[1] > 0:
		return 1, shape[0], shape[1], nil
	case len(shape) == 3 && (shape[0] == 1 || shape[0] == 3) && shape[1] > 0 && shape[2] > 0:
		return shape[0], shape[1], shape[2], nil
	}
	return 0, 0, 0, errors.New("the encoder's input is not an image ([C H W] with C 1 or 3, or [H W])")
}

// channelOrder lists, per input channel, the pixel component it takes:
// 0 red, 1 green, 2 blue, 3 grey.
func channelOrder(c int, channels string) []int {
	switch {
	case c == 1:
		return []int{3}
	case channels == "bgr":
		return []int{2, 1, 0}
	}
	return []int{0, 1, 2}
}
