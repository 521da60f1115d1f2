package onnx

import (
	"fmt"
	"math"
	"math/rand"
	"testing"
)

// ctCase is one ConvTranspose shape: 1-D when h is 0.
type ctCase struct {
	n, cin, cout, group int
	h, w                int
	k, s, d             [2]int
	pads                [4]int // top, left, bottom, right
	outPad              [2]int
	bias                bool
}

func (c ctCase) String() string {
	return fmt.Sprintf("n%d c%d→%d g%d %dx%d k%v s%v d%v p%v op%v b%v", c.n, c.cin, c.cout, c.group, c.h, c.w, c.k, c.s, c.d, c.pads, c.outPad, c.bias)
}

// naiveConvTranspose is the float64 definition: every input pixel adds
// its kernel-weighted values into the output window it spreads over.
func naiveConvTranspose(c ctCase, x, wt, bias []float32) ([]float64, int, int) {
	h := max(c.h, 1)
	oh := (h-1)*c.s[0] + (c.k[0]-1)*c.d[0] + 1 + c.outPad[0] - c.pads[0] - c.pads[2]
	ow := (c.w-1)*c.s[1] + (c.k[1]-1)*c.d[1] + 1 + c.outPad[1] - c.pads[1] - c.pads[3]
	coutG, cinG := c.cout/c.group, c.cin/c.group
	y := make([]float64, c.n*c.cout*oh*ow)
	for i := 0; i < c.n; i++ {
		for co := 0; co < c.cout; co++ {
			dst := y[(i*c.cout+co)*oh*ow:][:oh*ow]
			if bias != nil {
				for p := range dst {
					dst[p] = float64(bias[co])
				}
			}
			g, cog := co/coutG, co%coutG
			for cig := 0; cig < cinG; cig++ {
				ci := g*cinG + cig
				for iy := 0; iy < h; iy++ {
					for ix := 0; ix < c.w; ix++ {
						v := float64(x[((i*c.cin+ci)*h+iy)*c.w+ix])
						for ki := 0; ki < c.k[0]; ki++ {
							oy := iy*c.s[0] + ki*c.d[0] - c.pads[0]
							if oy < 0 || oy >= oh {
								continue
							}
							for kj := 0; kj < c.k[1]; kj++ {
								ox := ix*c.s[1] + kj*c.d[1] - c.pads[1]
								if ox < 0 || ox >= ow {
									continue
								}
								dst[oy*ow+ox] += v * float64(wt[((ci*coutG+cog)*c.k[0]+ki)*c.k[1]+kj])
							}
						}
					}
				}
			}
		}
	}
	return y, oh, ow
}

// op builds the case's ConvTranspose with constant weights and its
// inputs.
func (c ctCase) op(x, wt, bias []float32) (*convTranspose, []*Tensor) {
	o, in := c.opComputed(x, wt, bias)
	var err error
	if o.convAttrs, err = o.resolve(in[1].Shape); err != nil {
		panic(err)
	}
	o.cin, o.coutG, o.w, o.bias = in[1].Shape[0], in[1].Shape[1], wt, bias
	return o, in
}

// opComputed builds the case's ConvTranspose with weights (and bias)
// read from its inputs at each run.
func (c ctCase) opComputed(x, wt, bias []float32) (*convTranspose, []*Tensor) {
	sp := convSpec{autoPad: "NOTSET", group: c.group}
	var in []*Tensor
	var ws []int
	o := &convTranspose{}
	if c.h == 0 {
		sp.strides, sp.dilations = []int{c.s[1]}, []int{c.d[1]}
		sp.pad = []int{c.pads[1], c.pads[3]}
		ws = []int{c.cin, c.cout / c.group, c.k[1]}
		in = append(in, NewTensor(x, c.n, c.cin, c.w))
		o.outPadSet = []int{c.outPad[1]}
	} else {
		sp.strides, sp.dilations = c.s[:], c.d[:]
		sp.pad = c.pads[:]
		ws = []int{c.cin, c.cout / c.group, c.k[0], c.k[1]}
		in = append(in, NewTensor(x, c.n, c.cin, c.h, c.w))
		o.outPadSet = c.outPad[:]
	}
	o.spec = sp
	in = append(in, NewTensor(wt, ws...))
	if bias != nil {
		in = append(in, NewTensor(bias, c.cout))
	}
	return o, in
}

// run runs the case's ConvTranspose with constant or computed weights on
// the given threads.
func (c ctCase) run(t *testing.T, x, wt, bias []float32, constant bool, threads int) *Tensor {
	t.Helper()
	o, in := c.opComputed(x, wt, bias)
	if constant {
		o, in = c.op(x, wt, bias)
	}
	s := (&Model{}).NewSession()
	s.SetThreads(threads)
	out := []*Tensor{{}}
	if err := o.run(s, in, out); err != nil {
		t.Fatalf("%v: %v", c, err)
	}
	// A second run must give the same (scratch reused, weights packed).
	first := cloneAll(out)[0]
	if err := o.run(s, in, out); err != nil {
		t.Fatal(err)
	}
	if err := sameFloats(first.Float, out[0].Float); err != nil {
		t.Fatalf("%v: second run: %v", c, err)
	}
	return out[0]
}

