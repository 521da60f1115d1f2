package onnx

import (
	"math"
	"math/rand"
	"testing"
)

// TestWinogradMatchesDirect checks F(2×2, 3×3) (run2) against a direct float64
// convolution on odd sizes, asymmetric pads, batches and a bias, and
// against the im2col path it replaces, both the same at 1, 2 and 3
// threads.
func TestWinogradMatchesDirect(t *testing.T) { forKernels(t, testWinograd) }

func testWinograd(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for _, c := range wino4Cases {
		if c.cin < winoMinChannels {
			continue // below the channels Winograd takes
		}
		x := make([]float32, c.n*c.cin*c.h*c.w)
		wt := make([]float32, c.cout*c.cin*9)
		bias := make([]float32, c.cout)
		for _, v := range [][]float32{x, wt, bias} {
			for i := range v {
				v[i] = float32(rng.NormFloat64())
			}
		}
		a := convAttrs{kernel: [2]int{3, 3}, strides: [2]int{1, 1}, dilations: [2]int{1, 1}, pads: c.pads, group: 1, dims: 2, autoPad: "NOTSET"}
		if !useWinograd(&a, c.cin) {
			t.Fatalf("%+v: Winograd not used", c)
		}
		im2col := &conv{convAttrs: a, cout: c.cout, cinG: c.cin, bias: bias,
			weights: packConvWeights(nil, nil, wt, c.cout, c.cin*9, 1)}
		in := []*Tensor{NewTensor(x, c.n, c.cin, c.h, c.w), NewTensor(wt, c.cout, c.cin, 3, 3), NewTensor(bias, c.cout)}
		s := (&Model{}).NewSession()
		s.SetThreads(2)
		outs := [2][]*Tensor{{{}}, {{}}}
		if err := im2col.run(s, in, outs[0]); err != nil {
			t.Fatal(err)
		}
		oh, ow := c.h+c.pads[0]+c.pads[2]-2, c.w+c.pads[1]+c.pads[3]-2
		outs[1][0] = NewTensor(make([]float32, c.n*c.cout*oh*ow), c.n, c.cout, oh, ow)
		w2 := newWinograd(wt, c.cout, c.cin)
		w2.run2(s, x, outs[1][0].Float, bias, c.n, c.cin, c.cout, c.h, c.w, oh, ow, c.pads[0], c.pads[1])
		// Either form at 1 and 3 threads gives the same as at 2 (small
		// images split over output channels).
		for _, threads := range []int{1, 3} {
			s.SetThreads(threads)
			y := make([]float32, len(outs[1][0].Float))
			w2.run2(s, x, y, bias, c.n, c.cin, c.cout, c.h, c.w, oh, ow, c.pads[0], c.pads[1])
			other := []*Tensor{{}}
			if err := im2col.run(s, in, other); err != nil {
				t.Fatal(err)
			}
			if sameFloats(y, outs[1][0].Float) != nil || sameFloats(other[0].Float, outs[0][0].Float) != nil {
				t.Fatalf("%+v: %d threads give other results than 2", c, threads)
			}
		}
		if !equalShapes(outs[1][0].Shape, []int{c.n, c.cout, oh, ow}) {
			t.Fatalf("%+v: shape %v", c, outs[1][0].Shape)
		}
		var worst float64
		for i := 0; i < c.n; i++ {
			for co := 0; co < c.cout; co++ {
				for oy := 0; oy < oh; oy++ {
					for ox := 0; ox < ow; ox++ {
						sum := float64(bias[co])
						for ci := 0; ci < c.cin; ci++ {
							for ki := 0; ki < 3; ki++ {
								for kj := 0; kj < 3; kj++ {
									y, xx := oy+ki-c.pads[0], ox+kj-c.pads[1]
									if y >= 0 && y < c.h && xx >= 0 && xx < c.w {
										sum += float64(x[((i*c.cin+ci)*c.h+y)*c.w+xx]) * float64(wt[((co*c.cin+ci)*3+ki)*3+kj])
									}
								}
							}
						}
						k := ((i*c.cout+co)*oh+oy)*ow + ox
						worst = max(worst, math.Abs(float64(outs[1][0].Float[k])-sum))
						if d := math.Abs(float64(outs[0][0].Float[k]) - float64(outs[1][0].Float[k])); d > 1e-4 {
							t.Fatalf("%+v: at %d im2col %v, Winograd %v", c, k, outs[0][0].Float[k], outs[1][0].Float[k])
						}
					}
				}
			}
		}
		if worst > 1e-4*math.Sqrt(float64(c.cin)) {
			t.Errorf("%+v: Winograd off the direct sum by %g", c, worst)
		}
	}
}
