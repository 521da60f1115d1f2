package onnx

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// random is RandomNormal, RandomUniform and their -Like forms, which take
// the shape (and, unless dtype is given, the type) of their input. The
// draws are float32 (dtype 1, also for float16 and double).
//
// A node with a seed attribute draws the same values at every run, from a
// PCG source seeded with it. A node without one draws from its session's
// source (Session.SetSeed; seed 0 for a new session), which every such
// node advances: a fresh session repeats the same sequence of draws, and
// successive runs of one session differ. Random nodes are never folded
// into constants at load.
type random struct {
	normal bool
	like   bool
	a, b   float64 // mean and scale, or low and high
	dtype  int64
	shape  []int64
	seed   uint64
	seeded bool
}

func buildRandom(c *nodeCtx) (op, error) {
	t := c.node.opType
	o := random{normal: t == "RandomNormal" || t == "RandomNormalLike", like: t == "RandomNormalLike" || t == "RandomUniformLike"}
	if o.normal {
		o.a, o.b = float64(c.float("mean", 0)), float64(c.float("scale", 1))
	} else {
		o.a, o.b = float64(c.float("low", 0)), float64(c.float("high", 1))
	}
	if c.has("seed") {
		o.seed, o.seeded = math.Float64bits(float64(c.float("seed", 0))), true
	}
	o.dtype = c.int("dtype", 0)
	if o.like {
		return o, c.need(1, 1)
	}
	if o.dtype == 0 {
		o.dtype = typeFloat
	}
	if !c.has("shape") {
		return nil, fmt.Errorf("%s without shape", t)
	}
	o.shape = c.ints("shape")
	if _, err := checkedShape(nil, o.shape); err != nil {
		return nil, err
	}
	return o, c.need(0, 0)
}

// drawsRandom reports whether an operator draws random numbers, so that
// it must run at every run rather than be folded at load.
func drawsRandom(o op) bool {
	_, ok := o.(random)
	return ok
}

func (o random) run(s *Session, in, out []*Tensor) error {
	dtype, shape := o.dtype, toInts(o.shape)
	if o.like {
		shape = in[0].Shape
		if dtype == 0 {
			dtype = int64(in[0].Type)
		}
	}
	if !isFloatType(int(dtype)) {
		return fmt.Errorf("dtype %d: %w (only floating-point draws)", dtype, ErrUnsupported)
	}
	if err := checkSize(shape...); err != nil {
		return err
	}
	src := s.source()
	if o.seeded {
		src = rand.New(rand.NewPCG(o.seed, 0))
	}
	y := out[0].floats(shape...)
	out[0].Type = int(dtype)
	for i := range y {
		if o.normal {
			y[i] = float32(o.a + o.b*src.NormFloat64())
		} else {
			y[i] = float32(o.a + (o.b-o.a)*src.Float64())
		}
	}
	return nil
}

// SetSeed reseeds the source the session's unseeded random operators
// draw from.
func (s *Session) SetSeed(seed uint64) { s.rng = rand.New(rand.NewPCG(seed, 0)) }

// source returns the session's random source, seeded with 0 unless
// SetSeed gave another seed. A nil session (folding) gets a fresh one.
func (s *Session) source() *rand.Rand {
	if s == nil {
		return rand.New(rand.NewPCG(0, 0))
	}
	if s.rng == nil {
		s.SetSeed(0)
	}
	return s.rng
}
