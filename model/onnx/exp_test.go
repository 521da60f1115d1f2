package onnx

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// TestFastMath compares the fast exp, sigmoid and tanh with package math.
func TestFastMath(t *testing.T) {
	for x := -100.0; x <= 88; x += 0.0137 {
		if got, want := expFast(x), math.Exp(x); math.Abs(got-want) > 1e-8*want {
			t.Fatalf("expFast(%g) = %g, want %g", x, got, want)
		}
		v := float32(x / 4)
		want := 1 / (1 + math.Exp(-float64(v)))
		if d := math.Abs(float64(sigmoidFast(v)) - want); d > 1e-7 {
			t.Fatalf("sigmoid(%g) off by %g", v, d)
		}
		if d := math.Abs(float64(tanhFast(v)) - math.Tanh(float64(v))); d > 2e-7 {
			t.Fatalf("tanh(%g) off by %g", v, d)
		}
	}
	// The AVX2 forms, over whole vectors and a tail.
	src := make([]float32, 8003)
	for i := range src {
		src[i] = float32(i-4000) / 300
	}
	src[0], src[1] = 200, -200
	dst := make([]float32, len(src))
	sigmoid(dst, src)
	for i, v := range src {
		if d := math.Abs(float64(dst[i]) - 1/(1+math.Exp(-float64(v)))); d > 2e-7 {
			t.Fatalf("sigmoid(%g) = %g off by %g", v, dst[i], d)
		}
	}
	tanh(dst, src)
	for i, v := range src {
		if d := math.Abs(float64(dst[i]) - math.Tanh(float64(v))); d > 3e-7 {
			t.Fatalf("tanh(%g) = %g off by %g", v, dst[i], d)
		}
	}
	if !math.IsInf(expFast(1000), 1) || expFast(-1000) != 0 || !math.IsNaN(expFast(math.NaN())) {
		t.Error("expFast special values")
	}
}

// TestExpAVX2 checks the Softmax exponential kernel against math.Exp
// (relative error below 1e-6, 0 far below, NaN kept).
func TestExpAVX2(t *testing.T) {
	if !useAsm {
		t.Skip("no AVX2")
	}
	src := make([]float32, 0, 64)
	for v := float32(-100); v <= 3; v += 1.7 {
		src = append(src, v)
	}
	src = append(src, float32(math.Inf(-1)), float32(math.NaN()))
	for len(src)%8 != 0 {
		src = append(src, 0.25)
	}
	dst := make([]float32, len(src))
	const m = 2.5
	expAVX2(&dst[0], &src[0], len(src), m)
	for i, v := range src {
		want := math.Exp(float64(v - m))
		switch {
		case math.IsNaN(float64(v)):
			if !math.IsNaN(float64(dst[i])) {
				t.Errorf("e^(NaN−m) = %v, want NaN", dst[i])
			}
		case want < 1e-37:
			if dst[i] > 1e-37 {
				t.Errorf("e^(%v−m) = %v, want about 0", v, dst[i])
			}
		case math.Abs(float64(dst[i])-want) > 1e-6*want:
			t.Errorf("e^(%v−m) = %v, want %v", v, dst[i], want)
		}
	}
}

// TestErfFast compares erfFast with math.Erf: within 4e-8 relative error
// everywhere, and float32 results at most one unit apart.
func TestErfFast(t *testing.T) {
	for x := -6.0; x <= 6; x += 0.000731 {
		got, want := erfFast(x), math.Erf(x)
		if math.Abs(got-want) > 4e-8*math.Abs(want) {
			t.Fatalf("erfFast(%g) = %g, want %g", x, got, want)
		}
		g, w := float32(got), float32(want)
		if g != w && math.Nextafter32(g, w) != w {
			t.Fatalf("float32(erfFast(%g)) = %v, want %v", x, g, w)
		}
	}
	for _, x := range []float64{1e-30, -1e-10, 1, -1, 4, math.Inf(1), math.Inf(-1)} {
		if got, want := erfFast(x), math.Erf(x); math.Abs(got-want) > 4e-8*math.Abs(want) {
			t.Errorf("erfFast(%g) = %g, want %g", x, got, want)
		}
	}
	if !math.IsNaN(erfFast(math.NaN())) {
		t.Error("erfFast(NaN) is not NaN")
	}
}

