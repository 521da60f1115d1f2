package onnx

import (
	"fmt"
	"math"
	"math/rand"
	"testing"
)

// c1Case is one 1-D Conv shape.
type c1Case struct {
	n, cin, cout, group int
	w, k, s, d          int
	pl, pr              int
	bias                bool
}

func (c c1Case) String() string {
	return fmt.Sprintf("n%d c%d→%d g%d w%d k%d s%d d%d p%d,%d b%v", c.n, c.cin, c.cout, c.group, c.w, c.k, c.s, c.d, c.pl, c.pr, c.bias)
}

func naiveConv1D(c c1Case, x, wt, bias []float32) ([]float64, int) {
	ow := (c.w+c.pl+c.pr-(c.k-1)*c.d-1)/c.s + 1
	cinG, coutG := c.cin/c.group, c.cout/c.group
	y := make([]float64, c.n*c.cout*ow)
	for i := 0; i < c.n; i++ {
		for co := 0; co < c.cout; co++ {
			g := co / coutG
			for o := 0; o < ow; o++ {
				var sum float64
				if bias != nil {
					sum = float64(bias[co])
				}
				for cig := 0; cig < cinG; cig++ {
					for t := 0; t < c.k; t++ {
						if p := o*c.s + t*c.d - c.pl; p >= 0 && p < c.w {
							sum += float64(x[(i*c.cin+g*cinG+cig)*c.w+p]) * float64(wt[(co*cinG+cig)*c.k+t])
						}
					}
				}
				y[(i*c.cout+co)*ow+o] = sum
			}
		}
	}
	return y, ow
}

// TestConv1D checks 1-D Conv, by shifted rows (stride 1) and im2col,
// with constant and computed weights, against a float64 reference:
// kernels 1–5, strides 1–3, dilations, asymmetric pads, groups,
// batches, few and many channels, lengths around the panel width.
// Results must not depend on the thread count.
func TestConv1D(t *testing.T) { forKernels(t, testConv1D) }

func testConv1D(t *testing.T) {
	defer func() { forceIm2col = false }()
	rng := rand.New(rand.NewSource(3))
	var cases []c1Case
	for k := 1; k <= 5; k++ {
		for s := 1; s <= 3; s++ {
			cases = append(cases,
				c1Case{n: 1, cin: 3, cout: 5, group: 1, w: 17 + k, k: k, s: s, d: 1, pl: k / 2, pr: (k - 1) / 2, bias: true},
				c1Case{n: 2, cin: 33, cout: 7, group: 1, w: 31, k: k, s: s, d: 1 + k%2, pl: k - 1, pr: 0, bias: s == 2},
			)
		}
	}
	cases = append(cases,
		// The audio decoder's Conv1d(32, 32, 7, padding=3) and its
		// output layer (32 → 1).
		c1Case{n: 2, cin: 32, cout: 32, group: 1, w: 256, k: 7, s: 1, d: 1, pl: 3, pr: 3, bias: true},
		c1Case{n: 1, cin: 32, cout: 1, group: 1, w: 1000, k: 7, s: 1, d: 1, pl: 3, pr: 3, bias: true},
		c1Case{n: 3, cin: 6, cout: 9, group: 3, w: 40, k: 3, s: 1, d: 2, pl: 1, pr: 4, bias: true},
		c1Case{n: 1, cin: 1, cout: 1, group: 1, w: 1, k: 1, s: 1, d: 1},
		c1Case{n: 2, cin: 5, cout: 13, group: 1, w: 3, k: 5, s: 1, d: 1, pl: 2, pr: 2, bias: true},
		c1Case{n: 1, cin: 300, cout: 20, group: 1, w: 50, k: 3, s: 1, d: 1, pl: 1, pr: 1, bias: true},
		c1Case{n: 4, cin: 8, cout: 8, group: 8, w: 33, k: 4, s: 1, d: 3, pl: 0, pr: 5},
	)
	for _, c := range cases {
		x := make([]float32, c.n*c.cin*c.w)
		wt := make([]float32, c.cout*c.cin/c.group*c.k)
		var bias []float32
		if c.bias {
			bias = make([]float32, c.cout)
		}
		for _, v := range [][]float32{x, wt, bias} {
			for i := range v {
				v[i] = float32(rng.NormFloat64())
			}
		}
		want, ow := naiveConv1D(c, x, wt, bias)
		tol := 1e-5 * math.Sqrt(float64(c.cin*c.k))
		sp := convSpec{autoPad: "NOTSET", group: c.group, strides: []int{c.s}, dilations: []int{c.d}, pad: []int{c.pl, c.pr}}
		in := []*Tensor{NewTensor(x, c.n, c.cin, c.w), NewTensor(wt, c.cout, c.cin/c.group, c.k)}
		if bias != nil {
			in = append(in, NewTensor(bias, c.cout))
		}
		for _, im2col := range []bool{false, true} {
			forceIm2col = im2col
			for _, constant := range []bool{true, false} {
				o := &conv{spec: sp}
				if constant {
					var err error
					if o.convAttrs, err = sp.resolve(1, []int{c.k}); err != nil {
						t.Fatal(err)
					}
					o.cout, o.cinG, o.bias = c.cout, c.cin/c.group, bias
					o.weights = packConvWeights(nil, nil, wt, c.cout, o.cinG*c.k, c.group)
				}
				var first []float32
				for _, threads := range []int{1, 2, 3} {
					s := (&Model{}).NewSession()
					s.SetThreads(threads)
					out := []*Tensor{{}}
					for run := 0; run < 2; run++ {
						if err := o.run(s, in, out); err != nil {
							t.Fatalf("%v: %v", c, err)
						}
					}
					got := out[0]
					if !equalShapes(got.Shape, []int{c.n, c.cout, ow}) {
						t.Fatalf("%v: shape %v", c, got.Shape)
					}
					if first == nil {
						first = append([]float32(nil), got.Float...)
						for i, v := range want {
							if d := math.Abs(float64(got.Float[i]) - v); d > tol {
								t.Fatalf("%v im2col=%v constant=%v: value %d is %v, want %v", c, im2col, constant, i, got.Float[i], v)
							}
						}
					} else if err := sameFloats(first, got.Float); err != nil {
						t.Fatalf("%v: %d threads against 1: %v", c, threads, err)
					}
				}
			}
		}
	}
}

// TestConv1DAllocates checks that steady-state 1-D runs allocate nothing.
func TestConv1DAllocates(t *testing.T) {
	x := make([]float32, 2*32*300)
	wt := make([]float32, 32*32*7)
	sp := convSpec{autoPad: "NOTSET", group: 1, pad: []int{3, 3}}
	o := &conv{spec: sp}
	var err error
	if o.convAttrs, err = sp.resolve(1, []int{7}); err != nil {
		t.Fatal(err)
	}
	o.cout, o.cinG, o.bias = 32, 32, make([]float32, 32)
	o.weights = packConvWeights(nil, nil, wt, 32, 32*7, 1)
	in := []*Tensor{NewTensor(x, 2, 32, 300), NewTensor(wt, 32, 32, 7)}
	s := (&Model{}).NewSession()
	out := []*Tensor{{}}
	for _, threads := range []int{1, 2} {
		s.SetThreads(threads)
		if err := o.run(s, in, out); err != nil {
			t.Fatal(err)
		}
		if a := testing.AllocsPerRun(5, func() { _ = o.run(s, in, out) }); a != 0 {
			t.Errorf("%d threads: %v allocations per run", threads, a)
		}
	}
}
