package onnx

import (
	"fmt"
	"math"
	"unsafe"
)

// batchNorm is BatchNormalization at inference (Ioffe and Szegedy, 2015):
// y = scale·(x − mean)/√(var + ε) + bias per channel, as one multiply-add
// per channel: folded at load when the parameters are constant, computed
// at each run when they are graph inputs or computed.
type batchNorm struct {
	eps      float64
	mul, add []float32 // nil when the parameters are not constant
}

func buildBatchNorm(c *nodeCtx) (op, error) {
	if err := c.need(5, 5); err != nil {
		return nil, err
	}
	o := &batchNorm{eps: float64(c.float("epsilon", 1e-5))}
	c.float("momentum", 0.9)
	if c.opset < 9 {
		c.int("spatial", 1)
	}
	if c.int("training_mode", 0) != 0 || len(c.node.outputs) > 1 {
		return nil, fmt.Errorf("training mode: %w", ErrUnsupported)
	}
	params := []*Tensor{c.input(1), c.input(2), c.input(3), c.input(4)}
	for _, t := range params {
		if t == nil {
			return o, nil // computed at each run
		}
	}
	n, err := checkBatchNormParams(params)
	if err != nil {
		return nil, err
	}
	o.mul, o.add = make([]float32, n), make([]float32, n)
	o.fold(o.mul, o.add, params)
	return o, nil
}

// checkBatchNormParams checks that scale, bias, mean and var are float
// vectors of one length, and returns it.
func checkBatchNormParams(p []*Tensor) (int, error) {
	n := len(p[0].Float)
	for _, t := range p {
		if !t.IsFloat() || len(t.Float) != n {
			return 0, fmt.Errorf("scale, bias, mean and var must be float vectors of one length")
		}
	}
	return n, nil
}

// fold writes the per-channel multiplier and addend of parameters p
// (scale, bias, mean, var).
func (o *batchNorm) fold(mul, add []float32, p []*Tensor) {
	for i := range mul {
		m := float64(p[0].Float[i]) / math.Sqrt(float64(p[3].Float[i])+o.eps)
		mul[i] = float32(m)
		add[i] = float32(float64(p[1].Float[i]) - m*float64(p[2].Float[i]))
	}
}

func (o *batchNorm) run(s *Session, in, out []*Tensor) error {
	x := in[0]
	mul, add := o.mul, o.add
	if mul == nil {
		n, err := checkBatchNormParams(in[1:5])
		if err != nil {
			return err
		}
		buf := s.slot(1, 2*n)
		mul, add = buf[:n], buf[n:]
		o.fold(mul, add, in[1:5])
	}
	if !x.IsFloat() || len(x.Shape) < 2 || x.Shape[1] != len(mul) {
		return fmt.Errorf("input of shape %v, want [N %d ...]", x.Shape, len(mul))
	}
	y := out[0].floats(x.Shape...)
	c := len(mul)
	inner := numel(x.Shape[2:])
	for i := 0; i < x.Shape[0]*c; i++ {
		ch := i % c
		m, a := mul[ch], add[ch]
		src, dst := x.Float[i*inner:(i+1)*inner], y[i*inner:(i+1)*inner]
		for j, v := range src {
			dst[j] = v*m + a
		}
	}
	return nil
}

// instanceNorm is InstanceNormalization (Ulyanov et al., 2016): each
// channel of each item normalized over its spatial extent, with a
// per-channel scale and bias, constant or computed.
type instanceNorm struct {
	eps float64
}

func buildInstanceNorm(c *nodeCtx) (op, error) {
	if err := c.need(3, 3); err != nil {
		return nil, err
	}
	return &instanceNorm{eps: float64(c.float("epsilon", 1e-5))}, nil
}

func (o *instanceNorm) run(s *Session, in, out []*Tensor) error {
	x, sc, b := in[0], in[1], in[2]
	if !sc.IsFloat() || !b.IsFloat() || len(sc.Float) != len(b.Float) {
		return fmt.Errorf("scale of shape %v and bias of shape %v: want float vectors of one length", sc.Shape, b.Shape)
	}
	c := len(sc.Float)
	if !x.IsFloat() || len(x.Shape) < 3 || x.Shape[1] != c {
		return fmt.Errorf("input of shape %v, want [N %d H ...]", x.Shape, c)
	}
	y := out[0].floats(x.Shape...)
	j := instanceNormJob{o: o, x: x.Float, y: y, scale: sc.Float, bias: b.Float, c: c, inner: numel(x.Shape[2:])}
	if s == nil {
		j.do(0, x.Shape[0]*c)
		return nil
	}
	// Instances are independent: split over threads, the result does not
	// depend on how.
	s.instanceNormJob = j
	s.parallel(&s.instanceNormJob, x.Shape[0]*c, 4*j.inner)
	s.instanceNormJob = instanceNormJob{}
	return nil
}

