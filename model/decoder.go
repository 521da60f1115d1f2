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
// The model may have several inputs and outputs (DecodingSpec): one takes
// the codes, in any shape [batch, ...] (a code is its flattened values),
// an optional one a class label, and the others are filled with zeros, a
// constant or one seeded draw; one output is shown. A model whose batch
// size is fixed (a grouped convolution with group = batch) is run on
// groups of that many items, the last padded with zeros.
//
// A Decoder is safe for concurrent use: each call borrows a per-goroutine
// workspace from a pool, so the GUI's live decoding and background batch
// jobs may share one. Decode of one vector allocates nothing once the
// workspaces have warmed up.
type Decoder struct {
	net         *network
	plan        *inputPlan
	d           int
	latentShape []int // per item
	classes     int   // 0 for an unconditional decoder
	output      int   // index of the output shown
	outShape    []int // per item
	// Threads bounds the goroutines DecodeBatch uses, and the threads
	// one run of the model may split an operator over; 0 means GOMAXPROCS.
	Threads int
}

// LoadDecoder loads an ONNX decoder with the default DecodingSpec.
func LoadDecoder(path string) (*Decoder, error) {
	return LoadDecoderWith(path, DecodingSpec{})
}

// LoadDecoderWith loads an ONNX decoder whose inputs and outputs spec
// assigns. The latent input is [batch, ...] (the latent size d is the
// product of its other sizes), the output shown [batch, C, H, W],
// [batch, H, W] (an image) or [batch, ...] (a vector). The model is run
// once on a zero vector to check it works and to learn the output's
// shape.
func LoadDecoderWith(path string, spec DecodingSpec) (*Decoder, error) {
	if err := spec.check(); err != nil {
		return nil, fileError(path, err)
	}
	m, err := LoadModel(path)
	if err != nil {
		return nil, err
	}
	plan, err := planFeeds(m, spec)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	dec := &Decoder{net: &network{m: m}, plan: plan}
	lat := plan.feeds[plan.latent]
	dec.latentShape, dec.d = lat.item, lat.itemLen()
	if dec.classes, err = classCount(plan, spec); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for k, o := range m.Outputs {
		if o.Name == spec.Output {
			dec.output = k
		}
	}
	out, err := dec.probe()
	if err != nil {
		return nil, fmt.Errorf("%s: running the decoder on a zero vector: %w", path, err)
	}
	if len(out) < 2 || out[0] != max(1, plan.fixed) {
		return nil, fmt.Errorf("%s: decoder output %q has shape %v; want [batch C H W], [batch H W] or [batch k]", path, m.Outputs[dec.output].Name, out)
	}
	dec.outShape = append([]int(nil), out[1:]...)
	return dec, nil
}

// ErrNoClassCount is returned for a decoder whose class input is an
// index when nothing says how many classes there are.
var ErrNoClassCount = errors.New("give the number of classes")

// classCount is the number of classes of the plan's class input: a
// one-hot input's width, else spec's count or its names'.
func classCount(p *inputPlan, spec DecodingSpec) (int, error) {
	if p.class < 0 {
		return 0, nil
	}
	c := p.feeds[p.class]
	n := spec.Classes
	if n == 0 {
		n = len(spec.ClassNames)
	}
	if c.onehot {
		if n != 0 && n != c.item[0] {
			return 0, fmt.Errorf("class input %q is one-hot over %d classes, the manifest says %d", c.name, c.item[0], n)
		}
		return c.item[0], nil
	}
	if n == 0 {
		n = spec.DefaultClasses
	}
	if n == 0 {
		return 0, fmt.Errorf("class input %q takes a class index: %w (decoding.classes, or labels)", c.name, ErrNoClassCount)
	}
	return n, nil
}

// probe runs one zero vector and returns the shown output's full shape.
func (d *Decoder) probe() ([]int, error) {
	b := max(1, d.plan.fixed)
	w := d.net.get()
	defer d.net.put(w)
	out, err := d.run(w, make([]float32, b*d.d), b, nil)
	if err != nil {
		return nil, err
	}
	return append([]int(nil), out.Shape...), nil
}

// LatentDim returns the latent size d.
func (d *Decoder) LatentDim() int { return d.d }

// LatentShape returns the shape of one code as the model takes it, such
// as [16], [4 8 8] or [16 1 1].
func (d *Decoder) LatentShape() []int { return append([]int(nil), d.latentShape...) }

// Classes returns the number of classes of a class-conditional decoder,
// or 0.
func (d *Decoder) Classes() int { return d.classes }

// BatchSize returns the batch size the model fixes, or 0 when it takes
// any.
func (d *Decoder) BatchSize() int { return d.plan.fixed }

// Inputs describes how each model input is fed, one line per input
// ("z [batch 16]: latent (16 values per item)").
func (d *Decoder) Inputs() []string {
	lines := make([]string, len(d.plan.feeds))
	for k := range d.plan.feeds {
		f := &d.plan.feeds[k]
		lines[k] = fmt.Sprintf("%s %s: %s", f.name, d.net.m.Inputs[k], f.describe(d.classes))
	}
	return lines
}

