package outlier

import (
	"context"
	"fmt"
)

// DecodeFunc decodes one latent code z into dst (allocated if nil or too
// short) and returns it. A space's decoder provides it; the outlier
// package never loads models itself.
type DecodeFunc func(z []float32, dst []float32) ([]float32, error)

// ReconstructionError returns, for each of the n codes (row-major, dim
// values each) and the matching n data items (row-major, the same number
// of values each), the mean squared difference between the item and the
// decoding of its code. Items the model reconstructs badly score high.
// The decoder is called from one goroutine, one code at a time; progress,
// if not nil, gets the fraction done.
func ReconstructionError(ctx context.Context, codes []float32, dim int, data []float32, decode DecodeFunc, progress func(float64)) ([]float64, error) {
	if dim < 1 || len(codes)%dim != 0 {
		return nil, fmt.Errorf("outlier: %d code values do not make rows of %d", len(codes), dim)
	}
	n := len(codes) / dim
	if n == 0 || len(data)%n != 0 {
		return nil, fmt.Errorf("outlier: %d data values do not match %d codes", len(data), n)
	}
	m := len(data) / n
	out := make([]float64, n)
	var buf []float32
	for i := range out {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		var err error
		buf, err = decode(codes[i*dim:(i+1)*dim], buf)
		if err != nil {
			return nil, fmt.Errorf("decoding code %d: %w", i, err)
		}
		if len(buf) != m {
			return nil, fmt.Errorf("outlier: decoder gave %d values for code %d, data items have %d", len(buf), i, m)
		}
		out[i] = meanSquared(buf, data[i*m:(i+1)*m])
		if progress != nil && (i%256 == 255 || i == n-1) {
			progress(float64(i+1) / float64(n))
		}
	}
	return out, nil
}

// meanSquared returns the mean of (a_i − b_i)².
func meanSquared(a, b []float32) float64 {
	var s float64
	for i, v := range a {
		d := float64(v) - float64(b[i])
		s += d * d
	}
	return s / float64(len(a))
}