// instanceNormJob is one InstanceNormalization over its instances (item,
// channel).
type instanceNormJob struct {
	o                 *instanceNorm
	x, y, scale, bias []float32
	c, inner          int
}

func (j *instanceNormJob) do(lo, hi int) {
	for i := lo; i < hi; i++ {
		ch := i % j.c
		normalize(j.y[i*j.inner:(i+1)*j.inner], j.x[i*j.inner:(i+1)*j.inner], j.o.eps, j.scale[ch:ch+1], j.bias[ch:ch+1])
	}
}

// normalize writes (x − mean)/√(var + ε)·scale + bias; scale and bias hold
// one value for all of x or one per element.
func normalize(dst, x []float32, eps float64, scale, bias []float32) (mean, inv float64) {
	dst = dst[:len(x)]
	// Four partial sums: the additions of one do not wait on another's.
	var s0, s1, s2, s3 float64
	i := 0
	if useAsm && len(x) >= 8 {
		i = len(x) &^ 7
		s0, _ = sumSqAVX2(unsafe.SliceData(x), i)
	}
	for ; i+4 <= len(x); i += 4 {
		v := (*[4]float32)(x[i : i+4])
		s0 += float64(v[0])
		s1 += float64(v[1])
		s2 += float64(v[2])
		s3 += float64(v[3])
	}
	for ; i < len(x); i++ {
		s0 += float64(x[i])
	}
	mean = ((s0 + s1) + (s2 + s3)) / float64(len(x))
	s0, s1, s2, s3 = 0, 0, 0, 0
	i = 0
	if useAsm && len(x) >= 8 {
		i = len(x) &^ 7
		s0 = centerSqAVX2(unsafe.SliceData(x), i, mean)
	}
	for ; i+4 <= len(x); i += 4 {
		v := (*[4]float32)(x[i : i+4])
		d0, d1, d2, d3 := float64(v[0])-mean, float64(v[1])-mean, float64(v[2])-mean, float64(v[3])-mean
		s0 += d0 * d0
		s1 += d1 * d1
		s2 += d2 * d2
		s3 += d3 * d3
	}
	for ; i < len(x); i++ {
		d := float64(x[i]) - mean
		s0 += d * d
	}
	inv = 1 / math.Sqrt(((s0+s1)+(s2+s3))/float64(len(x))+eps)
	if len(scale) == 1 && len(bias) <= 1 {
		sc, b := scale[0], float32(0)
		if len(bias) == 1 {
			b = bias[0]
		}
		for i, v := range x {
			dst[i] = float32((float64(v)-mean)*inv)*sc + b
		}
		return mean, inv
	}
	if len(scale) == len(x) && len(bias) == len(x) {
		scale, bias := scale[:len(x)], bias[:len(x)]
		i := 0
		if useAsm && len(x) >= 8 {
			i = len(x) &^ 7
			normAVX2(unsafe.SliceData(dst), unsafe.SliceData(x), i, mean, inv, unsafe.SliceData(scale), unsafe.SliceData(bias))
		}
		for ; i < len(x); i++ {
			dst[i] = float32((float64(x[i])-mean)*inv)*scale[i] + bias[i]
		}
		return mean, inv
	}
	for i, v := range x {
		sc, b := scale[0], float32(0)
		if len(scale) > 1 {
			sc = scale[i]
		}
		if len(bias) == 1 {
			b = bias[0]
		} else if len(bias) > 1 {
			b = bias[i]
		}
		dst[i] = float32((float64(v)-mean)*inv)*sc + b
	}
	return mean, inv
}

// layerNorm is LayerNormalization (Ba et al., 2016) over the dimensions
// from axis on, with a scale and optional bias of that extent (or of one
// value), constant or computed. Its optional outputs Mean and InvStdDev
// hold each normalized row's mean and 1/√(variance+ε), of X's shape with
// the normalized dimensions set to 1.
type layerNorm struct {
	axis int
	eps  float64
}