func ctCases() []ctCase {
	var cs []ctCase
	one := [2]int{1, 1}
	// Every stride 1–3 and kernel 1–5 along both dimensions, with pads
	// and output padding (below the stride) that vary with them.
	for s := 1; s <= 3; s++ {
		for k := 1; k <= 5; k++ {
			p := (k + s) % 3 % k
			op := (k + 1) % s
			cs = append(cs,
				ctCase{n: 1, cin: 3, cout: 5, group: 1, h: 5, w: 7, k: [2]int{k, k}, s: [2]int{s, s}, d: one, pads: [4]int{p, p, p, p}, outPad: [2]int{op, op}, bias: true},
				ctCase{n: 2, cin: 4, cout: 3, group: 1, w: 13, k: [2]int{1, k}, s: [2]int{1, s}, d: one, pads: [4]int{0, p, 0, (p + 1) % k}, outPad: [2]int{0, op}, bias: k%2 == 0},
				ctCase{n: 1, cin: 2, cout: 7, group: 1, h: 3, w: 4, k: [2]int{k, 6 - k}, s: [2]int{s, 4 - s}, d: one, pads: [4]int{p, 0, 0, (6 - k) / 2}, outPad: [2]int{op, 0}, bias: false},
			)
		}
	}
	cs = append(cs,
		// The decoders' layers: DCGAN's 4×4 stride 2 pad 1, convbn's
		// 3×3 stride 2 with output padding, the audio decoder's 1-D
		// kernel 8 stride 4 pad 2; many channels.
		ctCase{n: 2, cin: 40, cout: 19, group: 1, h: 6, w: 5, k: [2]int{4, 4}, s: [2]int{2, 2}, d: one, pads: [4]int{1, 1, 1, 1}, bias: true},
		ctCase{n: 3, cin: 9, cout: 8, group: 1, h: 7, w: 7, k: [2]int{3, 3}, s: [2]int{2, 2}, d: one, pads: [4]int{1, 1, 1, 1}, outPad: [2]int{1, 1}, bias: true},
		ctCase{n: 2, cin: 32, cout: 33, group: 1, w: 37, k: [2]int{1, 8}, s: [2]int{1, 4}, d: one, pads: [4]int{0, 2, 0, 2}, bias: true},
		ctCase{n: 1, cin: 70, cout: 3, group: 1, h: 9, w: 11, k: [2]int{4, 4}, s: [2]int{2, 2}, d: one, pads: [4]int{1, 1, 1, 1}},
		ctCase{n: 1, cin: 1, cout: 1, group: 1, h: 1, w: 1, k: [2]int{4, 4}, s: [2]int{1, 1}, d: one},
		// DCGAN's first layer, a latent vector: its product splits over
		// the threads (vectorJob).
		ctCase{n: 1, cin: 64, cout: 512, group: 1, h: 1, w: 1, k: [2]int{4, 4}, s: [2]int{1, 1}, d: one, bias: true},
		ctCase{n: 5, cin: 7, cout: 6, group: 1, h: 1, w: 1, k: [2]int{4, 4}, s: [2]int{2, 2}, d: one, bias: true},
		// Groups, a kernel smaller than the stride, large pads,
		// asymmetric pads, dilations (the GEMM + col2im path).
		ctCase{n: 2, cin: 6, cout: 9, group: 3, h: 5, w: 6, k: [2]int{3, 4}, s: [2]int{2, 3}, d: one, pads: [4]int{2, 0, 1, 3}, outPad: [2]int{1, 2}, bias: true},
		ctCase{n: 1, cin: 4, cout: 4, group: 4, w: 9, k: [2]int{1, 5}, s: [2]int{1, 2}, d: one, pads: [4]int{0, 1, 0, 0}, bias: true},
		ctCase{n: 2, cin: 3, cout: 2, group: 1, h: 4, w: 5, k: [2]int{2, 1}, s: [2]int{3, 3}, d: one, outPad: [2]int{2, 1}, bias: true},
		ctCase{n: 1, cin: 3, cout: 4, group: 1, h: 6, w: 6, k: [2]int{5, 5}, s: [2]int{2, 2}, d: one, pads: [4]int{4, 3, 2, 4}, outPad: [2]int{1, 0}},
		ctCase{n: 1, cin: 3, cout: 4, group: 1, h: 6, w: 5, k: [2]int{3, 2}, s: [2]int{2, 1}, d: [2]int{2, 3}, pads: [4]int{1, 0, 2, 1}, bias: true},
		// A chunk of 1024 columns: col2im's rows get a panel of padding
		// (colStride).
		ctCase{n: 16, cin: 5, cout: 4, group: 1, h: 8, w: 8, k: [2]int{4, 4}, s: [2]int{2, 2}, d: one, pads: [4]int{1, 1, 1, 1}, bias: true},
		// Groups of 4 images in col2imGEMM (gemmGroups), the last one
		// short.
		ctCase{n: 6, cin: 5, cout: 13, group: 1, h: 8, w: 8, k: [2]int{4, 4}, s: [2]int{2, 2}, d: one, pads: [4]int{1, 1, 1, 1}, bias: true},
		// An output row too wide for col2im's gather (gatherWidth):
		// the scatter.
		ctCase{n: 1, cin: 2, cout: 3, group: 1, w: 400, k: [2]int{1, 5}, s: [2]int{1, 3}, d: one, pads: [4]int{0, 1, 0, 2}, bias: true},
	)
	return cs
}

