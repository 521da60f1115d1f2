package onnx

import (
	"fmt"
	"math"
	"unsafe"
)

// unary is an elementwise operator on float tensors: Relu, Sigmoid, Tanh,
// Exp, Log, Sqrt, Neg, Abs, Erf, Softplus, LeakyRelu, Elu, Selu,
// HardSigmoid, Gelu, Clip (with constant bounds), Floor, Ceil, Reciprocal,
// the trigonometric and hyperbolic functions, Round (half to even), Sign,
// Softsign, HardSwish, Mish, Celu, ThresholdedRelu and Shrink. Abs, Neg
// and Sign also take integer tensors.
type unary struct {
	f func(dst, src []float32)
	i func(int64) int64 // nil if the operator takes floats only
}

func (u unary) run(s *Session, in, out []*Tensor) error {
	x := in[0]
	if !x.IsFloat() && u.i != nil {
		dst := out[0].ints(x.Type, x.Shape...)
		for k, v := range x.Int {
			dst[k] = u.i(v)
		}
		return nil
	}
	if !x.IsFloat() {
		return fmt.Errorf("input is not floating point")
	}
	u.f(out[0].floats(x.Shape...), x.Float)
	return nil
}

// leakyRelu is LeakyRelu, in AVX2 over the leading multiple of 8 (the
// same values) and one loop over the rest: it follows most convolutions
// of GAN and audio decoders.
func leakyRelu(dst, src []float32, a float32) {
	dst = dst[:len(src)]
	n := 0
	if useAsm {
		n = len(src) &^ 7
		if n > 0 {
			leakyAVX2(unsafe.SliceData(dst), unsafe.SliceData(src), n, a)
		}
	}
	for i, v := range src[n:] {
		if v < 0 {
			v *= a
		}
		dst[n+i] = v
	}
}

// mapf applies f elementwise.
func mapf(f func(float32) float32) func(dst, src []float32) {
	return func(dst, src []float32) {
		for i, v := range src {
			dst[i] = f(v)
		}
	}
}

// relu is Relu, max(v, 0): AVX2 over the leading multiple of 8, Go for
// the rest, the same bits (NaN stays NaN, −0 becomes 0).
func relu(dst, src []float32) {
	n := 0
	if useAsm {
		n = len(src) &^ 7
		if n > 0 {
			_ = dst[n-1]
			reluAVX2(unsafe.SliceData(dst), unsafe.SliceData(src), n)
		}
	}
	for i, v := range src[n:] {
		dst[n+i] = max(v, 0)
	}
}

func sigmoid(dst, src []float32) {
	n := vectorPart(dst, src, false)
	for i, v := range src[n:] {
		dst[n+i] = sigmoidFast(v)
	}
}

func tanh(dst, src []float32) {
	n := vectorPart(dst, src, true)
	for i, v := range src[n:] {
		dst[n+i] = tanhFast(v)
	}
}

// erf is Erf: AVX-512 over the leading multiple of 16 and AVX2 over the
// next 8 (the same bits, within 3 float32 units), erfFast for the rest.
func erf(dst, src []float32) {
	n := 0
	if useAsm && use512 && len(src) >= 16 {
		n = len(src) &^ 15
		_ = dst[n-1]
		erf512(unsafe.SliceData(dst), unsafe.SliceData(src), n)
	}
	if useAsm && len(src)-n >= 8 {
		_ = dst[n+7]
		erfAVX2(unsafe.SliceData(dst[n:]), unsafe.SliceData(src[n:]), 8)
		n += 8
	}
	for i, v := range src[n:] {
		dst[n+i] = float32(erfFast(float64(v)))
	}
}

// vectorPart computes sigmoid or tanh of the leading multiple of 8
// elements with AVX2 when it can, and returns how many it did.
func vectorPart(dst, src []float32, isTanh bool) int {
	n := len(src) &^ 7
	if !useAsm || n == 0 {
		return 0
	}
	_ = dst[n-1]
	actAVX2(unsafe.SliceData(dst), unsafe.SliceData(src), n, isTanh)
	return n
}

// f64 lifts a float64 function to float32.
func f64(f func(float64) float64) func(dst, src []float32) {
	return mapf(func(v float32) float32 { return float32(f(float64(v))) })
}

// sign is -1, 0 or 1 (NaN stays NaN).
func sign(v float64) float64 {
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return v
}

// shrink is Shrink: x+bias below -lambd, x-bias above lambd, else 0.
func shrink(v, lambd, bias float32) float32 {
	switch {
	case v < -lambd:
		return v + bias
	case v > lambd:
		return v - bias
	}
	return 0
}

