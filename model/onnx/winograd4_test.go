package onnx

import (
	"fmt"
	"math"
	"math/rand"
	"testing"
)

// wino4Cases are awkward shapes for F(4×4, 3×3): sizes not multiples of
// 4 (partial tiles at the right and bottom), images narrower than the 32
// columns of eight tiles, groups of eight tiles spanning tile rows and
// images, pads 0, 1 and asymmetric, batches, few and many channels, output
// channels not a multiple of sgemm.MR or of wino4Block.
var wino4Cases = []struct {
	n, cin, cout, h, w int
	pads               [4]int
}{
	{1, 4, 3, 8, 8, [4]int{1, 1, 1, 1}},
	{2, 5, 7, 9, 11, [4]int{1, 1, 1, 1}},
	{3, 16, 13, 5, 7, [4]int{0, 0, 0, 0}},
	{1, 8, 20, 7, 6, [4]int{2, 0, 1, 2}},
	{2, 6, 6, 3, 3, [4]int{0, 1, 2, 0}},
	{1, 33, 17, 40, 37, [4]int{1, 1, 1, 1}},
	{2, 8, 30, 20, 64, [4]int{1, 1, 1, 1}},
	{1, 4, 6, 21, 35, [4]int{1, 1, 0, 0}},
	{1, 96, 50, 13, 34, [4]int{1, 1, 1, 1}},
	{2, 3, 64, 34, 33, [4]int{0, 2, 1, 0}},
	{1, 7, 2, 1, 1, [4]int{1, 1, 1, 1}},
	{3, 9, 10, 4, 4, [4]int{1, 1, 1, 1}}, // 4-wide images, padding 1 on both sides
	// One panel of at most 4 tiles (wino4narrow.go), split over threads
	// or not, with blocks of channels not a multiple of 16:
	{1, 64, 128, 8, 8, [4]int{1, 1, 1, 1}}, // VQ-VAE's
	{1, 37, 40, 6, 7, [4]int{1, 1, 1, 1}},
	{1, 20, 33, 4, 5, [4]int{0, 0, 0, 0}},
	{2, 16, 32, 4, 4, [4]int{1, 1, 1, 1}},
}

// conv3x3Direct is the 3×3 convolution of x [n cin h w] with wt and bias,
// summed in float64.
func conv3x3Direct(x, wt, bias []float32, n, cin, cout, h, w int, pads [4]int) []float64 {
	oh, ow := h+pads[0]+pads[2]-2, w+pads[1]+pads[3]-2
	y := make([]float64, n*cout*oh*ow)
	for i := range n {
		for co := range cout {
			for oy := range oh {
				for ox := range ow {
					sum := float64(bias[co])
					for ci := range cin {
						for ki := range 3 {
							for kj := range 3 {
								yy, xx := oy+ki-pads[0], ox+kj-pads[1]
								if yy >= 0 && yy < h && xx >= 0 && xx < w {
									sum += float64(x[((i*cin+ci)*h+yy)*w+xx]) * float64(wt[((co*cin+ci)*3+ki)*3+kj])
								}
							}
						}
					}
					y[((i*cout+co)*oh+oy)*ow+ox] = sum
				}
			}
		}
	}
	return y
}

// TestWinograd4MatchesIm2col checks F(4×4, 3×3), through the 8-tile
// kernels and tile by tile, against a direct float64 convolution and the
// im2col path, at 1, 2 and 3 threads (which must agree bit for bit).
//
// The bound: on these cases, inputs and weights drawn from N(0, 1), the
// largest error measured against the float64 sum was 2.3e-5·√(9·cin)
// (F(2×2): 1.9e-6, im2col: 2.3e-6, Lavin and Gray's points costing about
// ten times F(2×2)'s rounding error); the test allows 5e-5·√(9·cin). A
// wrong transform errs by far more: a coefficient of G off by 1/6000
// (6e-4 at cin = 4, twice the bound), Bᵀ's 5 read as 4.5, two tiles'
// outputs swapped, a border tile read one column off (errors of order
// one) all fail it.
func TestWinograd4MatchesIm2col(t *testing.T) { forKernels(t, testWinograd4) }

