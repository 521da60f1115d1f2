package model

import (
	"context"
	"errors"
	"math"
	"slices"
	"testing"
)

// sumDecoder decodes z to one value per output pixel p: p + Σ z, one
// vector at a time; it counts its calls.
type sumDecoder struct {
	d, calls int
	shape    []int
}

func (s *sumDecoder) LatentDim() int     { return s.d }
func (s *sumDecoder) OutputShape() []int { return s.shape }
func (s *sumDecoder) Decode(z, dst []float32) ([]float32, error) {
	s.calls++
	var sum float32
	for _, v := range z {
		sum += v
	}
	dst = dst[:0]
	for p := range shapeElems(s.shape) {
		dst = append(dst, float32(p)+sum)
	}
	return dst, nil
}

func TestDecodeAllOneAtATime(t *testing.T) {
	dec := &sumDecoder{d: 2, shape: []int{3}}
	n := Block + 5
	z := make([]float32, 2*n)
	for i := range n {
		z[2*i], z[2*i+1] = float32(i), 0.5
	}
	var fractions []float64
	y, err := DecodeAll(context.Background(), dec, z, n, func(f float64) { fractions = append(fractions, f) })
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{0, 1, Block, n - 1} {
		want := []float32{float32(i) + 0.5, float32(i) + 1.5, float32(i) + 2.5}
		if got := y[3*i : 3*i+3]; !slices.Equal(got, want) {
			t.Errorf("item %d = %v, want %v", i, got, want)
		}
	}
	if want := []float64{float64(Block) / float64(n), 1}; !slices.Equal(fractions, want) || dec.calls != n {
		t.Errorf("progress %v after %d calls, want %v after %d", fractions, dec.calls, want, n)
	}
}

func TestDecodeAllBatchedMatchesOneByOne(t *testing.T) {
	dec, err := LoadDecoder(onnxFixture("conv_vae_decoder.onnx"))
	if err != nil {
		t.Fatal(err)
	}
	d, n := dec.LatentDim(), 3
	z := make([]float32, n*d)
	for i := range z {
		z[i] = float32(i%7)/3 - 1
	}
	y, err := DecodeAll(context.Background(), dec, z, n, nil)
	if err != nil {
		t.Fatal(err)
	}
	item := len(y) / n
	for i := range n {
		one, err := dec.Decode(z[i*d:(i+1)*d], nil)
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range one {
			// A batch sums in another order than one vector: float32 rounding.
			if diff := math.Abs(float64(y[i*item+k] - v)); diff > 1e-5 {
				t.Fatalf("item %d value %d: batched %g, Decode %g", i, k, y[i*item+k], v)
			}
		}
	}
}

func TestDecodeAllStopsAndChecks(t *testing.T) {
	dec := &sumDecoder{d: 2, shape: []int{3}}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := DecodeAll(ctx, dec, make([]float32, 4), 2, nil); !errors.Is(err, context.Canceled) || dec.calls != 0 {
		t.Errorf("cancelled: err %v after %d decodes", err, dec.calls)
	}
	if _, err := DecodeAll(context.Background(), dec, make([]float32, 5), 2, nil); err == nil {
		t.Error("5 values taken as 2 vectors of 2")
	}
	wrong := &lyingDecoder{sumDecoder{d: 1, shape: []int{4}}}
	if _, err := DecodeAll(context.Background(), wrong, make([]float32, 1), 1, nil); err == nil {
		t.Error("a decoder returning fewer values than its shape was accepted")
	}
}

// lyingDecoder returns one value less than its shape says.
type lyingDecoder struct{ sumDecoder }

func (l *lyingDecoder) Decode(z, dst []float32) ([]float32, error) {
	out, err := l.sumDecoder.Decode(z, dst)
	return out[:len(out)-1], err
}