func softplus(v float64) float64 {
	return math.Max(v, 0) + math.Log1p(math.Exp(-math.Abs(v)))
}

// geluTanh is the tanh approximation of GELU (Hendrycks and Gimpel, 2016).
func geluTanh(v float64) float64 {
	return 0.5 * v * (1 + math.Tanh(math.Sqrt(2/math.Pi)*(v+0.044715*v*v*v)))
}

func geluErf(v float64) float64 {
	return 0.5 * v * (1 + math.Erf(v/math.Sqrt2))
}

// plainUnary holds the elementwise functions without attributes.
var plainUnary = map[string]func(dst, src []float32){
	"Relu": relu, "Sigmoid": sigmoid, "Tanh": tanh,
	"Exp": f64(expFast), "Log": f64(math.Log), "Sqrt": f64(math.Sqrt), "Erf": erf,
	"Floor": f64(math.Floor), "Ceil": f64(math.Ceil), "Round": f64(math.RoundToEven),
	"Softplus": f64(softplus), "Sign": f64(sign),
	"Neg":        mapf(func(v float32) float32 { return -v }),
	"Abs":        mapf(func(v float32) float32 { return float32(math.Abs(float64(v))) }),
	"Reciprocal": mapf(func(v float32) float32 { return 1 / v }),
	"Sin":        f64(math.Sin), "Cos": f64(math.Cos), "Tan": f64(math.Tan),
	"Asin": f64(math.Asin), "Acos": f64(math.Acos), "Atan": f64(math.Atan),
	"Sinh": f64(math.Sinh), "Cosh": f64(math.Cosh), "Asinh": f64(math.Asinh),
	"Acosh": f64(math.Acosh), "Atanh": f64(math.Atanh),
	"Softsign":  f64(func(v float64) float64 { return v / (1 + math.Abs(v)) }),
	"HardSwish": f64(func(v float64) float64 { return v * math.Max(0, math.Min(1, v/6+0.5)) }),
	"Mish":      f64(func(v float64) float64 { return v * math.Tanh(softplus(v)) }),
}

func buildUnary(c *nodeCtx) (op, error) {
	if err := c.need(1, 1); err != nil {
		return nil, err
	}
	if f, ok := plainUnary[c.node.opType]; ok {
		return unary{f: f, i: intUnary(c.node.opType)}, nil
	}
	return buildParamUnary(c)
}

// buildParamUnary builds the activations that take attributes.
func buildParamUnary(c *nodeCtx) (op, error) {
	var f func(dst, src []float32)
	switch c.node.opType {
	case "LeakyRelu":
		a := c.float("alpha", 0.01)
		f = func(dst, src []float32) { leakyRelu(dst, src, a) }
	case "Elu":
		a := float64(c.float("alpha", 1))
		f = f64(func(v float64) float64 {
			if v < 0 {
				return a * math.Expm1(v)
			}
			return v
		})
	case "Selu":
		a := float64(c.float("alpha", 1.67326319217681884765625))
		g := float64(c.float("gamma", 1.05070102214813232421875))
		f = f64(func(v float64) float64 {
			if v <= 0 {
				return g * a * math.Expm1(v)
			}
			return g * v
		})
	case "HardSigmoid":
		a, b := c.float("alpha", 0.2), c.float("beta", 0.5)
		f = func(dst, src []float32) {
			dst = dst[:len(src)]
			for i, v := range src {
				dst[i] = min(max(a*v+b, 0), 1)
			}
		}
	case "Celu":
		a := float64(c.float("alpha", 1))
		f = f64(func(v float64) float64 { return math.Max(0, v) + math.Min(0, a*math.Expm1(v/a)) })
	case "ThresholdedRelu":
		a := c.float("alpha", 1)
		f = mapf(func(v float32) float32 {
			if v > a {
				return v
			}
			return 0
		})
	case "Shrink":
		l, b := c.float("lambd", 0.5), c.float("bias", 0)
		f = mapf(func(v float32) float32 { return shrink(v, l, b) })
	case "Gelu":
		switch ap := c.string("approximate", "none"); ap {
		case "none":
			f = f64(geluErf)
		case "tanh":
			f = f64(geluTanh)
		default:
			return nil, fmt.Errorf("approximate=%q: %w", ap, ErrUnsupported)
		}
	default:
		return nil, fmt.Errorf("operator %s: %w", c.node.opType, ErrUnsupported)
	}
	return unary{f: f}, nil
}

// intUnary returns the integer form of Abs, Neg and Sign, else nil.
func intUnary(opType string) func(int64) int64 {
	switch opType {
	case "Abs":
		return func(v int64) int64 { return max(v, -v) }
	case "Neg":
		return func(v int64) int64 { return -v }
	case "Sign":
		return func(v int64) int64 { return int64(sign(float64(v))) }
	}
	return nil
}

