package model

import (
	"errors"
	"fmt"
	"runtime"
	"sync"

	"github.com/latent-explorer/latent/model/onnx"
)

// A Decoder maps latent vectors to data items (images or vectors) with an
// ONNX model run by the interpreter in model/onnx.
//
// A Decoder is safe for concurrent use: each call borrows a per-goroutine
// workspace from a pool, so the GUI's live decoding and background batch
// jobs may share one. Decode of one vector allocates nothing once the
// workspaces have warmed up.
type Decoder struct {
	net      *network
	d        int
	in4      bool  // input is [b, d, 1, 1]
	outShape []int // per item
	// Threads bounds the goroutines DecodeBatch uses; 0 means GOMAXPROCS.
	Threads int
}

// LoadDecoder loads an ONNX decoder. Its first input must be [batch, d]
// or [batch, d, 1, 1] (the latent size d is read from it) and its first
// output [batch, C, H, W], [batch, H, W] (an image) or [batch, k] (a
// vector). The model is run once on a zero vector to check it works and
// to learn the output's shape.
func LoadDecoder(path string) (*Decoder, error) {
	net, err := loadNetwork(path)
	if err != nil {
		return nil, err
	}
	in := net.m.Inputs[0]
	dec := &Decoder{net: net}
	switch {
	case len(in.Shape) == 2 && in.Shape[1] > 0:
		dec.d = in.Shape[1]
	case len(in.Shape) == 4 && in.Shape[1] > 0 && in.Shape[2] == 1 && in.Shape[3] == 1:
		dec.d, dec.in4 = in.Shape[1], true
	default:
		return nil, fmt.Errorf("%s: decoder input %q has shape %s; want [batch d] or [batch d 1 1]", path, in.Name, in)
	}
	out, err := dec.probe(make([]float32, dec.d))
	if err != nil {
		return nil, fmt.Errorf("%s: running the decoder on a zero vector: %w", path, err)
	}
	if len(out) < 2 || len(out) > 4 || out[0] != 1 {
		return nil, fmt.Errorf("%s: decoder output has shape %v; want [batch C H W], [batch H W] or [batch k]", path, out)
	}
	dec.outShape = append([]int(nil), out[1:]...)
	return dec, nil
}

// probe runs one vector and returns the output's full shape.
func (d *Decoder) probe(z []float32) ([]int, error) {
	w := d.net.get()
	defer d.net.put(w)
	out, err := w.run(z, d.inShape(w, 1))
	if err != nil {
		return nil, err
	}
	return append([]int(nil), out.Shape...), nil
}

func (d *Decoder) inShape(w *worker, n int) []int {
	if d.in4 {
		return append(w.shape[:0], n, d.d, 1, 1)
	}
	return append(w.shape[:0], n, d.d)
}

// LatentDim returns the latent size d.
func (d *Decoder) LatentDim() int { return d.d }

// OutputShape returns the shape of one decoded item: [C H W], [H W] or [k].
func (d *Decoder) OutputShape() []int { return append([]int(nil), d.outShape...) }

// IsImage reports whether the output is an image ([C H W] with 1, 3 or 4
// channels, or [H W]) rather than a vector.
func (d *Decoder) IsImage() bool {
	s := d.outShape
	switch len(s) {
	case 3:
		return s[0] == 1 || s[0] == 3 || s[0] == 4
	case 2:
		return s[0] > 1 && s[1] > 1
	}
	return false
}

// Model returns the underlying ONNX model.
func (d *Decoder) Model() *onnx.Model { return d.net.m }

func (d *Decoder) itemLen() int { return shapeElems(d.outShape) }

// Decode decodes one latent vector into dst, which is grown if it is too
// small, and returns it.
func (d *Decoder) Decode(z, dst []float32) ([]float32, error) {
	if len(z) != d.d {
		return dst, fmt.Errorf("decode: latent vector of %d values, the decoder takes %d", len(z), d.d)
	}
	return d.decodeChunk(z, 1, dst)
}

