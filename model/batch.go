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

// Block is how many items DecodeAll hands the decoder at once:
// large enough to keep every core busy, small enough to report progress
// and notice cancellation often.
const Block = 1024

// DecodeAll decodes n latent vectors, row-major in z, in blocks of Block,
// and returns the n decoded items row-major. It checks ctx before each
// block and calls progress (when not nil) with the fraction done after
// each. A class-conditional decoder decodes class 0 (see DecodeAllClass).
func DecodeAll(ctx context.Context, dec ItemDecoder, z []float32, n int, progress func(float64)) ([]float32, error) {
	return DecodeAllClass(ctx, dec, z, n, nil, progress)
}

// DecodeAllClass is DecodeAll with classes for a class-conditional
// decoder: n classes, one for all, or none (class 0). A decoder that
// takes classes has a DecodeBatchClass or DecodeClass method, as
// *Decoder has; others must be given none.
func DecodeAllClass(ctx context.Context, dec ItemDecoder, z []float32, n int, classes []int, progress func(float64)) ([]float32, error) {
	d, item := dec.LatentDim(), shapeElems(dec.OutputShape())
	switch {
	case n < 0 || len(z) != n*d:
		return nil, fmt.Errorf("decode: %d values are not %d latent vectors of %d", len(z), n, d)
	case len(classes) > 1 && len(classes) != n:
		return nil, fmt.Errorf("decode: %d classes for %d latent vectors", len(classes), n)
	}
	run, err := chunkDecoder(dec, classes)
	if err != nil {
		return nil, err
	}
	y := make([]float32, n*item)
	return y, inBlocks(ctx, n, progress, func(lo, hi int) error {
		cl := classes
		if len(cl) > 1 {
			cl = cl[lo:hi]
		}
		return run(z[lo*d:hi*d], hi-lo, cl, y[lo*item:hi*item])
	})
}

// batchClassDecoder and itemClassDecoder decode with classes (*Decoder
// does both).
type (
	batchClassDecoder interface {
		DecodeBatchClass(z []float32, n int, classes []int, dst []float32) ([]float32, error)
	}
	itemClassDecoder interface {
		DecodeClass(z []float32, class int, dst []float32) ([]float32, error)
	}
)

// chunkDecoder returns a function that decodes n vectors of classes (n,
// one or none) into dst, the best way dec offers: a batch at once when it
// can, else one vector at a time.
func chunkDecoder(dec ItemDecoder, classes []int) (func(z []float32, n int, classes []int, dst []float32) error, error) {
	d := dec.LatentDim()
	var buf []float32
	if b, ok := dec.(batchClassDecoder); ok {
		return func(z []float32, n int, cl []int, dst []float32) (err error) {
			buf, err = b.DecodeBatchClass(z, n, cl, buf)
			return place(dst, buf, err)
		}, nil
	}
	if b, ok := dec.(batchDecoder); ok && len(classes) == 0 {
		return func(z []float32, n int, _ []int, dst []float32) (err error) {
			buf, err = b.DecodeBatch(z, n, buf)
			return place(dst, buf, err)
		}, nil
	}
	ic, hasClass := dec.(itemClassDecoder)
	if len(classes) > 0 && !hasClass {
		return nil, errors.New("decode: classes given to a decoder that takes none")
	}
	return func(z []float32, n int, cl []int, dst []float32) (err error) {
		item := len(dst) / max(n, 1)
		for i := range n {
			if hasClass && len(cl) > 0 {
				buf, err = ic.DecodeClass(z[i*d:(i+1)*d], cl[min(i, len(cl)-1)], buf)
			} else {
				buf, err = dec.Decode(z[i*d:(i+1)*d], buf)
			}
			if err := place(dst[i*item:(i+1)*item], buf, err); err != nil {
				return err
			}
		}
		return nil
	}, nil
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
		return own, false, o.CheckDecoder(own)
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