func testWinograd4(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	var worst float64
	for _, c := range wino4Cases {
		x := make([]float32, c.n*c.cin*c.h*c.w)
		wt := make([]float32, c.cout*c.cin*9)
		bias := make([]float32, c.cout)
		for _, v := range [][]float32{x, wt, bias} {
			for i := range v {
				v[i] = float32(rng.NormFloat64())
			}
		}
		a := convAttrs{kernel: [2]int{3, 3}, strides: [2]int{1, 1}, dilations: [2]int{1, 1}, pads: c.pads, group: 1, dims: 2, autoPad: "NOTSET"}
		im2col := &conv{convAttrs: a, cout: c.cout, cinG: c.cin, bias: bias,
			weights: packConvWeights(nil, nil, wt, c.cout, c.cin*9, 1)}
		in := []*Tensor{NewTensor(x, c.n, c.cin, c.h, c.w), NewTensor(wt, c.cout, c.cin, 3, 3), NewTensor(bias, c.cout)}
		s := (&Model{}).NewSession()
		ref := []*Tensor{{}}
		if err := im2col.run(s, in, ref); err != nil {
			t.Fatal(err)
		}
		direct := conv3x3Direct(x, wt, bias, c.n, c.cin, c.cout, c.h, c.w, c.pads)
		oh, ow := c.h+c.pads[0]+c.pads[2]-2, c.w+c.pads[1]+c.pads[3]-2
		w4 := newWinograd4(wt, c.cout, c.cin)
		var first []float32
		for _, threads := range []int{1, 2, 3} {
			s.SetThreads(threads)
			y := make([]float32, len(direct))
			for i := range y {
				y[i] = float32(math.NaN()) // every output must be written
			}
			for _, sc := range s.scratch {
				for i := range sc {
					sc[i] = float32(math.NaN()) // every scratch value read, written first
				}
			}
			w4.run(s, x, y, bias, c.n, c.cin, c.cout, c.h, c.w, oh, ow, c.pads[0], c.pads[1])
			bound := 5e-5 * math.Sqrt(9*float64(c.cin))
			for k := range y {
				err := math.Abs(float64(y[k]) - direct[k])
				if !(err <= bound) || math.Abs(float64(y[k]-ref[0].Float[k])) > bound {
					t.Fatalf("%+v, %d threads: at %d F(4×4) %v, im2col %v, float64 %v", c, threads, k, y[k], ref[0].Float[k], direct[k])
				}
				worst = max(worst, err/math.Sqrt(9*float64(c.cin)))
			}
			if first == nil {
				first = y
			} else if fmt.Sprint(first) != fmt.Sprint(y) {
				t.Errorf("%+v: %d threads give other results than 1", c, threads)
			}
			allocs := testing.AllocsPerRun(3, func() {
				w4.run(s, x, y, bias, c.n, c.cin, c.cout, c.h, c.w, oh, ow, c.pads[0], c.pads[1])
			})
			if allocs != 0 {
				t.Errorf("%+v, %d threads: %v allocations per run, want 0", c, threads, allocs)
			}
		}
	}
	t.Logf("largest error / √(9·cin): %.3g", worst)
}

