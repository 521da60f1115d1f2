package model

import (
	"context"
	"fmt"
)

// EncoderInput converts an array of data items to float32 inputs of an
// encoder whose items have the given shape: any array whose first axis
// counts the items and whose other axes hold as many values as one input
// (e.g. [N 28 28] for [1 28 28]). uint8 data (images stored 0–255) is
// scaled to [0, 1] unless scale is non-zero. It returns the inputs and
// the number of items; path names the array in errors.
func EncoderInput(path string, a *Array, shape []int, scale float64) ([]float32, int, error) {
	item := shapeElems(shape)
	if len(a.Shape) == 0 || a.Shape[0] == 0 || a.Len()/a.Shape[0] != item {
		return nil, 0, fmt.Errorf("%s: data of shape %v; the encoder takes items of shape %v", path, a.Shape, shape)
	}
	return a.Scaled(scale), a.Shape[0], nil
}

// encodeBlock is the number of items EncodeAll encodes between progress
// reports and cancellation checks.
const encodeBlock = 1024

// ItemEncoder is what EncodeAll needs of an encoder: items in, codes (the
// means) out. *Encoder has it; an encoder that also outputs log-variances
// (as *Encoder may) implements logVarEncoder.
type ItemEncoder interface {
	LatentDim() int
	InputShape() []int
	Encode(x []float32, n int, dst []float32) ([]float32, error)
}

// logVarEncoder is an encoder that may output log-variances beside the
// means.
type logVarEncoder interface {
	HasLogVar() bool
	EncodeLogVar(x []float32, n int, mean, logVar []float32) ([]float32, []float32, error)
}

// EncodeAll encodes n items (x as for Encoder.Encode) in blocks, checking
// ctx and reporting the fraction done to progress (which may be nil)
// after each. With logVar set and an encoder that outputs log-variances
// it returns them too (else nil).
func EncodeAll(ctx context.Context, enc ItemEncoder, x []float32, n int, logVar bool, progress func(float64)) (mean, lv []float32, err error) {
	item := shapeElems(enc.InputShape())
	d := enc.LatentDim()
	mean = make([]float32, n*d)
	lve, _ := enc.(logVarEncoder)
	if logVar && lve != nil && lve.HasLogVar() {
		lv = make([]float32, n*d)
	}
	for lo := 0; lo < n; lo += encodeBlock {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		hi := min(n, lo+encodeBlock)
		var out []float32
		if lv != nil {
			out, _, err = lve.EncodeLogVar(x[lo*item:hi*item], hi-lo, mean[lo*d:hi*d], lv[lo*d:hi*d])
		} else {
			out, err = enc.Encode(x[lo*item:hi*item], hi-lo, mean[lo*d:hi*d])
		}
		if err != nil {
			return nil, nil, fmt.Errorf("encoding items %d–%d: %w", lo, hi-1, err)
		}
		if len(out) != (hi-lo)*d {
			return nil, nil, fmt.Errorf("encoding items %d–%d: %d values, want %d", lo, hi-1, len(out), (hi-lo)*d)
		}
		copy(mean[lo*d:hi*d], out)
		if progress != nil {
			progress(float64(hi) / float64(n))
		}
	}
	return mean, lv, nil
}
