package onnx

import (
	"errors"
	"fmt"
	"math/rand/v2"

	"github.com/latent-explorer/latent/model/sgemm"
)

// A Session holds the working memory for running a Model: one tensor per
// value and scratch space, reused from run to run so that a steady stream
// of runs allocates nothing. A Session is not safe for concurrent use;
// give each goroutine its own (NewSession), or borrow one with Acquire.
type Session struct {
	m               *Model
	vals            []*Tensor
	storeF          [][]float32 // the shared buffers of planned values (memplan.go)
	storeI          [][]int64
	in, out         []*Tensor // argument lists, reused
	scratch         [4][]float32
	packsA          []sgemm.PackedA // per-group headers of weights packed at run time
	packsB          []sgemm.PackedB
	results         []*Tensor
	rng             *rand.Rand      // the source of unseeded random operators (random.go)
	acc             [2][]float64    // float64 scratch of reductions (reduce.go)
	idx             []int           // index scratch (resize.go)
	idx32           []int32         // int32 scratch (resize.go's gathers, col2im.go's masks)
	wts             []float32       // weight scratch (resize.go)
	threads         int             // intra-op threads (SetThreads); 0: GOMAXPROCS
	task            parTask         // the parallel call in progress (parallel.go)
	mulJob          mulJob          // the GEMM being split (matmul.go)
	convJob         convJob         // the convolution being split (conv.go)
	ctPhaseJob      ctPhaseJob      // the ConvTranspose by phases being split (convtranspose_phase.go)
	conv1DJob       conv1DJob       // the 1-D convolution being split (convoff.go)
	col2imJob       col2imJob       // the col2im being split (col2im.go)
	packMulJob      packMulJob      // the ConvTranspose's packing and GEMM being split (convtranspose.go)
	vectorJob       vectorJob       // the ConvTranspose of a vector being split (convtranspose.go)
	winoJob         winoJob         // the Winograd convolution being split (winograd.go)
	softmaxJob      softmaxJob      // the Softmax being split (reduce.go)
	instanceNormJob instanceNormJob // the InstanceNormalization being split (norm.go)
	layerNormJob    layerNormJob    // the LayerNormalization being split (norm.go)
	binJob          binJob          // the elementwise operator being split (binary.go)
	geluJob         geluJob         // the GELU chain being split (gelu.go)
	actJob          actJob          // the fused activation being split (fuse.go)
	argJob          argJob          // the ArgMax or ArgMin being split (argmax.go)
	codeJob         codeJob         // the nearest codebook entries being found (nearest.go)
	gatherShape     Tensor          // gatherChannels' gathered shape (gathert.go)
	bcastJob        bcastJob        // the broadcasting one being split (binary.go)
	gnJob           gnJob           // the fused GroupNorm being split (groupnorm_fused.go)
	nearestJob      nearestJob      // the nearest-neighbour Resize being split (resize.go)
	linearJob       linearJob       // the linear Resize being split (resize.go)
	free            chan int        // free scratch regions of a job's chunks (regions)
	batchJob        batchJob        // the batched MatMul being split (matmul.go)
	transposeJob    transposeJob    // the Transpose being split (select.go)
	unfused         [2]Tensor       // values a fused step makes where its shapes do not fit the fusion (fusedTemps)
	qkvJob          qkvJob          // the fused queries, keys and values being split (qkv.go)
	modJob          modJob          // the modulated convolution running (modconv.go)
	// shapesValid reports that the last run succeeded, so the results of
	// shape-only steps hold for inputs of the same shapes.
	shapesValid bool
}

