package onnx

import (
	"math"
	"math/rand/v2"
	"testing"
	"unsafe"
)

// TestAffineSiLU checks the fused GroupNorm step y = x·α + β (then SiLU)
// against float64 arithmetic, on lengths with and without a tail, with
// the AVX2 kernel and the Go loop; NaN must come through.
func TestAffineSiLU(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	forKernels(t, func(t *testing.T) {
		for _, n := range []int{1, 7, 8, 9, 64, 1027} {
			x := make([]float32, n)
			for i := range x {
				x[i] = float32(r.NormFloat64() * 30)
			}
			x[0] = float32(math.NaN())
			for _, silu := range []bool{false, true} {
				const alpha, beta = 0.37, -1.25
				y := make([]float32, n)
				affine(y, x, alpha, beta, silu)
				for i, v := range x {
					want := float64(v)*alpha + beta
					if silu {
						want /= 1 + math.Exp(-want)
					}
					switch {
					case math.IsNaN(want):
						if !math.IsNaN(float64(y[i])) {
							t.Errorf("n %d, silu %v: NaN gave %v", n, silu, y[i])
						}
					case math.Abs(float64(y[i])-want) > 4e-7*math.Max(1, math.Abs(want)):
						t.Errorf("n %d, silu %v: %v → %v, want %v", n, silu, v, y[i], want)
					}
				}
			}
		}
	})
}

// TestReductionKernels checks the sum-of-squares, maximum and scaling
// kernels against Go loops.
func TestReductionKernels(t *testing.T) {
	if !useAsm {
		t.Skip("no AVX2")
	}
	r := rand.New(rand.NewPCG(8, 8))
	for _, n := range []int{8, 16, 24, 1024} {
		x := make([]float32, n)
		for i := range x {
			x[i] = float32(r.NormFloat64()*5 + 1)
		}
		var s, q float64
		for _, v := range x {
			s += float64(v)
			q += float64(v) * float64(v)
		}
		gs, gq := sumSqAVX2(unsafe.SliceData(x), n)
		if math.Abs(gs-s) > 1e-12*math.Abs(q) || math.Abs(gq-q) > 1e-12*q {
			t.Errorf("n %d: sums %v %v, want %v %v", n, gs, gq, s, q)
		}
		top := n / 3
		x[top] = 99
		x[(top+5)%n] = float32(math.NaN()) // ignored, as the Go loop does
		if got := maxAVX2(unsafe.SliceData(x), n); got != 99 {
			t.Errorf("n %d: max %v, want 99", n, got)
		}
		x[(top+5)%n] = 1.5
		want := make([]float32, n)
		const inv = 1 / 3.7
		for i, v := range x {
			want[i] = float32(float64(v) * inv)
		}
		scaleAVX2(unsafe.SliceData(x), n, inv)
		for i := range x {
			if x[i] != want[i] {
				t.Fatalf("n %d: scaled %d is %v, want %v", n, i, x[i], want[i])
			}
		}
	}
	nan := float32(math.NaN())
	all := []float32{nan, nan, nan, nan, nan, nan, nan, nan}
	if got := maxAVX2(unsafe.SliceData(all), 8); !math.IsInf(float64(got), -1) {
		t.Errorf("max of NaNs %v, want -Inf", got)
	}
}

