package onnx

import (
	"fmt"
	"os"
	"sort"
	"testing"
	"time"
)

var one = [2]int{1, 1}

var benchLayers = []struct {
	name string
	c    ctCase
}{
	{"convbn1", ctCase{n: 1, cin: 64, cout: 32, group: 1, h: 7, w: 7, k: [2]int{4, 4}, s: [2]int{2, 2}, d: one, pads: [4]int{1, 1, 1, 1}, bias: true}},
	{"convbn2", ctCase{n: 1, cin: 32, cout: 32, group: 1, h: 14, w: 14, k: [2]int{3, 3}, s: [2]int{2, 2}, d: one, pads: [4]int{1, 1, 1, 1}, outPad: [2]int{1, 1}, bias: true}},
	{"dcgan1", ctCase{n: 1, cin: 100, cout: 512, group: 1, h: 1, w: 1, k: [2]int{4, 4}, s: one, d: one, bias: true}},
	{"dcgan2", ctCase{n: 1, cin: 512, cout: 256, group: 1, h: 4, w: 4, k: [2]int{4, 4}, s: [2]int{2, 2}, d: one, pads: [4]int{1, 1, 1, 1}, bias: true}},
	{"dcgan3", ctCase{n: 1, cin: 256, cout: 128, group: 1, h: 8, w: 8, k: [2]int{4, 4}, s: [2]int{2, 2}, d: one, pads: [4]int{1, 1, 1, 1}, bias: true}},
	{"dcgan4", ctCase{n: 1, cin: 128, cout: 64, group: 1, h: 16, w: 16, k: [2]int{4, 4}, s: [2]int{2, 2}, d: one, pads: [4]int{1, 1, 1, 1}, bias: true}},
	{"dcgan5", ctCase{n: 1, cin: 64, cout: 3, group: 1, h: 32, w: 32, k: [2]int{4, 4}, s: [2]int{2, 2}, d: one, pads: [4]int{1, 1, 1, 1}, bias: true}},
	{"vq1", ctCase{n: 1, cin: 128, cout: 128, group: 1, h: 8, w: 8, k: [2]int{4, 4}, s: [2]int{2, 2}, d: one, pads: [4]int{1, 1, 1, 1}, bias: true}},
	{"vq2", ctCase{n: 1, cin: 128, cout: 3, group: 1, h: 16, w: 16, k: [2]int{4, 4}, s: [2]int{2, 2}, d: one, pads: [4]int{1, 1, 1, 1}, bias: true}},
	{"vq1b32", ctCase{n: 32, cin: 128, cout: 128, group: 1, h: 8, w: 8, k: [2]int{4, 4}, s: [2]int{2, 2}, d: one, pads: [4]int{1, 1, 1, 1}, bias: true}},
	{"audio256", ctCase{n: 1, cin: 32, cout: 32, group: 1, w: 64, k: [2]int{1, 8}, s: [2]int{1, 4}, d: one, pads: [4]int{0, 2, 0, 2}, bias: true}},
	{"audio4096", ctCase{n: 1, cin: 32, cout: 32, group: 1, w: 1024, k: [2]int{1, 8}, s: [2]int{1, 4}, d: one, pads: [4]int{0, 2, 0, 2}, bias: true}},
	{"audio16384", ctCase{n: 1, cin: 32, cout: 32, group: 1, w: 4096, k: [2]int{1, 8}, s: [2]int{1, 4}, d: one, pads: [4]int{0, 2, 0, 2}, bias: true}},
}

// BenchmarkConvTransposeLayers times the decoders' ConvTranspose layers
// (tools/bench_ort/models.py) on both paths, one thread.
func BenchmarkConvTransposeLayers(b *testing.B) {
	for _, l := range benchLayers {
		for _, path := range []string{"col2im", "phases"} {
			b.Run(fmt.Sprintf("%s/%s", l.name, path), func(b *testing.B) {
				forcePhases, forceCol2im = path == "phases", path == "col2im"
				defer func() { forceCol2im, forcePhases = false, false }()
				c := l.c
				o, in := c.op(make([]float32, c.n*c.cin*max(c.h, 1)*c.w), make([]float32, c.cin*c.cout/c.group*c.k[0]*c.k[1]), make([]float32, c.cout))
				s := (&Model{}).NewSession()
				s.SetThreads(1)
				out := []*Tensor{{}}
				if err := o.run(s, in, out); err != nil {
					b.Fatal(err)
				}
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					_ = o.run(s, in, out)
				}
			})
		}
	}
}

