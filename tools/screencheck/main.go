// Command screencheck checks a screenshot of the explorer window: the map
// region must hold many distinct colours (the points of several classes)
// and the decoded-output region a drawn image (both light and dark
// pixels), so a blank or half-drawn frame fails.
package main

import (
	"fmt"
	"image"
	_ "image/png"
	"os"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: screencheck SCREENSHOT.png")
		os.Exit(2)
	}
	if err := check(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "screencheck:", err)
		os.Exit(1)
	}
	fmt.Println("screencheck: the window drew the map and the decoded image")
	fmt.Println("screenshot: 1 passed, 0 failed")
}

func check(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	img, _, err := image.Decode(f)
	if err != nil {
		return fmt.Errorf("%s: %v", path, err)
	}
	b := img.Bounds()
	// The map is the left part of the window, the output the top right.
	mapRect := image.Rect(b.Min.X+b.Dx()/20, b.Min.Y+b.Dy()/6, b.Min.X+b.Dx()/2, b.Max.Y-b.Dy()/6)
	if n := hues(img, mapRect); n < 6 {
		return fmt.Errorf("%s: the map region has %d distinct saturated colours, want ≥ 6 (points of several classes)", path, n)
	}
	outRect := image.Rect(b.Min.X+b.Dx()*2/3, b.Min.Y+b.Dy()/12, b.Max.X-b.Dx()/30, b.Min.Y+b.Dy()/2)
	dark, light := contrast(img, outRect)
	if dark < 200 || light < 200 {
		return fmt.Errorf("%s: the output region has %d dark and %d light pixels: no decoded image", path, dark, light)
	}
	return nil
}

// hues counts coarse saturated colours in r.
func hues(img image.Image, r image.Rectangle) int {
	seen := map[[3]uint32]bool{}
	for y := r.Min.Y; y < r.Max.Y; y += 2 {
		for x := r.Min.X; x < r.Max.X; x += 2 {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			hi, lo := max(cr, cg, cb), min(cr, cg, cb)
			if hi-lo > 0x3000 {
				seen[[3]uint32{cr >> 13, cg >> 13, cb >> 13}] = true
			}
		}
	}
	return len(seen)
}

// contrast counts near-black and near-white grey pixels in r.
func contrast(img image.Image, r image.Rectangle) (dark, light int) {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			if max(cr, cg, cb)-min(cr, cg, cb) > 0x1000 {
				continue
			}
			switch {
			case cr < 0x2000:
				dark++
			case cr > 0xe000:
				light++
			}
		}
	}
	return dark, light
}
