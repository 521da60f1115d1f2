package onnx

import (
	"fmt"
	"math"
	"unsafe"
)

// PyTorch exports GroupNorm (before opset 18) as Reshape(x, [N, G, -1]),
// InstanceNormalization with unit scale and zero bias, a Reshape back to
// Shape(x), then Mul and Add by the per-channel weight and bias, [C, 1,
// 1]; SD-VAE-style decoders follow it with SiLU, x·Sigmoid(x). Each of
// these is a pass over the activation. fuseGroupNorm folds the Mul, the
// Add and a following SiLU into the InstanceNormalization, which then
// writes the final values in one pass after its statistics; the Reshape
// back stays (a view).

// gnFusion is what an InstanceNormalization node does after normalizing:
// the per-channel affine transform of GroupNorm, maybe SiLU.
type gnFusion struct {
	x        string  // the tensor before the first Reshape, for its shape
	mul, add *Tensor // constants of C values, C along x's axis 1
	silu     bool
}

// fuseGroupNorms rewrites every GroupNorm chain of nodes it finds.
func (b *builder) fuseGroupNorms(nodes []*nodeProto, producer map[string]*nodeProto, readers map[string]int, drop map[*nodeProto]bool) {
	readBy := map[string][]*nodeProto{}
	for _, n := range nodes {
		for _, in := range n.inputs {
			readBy[in] = append(readBy[in], n)
		}
	}
	only := func(v string) *nodeProto {
		if readers[v] != 1 || len(readBy[v]) != 1 {
			return nil
		}
		return readBy[v][0]
	}
	for _, in := range nodes {
		if in.opType != "InstanceNormalization" || in.domain != "" || len(in.inputs) != 3 || len(in.outputs) != 1 || drop[in] {
			continue
		}
		r0 := producer[in.inputs[0]]
		r := only(in.outputs[0])
		if r0 == nil || r0.opType != "Reshape" || r == nil || r.opType != "Reshape" || len(r.inputs) != 2 || r.inputs[0] != in.outputs[0] {
			continue
		}
		sh := producer[r.inputs[1]]
		if sh == nil || sh.opType != "Shape" || len(sh.attrs) != 0 || len(sh.inputs) != 1 || sh.inputs[0] != r0.inputs[0] {
			continue
		}
		m := only(r.outputs[0])
		mul := b.constOperand(m, "Mul", r.outputs[0], producer)
		if mul == nil {
			continue
		}
		a := only(m.outputs[0])
		add := b.constOperand(a, "Add", m.outputs[0], producer)
		if !perChannel(mul) || !perChannel(add) || !equalShapes(mul.Shape, add.Shape) {
			continue
		}
		f := &gnFusion{x: r0.inputs[0], mul: mul, add: add}
		last := a.outputs[0]
		if sig, mul2 := siluOf(last, readBy, readers); sig != nil && !drop[sig] && !drop[mul2] {
			f.silu = true
			drop[sig], drop[mul2] = true, true
			last = mul2.outputs[0]
		}
		in.gn = f
		drop[m], drop[a] = true, true
		r.outputs[0] = last
		producer[last] = r
	}
}

// siluOf returns the Sigmoid and Mul computing v·Sigmoid(v), when they
// are v's only readers and the Sigmoid's output has no other.
func siluOf(v string, readBy map[string][]*nodeProto, readers map[string]int) (*nodeProto, *nodeProto) {
	if readers[v] != 2 || len(readBy[v]) != 2 {
		return nil, nil
	}
	for k := 0; k < 2; k++ {
		s, m := readBy[v][k], readBy[v][1-k]
		if s.opType != "Sigmoid" || s.domain != "" || len(s.inputs) != 1 || len(s.outputs) != 1 || len(s.attrs) != 0 ||
			m.opType != "Mul" || m.domain != "" || len(m.inputs) != 2 || len(m.outputs) != 1 || readers[s.outputs[0]] != 1 {
			continue
		}
		if (m.inputs[0] == v && m.inputs[1] == s.outputs[0]) || (m.inputs[1] == v && m.inputs[0] == s.outputs[0]) {
			return s, m
		}
	}
	return nil, nil
}

// constOperand is the constant that n, a binary node of type op, combines
// with x (through Identity nodes), or nil when n is not such a node.
func (b *builder) constOperand(n *nodeProto, op, x string, producer map[string]*nodeProto) *Tensor {
	if n == nil || n.opType != op || n.domain != "" || len(n.inputs) != 2 || len(n.outputs) != 1 {
		return nil
	}
	other := n.inputs[1]
	if n.inputs[0] != x {
		other = n.inputs[0]
	}
	return b.constThrough(other, producer)
}

// constThrough returns the initializer a value is, through Identity
// nodes, or nil.
func (b *builder) constThrough(name string, producer map[string]*nodeProto) *Tensor {
	for range 16 {
		if t := b.constNamed(name); t != nil {
			return t
		}
		p := producer[name]
		if p == nil || p.opType != "Identity" || len(p.inputs) != 1 {
			return nil
		}
		name = p.inputs[0]
	}
	return nil
}

// perChannel reports whether t is a float tensor of shape [C, 1, ...],
// C ≥ 1, of rank at least 2: it broadcasts along axis 1 of a tensor one
// rank higher.
func perChannel(t *Tensor) bool {
	if t == nil || !t.IsFloat() || len(t.Shape) < 2 || t.Shape[0] < 1 {
		return false
	}
	for _, d := range t.Shape[1:] {
		if d != 1 {
			return false
		}
	}
	return true
}