func equalShapes(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// NewSession returns a Session for running m.
func (m *Model) NewSession() *Session {
	s := &Session{m: m, vals: make([]*Tensor, len(m.names))}
	for i, c := range m.consts {
		if c != nil {
			s.vals[i] = c
		} else {
			s.vals[i] = &Tensor{}
		}
	}
	s.results = make([]*Tensor, len(m.outputIdx))
	s.storeF, s.storeI = make([][]float32, m.groups), make([][]int64, m.groups)
	return s
}

// Acquire returns a Session from m's pool; give it back with Release.
func (m *Model) Acquire() *Session {
	if s, ok := m.sessions.Get().(*Session); ok {
		return s
	}
	return m.NewSession()
}

// Release returns s to its model's pool. The tensors s returned must no
// longer be used.
func (m *Model) Release(s *Session) {
	if s.m != m {
		panic("onnx: Release of a session of another model")
	}
	m.sessions.Put(s)
}

// Run runs the model on inputs, given in the order of m.Inputs, and
// returns the outputs in the order of m.Outputs. The outputs belong to the
// session and are overwritten by its next Run; the inputs are only read.
//
// Each input must hold the element type its ValueInfo declares: float32
// data (NewTensor) for any floating-point input, and for integer and
// boolean inputs (class labels, masks) int64 data tagged with exactly the
// declared type (NewIntTensor). Outputs carry their own Type: integer and
// boolean results are in Int.
func (s *Session) Run(inputs ...*Tensor) ([]*Tensor, error) {
	m := s.m
	if len(inputs) != len(m.inputIdx) {
		return nil, fmt.Errorf("onnx: the model takes %d inputs, got %d", len(m.inputIdx), len(inputs))
	}
	sameShapes := s.shapesValid
	for k, t := range inputs {
		if err := checkInput(m.Inputs[k], t); err != nil {
			return nil, err
		}
		v := s.vals[m.inputIdx[k]]
		sameShapes = sameShapes && equalShapes(v.Shape, t.Shape)
		v.alias(t, t.Shape...)
	}
	s.shapesValid = false
	for _, st := range m.steps {
		if st.shapeOnly && sameShapes {
			continue
		}
		if err := s.exec(st); err != nil {
			return nil, fmt.Errorf("onnx: node %q (%s): %w", st.name, st.opType, err)
		}
	}
	for k, i := range m.outputIdx {
		s.results[k] = s.vals[i]
	}
	s.shapesValid = true
	return s.results, nil
}

// stepTimer, when set (by a test), is called as each step starts; the
// function it returns, as the step ends.
var stepTimer func(name, opType string) func()

// exec runs one step on the session's values, its outputs in their
// planned buffers.
func (s *Session) exec(st step) error {
	m := s.m
	s.in = s.in[:0]
	for _, i := range st.in {
		if i < 0 {
			s.in = append(s.in, nil)
		} else {
			s.in = append(s.in, s.vals[i])
		}
	}
	s.out = s.out[:0]
	for _, i := range st.out {
		t := s.vals[i]
		if g := m.group[i]; g >= 0 {
			t.Float, t.Int = s.storeF[g], s.storeI[g]
		}
		s.out = append(s.out, t)
	}
	var done func()
	if stepTimer != nil {
		done = stepTimer(st.name, st.opType)
	}
	err := runStep(s, st)
	if done != nil {
		done()
	}
	for _, i := range st.out {
		if g := m.group[i]; g >= 0 {
			t := s.vals[i]
			s.storeF[g], s.storeI[g] = t.Float[:cap(t.Float)], t.Int[:cap(t.Int)]
		}
	}
	return err
}

// RunNamed runs the model on inputs given by name; every input of the
// model must be given, and no other. The results are in the order of
// m.Outputs (OutputIndex finds one by name).
func (s *Session) RunNamed(inputs map[string]*Tensor) ([]*Tensor, error) {
	args := make([]*Tensor, len(s.m.Inputs))
	for name, t := range inputs {
		k := s.m.InputIndex(name)
		if k < 0 {
			return nil, fmt.Errorf("onnx: the model has no input %q", name)
		}
		args[k] = t
	}
	for k, t := range args {
		if t == nil {
			return nil, fmt.Errorf("onnx: input %q is not given", s.m.Inputs[k].Name)
		}
	}
	return s.Run(args...)
}

// ErrInternal marks a failure inside an operator that should have been
// caught as bad input: a bug in this package. Run reports it as an error
// rather than crashing the program.
var ErrInternal = errors.New("internal error")

// runStep runs one step, turning a panic into an error wrapping
// ErrInternal.
func runStep(s *Session, st step) error { return safeRun(st.op, s, s.in, s.out) }

func safeRun(o op, s *Session, in, out []*Tensor) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v", ErrInternal, r)
		}
	}()
	return o.run(s, in, out)
}