// OutputName returns the name of the output shown.
func (d *Decoder) OutputName() string { return d.net.m.Outputs[d.output].Name }

// CheckCodes returns an error unless codes c fit the latent input: d
// values each and, when both are shaped, the same shape.
func (d *Decoder) CheckCodes(c *Codes) error {
	if c.D != d.d {
		return fmt.Errorf("%w: codes of %d values, the decoder's latent input %q takes %d (shape %v)", ErrShape, c.D, d.plan.feeds[d.plan.latent].name, d.d, d.latentShape)
	}
	if c.Shape != nil && len(trimOnes(d.latentShape)) > 1 && fmt.Sprint(c.Shape) != fmt.Sprint(trimOnes(d.latentShape)) {
		return fmt.Errorf("%w: codes of shape %v, the decoder's latent input takes %v", ErrShape, c.Shape, d.latentShape)
	}
	return nil
}

// trimOnes drops trailing sizes of 1 (beyond the first).
func trimOnes(s []int) []int {
	for len(s) > 1 && s[len(s)-1] == 1 {
		s = s[:len(s)-1]
	}
	return s
}

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
// small, and returns it. A class-conditional decoder decodes class 0.
func (d *Decoder) Decode(z, dst []float32) ([]float32, error) {
	return d.DecodeClass(z, 0, dst)
}

// DecodeClass decodes one latent vector of class class (ignored by an
// unconditional decoder).
func (d *Decoder) DecodeClass(z []float32, class int, dst []float32) ([]float32, error) {
	if len(z) != d.d {
		return dst, fmt.Errorf("decode: latent vector of %d values, the decoder takes %d", len(z), d.d)
	}
	dst = grow(dst, d.itemLen())
	return dst, d.decodeChunk(z, 1, []int{class}, dst)
}

// DecodeBatch decodes n latent vectors (z holds n·d values, row-major)
// into dst (n items, grown if too small), spreading the work over Threads
// goroutines. A class-conditional decoder decodes class 0.
func (d *Decoder) DecodeBatch(z []float32, n int, dst []float32) ([]float32, error) {
	return d.DecodeBatchClass(z, n, nil, dst)
}

// DecodeBatchClass is DecodeBatch with a class per item: classes holds n
// classes, one for all, or none (class 0).
func (d *Decoder) DecodeBatchClass(z []float32, n int, classes []int, dst []float32) ([]float32, error) {
	if n < 0 || len(z) != n*d.d {
		return dst, fmt.Errorf("decode: %d values are not %d latent vectors of %d", len(z), n, d.d)
	}
	if len(classes) > 1 && len(classes) != n {
		return dst, fmt.Errorf("decode: %d classes for %d latent vectors", len(classes), n)
	}
	item := d.itemLen()
	dst = grow(dst, n*item)
	err := parallelUnits(n, d.Threads, max(1, d.plan.fixed), func(lo, hi int) error {
		cl := classes
		if len(cl) > 1 {
			cl = cl[lo:hi]
		}
		return d.decodeChunk(z[lo*d.d:hi*d.d], hi-lo, cl, dst[lo*item:hi*item])
	})
	return dst, err
}

// decodeChunk decodes n vectors into dst (n items), in groups of the
// model's fixed batch size when it has one.
func (d *Decoder) decodeChunk(z []float32, n int, classes []int, dst []float32) error {
	w := d.net.get()
	defer d.net.put(w)
	w.s.SetThreads(d.Threads)
	b, item := d.plan.fixed, d.itemLen()
	if b == 0 {
		return d.runInto(w, z, n, n, classes, dst)
	}
	for lo := 0; lo < n; lo += b {
		k := min(b, n-lo)
		zg := z[lo*d.d : (lo+k)*d.d]
		if k < b {
			w.pad = grow(w.pad, b*d.d)
			clear(w.pad[copy(w.pad, zg):])
			zg = w.pad
		}
		cl := classes
		if len(cl) > 1 {
			cl = cl[lo : lo+k]
		}
		if err := d.runInto(w, zg, b, k, cl, dst[lo*item:(lo+k)*item]); err != nil {
			return err
		}
	}
	return nil
}

// runInto runs a batch of b vectors and copies the first keep items of
// the shown output to dst.
func (d *Decoder) runInto(w *worker, z []float32, b, keep int, classes []int, dst []float32) error {
	out, err := d.run(w, z, b, classes)
	if err != nil {
		return fmt.Errorf("decode: %w", err)
	}
	item := d.itemLen()
	if len(out.Float) != b*item {
		return fmt.Errorf("decode: output of shape %v, want %d items of %v", out.Shape, b, d.outShape)
	}
	copy(dst, out.Float[:keep*item])
	return nil
}