func TestCellShapeAndImages(t *testing.T) {
	img := &sumDecoder{d: 1, shape: []int{1, 2, 2}}
	spec := &OutputSpec{Kind: "image", Range: [2]float64{0, 4}, Channels: "gray"}
	shape, isImage, err := spec.CellShape(img)
	if err != nil || !isImage || !slices.Equal(shape, []int{1, 2, 2}) {
		t.Fatalf("CellShape = %v %v %v", shape, isImage, err)
	}
	// z = 1 decodes to 1, 2, 3, 4 on [0, 4]: grey levels 64, 128, 191, 255.
	y, err := DecodeAll(context.Background(), img, []float32{1}, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	cells, err := spec.Images(y, 1, shape)
	if err != nil {
		t.Fatal(err)
	}
	var got []uint8
	for _, p := range []struct{ x, y int }{{0, 0}, {1, 0}, {0, 1}, {1, 1}} {
		r, _, _, _ := cells[0].At(p.x, p.y).RGBA()
		got = append(got, uint8(r>>8))
	}
	if want := []uint8{64, 128, 191, 255}; !slices.Equal(got, want) {
		t.Errorf("grey levels %v, want %v", got, want)
	}
	vec := &OutputSpec{Kind: "vector"}
	if _, isImage, err := vec.CellShape(img); err != nil || isImage {
		t.Errorf("a vector output: image %v, %v", isImage, err)
	}
	bad := &OutputSpec{Kind: "image", Shape: []int{1, 3, 3}}
	if _, _, err := bad.CellShape(img); err == nil {
		t.Error("an output shape of 9 values for a decoder of 4 was accepted")
	}
}

func TestScaled(t *testing.T) {
	u8 := &Array{DType: "uint8", Data: []float64{0, 51, 255}}
	if got, want := u8.Scaled(0), []float32{0, 0.2, 1}; !slices.Equal(got, want) {
		t.Errorf("uint8 by default: %v, want %v", got, want)
	}
	f := &Array{DType: "float32", Data: []float64{-1, 0.5}}
	if got, want := f.Scaled(0), []float32{-1, 0.5}; !slices.Equal(got, want) {
		t.Errorf("float32 by default: %v, want %v", got, want)
	}
	if got, want := u8.Scaled(2), []float32{0, 102, 510}; !slices.Equal(got, want) {
		t.Errorf("scale 2: %v, want %v", got, want)
	}
}

func TestGuessRange(t *testing.T) {
	nan := float32(math.NaN())
	cases := []struct {
		y      []float32
		lo, hi float64
	}{
		{[]float32{0, 0.5, 1}, 0, 1},
		{[]float32{-0.5, 0.9}, -1, 1},
		{[]float32{-3, 250}, -3, 250},
		{[]float32{7, 7}, 6, 8},
		{[]float32{nan, 2, 5}, 2, 5},
		{[]float32{nan}, 0, 1},
	}
	for _, c := range cases {
		if lo, hi := GuessRange(c.y); lo != c.lo || hi != c.hi {
			t.Errorf("GuessRange(%v) = %g, %g; want %g, %g", c.y, lo, hi, c.lo, c.hi)
		}
	}
}

// classDecoder decodes z to class·100 + Σz, one vector at a time.
type classDecoder struct{ sumDecoder }

func (c *classDecoder) DecodeClass(z []float32, class int, dst []float32) ([]float32, error) {
	out, err := c.sumDecoder.Decode(z, dst)
	for i := range out {
		out[i] += float32(100 * class)
	}
	return out, err
}

func TestDecodeAllClass(t *testing.T) {
	dec := &classDecoder{sumDecoder{d: 1, shape: []int{1}}}
	z := []float32{1, 2, 3}
	ctx := context.Background()
	perItem, err := DecodeAllClass(ctx, dec, z, 3, []int{0, 2, 1}, nil)
	if want := []float32{1, 202, 103}; err != nil || !slices.Equal(perItem, want) {
		t.Errorf("a class per item: %v %v, want %v", perItem, err, want)
	}
	one, err := DecodeAllClass(ctx, dec, z, 3, []int{5}, nil)
	if want := []float32{501, 502, 503}; err != nil || !slices.Equal(one, want) {
		t.Errorf("one class for all: %v %v, want %v", one, err, want)
	}
	if _, err := DecodeAllClass(ctx, dec, z, 3, []int{1, 2}, nil); err == nil {
		t.Error("2 classes for 3 vectors accepted")
	}
	plain := &sumDecoder{d: 1, shape: []int{1}}
	if _, err := DecodeAllClass(ctx, plain, z, 3, []int{1}, nil); err == nil {
		t.Error("classes given to an unconditional fake decoder accepted")
	}
	// *Decoder takes classes in batches; an unconditional one ignores them.
	real, err := LoadDecoder(onnxFixture("conv_vae_decoder.onnx"))
	if err != nil {
		t.Fatal(err)
	}
	zr := make([]float32, 2*real.LatentDim())
	a, err1 := DecodeAllClass(ctx, real, zr, 2, []int{3}, nil)
	b, err2 := DecodeAll(ctx, real, zr, 2, nil)
	if err1 != nil || err2 != nil || !slices.Equal(a, b) {
		t.Errorf("an unconditional decoder with a class: %v %v, outputs equal %v", err1, err2, slices.Equal(a, b))
	}
}