// DecodeBatch decodes n latent vectors (z holds n·d values, row-major)
// into dst (n items, grown if too small), spreading the work over Threads
// goroutines.
func (d *Decoder) DecodeBatch(z []float32, n int, dst []float32) ([]float32, error) {
	if n < 0 || len(z) != n*d.d {
		return dst, fmt.Errorf("decode: %d values are not %d latent vectors of %d", len(z), n, d.d)
	}
	item := d.itemLen()
	dst = grow(dst, n*item)
	err := parallelChunks(n, d.Threads, func(lo, hi int) error {
		_, err := d.decodeChunk(z[lo*d.d:hi*d.d], hi-lo, dst[lo*item:hi*item])
		return err
	})
	return dst, err
}

func (d *Decoder) decodeChunk(z []float32, n int, dst []float32) ([]float32, error) {
	w := d.net.get()
	defer d.net.put(w)
	out, err := w.run(z, d.inShape(w, n))
	if err != nil {
		return dst, fmt.Errorf("decode: %w", err)
	}
	if len(out.Float) != n*d.itemLen() {
		return dst, fmt.Errorf("decode: output of shape %v, want %d items of %v", out.Shape, n, d.outShape)
	}
	dst = grow(dst, len(out.Float))
	copy(dst, out.Float)
	return dst, nil
}

// network is an ONNX model with a pool of workspaces.
type network struct {
	m       *onnx.Model
	workers sync.Pool
}

// worker is one goroutine's workspace: an onnx session and the input
// tensor header, reused from call to call.
type worker struct {
	s     *onnx.Session
	in    onnx.Tensor
	shape [4]int
}

func loadNetwork(path string) (*network, error) {
	m, err := LoadModel(path)
	if err != nil {
		return nil, err
	}
	if len(m.Inputs) != 1 {
		return nil, fmt.Errorf("%s: the model has %d inputs; want one", path, len(m.Inputs))
	}
	return &network{m: m}, nil
}

func (n *network) get() *worker {
	if w, ok := n.workers.Get().(*worker); ok {
		return w
	}
	return &worker{s: n.m.NewSession(), in: onnx.Tensor{Type: 1}}
}

func (n *network) put(w *worker) { n.workers.Put(w) }

// run runs the model's first output on x of the given shape.
func (w *worker) run(x []float32, shape []int) (*onnx.Tensor, error) {
	w.in.Shape, w.in.Float = shape, x
	outs, err := w.s.Run(&w.in)
	w.in.Float = nil
	if err != nil {
		return nil, err
	}
	return outs[0], nil
}

// maxChunk bounds the items of one interpreter run, and so its memory.
const maxChunk = 64

// parallelChunks calls f on consecutive ranges [lo, hi) of at most
// maxChunk items covering [0, n), from up to threads goroutines, and
// returns the first error.
func parallelChunks(n, threads int, f func(lo, hi int) error) error {
	if threads <= 0 {
		threads = runtime.GOMAXPROCS(0)
	}
	chunk := min(maxChunk, max(1, (n+threads-1)/threads))
	chunks := (n + chunk - 1) / chunk
	threads = min(threads, chunks)
	if threads <= 1 {
		for lo := 0; lo < n; lo += chunk {
			if err := f(lo, min(n, lo+chunk)); err != nil {
				return err
			}
		}
		return nil
	}
	var (
		mu   sync.Mutex
		next int
		errs []error
		wg   sync.WaitGroup
	)
	for range threads {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				lo := next
				next += chunk
				stop := lo >= n || len(errs) > 0
				mu.Unlock()
				if stop {
					return
				}
				if err := f(lo, min(n, lo+chunk)); err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

func grow(dst []float32, n int) []float32 {
	if cap(dst) < n {
		return make([]float32, n)
	}
	return dst[:n]
}

func shapeElems(s []int) int {
	n := 1
	for _, d := range s {
		n *= d
	}
	return n
}