// clip is Clip; before opset 11 its bounds are attributes, from 11 on
// optional inputs, which may be computed at run time.
type clip struct {
	lo, hi float32
}

func buildClip(c *nodeCtx) (op, error) {
	if c.opset < 11 {
		if err := c.need(1, 1); err != nil {
			return nil, err
		}
		return clip{c.float("min", -math.MaxFloat32), c.float("max", math.MaxFloat32)}, nil
	}
	if err := c.need(1, 3); err != nil {
		return nil, err
	}
	return clip{-math.MaxFloat32, math.MaxFloat32}, nil
}

func (o clip) run(s *Session, in, out []*Tensor) error {
	lo, hi := o.lo, o.hi
	if len(in) > 1 && in[1] != nil {
		lo = float32(in[1].scalar())
	}
	if len(in) > 2 && in[2] != nil {
		hi = float32(in[2].scalar())
	}
	x := in[0]
	if !x.IsFloat() {
		return clipInts(out[0], x, in)
	}
	dst := out[0].floats(x.Shape...)
	for i, v := range x.Float {
		dst[i] = min(max(v, lo), hi)
	}
	return nil
}

// clipInts is Clip of an integer tensor; an omitted bound is the end of
// the integer range.
func clipInts(y, x *Tensor, in []*Tensor) error {
	lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
	if len(in) > 1 && in[1] != nil {
		lo = int64(in[1].scalar())
	}
	if len(in) > 2 && in[2] != nil {
		hi = int64(in[2].scalar())
	}
	dst := y.ints(x.Type, x.Shape...)
	for i, v := range x.Int {
		dst[i] = min(max(v, lo), hi)
	}
	return nil
}

// identity is Identity and Dropout at inference: the output shares the
// input's storage. Dropout's optional mask output is all true.
type identity struct{}

func buildIdentity(c *nodeCtx) (op, error) {
	if c.node.opType == "Dropout" {
		c.float("ratio", 0.5)
		c.int("seed", 0)
		if c.opset < 12 && c.int("is_test", 1) == 0 {
			return nil, fmt.Errorf("is_test=0 (training mode): %w", ErrUnsupported)
		}
		if c.nInputs() > 2 && c.input(2) == nil {
			return nil, fmt.Errorf("a computed training_mode input: %w", ErrUnsupported)
		}
		if t := c.input(2); t != nil && t.scalar() != 0 {
			return nil, fmt.Errorf("training_mode=true: %w", ErrUnsupported)
		}
		return identity{}, c.need(1, 3)
	}
	return identity{}, c.need(1, 1)
}

func (identity) run(s *Session, in, out []*Tensor) error {
	out[0].alias(in[0], in[0].Shape...)
	if len(out) > 1 {
		for i := range out[1].ints(typeBool, in[0].Shape...) {
			out[1].Int[i] = 1
		}
	}
	return nil
}

// cast is Cast, and CastLike (opset 15), which casts to the type of its
// second input: floats and integers convert into each other; a cast to
// bool maps non-zero to 1.
type cast struct{ to int }

func buildCast(c *nodeCtx) (op, error) {
	if c.node.opType == "CastLike" {
		c.int("saturate", 1)
		return cast{}, c.need(2, 2)
	}
	to := int(c.int("to", 0))
	if elemSize(to) == 0 {
		return nil, fmt.Errorf("cast to type %d: %w", to, ErrUnsupported)
	}
	c.int("saturate", 1)
	return cast{to}, c.need(1, 1)
}

func (o cast) run(s *Session, in, out []*Tensor) error {
	x, y := in[0], out[0]
	if len(in) > 1 { // CastLike: to the type of the second input
		o.to = in[1].Type
		if elemSize(o.to) == 0 {
			return fmt.Errorf("cast to type %d: %w", o.to, ErrUnsupported)
		}
	}
	switch {
	case isFloatType(o.to) && x.IsFloat():
		copy(y.floats(x.Shape...), x.Float)
	case isFloatType(o.to):
		dst := y.floats(x.Shape...)
		for i, v := range x.Int {
			dst[i] = float32(v)
		}
	case x.IsFloat():
		dst := y.ints(o.to, x.Shape...)
		for i, v := range x.Float {
			dst[i] = int64(v)
			if o.to == typeBool && v != 0 {
				dst[i] = 1
			}
		}
	default:
		dst := y.ints(o.to, x.Shape...)
		for i, v := range x.Int {
			dst[i] = v
			if o.to == typeBool && v != 0 {
				dst[i] = 1
			}
		}
	}
	y.Type = o.to
	return nil
}
