package session

import (
	"context"
	"errors"
	"fmt"
	"image"
	"math"
	"sync"

	"github.com/latent-explorer/latent/model"
)

// Encoder is what the session needs of an encoder: items in, codes (the
// means) out. *model.Encoder satisfies it.
type Encoder interface {
	LatentDim() int
	InputShape() []int
	Encode(x []float32, n int, dst []float32) ([]float32, error)
}

// ErrNoEncoder is Encoder's error when the space names no encoder.
var ErrNoEncoder = errors.New("this space has no encoder (the manifest's encoder = \"…\")")

// encoderSlot holds the encoder of one space, loaded once.
type encoderSlot struct {
	mu  sync.Mutex
	sp  *model.Space
	enc Encoder
	err error
}

// SetEncoder makes enc the open space's encoder (instead of the one its
// manifest names).
func (s *Session) SetEncoder(enc Encoder) {
	sp := s.Space()
	s.enc.mu.Lock()
	s.enc.sp, s.enc.enc, s.enc.err = sp, enc, nil
	s.enc.mu.Unlock()
}

// Encoder returns the open space's encoder, loading the file its manifest
// names on first use (slow: call it off the UI goroutine); ErrNoEncoder
// when there is none.
func (s *Session) Encoder() (Encoder, error) {
	sp := s.Space()
	if sp == nil {
		return nil, errors.New("no space open")
	}
	s.enc.mu.Lock()
	defer s.enc.mu.Unlock()
	if s.enc.sp == sp {
		return s.enc.enc, s.enc.err
	}
	s.enc.sp, s.enc.enc, s.enc.err = sp, nil, ErrNoEncoder
	if p := sp.EncoderPath(); p != "" {
		enc, err := model.LoadEncoder(p)
		s.enc.err = err
		if err == nil {
			s.enc.enc, s.enc.err = checkEncoder(enc, sp)
		}
	}
	return s.enc.enc, s.enc.err
}

// HasEncoder reports whether the open space names an encoder or was
// given one.
func (s *Session) HasEncoder() bool {
	sp := s.Space()
	s.enc.mu.Lock()
	defer s.enc.mu.Unlock()
	if s.enc.sp == sp && s.enc.enc != nil {
		return true
	}
	return sp != nil && sp.EncoderPath() != "" && (s.enc.sp != sp || s.enc.err == nil)
}

func checkEncoder(enc *model.Encoder, sp *model.Space) (Encoder, error) {
	if enc.LatentDim() != sp.Codes.D {
		return nil, fmt.Errorf("%s: the encoder makes %d-dimensional codes, the space's are %d", sp.EncoderPath(), enc.LatentDim(), sp.Codes.D)
	}
	return enc, nil
}

// Encoded is a finished encode job's result: the code, the input as the
// encoder saw it, its reconstruction (nil without a decoder or for a
// vector output) and their mean squared error (NaN when not comparable).
type Encoded struct {
	Z              []float64
	Input, Decoded image.Image
	MSE            float64
}

// EncodeImage converts img to the encoder's input (resized, in the
// manifest's channels and value range, inverted if asked), encodes it
// (the mean), makes the code the current vector, and decodes it. The
// result is an *Encoded.
func (s *Session) EncodeImage(img image.Image, invert bool) *Job {
	return s.start("encode", "encoding the image", func(ctx context.Context, progress func(float64)) (func() Change, any, error) {
		enc, err := s.Encoder()
		if err != nil {
			return nil, nil, err
		}
		sp := s.Space()
		f := model.ImageFormat{Range: sp.Manifest.Output.Range, Channels: sp.Manifest.Output.Channels, Invert: invert}
		x, err := model.ImageInput(nil, img, enc.InputShape(), f)
		if err != nil {
			return nil, nil, fmt.Errorf("the image for the encoder's input %v: %w", enc.InputShape(), err)
		}
		return s.encoded(enc, x)
	})
}

// EncodeItem encodes data item i of the space (as latent encode does its
// data) like EncodeImage.
func (s *Session) EncodeItem(i int) *Job {
	return s.start("encode", fmt.Sprintf("encoding item #%d", i), func(ctx context.Context, progress func(float64)) (func() Change, any, error) {
		enc, err := s.Encoder()
		if err != nil {
			return nil, nil, err
		}
		sp := s.Space()
		if sp.Data == nil || i < 0 || i >= sp.Data.Shape[0] {
			return nil, nil, fmt.Errorf("no data item #%d", i)
		}
		item := &model.Array{Shape: append([]int{1}, sp.Data.Shape[1:]...), DType: sp.Data.DType}
		item.Data, _, _ = sp.Item(i)
		x, _, err := model.EncoderInput(sp.Manifest.Data, item, enc.InputShape(), 0)
		if err != nil {
			return nil, nil, err
		}
		return s.encoded(enc, x)
	})
}

// encoded encodes the input x, decodes its code and sets the vector.
func (s *Session) encoded(enc Encoder, x []float32) (func() Change, any, error) {
	sp := s.Space()
	zf, err := enc.Encode(x, 1, nil)
	if err != nil {
		return nil, nil, err
	}
	r := &Encoded{Z: model.Float64s(zf), MSE: math.NaN()}
	out := sp.Manifest.Output
	if out.Kind == "image" {
		if r.Input, err = out.ToImage(x, enc.InputShape(), nil); err != nil {
			r.Input = nil
		}
	}
	if dec := s.Decoder(); dec != nil {
		y, err := dec.Decode(zf, nil)
		if err != nil {
			return nil, nil, err
		}
		if len(y) == len(x) {
			r.MSE = meanSquared(x, y)
		}
		if out.Kind == "image" {
			r.Decoded, _ = out.ToImage(y, outputShape(out, dec), nil)
		}
	}
	return func() Change { return s.setVectorLocked(r.Z, -1) }, r, nil
}

func outputShape(out model.OutputSpec, dec Decoder) []int {
	if len(out.Shape) > 0 {
		return out.Shape
	}
	return dec.OutputShape()
}

func meanSquared(a, b []float32) float64 {
	var s float64
	for i, v := range a {
		d := float64(v - b[i])
		s += d * d
	}
	return s / float64(len(a))
}