// BenchmarkConv1DLayers times the audio decoder's Conv1d layers on both
// paths, one thread.
func BenchmarkConv1DLayers(b *testing.B) {
	for _, c := range []c1Case{
		{n: 1, cin: 32, cout: 32, group: 1, w: 1024, k: 7, s: 1, d: 1, pl: 3, pr: 3, bias: true},
		{n: 1, cin: 32, cout: 32, group: 1, w: 16384, k: 7, s: 1, d: 1, pl: 3, pr: 3, bias: true},
		{n: 1, cin: 32, cout: 1, group: 1, w: 16384, k: 7, s: 1, d: 1, pl: 3, pr: 3, bias: true},
	} {
		for _, path := range []string{"im2col", "shifted"} {
			b.Run(fmt.Sprintf("%d-%d-%d/%s", c.cin, c.cout, c.w, path), func(b *testing.B) {
				forceIm2col = path == "im2col"
				defer func() { forceIm2col = false }()
				sp := convSpec{autoPad: "NOTSET", group: 1, pad: []int{c.pl, c.pr}}
				o := &conv{spec: sp}
				o.convAttrs, _ = sp.resolve(1, []int{c.k})
				o.cout, o.cinG, o.bias = c.cout, c.cin, make([]float32, c.cout)
				o.weights = packConvWeights(nil, nil, make([]float32, c.cout*c.cin*c.k), c.cout, c.cin*c.k, 1)
				in := []*Tensor{NewTensor(make([]float32, c.cin*c.w), 1, c.cin, c.w), nil}
				in[1] = NewTensor(make([]float32, c.cout*c.cin*c.k), c.cout, c.cin, c.k)
				s := (&Model{}).NewSession()
				s.SetThreads(1)
				out := []*Tensor{{}}
				if err := o.run(s, in, out); err != nil {
					b.Fatal(err)
				}
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					_ = o.run(s, in, out)
				}
			})
		}
	}
}

// TestConvTransposeTiming alternates the two paths on the decoders'
// layers and prints the median times (LATENT_TIMING=1; a shared
// machine's noise hits both alike).
func TestConvTransposeTiming(t *testing.T) {
	if os.Getenv("LATENT_TIMING") == "" {
		t.Skip("LATENT_TIMING not set")
	}
	defer func() { forceCol2im, forcePhases = false, false }()
	for _, l := range benchLayers {
		c := l.c
		o, in := c.op(make([]float32, c.n*c.cin*max(c.h, 1)*c.w), make([]float32, c.cin*c.cout/c.group*c.k[0]*c.k[1]), make([]float32, c.cout))
		s := (&Model{}).NewSession()
		s.SetThreads(1)
		out := []*Tensor{{}}
		var times [2][]float64
		for round := 0; round < 30; round++ {
			for p := 0; p < 2; p++ {
				forceCol2im, forcePhases = p == 0, p == 1
				_ = o.run(s, in, out)
				t0 := time.Now()
				for i := 0; i < 5; i++ {
					_ = o.run(s, in, out)
				}
				times[p] = append(times[p], float64(time.Since(t0).Microseconds())/5)
			}
		}
		forceCol2im, forcePhases = false, false
		plan := newPhasePlan(&o.convAttrs)
		r, _ := o.prepare(in)
		g := geom{n: c.n, c: c.cin, h: max(c.h, 1), w: c.w, a: &r.a}
		g.oh, g.pt = r.outSize(0, g.h)
		g.ow, g.pl = r.outSize(1, g.w)
		ph, col := r.phaseCost(&plan, &g)
		sort.Float64s(times[0])
		sort.Float64s(times[1])
		t.Logf("%-10s col2im %8.1f µs  phases %8.1f µs  ratio %.2f  cost ratio %.2f  auto=%v", l.name, times[0][15], times[1][15], times[1][15]/times[0][15], float64(ph)/float64(col), r.usePhases(&plan, &g))
	}
}