// erfInputs are the Erf kernels' test values, a multiple of n of them:
// a fine grid over ±7, ±0, tiny and huge values, ±1, 4, ±Inf and NaN.
func erfInputs(n int) []float32 {
	var src []float32
	for x := float32(-7); x <= 7; x += 0.000917 {
		src = append(src, x)
	}
	src = append(src, 0, float32(math.Copysign(0, -1)), 1e-30, -1e-20, 1, -1, 4, 1e30, float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN()))
	for len(src)%n != 0 {
		src = append(src, 0.5)
	}
	return src
}

// TestErfAVX2 compares the Erf operator's vector kernel with math.Erf:
// within 3 float32 units of the correctly rounded value and 2e-7 absolute
// error, the sign kept, ±1 far out, NaN kept.
func TestErfAVX2(t *testing.T) {
	if !useAsm {
		t.Skip("no AVX2")
	}
	src := erfInputs(8)
	dst := make([]float32, len(src))
	erfAVX2(&dst[0], &src[0], len(src))
	for i, v := range src {
		want := math.Erf(float64(v))
		if math.IsNaN(want) {
			if !math.IsNaN(float64(dst[i])) {
				t.Errorf("erf(NaN) = %v", dst[i])
			}
			continue
		}
		w := float32(want)
		ulp := float64(math.Nextafter32(float32(math.Abs(want)), float32(math.Inf(1))) - float32(math.Abs(want)))
		if d := math.Abs(float64(dst[i]) - want); d > 2e-7 || d > 3*ulp || math.Signbit(float64(dst[i])) != math.Signbit(float64(w)) {
			t.Fatalf("erf(%v) = %v, want %v (%.1f units off)", v, dst[i], w, d/ulp)
		}
	}
}

// TestRelu checks Relu, vector kernel and Go tail, on lengths around the
// kernel's blocks of 32 and 8, bit for bit against Go's max(x, 0): NaN
// kept, −0 made 0.
func TestRelu(t *testing.T) {
	for _, n := range []int{0, 1, 7, 8, 9, 31, 32, 33, 70, 1000} {
		src := make([]float32, n)
		for i := range src {
			src[i] = float32(i%13) - 6.5
			switch {
			case i%17 == 5:
				src[i] = float32(math.NaN())
			case i%11 == 3:
				src[i] = float32(math.Copysign(0, -1))
			}
		}
		dst := make([]float32, n)
		relu(dst, src)
		for i, v := range src {
			switch {
			case math.IsNaN(float64(v)):
				if !math.IsNaN(float64(dst[i])) {
					t.Fatalf("n %d: relu(NaN) = %v", n, dst[i])
				}
			case math.Float32bits(dst[i]) != math.Float32bits(max(v, 0)):
				t.Fatalf("n %d: relu(%v) = %v, want %v", n, v, dst[i], max(v, 0))
			}
		}
	}
}

// TestErf512 checks that the AVX-512 Erf kernel gives erfAVX2's bits
// (TestErfAVX2 bounds those against math.Erf), on the same awkward values.
func TestErf512(t *testing.T) {
	if !use512 {
		t.Skip("no AVX-512")
	}
	src := erfInputs(16)
	want, got := make([]float32, len(src)), make([]float32, len(src))
	erfAVX2(&want[0], &src[0], len(src))
	erf512(&got[0], &src[0], len(src))
	for i := range src {
		if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
			t.Fatalf("erf(%v): AVX-512 %v, AVX2 %v", src[i], got[i], want[i])
		}
	}
}

