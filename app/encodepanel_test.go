package app

import (
	"image"
	"image/color"
	"math"
	"strings"
	"testing"

	"github.com/latent-explorer/latent/model"
)

// bandEncoder encodes an 8×8 gray item to d values: value j is the mean
// of the pixels p with p mod d = j.
type bandEncoder struct{ d int }

func (b bandEncoder) LatentDim() int    { return b.d }
func (b bandEncoder) InputShape() []int { return []int{1, 8, 8} }
func (b bandEncoder) Encode(x []float32, n int, dst []float32) ([]float32, error) {
	dst = append(dst[:0], make([]float32, n*b.d)...)
	for i := range n {
		for p, v := range x[i*64 : (i+1)*64] {
			dst[i*b.d+p%b.d] += v / float32(64/b.d)
		}
	}
	return dst, nil
}

// TestEncodePanelImage encodes a 16×16 picture, left half white: the
// vector becomes its code, the pin sits where the map places it, and the
// panel shows the input, the reconstruction and their error.
func TestEncodePanelImage(t *testing.T) {
	e := openTest(t, testSpace(t, true))
	p := e.encode
	e.core.SetEncoder(bandEncoder{d: 4})
	img := image.NewGray(image.Rect(0, 0, 16, 16))
	for y := range 16 {
		for x := range 8 {
			img.SetGray(x, y, color.Gray{Y: 255})
		}
	}
	p.encodeImage(img, false)
	waitUntil(t, e, "the image encoded", func() bool { return p.done == 1 })
	// The reference: the same conversion and encoder by hand.
	x, err := model.ImageInput(nil, img, []int{1, 8, 8}, model.ImageFormat{Range: [2]float64{0, 1}, Channels: "gray"})
	if err != nil {
		t.Fatal(err)
	}
	z, _ := bandEncoder{d: 4}.Encode(x, 1, nil)
	got := e.core.Vector()
	for j := range z {
		if math.Abs(got[j]-float64(z[j])) > 1e-6 {
			t.Fatalf("vector %v, want the code %v", got, z)
		}
	}
	y, _ := linearDecoder{D: 4}.Decode(z, nil)
	var mse float64
	for i := range x {
		mse += float64((x[i] - y[i]) * (x[i] - y[i]))
	}
	mse /= 64
	if math.Abs(p.last.MSE-mse) > 1e-9 || !strings.Contains(p.status.Text, "MSE") {
		t.Errorf("MSE %v (%q), want %v", p.last.MSE, p.status.Text, mse)
	}
	if p.input.Image == nil || p.decoded.Image == nil {
		t.Error("the input or the reconstruction is not shown")
	}
	px, py, _ := e.core.Place(got)
	if x, y, ok := e.mapp.view.Renderer().Pin(); !ok || x != px || y != py {
		t.Errorf("pin at (%v, %v) shown %v, want (%v, %v)", x, y, ok, px, py)
	}
	if e.dock.shown() != "Encode" {
		t.Errorf("the dock shows %q", e.dock.shown())
	}
}

// TestEncodePanelNoEncoder checks that a space without an encoder says so
// and offers nothing to press.
func TestEncodePanelNoEncoder(t *testing.T) {
	e := openTest(t, testSpace(t, true))
	p := e.encode
	if !p.pick.Disabled() || !p.encodeIt.Disabled() || !strings.Contains(p.status.Text, "no encoder") {
		t.Errorf("without an encoder: pick disabled %v, item disabled %v, status %q", p.pick.Disabled(), p.encodeIt.Disabled(), p.status.Text)
	}
}

// TestEncodePanelDataItem encodes data item 5 of a space with data: the
// vector becomes the encoder's code of that item.
func TestEncodePanelDataItem(t *testing.T) {
	s := testSpace(t, true)
	s.Data = &model.Array{Shape: []int{s.Codes.N, 1, 8, 8}, DType: "float32", Data: make([]float64, s.Codes.N*64)}
	for i := range s.Data.Data {
		s.Data.Data[i] = float64(i%7) / 7
	}
	e := openTest(t, s)
	p := e.encode
	e.core.SetEncoder(bandEncoder{d: 4})
	p.item.SetText("5")
	p.encodeItem()
	waitUntil(t, e, "item 5 encoded", func() bool { return p.done == 1 })
	x := make([]float32, 64)
	for k := range x {
		x[k] = float32(s.Data.Data[5*64+k])
	}
	z, _ := bandEncoder{d: 4}.Encode(x, 1, nil)
	got := e.core.Vector()
	for j := range z {
		if math.Abs(got[j]-float64(z[j])) > 1e-6 {
			t.Fatalf("vector %v, want item 5's code %v", got, z)
		}
	}
}