// gnOp is an InstanceNormalization with a GroupNorm's affine transform
// (and SiLU) fused; in[3] is the tensor before the first Reshape.
type gnOp struct {
	o *instanceNorm
	f *gnFusion
}

func (g gnOp) run(s *Session, in, out []*Tensor) error {
	x, sc, b, orig := in[0], in[1], in[2], in[3]
	if !sc.IsFloat() || !b.IsFloat() || len(sc.Float) != len(b.Float) {
		return fmt.Errorf("scale of shape %v and bias of shape %v: want float vectors of one length", sc.Shape, b.Shape)
	}
	groups := len(sc.Float)
	if !x.IsFloat() || len(x.Shape) < 3 || x.Shape[1] != groups {
		return fmt.Errorf("input of shape %v, want [N %d H ...]", x.Shape, groups)
	}
	c := g.f.mul.Shape[0]
	// The Mul by [C 1 ...] broadcasts along axis 1 only when the input is
	// one rank higher; the unfused graph would make another shape.
	if len(orig.Shape) != len(g.f.mul.Shape)+1 || orig.Shape[1] != c || orig.Len() != x.Len() || orig.Shape[0] != x.Shape[0] {
		return fmt.Errorf("GroupNorm of %v with a weight of shape %v", orig.Shape, g.f.mul.Shape)
	}
	y := out[0].floats(x.Shape...)
	j := gnJob{o: g.o, f: g.f, x: x.Float, y: y, scale: sc.Float, bias: b.Float, groups: groups,
		inner: numel(x.Shape[2:]), c: c, hw: numel(orig.Shape[2:])}
	if s == nil {
		j.do(0, x.Shape[0]*groups)
		return nil
	}
	s.gnJob = j
	s.parallel(&s.gnJob, x.Shape[0]*groups, 8*j.inner)
	s.gnJob = gnJob{}
	return nil
}

// gnJob is one fused GroupNorm over its instances (item, group).
type gnJob struct {
	o                 *instanceNorm
	f                 *gnFusion
	x, y, scale, bias []float32
	groups, inner     int
	c, hw             int // channels and positions per channel of the output
}

func (j *gnJob) do(lo, hi int) {
	for i := lo; i < hi; i++ {
		x, y := j.x[i*j.inner:(i+1)*j.inner], j.y[i*j.inner:(i+1)*j.inner]
		mean, inv := meanInvStd1(x, j.o.eps)
		g := i % j.groups
		sc, b := float64(j.scale[g]), float64(j.bias[g])
		// Channel runs of the instance: element k of the tensor is in
		// channel k/hw mod C.
		for k := 0; k < j.inner; {
			off := i*j.inner + k
			ch := off / max(j.hw, 1) % j.c
			end := min(j.inner, k+j.hw-off%max(j.hw, 1))
			// ((v − mean)·inv·sc + b)·m + a as one multiply-add.
			m, a := float64(j.f.mul.Float[ch]), float64(j.f.add.Float[ch])
			alpha := float32(inv * sc * m)
			beta := float32((b-mean*inv*sc)*m + a)
			affine(y[k:end], x[k:end], alpha, beta, j.f.silu)
			k = end
		}
	}
}

// affine writes y = x·alpha + beta, times its sigmoid when silu is set,
// in one pass where the AVX2 kernel runs.
func affine(y, x []float32, alpha, beta float32, silu bool) {
	n := 0
	if useAsm {
		n = len(x) &^ 7
		if n > 0 {
			_ = y[n-1]
			affineAVX2(unsafe.SliceData(y), unsafe.SliceData(x), n, alpha, beta, silu)
		}
	}
	seg := y[n:len(x)]
	for q, v := range x[n:] {
		seg[q] = v*alpha + beta
	}
	if silu {
		siluInPlace(seg)
	}
}

// siluInPlace computes v·σ(v) in place, through sigmoid's kernels in chunks
// that stay in L1.
func siluInPlace(y []float32) {
	var t [512]float32
	for k := 0; k < len(y); k += len(t) {
		seg := y[k:min(len(y), k+len(t))]
		sigmoid(t[:len(seg)], seg)
		for q, v := range t[:len(seg)] {
			seg[q] *= v
		}
	}
}

// meanInvStd1 is meanInvStd in one pass: the sum and the sum of squares
// in float64 (four partial sums each), var = E[x²] − mean².
func meanInvStd1(x []float32, eps float64) (float64, float64) {
	var s0, s1, s2, s3, q0, q1, q2, q3 float64
	i := 0
	if useAsm && len(x) >= 8 {
		i = len(x) &^ 7
		s0, q0 = sumSqAVX2(unsafe.SliceData(x), i)
	}
	for ; i+4 <= len(x); i += 4 {
		v := (*[4]float32)(x[i : i+4])
		a, b, c, d := float64(v[0]), float64(v[1]), float64(v[2]), float64(v[3])
		s0 += a
		s1 += b
		s2 += c
		s3 += d
		q0 += a * a
		q1 += b * b
		q2 += c * c
		q3 += d * d
	}
	for ; i < len(x); i++ {
		a := float64(x[i])
		s0 += a
		q0 += a * a
	}
	n := float64(max(len(x), 1))
	mean := ((s0 + s1) + (s2 + s3)) / n
	v := max(0, ((q0+q1)+(q2+q3))/n-mean*mean)
	return mean, 1 / math.Sqrt(v+eps)
}