func buildLayerNorm(c *nodeCtx) (op, error) {
	if err := c.need(2, 3); err != nil {
		return nil, err
	}
	if len(c.node.outputs) > 3 {
		return nil, fmt.Errorf("%d outputs, at most 3", len(c.node.outputs))
	}
	c.int("stash_type", 1)
	return &layerNorm{axis: int(c.int("axis", -1)), eps: float64(c.float("epsilon", 1e-5))}, nil
}

func (o *layerNorm) run(s *Session, in, out []*Tensor) error {
	x := in[0]
	axis, err := normAxis(o.axis, len(x.Shape))
	if err != nil || !x.IsFloat() {
		return fmt.Errorf("input of shape %v: %v", x.Shape, err)
	}
	inner := numel(x.Shape[axis:])
	scale, b, err := layerNormParams(in, inner)
	if err != nil {
		return err
	}
	y := out[0].floats(x.Shape...)
	var stats [2][]float32
	var sh [maxRank]int
	statShape := append(sh[:0], x.Shape...)
	for i := axis; i < len(statShape); i++ {
		statShape[i] = 1
	}
	for k := 1; k < len(out) && k < 3; k++ {
		if out[k] != nil {
			stats[k-1] = out[k].floats(statShape...)
		}
	}
	if inner == 0 {
		return nil
	}
	j := layerNormJob{o: o, x: x.Float, y: y, scale: scale, bias: b, inner: inner, stats: stats}
	rows := len(y) / inner
	if s == nil {
		j.do(0, rows)
		return nil
	}
	// Rows are independent: split over threads.
	s.layerNormJob = j
	s.parallel(&s.layerNormJob, rows, 4*inner)
	s.layerNormJob = layerNormJob{}
	return nil
}

// layerNormJob is one LayerNormalization over rows of inner values.
type layerNormJob struct {
	o           *layerNorm
	x, y        []float32
	scale, bias []float32
	inner       int
	stats       [2][]float32 // Mean and InvStdDev, where asked for
}

func (j *layerNormJob) do(lo, hi int) {
	n := j.inner
	if useAsm && use512 && n >= 16 && n%16 == 0 && len(j.scale) == n && len(j.bias) == n && hi-lo >= 4 {
		// Four rows a call, their sums interleaved (normalize's bits); the
		// last rows as the last four, the ones before them recomputed
		// alike. Fewer than four rows go through normalize.
		var st [8]float64
		for r := lo; r < hi; r += 4 {
			r0 := min(r, hi-4)
			_, _ = j.y[(r0+4)*n-1], j.x[(r0+4)*n-1]
			layerNormRows512(&j.y[r0*n], &j.x[r0*n], n, j.o.eps, &j.scale[0], &j.bias[0], &st)
			for k := range 4 {
				if j.stats[0] != nil {
					j.stats[0][r0+k] = float32(st[k])
				}
				if j.stats[1] != nil {
					j.stats[1][r0+k] = float32(st[4+k])
				}
			}
		}
		return
	}
	for r := lo; r < hi; r++ {
		mean, inv := normalize(j.y[r*n:(r+1)*n], j.x[r*n:(r+1)*n], j.o.eps, j.scale, j.bias)
		if j.stats[0] != nil {
			j.stats[0][r] = float32(mean)
		}
		if j.stats[1] != nil {
			j.stats[1][r] = float32(inv)
		}
	}
}

// layerNormParams returns the scale and bias (nil if not given), each of
// inner values or one.
func layerNormParams(in []*Tensor, inner int) (scale, bias []float32, err error) {
	fits := func(t *Tensor) bool { return t.IsFloat() && (len(t.Float) == inner || len(t.Float) == 1) }
	if !fits(in[1]) {
		return nil, nil, fmt.Errorf("scale of shape %v for a normalized extent of %d", in[1].Shape, inner)
	}
	if len(in) > 2 && in[2] != nil {
		if !fits(in[2]) {
			return nil, nil, fmt.Errorf("bias of shape %v for a normalized extent of %d", in[2].Shape, inner)
		}
		bias = in[2].Float
	}
	return in[1].Float, bias, nil
}