// BenchmarkConv3x3 times a 3×3 convolution (padding 1, one image, one
// thread) by im2col, F(2×2, 3×3) and F(4×4, 3×3) on the shapes of the
// SD-VAE-style decoder of tools/bench_ort and smaller ones: the figures
// behind use4.
func BenchmarkConv3x3(b *testing.B) {
	for _, c := range []struct{ cin, cout, hw int }{
		{64, 64, 32}, {32, 32, 128}, {32, 32, 256}, {32, 3, 256}, {4, 64, 32},
		{64, 64, 8}, {64, 128, 8}, {64, 64, 16}, {128, 128, 4}, {128, 128, 8}, {16, 16, 16}, {8, 8, 64},
		{128, 64, 8}, {64, 256, 8}, {128, 256, 8}, {256, 128, 8}, {192, 192, 8}, {64, 64, 4}, {256, 256, 8}, {256, 256, 16}, {32, 32, 8}, {64, 256, 16}, {64, 12, 32},
	} {
		rng := rand.New(rand.NewSource(1))
		x := make([]float32, c.cin*c.hw*c.hw)
		wt := make([]float32, c.cout*c.cin*9)
		for _, v := range [][]float32{x, wt} {
			for i := range v {
				v[i] = float32(rng.NormFloat64())
			}
		}
		y := make([]float32, c.cout*c.hw*c.hw)
		a := convAttrs{kernel: [2]int{3, 3}, strides: [2]int{1, 1}, dilations: [2]int{1, 1}, pads: [4]int{1, 1, 1, 1}, group: 1, dims: 2, autoPad: "NOTSET"}
		im2col := &conv{convAttrs: a, cout: c.cout, cinG: c.cin, weights: packConvWeights(nil, nil, wt, c.cout, c.cin*9, 1)}
		in := []*Tensor{NewTensor(x, 1, c.cin, c.hw, c.hw), NewTensor(wt, c.cout, c.cin, 3, 3)}
		w2 := newWinograd(wt, c.cout, c.cin)
		w4 := newWinograd4(wt, c.cout, c.cin)
		s := (&Model{}).NewSession()
		s.SetThreads(1)
		name := fmt.Sprintf("%dx%dx%d→%d", c.cin, c.hw, c.hw, c.cout)
		out := []*Tensor{{}}
		b.Run(name+"/im2col", func(b *testing.B) {
			for b.Loop() {
				if err := im2col.run(s, in, out); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(name+"/F2", func(b *testing.B) {
			for b.Loop() {
				w2.run2(s, x, y, nil, 1, c.cin, c.cout, c.hw, c.hw, c.hw, c.hw, 1, 1)
			}
		})
		b.Run(name+"/F4", func(b *testing.B) {
			for b.Loop() {
				w4.run(s, x, y, nil, 1, c.cin, c.cout, c.hw, c.hw, c.hw, c.hw, 1, 1)
			}
		})
	}
}

// TestWinoChoice checks the rule of winoChoice on the shapes
// BenchmarkConv3x3 timed.
func TestWinoChoice(t *testing.T) {
	for _, c := range []struct{ n, cin, cout, hw, want int }{
		{1, 64, 64, 4, 0},    // im2col: 1 panel of 16 pixels against F(4×4)'s 36 GEMMs of one tile
		{2, 64, 64, 4, 0},    // 2 panels against 36 GEMMs of one panel
		{1, 256, 256, 8, 2},  // F(2×2): one panel of 16 tiles; F(4×4): 4 tiles in a panel
		{1, 128, 128, 8, 4},  // too few channels for F(2×2)'s tile-by-tile transforms to pay
		{1, 192, 192, 8, 4},  //
		{1, 128, 64, 8, 4},   // too few channels for F(2×2)'s tile-by-tile transforms to pay
		{1, 64, 64, 8, 4},    //
		{8, 128, 128, 8, 4},  // 32 tiles: F(4×4)'s panels are full
		{1, 256, 256, 16, 4}, //
		{1, 32, 32, 256, 4},  // the SD-VAE-style decoder's largest layer
		{64, 128, 128, 4, 4}, // StyleGAN2-style at batch 64
		{1, 4, 64, 32, 4},    //
	} {
		if got := winoChoice(c.n, c.cin, c.cout, c.hw, c.hw); got != c.want {
			t.Errorf("%+v: %d", c, got)
		}
	}
}
