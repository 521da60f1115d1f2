package model

import (
	"context"
	"errors"
	"fmt"
	"image"
)

// ItemDecoder decodes latent vectors one at a time; *Decoder satisfies it,
// and so does any decoder a caller wraps or fakes. DecodeAll uses a
// DecodeBatch method when the decoder has one.
type ItemDecoder interface {
	LatentDim() int
	OutputShape() []int
	Decode(z, dst []float32) ([]float32, error)
}

// batchDecoder decodes many latent vectors in one call (*Decoder does).
type batchDecoder interface {
	DecodeBatch(z []float32, n int, dst []float32) ([]float32, error)
}

// Block is how many items DecodeAll and EncodeAll hand the model at once:
// large enough to keep every core busy, small enough to report progress
// and notice cancellation often.
const Block = 1024

// ErrNotImage is returned by DecodeImages for a decoder whose output is a
// vector, not an image.
var ErrNotImage = errors.New("the decoder's output is a vector, not an image")

// DecodeAll decodes n latent vectors, row-major in z, in blocks of Block,
// and returns the n decoded items row-major. It checks ctx before each
// block and calls progress (when not nil) with the fraction done after
// each.
func DecodeAll(ctx context.Context, dec ItemDecoder, z []float32, n int, progress func(float64)) ([]float32, error) {
	d, item := dec.LatentDim(), shapeElems(dec.OutputShape())
	if n < 0 || len(z) != n*d {
		return nil, fmt.Errorf("decode: %d values are not %d latent vectors of %d", len(z), n, d)
	}
	y := make([]float32, n*item)
	b, batched := dec.(batchDecoder)
	var buf []float32
	return y, inBlocks(ctx, n, progress, func(lo, hi int) error {
		var err error
		if batched {
			buf, err = b.DecodeBatch(z[lo*d:hi*d], hi-lo, buf)
			return place(y[lo*item:hi*item], buf, err)
		}
		for i := lo; i < hi; i++ {
			buf, err = dec.Decode(z[i*d:(i+1)*d], buf)
			if err := place(y[i*item:(i+1)*item], buf, err); err != nil {
				return err
			}
		}
		return nil
	})
}

// place copies a decoder's output into its place in the result, checking
// it has the decoder's size.
func place(dst, out []float32, err error) error {
	if err != nil {
		return err
	}
	if len(out) != len(dst) {
		return fmt.Errorf("decode: the decoder returned %d values, want %d", len(out), len(dst))
	}
	copy(dst, out)
	return nil
}

// EncodeAll encodes n data items, row-major in x, in blocks of Block, and
// returns their n latent codes (the mean) row-major, checking ctx and
// reporting progress as DecodeAll does.
func EncodeAll(ctx context.Context, enc *Encoder, x []float32, n int, progress func(float64)) ([]float32, error) {
	if n <= 0 || len(x)%n != 0 {
		return nil, fmt.Errorf("encode: %d values are not %d items", len(x), n)
	}
	item, d := len(x)/n, enc.LatentDim()
	z := make([]float32, n*d)
	return z, inBlocks(ctx, n, progress, func(lo, hi int) error {
		_, err := enc.Encode(x[lo*item:hi*item], hi-lo, z[lo*d:hi*d])
		return err
	})
}

// inBlocks calls run on [lo, hi) blocks of Block items covering [0, n).
func inBlocks(ctx context.Context, n int, progress func(float64), run func(lo, hi int) error) error {
	for lo := 0; lo < n; lo += Block {
		if err := ctx.Err(); err != nil {
			return err
		}
		hi := min(n, lo+Block)
		if err := run(lo, hi); err != nil {
			return err
		}
		if progress != nil {
			progress(float64(hi) / float64(n))
		}
	}
	return nil
}

// imager reports whether a decoder's output is an image (*Decoder does).
type imager interface{ IsImage() bool }

// CellShape returns the shape of one item dec decodes and whether it
// shows as an image: the spec's shape when it gives one (it must hold as
// many values as the decoder makes and be an image shape), else the
// decoder's own. A spec of kind "vector" is never an image.
func (o *OutputSpec) CellShape(dec ItemDecoder) ([]int, bool, error) {
	own := dec.OutputShape()
	switch {
	case o.Kind == "vector":
		return own, false, nil
	case len(o.Shape) == 0:
		im, ok := dec.(imager)
		return own, (ok && im.IsImage()) || (!ok && len(own) >= 2), nil
	}
	if n, m := shapeElems(o.Shape), shapeElems(own); n != m {
		return nil, false, fmt.Errorf("output shape %v holds %d values, the decoder makes %v (%d)", o.Shape, n, own, m)
	}
	if _, _, _, err := ImageSize(o.Shape); err != nil {
		return nil, false, err
	}
	return o.Shape, true, nil
}

// Images turns n decoded items, row-major in y, of the given shape into
// images by the spec (see ToImage).
func (o *OutputSpec) Images(y []float32, n int, shape []int) ([]image.Image, error) {
	if n <= 0 || len(y)%n != 0 {
		return nil, fmt.Errorf("%d values are not %d decoded items", len(y), n)
	}
	item := len(y) / n
	out := make([]image.Image, n)
	for i := range out {
		img, err := o.ToImage(y[i*item:(i+1)*item], shape, nil)
		if err != nil {
			return nil, err
		}
		out[i] = img
	}
	return out, nil
}

// DecodeImages decodes n latent vectors (row-major in z) in blocks and
// turns each into an image by the spec: decoded thumbnails, traversal
// and interpolation cells. It returns ErrNotImage when the output is not
// an image; such a decoder's items are drawn with grid.Plots instead.
func DecodeImages(ctx context.Context, dec ItemDecoder, o *OutputSpec, z []float32, n int, progress func(float64)) ([]image.Image, error) {
	shape, isImage, err := o.CellShape(dec)
	if err != nil {
		return nil, err
	}
	if !isImage {
		return nil, ErrNotImage
	}
	y, err := DecodeAll(ctx, dec, z, n, progress)
	if err != nil {
		return nil, err
	}
	return o.Images(y, n, shape)
}