// TestSoftmax512 checks that the AVX-512 softmax rows give the bits of
// the AVX2 path (scale, max, exp, sum, normalise), unscaled, multiplied
// and divided, on rows with large, tiny, infinite and NaN values.
func TestSoftmax512(t *testing.T) {
	if !use512 {
		t.Skip("no AVX-512")
	}
	defer func() { use512 = true }()
	rng := rand.New(rand.NewPCG(21, 22))
	for _, d := range []int{16, 32, 64, 160} {
		rows := 7
		x := make([]float32, rows*d)
		for i := range x {
			x[i] = float32(rng.NormFloat64() * 4)
		}
		x[3] = 90 // beyond the exponential's clamp after the scale
		x[d+1] = float32(math.NaN())
		x[2*d+5] = float32(math.Inf(1))
		for i := 3 * d; i < 4*d; i++ {
			x[i] = float32(math.Inf(-1))
		}
		x[4*d+2] = -1e-40
		for _, sc := range []rowScale{{}, {c: 0.125, on: true}, {c: 3, div: true, on: true}, {c: -0.7, on: true}} {
			var got [2][]float32
			for v, wide := range []bool{false, true} {
				use512 = wide
				got[v] = make([]float32, len(x))
				j := softmaxJob{o: softmax{kind: "Softmax"}, x: x, y: got[v], d: d, inner: 1, sc: sc}
				j.do(0, rows)
			}
			for i := range x {
				if math.Float32bits(got[0][i]) != math.Float32bits(got[1][i]) &&
					!(math.IsNaN(float64(got[0][i])) && math.IsNaN(float64(got[1][i]))) {
					t.Fatalf("d %d scale %+v element %d (x %v): AVX-512 %v, AVX2 %v", d, sc, i, x[i], got[1][i], got[0][i])
				}
			}
		}
	}
}

// BenchmarkSoftmaxAttention is the benchmark transformer's scaled
// softmax at batch 1: 4 heads × 64 rows of 64 scores, divided by 8.
func BenchmarkSoftmaxAttention(b *testing.B) {
	for _, wide := range []bool{false, true} {
		b.Run(fmt.Sprintf("avx512=%v", wide), func(b *testing.B) {
			if wide && !use512 {
				b.Skip("no AVX-512")
			}
			defer func(w bool) { use512 = w }(use512)
			use512 = wide
			x := NewTensor(make([]float32, 4*64*64), 4, 64, 64)
			for i := range x.Float {
				x.Float[i] = float32(i%13) - 6
			}
			s := (&Model{}).NewSession()
			s.SetThreads(1)
			out := []*Tensor{{}}
			for b.Loop() {
				if err := (softmax{axis: -1, kind: "Softmax"}).apply(s, x, rowScale{c: 0.125, on: true}, out); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestGELUKernels checks the one-pass GELU chain: AVX-512 and AVX2 give
// the same bits, at every length (the last partial vector included), in
// place or not, and where the length is a whole number of vectors the
// bits of the separate operators (divf, erf, addf, mulf) over the same
// values.
func TestGELUKernels(t *testing.T) {
	if !useAsm {
		t.Skip("no AVX2")
	}
	has512 := use512
	defer func() { use512 = has512 }()
	c := [3]float32{float32(math.Sqrt2), 1, 0.5}
	src := erfInputs(16)
	for n := 1; n <= len(src); n += 1 + n/8 {
		x := src[:n]
		var got [2][]float32
		for v, wide := range []bool{false, true} {
			if wide && !has512 {
				continue
			}
			use512 = wide
			got[v] = make([]float32, n)
			geluChain(got[v], x, &c)
			inPlace := append([]float32(nil), x...)
			geluChain(inPlace, inPlace, &c)
			for i := range x {
				if !sameBits(inPlace[i], got[v][i]) {
					t.Fatalf("n %d wide %v: in place GELU(%v) = %v, %v otherwise", n, wide, x[i], inPlace[i], got[v][i])
				}
			}
		}
		if got[1] != nil {
			for i := range x {
				if !sameBits(got[0][i], got[1][i]) {
					t.Fatalf("n %d: GELU(%v): AVX-512 %v, AVX2 %v", n, x[i], got[1][i], got[0][i])
				}
			}
		}
		if n%16 == 0 {
			y := make([]float32, n)
			divf(y, x, 1, c[0:1], 0)
			erf(y, y)
			addf(y, y, 1, c[1:2], 0)
			mulf(y, x, 1, y, 1)
			mulf(y, y, 1, c[2:3], 0)
			for i := range x {
				if !sameBits(y[i], got[0][i]) {
					t.Fatalf("n %d: GELU(%v) = %v, the separate steps %v", n, x[i], got[0][i], y[i])
				}
			}
		}
	}
}

// sameBits reports whether a and b are the same float32, any NaN
// matching any NaN.
func sameBits(a, b float32) bool {
	return math.Float32bits(a) == math.Float32bits(b) || a != a && b != b
}
