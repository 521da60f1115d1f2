package model

import (
	"errors"
	"testing"
)

func TestToImageGrayAndRange(t *testing.T) {
	cases := []struct {
		rng  [2]float64
		in   []float32
		want []uint8
	}{
		{[2]float64{0, 1}, []float32{0, 0.5, 1, 2}, []uint8{0, 128, 255, 255}},
		{[2]float64{-1, 1}, []float32{-1, 0, 1, -3}, []uint8{0, 128, 255, 0}},
	}
	for _, c := range cases {
		o := OutputSpec{Kind: "image", Range: c.rng, Channels: "gray"}
		img, err := o.ToImage(c.in, []int{1, 2, 2}, nil)
		if err != nil {
			t.Fatal(err)
		}
		for i, w := range c.want {
			if got := img.NRGBAAt(i%2, i/2); got != gray(w) {
				t.Errorf("range %v value %v: pixel %v, want %v", c.rng, c.in[i], got, gray(w))
			}
		}
	}
}

func TestToImageBGR(t *testing.T) {
	o := OutputSpec{Kind: "image", Range: [2]float64{0, 1}, Channels: "bgr"}
	img, err := o.ToImage([]float32{1, 0, 0}, []int{3, 1, 1}, nil) // blue plane first
	if err != nil {
		t.Fatal(err)
	}
	if got := img.NRGBAAt(0, 0); got.R != 0 || got.B != 255 {
		t.Errorf("bgr pixel %v, want blue", got)
	}
}

func TestToImageBadShape(t *testing.T) {
	o := OutputSpec{Kind: "image", Range: [2]float64{0, 1}}
	if _, err := o.ToImage(make([]float32, 5), []int{1, 2, 2}, nil); !errors.Is(err, ErrShape) {
		t.Errorf("err = %v, want ErrShape", err)
	}
	if _, err := o.ToImage(make([]float32, 10), []int{10}, nil); !errors.Is(err, ErrShape) {
		t.Errorf("err = %v, want ErrShape", err)
	}
}
