package model

import (
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"
)

func TestImageInputChannelsAndRange(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 2, 1))
	img.Set(0, 0, color.RGBA{255, 0, 0, 255})
	img.Set(1, 0, color.RGBA{0, 0, 255, 255})
	// Same size: no resampling, so the values are exact.
	rgb, err := ImageInput(nil, img, []int{3, 1, 2}, ImageFormat{Range: [2]float64{-1, 1}, Channels: "rgb"})
	if err != nil {
		t.Fatal(err)
	}
	want := []float32{1, -1, -1, -1, -1, 1} // R plane, G plane, B plane
	for i := range want {
		if rgb[i] != want[i] {
			t.Fatalf("rgb %v, want %v", rgb, want)
		}
	}
	bgr, _ := ImageInput(nil, img, []int{3, 1, 2}, ImageFormat{Range: [2]float64{0, 1}, Channels: "bgr"})
	if bgr[0] != 0 || bgr[1] != 1 || bgr[4] != 1 || bgr[5] != 0 {
		t.Errorf("bgr %v", bgr)
	}
	// Grey is Go's luminance (ITU-R BT.601 weights): red gives 76/255.
	gray, _ := ImageInput(nil, img, []int{1, 1, 2}, ImageFormat{Range: [2]float64{0, 1}})
	if math.Abs(float64(gray[0])-76.0/255) > 1e-6 {
		t.Errorf("grey of red %v, want %v", gray[0], 76.0/255)
	}
	inv, _ := ImageInput(nil, img, []int{1, 2}, ImageFormat{Range: [2]float64{0, 1}, Invert: true})
	if math.Abs(float64(inv[0])-(1-76.0/255)) > 1e-6 {
		t.Errorf("inverted grey %v", inv[0])
	}
}

func TestImageInputResizesAndComposites(t *testing.T) {
	// A transparent 56×56 image with an opaque white square in the
	// middle, reduced to 28×28: the square stays white, the transparent
	// border becomes black.
	img := image.NewNRGBA(image.Rect(0, 0, 56, 56))
	for y := 14; y < 42; y++ {
		for x := 14; x < 42; x++ {
			img.Set(x, y, color.White)
		}
	}
	x, err := ImageInput(nil, img, []int{1, 28, 28}, ImageFormat{Range: [2]float64{0, 1}})
	if err != nil {
		t.Fatal(err)
	}
	if x[14*28+14] < 0.99 || x[0] != 0 || x[27*28+27] != 0 {
		t.Errorf("centre %v, corners %v %v", x[14*28+14], x[0], x[27*28+27])
	}
	if _, err := ImageInput(nil, img, []int{16}, ImageFormat{}); err == nil {
		t.Error("a vector input: no error")
	}
}

func TestReadImage(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.png")
	f, _ := os.Create(path)
	png.Encode(f, image.NewGray(image.Rect(0, 0, 3, 2)))
	f.Close()
	img, err := ReadImage(path)
	if err != nil || img.Bounds().Dx() != 3 {
		t.Fatalf("ReadImage: %v", err)
	}
	os.WriteFile(filepath.Join(dir, "b.jpg"), []byte("not a jpeg"), 0o644)
	if _, err := ReadImage(filepath.Join(dir, "b.jpg")); err == nil {
		t.Error("a corrupt JPEG: no error")
	}
	if _, err := ReadImage(dir); err == nil {
		t.Error("a folder: no error")
	}
	files, err := ImageFiles(dir)
	if err != nil || len(files) != 2 || filepath.Base(files[0]) != "a.png" {
		t.Errorf("ImageFiles: %v %v", files, err)
	}
}
