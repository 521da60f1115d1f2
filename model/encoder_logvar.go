package model

import (
	"fmt"

	"github.com/latent-explorer/latent/model/onnx"
)

// HasLogVar reports whether the encoder outputs a log-variance beside the
// mean (a VAE's encoder).
func (e *Encoder) HasLogVar() bool { return len(e.net.m.Outputs) == 2 }

// EncodeLogVar encodes n items as Encode does and also writes each code's
// log-variances (the encoder's second output) into logVar; both are grown
// when too small. It is an error for an encoder without log-variances.
func (e *Encoder) EncodeLogVar(x []float32, n int, mean, logVar []float32) ([]float32, []float32, error) {
	if !e.HasLogVar() {
		return mean, logVar, fmt.Errorf("encode: the encoder has no log-variance output")
	}
	item := shapeElems(e.inShape)
	if n < 0 || len(x) != n*item {
		return mean, logVar, fmt.Errorf("encode: %d values are not %d items of shape %v", len(x), n, e.inShape)
	}
	mean, logVar = grow(mean, n*e.d), grow(logVar, n*e.d)
	err := parallelChunks(n, e.Threads, func(lo, hi int) error {
		w := e.net.get()
		defer e.net.put(w)
		outs, err := w.runAll(x[lo*item:hi*item], e.shape(w, hi-lo))
		if err != nil {
			return fmt.Errorf("encode: %w", err)
		}
		for k, dst := range [][]float32{mean, logVar} {
			if len(outs[k].Float) != (hi-lo)*e.d {
				return fmt.Errorf("encode: output %d of shape %v, want [%d %d]", k, outs[k].Shape, hi-lo, e.d)
			}
			copy(dst[lo*e.d:hi*e.d], outs[k].Float)
		}
		return nil
	})
	return mean, logVar, err
}

// runAll runs the network on x and returns every output.
func (w *worker) runAll(x []float32, shape []int) ([]*onnx.Tensor, error) {
	w.ready(1)
	w.setFloat(0, x, shape)
	outs, err := w.s.Run(w.args...)
	w.release()
	return outs, err
}