func checkInput(vi ValueInfo, t *Tensor) error {
	if t == nil {
		return fmt.Errorf("onnx: input %q is missing", vi.Name)
	}
	if err := checkData(t); err != nil {
		return fmt.Errorf("onnx: input %q: %w", vi.Name, err)
	}
	if !typeFits(vi.Type, t.Type) {
		return fmt.Errorf("onnx: input %q holds %s, the model wants %s", vi.Name, TypeName(t.Type), TypeName(vi.Type))
	}
	if vi.Shape == nil {
		return nil
	}
	if len(vi.Shape) != len(t.Shape) {
		return fmt.Errorf("onnx: input %q has shape %v, the model wants %s", vi.Name, t.Shape, vi)
	}
	for i, d := range vi.Shape {
		if d >= 0 && t.Shape[i] != d {
			return fmt.Errorf("onnx: input %q has shape %v, the model wants %s", vi.Name, t.Shape, vi)
		}
	}
	return nil
}

// checkData reports a tensor whose data does not fill its shape or whose
// type the interpreter does not hold.
func checkData(t *Tensor) error {
	switch {
	case elemSize(t.Type) == 0:
		return fmt.Errorf("element type %d is not supported", t.Type)
	case t.IsFloat() && len(t.Float) != t.Len():
		return fmt.Errorf("shape %v holds %d elements, Float has %d", t.Shape, t.Len(), len(t.Float))
	case !t.IsFloat() && len(t.Int) != t.Len():
		return fmt.Errorf("shape %v holds %d elements, Int has %d", t.Shape, t.Len(), len(t.Int))
	}
	return nil
}

// typeFits reports whether a tensor of type got may stand for a value
// declared of type want: floating-point types all run as float32, other
// types must match exactly.
func typeFits(want, got int) bool {
	if want == 0 || want == got {
		return true
	}
	return isFloatType(want) && isFloatType(got)
}

// buffer returns scratch space of n floats, valid until the next call.
func (s *Session) buffer(n int) []float32 { return s.slot(0, n) }

// slot returns scratch space number i (0 to 3) of n floats; the slots
// are distinct, so one operator may hold several at once.
func (s *Session) slot(i, n int) []float32 {
	if s == nil {
		return make([]float32, n)
	}
	if cap(s.scratch[i]) < n {
		s.scratch[i] = make([]float32, n)
	}
	return s.scratch[i][:n]
}

// ints returns scratch space of n ints, valid until the next call (nil
// session: fresh space).
func (s *Session) ints(n int) []int {
	if s == nil {
		return make([]int, n)
	}
	if cap(s.idx) < n {
		s.idx = make([]int, n)
	}
	return s.idx[:n]
}

// int32s is ints for int32s (resize.go's gathers, col2im.go's masks).
func (s *Session) int32s(n int) []int32 {
	if s == nil {
		return make([]int32, n)
	}
	if cap(s.idx32) < n {
		s.idx32 = make([]int32, n)
	}
	return s.idx32[:n]
}

// weightScratch is ints for float32 weights.
func (s *Session) weightScratch(n int) []float32 {
	if s == nil {
		return make([]float32, n)
	}
	if cap(s.wts) < n {
		s.wts = make([]float32, n)
	}
	return s.wts[:n]
}

// headersA returns n packed-matrix headers, reused from run to run (nil
// session: fresh ones).
func (s *Session) headersA(n int) []sgemm.PackedA {
	if s == nil {
		return make([]sgemm.PackedA, n)
	}
	if cap(s.packsA) < n {
		s.packsA = make([]sgemm.PackedA, n)
	}
	return s.packsA[:n]
}

// headersB is headersA for packed B matrices.
func (s *Session) headersB(n int) []sgemm.PackedB {
	if s == nil {
		return make([]sgemm.PackedB, n)
	}
	if cap(s.packsB) < n {
		s.packsB = make([]sgemm.PackedB, n)
	}
	return s.packsB[:n]
}

// fusedTemps returns two tensors of the session's own for a fused step
// that runs its parts one after the other (fresh ones for a nil session).
func (s *Session) fusedTemps() (*Tensor, *Tensor) {
	if s == nil {
		return &Tensor{}, &Tensor{}
	}
	return &s.unfused[0], &s.unfused[1]
}