// TestArithKernels checks +, −, ·, / against Go's float32 arithmetic,
// bit for bit, over two vectors and against a scalar on either side
// (steps 0 or 1, as broadcasting gives them), on lengths with and
// without a tail.
func TestArithKernels(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	ops := []struct {
		name string
		f    func(dst, a []float32, sa int, b []float32, sb int)
		want func(a, b float32) float32
	}{
		{"add", addf, func(a, b float32) float32 { return a + b }},
		{"sub", subf, func(a, b float32) float32 { return a - b }},
		{"mul", mulf, func(a, b float32) float32 { return a * b }},
		{"div", divf, func(a, b float32) float32 { return a / b }},
	}
	for _, n := range []int{3, 8, 21, 64} {
		a, b := make([]float32, n), make([]float32, n)
		for i := range a {
			a[i] = float32(r.NormFloat64())
		}
		for i := range b {
			b[i] = float32(r.NormFloat64()) + 0.1
		}
		for _, op := range ops {
			for _, st := range [][2]int{{1, 1}, {1, 0}, {0, 1}} {
				sa, sb := st[0], st[1]
				dst := make([]float32, n)
				op.f(dst, a, sa, b, sb)
				for i := range dst {
					if w := op.want(a[i*sa], b[i*sb]); dst[i] != w {
						t.Fatalf("%s, n %d, steps %v: element %d is %v, want %v", op.name, n, st, i, dst[i], w)
					}
				}
			}
		}
	}
}

// TestLeakyRelu checks LeakyRelu's AVX2 kernel against the definition,
// bit for bit, on lengths with and without a tail, with NaN, ±0 and ±Inf.
func TestLeakyRelu(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	forKernels(t, func(t *testing.T) {
		for _, n := range []int{1, 7, 8, 9, 64, 1027} {
			x := make([]float32, n)
			for i := range x {
				x[i] = float32(r.NormFloat64() * 30)
			}
			special := []float32{float32(math.NaN()), float32(math.Copysign(0, -1)), 0, float32(math.Inf(-1)), float32(math.Inf(1))}
			copy(x, special)
			const alpha = 0.2
			y := make([]float32, n)
			leakyRelu(y, x, alpha)
			for i, v := range x {
				want := v
				if v < 0 {
					want = v * alpha
				}
				if math.Float32bits(y[i]) != math.Float32bits(want) && !(want != want && y[i] != y[i]) {
					t.Errorf("n %d: %v → %v, want %v", n, v, y[i], want)
				}
			}
		}
	})
}

// TestLerp checks linear Resize's blend a + (b − a)·w in AVX2 against
// the Go expression, bit for bit, on lengths with and without a tail.
func TestLerp(t *testing.T) {
	if !useAsm {
		t.Skip("no AVX2")
	}
	r := rand.New(rand.NewPCG(10, 10))
	for _, n := range []int{1, 7, 8, 9, 64, 1027} {
		a, b, y := make([]float32, n), make([]float32, n), make([]float32, n)
		for i := range a {
			a[i], b[i] = float32(r.NormFloat64()*30), float32(r.NormFloat64()*30)
		}
		w := float32(r.Float64())
		lerp(y, a, b, w)
		for i := range a {
			if want := a[i] + (b[i]-a[i])*w; y[i] != want {
				t.Fatalf("n %d, element %d: %v, want %v", n, i, y[i], want)
			}
		}
	}
}

// TestResizeLine checks linear Resize's gathering row kernel against the
// Go loop, bit for bit, on lengths with and without a tail.
func TestResizeLine(t *testing.T) {
	if !useAsm {
		t.Skip("no AVX2")
	}
	r := rand.New(rand.NewPCG(11, 11))
	for _, w := range []int{1, 3, 17, 200} {
		src := make([]float32, w)
		for i := range src {
			src[i] = float32(r.NormFloat64() * 30)
		}
		for _, n := range []int{1, 7, 8, 9, 64, 411} {
			ax := linearCols{x0: make([]int, n), x1: make([]int, n), wx: make([]float32, n), w: w, g: make([]int32, 2*n)}
			for i := range ax.x0 {
				ax.x0[i] = r.IntN(w)
				ax.x1[i] = min(ax.x0[i]+1, w-1)
				ax.wx[i] = float32(r.Float64())
				ax.g[i], ax.g[n+i] = int32(ax.x0[i]), int32(ax.x1[i])
			}
			got, want := make([]float32, n), make([]float32, n)
			ax.line(got, src)
			ax.g = nil
			ax.line(want, src)
			for i := range want {
				if got[i] != want[i] {
					t.Fatalf("w %d, n %d, column %d: %v, want %v", w, n, i, got[i], want[i])
				}
			}
		}
	}
}