// run feeds every input for a batch of b vectors and returns the shown
// output.
func (d *Decoder) run(w *worker, z []float32, b int, classes []int) (*onnx.Tensor, error) {
	w.ready(len(d.plan.feeds))
	for k := range d.plan.feeds {
		f := &d.plan.feeds[k]
		shape := w.shapeOf(k, b, f.item)
		switch f.kind {
		case feedLatent:
			w.setFloat(k, z, shape)
		case feedClass:
			if err := d.setClass(w, k, f, b, classes, shape); err != nil {
				return nil, err
			}
		default:
			w.setRepeated(k, f, b, shape)
		}
	}
	outs, err := w.s.Run(w.args...)
	w.release()
	if err != nil {
		return nil, err
	}
	return outs[d.output], nil
}

// classOf is item i's class: classes holds one per item, one for all, or
// none (class 0).
func classOf(classes []int, i int) int {
	switch len(classes) {
	case 0:
		return 0
	case 1:
		return classes[0]
	}
	return classes[i]
}

// setClass fills the class input for b items.
func (d *Decoder) setClass(w *worker, k int, f *feed, b int, classes []int, shape []int) error {
	for i := range b {
		if c := classOf(classes, i); c < 0 || c >= d.classes {
			return fmt.Errorf("class %d: the decoder has classes 0 to %d", c, d.classes-1)
		}
	}
	if f.onehot {
		v := w.floatBuf(k, b*d.classes)
		clear(v)
		for i := range b {
			v[i*d.classes+classOf(classes, i)] = 1
		}
		w.setFloat(k, v, shape)
		return nil
	}
	v := w.intBuf(k, b)
	for i := range b {
		v[i] = int64(classOf(classes, i))
	}
	w.setInt(k, f.typ, v, shape)
	return nil
}

// network is an ONNX model with a pool of workspaces.
type network struct {
	m       *onnx.Model
	workers sync.Pool
}

// worker is one goroutine's workspace: an onnx session and the input
// tensor headers and buffers, reused from call to call.
type worker struct {
	s      *onnx.Session
	ins    []onnx.Tensor
	args   []*onnx.Tensor
	shapes [][]int
	floats [][]float32
	ints   [][]int64
	pad    []float32 // a padded group of latent vectors
}

// loadNetwork loads a model of one input (an encoder).
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
	return &worker{s: n.m.NewSession()}
}

func (n *network) put(w *worker) { n.workers.Put(w) }

// ready sizes the worker's argument lists for k inputs.
func (w *worker) ready(k int) {
	for len(w.ins) < k {
		w.ins = append(w.ins, onnx.Tensor{})
		w.shapes = append(w.shapes, nil)
		w.floats = append(w.floats, nil)
		w.ints = append(w.ints, nil)
	}
	w.args = w.args[:0]
	for i := range k {
		w.args = append(w.args, &w.ins[i])
	}
}

// release drops the references to the caller's data.
func (w *worker) release() {
	for i := range w.ins {
		w.ins[i].Float, w.ins[i].Int = nil, nil
	}
}

// shapeOf returns input k's shape for a batch of b: [b, item...].
func (w *worker) shapeOf(k, b int, item []int) []int {
	s := append(w.shapes[k][:0], b)
	s = append(s, item...)
	w.shapes[k] = s
	return s
}

func (w *worker) setFloat(k int, v []float32, shape []int) {
	w.ins[k] = onnx.Tensor{Shape: shape, Float: v, Type: onnxFloat}
}

func (w *worker) setInt(k, typ int, v []int64, shape []int) {
	w.ins[k] = onnx.Tensor{Shape: shape, Int: v, Type: typ}
}

func (w *worker) floatBuf(k, n int) []float32 {
	w.floats[k] = grow(w.floats[k], n)
	return w.floats[k]
}

func (w *worker) intBuf(k, n int) []int64 {
	if cap(w.ints[k]) < n {
		w.ints[k] = make([]int64, n)
	}
	w.ints[k] = w.ints[k][:n]
	return w.ints[k]
}

// setRepeated fills input k with b copies of f's item.
func (w *worker) setRepeated(k int, f *feed, b int, shape []int) {
	n := len(f.values)
	if f.typ == onnxFloat {
		v := w.floatBuf(k, b*n)
		for i := range b {
			copy(v[i*n:], f.values)
		}
		w.setFloat(k, v, shape)
		return
	}
	v := w.intBuf(k, b*n)
	for i := range v {
		v[i] = int64(f.values[i%n])
	}
	w.setInt(k, f.typ, v, shape)
}

// run runs a one-input model's first output on x of the given shape.
func (w *worker) run(x []float32, shape []int) (*onnx.Tensor, error) {
	outs, err := w.runAll(x, shape)
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
	return parallelUnits(n, threads, 1, f)
}

// parallelUnits is parallelChunks with ranges starting at multiples of
// unit (a model's fixed batch size), so that only the last is partial.
func parallelUnits(n, threads, unit int, f func(lo, hi int) error) error {
	if threads <= 0 {
		threads = runtime.GOMAXPROCS(0)
	}
	// One assignment, so the goroutines below capture chunk by value.
	chunk := max(unit, min(maxChunk, max(1, (n+threads-1)/threads))/unit*unit)
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
