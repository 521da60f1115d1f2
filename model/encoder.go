package model

import (
	"fmt"
)

// An Encoder maps data items to latent codes with an ONNX model: its
// first output is the code, or the mean when the model also outputs a
// log-variance (a VAE's encoder). Like Decoder, it is safe for concurrent
// use.
type Encoder struct {
	net         *network
	inShape     []int // per item
	d           int
	latentShape []int // per code, trailing sizes of 1 dropped
	// Threads bounds the goroutines Encode uses; 0 means GOMAXPROCS.
	Threads int
}

// LoadEncoder loads an ONNX encoder with one input [batch, ...] whose
// other dimensions are fixed, and one output (the code) or two (mean and
// log-variance) of shape [batch, ...]: a code is the flattened values of
// one item (d of them, the product of the other sizes), such as 256 for
// a [batch, 4, 8, 8] latent.
func LoadEncoder(path string) (*Encoder, error) {
	net, err := loadNetwork(path)
	if err != nil {
		return nil, err
	}
	in := net.m.Inputs[0]
	if len(in.Shape) < 2 {
		return nil, fmt.Errorf("%s: encoder input %q has shape %s; want [batch ...]", path, in.Name, in)
	}
	for _, d := range in.Shape[1:] {
		if d <= 0 {
			return nil, fmt.Errorf("%s: encoder input %q has shape %s; all but the batch dimension must be fixed", path, in.Name, in)
		}
	}
	if n := len(net.m.Outputs); n > 2 {
		return nil, fmt.Errorf("%s: the encoder has %d outputs; want the code, or mean and log-variance", path, n)
	}
	e := &Encoder{net: net, inShape: append([]int(nil), in.Shape[1:]...)}
	out, err := e.probe()
	if err != nil {
		return nil, fmt.Errorf("%s: running the encoder on a zero input: %w", path, err)
	}
	if len(out) < 2 || out[0] != 1 {
		return nil, fmt.Errorf("%s: encoder output has shape %v; want [batch, ...]", path, out)
	}
	e.d = shapeElems(out[1:])
	e.latentShape = trimOnes(append([]int(nil), out[1:]...))
	return e, nil
}

func (e *Encoder) probe() ([]int, error) {
	w := e.net.get()
	defer e.net.put(w)
	out, err := w.run(make([]float32, shapeElems(e.inShape)), e.shape(w, 1))
	if err != nil {
		return nil, err
	}
	return append([]int(nil), out.Shape...), nil
}

func (e *Encoder) shape(w *worker, n int) []int {
	w.ready(1)
	return w.shapeOf(0, n, e.inShape)
}

// LatentShape returns the shape of one code as the model outputs it,
// such as [16] or [4 8 8].
func (e *Encoder) LatentShape() []int { return append([]int(nil), e.latentShape...) }

// InputShape returns the shape of one input item, such as [1 28 28].
func (e *Encoder) InputShape() []int { return append([]int(nil), e.inShape...) }

// LatentDim returns the code size d.
func (e *Encoder) LatentDim() int { return e.d }

// Encode encodes n items (x holds n items of InputShape, row-major) and
// writes their codes (the means) into dst, n·d values, grown if too small.
func (e *Encoder) Encode(x []float32, n int, dst []float32) ([]float32, error) {
	item := shapeElems(e.inShape)
	if n < 0 || len(x) != n*item {
		return dst, fmt.Errorf("encode: %d values are not %d items of shape %v", len(x), n, e.inShape)
	}
	dst = grow(dst, n*e.d)
	err := parallelChunks(n, e.Threads, func(lo, hi int) error {
		w := e.net.get()
		defer e.net.put(w)
		out, err := w.run(x[lo*item:hi*item], e.shape(w, hi-lo))
		if err != nil {
			return fmt.Errorf("encode: %w", err)
		}
		if len(out.Float) != (hi-lo)*e.d {
			return fmt.Errorf("encode: output of shape %v, want [%d %d]", out.Shape, hi-lo, e.d)
		}
		copy(dst[lo*e.d:hi*e.d], out.Float)
		return nil
	})
	return dst, err
}