// TestConvTransposePhases checks ConvTranspose against a float64
// reference on both paths, stride phases and GEMM + col2im, with
// constant and computed weights: every stride 1–3 and kernel 1–5, pads
// (asymmetric), output padding, groups, batches, 1-D and 2-D. Results
// must not depend on the thread count.
func TestConvTransposePhases(t *testing.T) { forKernels(t, testConvTransposePhases) }

func testConvTransposePhases(t *testing.T) {
	defer func() { forceCol2im, forcePhases = false, false }()
	rng := rand.New(rand.NewSource(2))
	for _, c := range ctCases() {
		h := max(c.h, 1)
		x := make([]float32, c.n*c.cin*h*c.w)
		wt := make([]float32, c.cin*c.cout/c.group*c.k[0]*c.k[1])
		var bias []float32
		if c.bias {
			bias = make([]float32, c.cout)
		}
		for _, v := range [][]float32{x, wt, bias} {
			for i := range v {
				v[i] = float32(rng.NormFloat64())
			}
		}
		want, oh, ow := naiveConvTranspose(c, x, wt, bias)
		tol := 1e-5 * math.Sqrt(float64(c.cin*c.k[0]*c.k[1]))
		for _, path := range []string{"phases", "col2im", "auto"} {
			forcePhases, forceCol2im = path == "phases", path == "col2im"
			for _, constant := range []bool{true, false} {
				var first *Tensor
				for _, threads := range []int{1, 2, 3} {
					got := c.run(t, x, wt, bias, constant, threads)
					shape := []int{c.n, c.cout, oh, ow}
					if c.h == 0 {
						shape = []int{c.n, c.cout, ow}
					}
					if !equalShapes(got.Shape, shape) {
						t.Fatalf("%v %s: shape %v, want %v", c, path, got.Shape, shape)
					}
					if first == nil {
						first = got
						for i, v := range want {
							if d := math.Abs(float64(got.Float[i]) - v); d > tol {
								t.Fatalf("%v %s constant=%v: value %d is %v, want %v", c, path, constant, i, got.Float[i], v)
							}
						}
					} else if err := sameFloats(first.Float, got.Float); err != nil {
						t.Fatalf("%v %s: %d threads against 1: %v", c, path, threads, err)
					}
				}
			}
		}
	}
}

// TestConvTransposePhasesAllocate checks that steady-state runs by
// phases allocate nothing, with constant and computed weights.
func TestConvTransposePhasesAllocate(t *testing.T) {
	c := ctCase{n: 2, cin: 40, cout: 19, group: 1, h: 16, w: 16, k: [2]int{4, 4}, s: [2]int{2, 2}, d: [2]int{1, 1}, pads: [4]int{1, 1, 1, 1}, bias: true}
	x := make([]float32, c.n*c.cin*c.h*c.w)
	wt := make([]float32, c.cin*c.cout*16)
	bias := make([]float32, c.cout)
	forcePhases = true
	defer func() { forcePhases = false }()
	for _, constant := range []bool{true, false} {
		o := &convTranspose{spec: convSpec{autoPad: "NOTSET", group: 1, strides: c.s[:], pad: c.pads[:]}}
		in := []*Tensor{NewTensor(x, c.n, c.cin, c.h, c.w), NewTensor(wt, c.cin, c.cout, 4, 4), NewTensor(bias, c.cout)}
		if constant {
			var err error
			if o.convAttrs, err = o.resolve(in[1].Shape); err != nil {
				t.Fatal(err)
			}
			o.cin, o.coutG, o.w, o.bias = c.cin, c.cout, wt, bias
		}
		s := (&Model{}).NewSession()
		out := []*Tensor{{}}
		for _, threads := range []int{1, 2} {
			s.SetThreads(threads)
			if err := o.run(s, in, out); err != nil {
				t.Fatal(err)
			}
			if a := testing.AllocsPerRun(5, func() { _ = o.run(s, in, out) }); a != 0 {
				t.Errorf("constant=%v, %d threads: %v allocations per run", constant, threads, a)
			}
		}
	}
}
