package onnx

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/latent-explorer/latent/model/sgemm"
)

// TestWino4Narrow checks the narrow products of a panel of at most 4
// tiles against sgemm's (MulSetPanels, the products of a full panel), bit
// for bit, on channel counts around the kernel's blocks of 16, 32 and 48
// output channels (a block of fewer than 16 is left to sgemm); TestWinograd4MatchesIm2col checks whole convolutions.
func TestWino4Narrow(t *testing.T) {
	if !useAsm || !use512 {
		t.Skip("no AVX-512")
	}
	rng := rand.New(rand.NewPCG(4, 4))
	for _, c := range []struct{ cin, cout, cb int }{
		{1, 16, 48}, {64, 128, 48}, {64, 128, 36}, {5, 50, 48}, {7, 33, 18}, {96, 96, 48}, {3, 64, 66}, {64, 112, 114}, {8, 20, 6},
	} {
		w := make([]float32, c.cout*c.cin*9)
		for i := range w {
			w[i] = float32(rng.NormFloat64())
		}
		o := newWinograd4(w, c.cout, c.cin)
		j := winoJob{w4: o, cin: c.cin, cout: c.cout, cb: c.cb}
		sc := j.scratch4(make([]float32, wino4Size(c.cin, c.cb)))
		for i := range sc.v {
			sc.v[i] = float32(rng.NormFloat64())
		}
		want := make([]float32, len(sc.m))
		vs, ms := wino4Stride(c.cin), wino4Stride(c.cb)
		for c0 := 0; c0 < c.cout; c0 += c.cb {
			rows, nc := min(c.cb, o.coutPad-c0), min(c.cb, c.cout-c0)
			sgemm.MulSetPanels(o.data[c0*c.cin:], o.size, sc.v, vs, want, ms, rows, c.cin, 36)
			for i := range sc.m {
				sc.m[i] = float32(math.NaN())
			}
			if !j.narrowProducts(&sc, wino4NarrowTiles, c0, nc) {
				if nc >= 16 {
					t.Fatalf("%+v, channels from %d: not taken", c, c0)
				}
				continue
			}
			for x := range 36 {
				for co := range nc {
					for q := range wino4NarrowTiles {
						i := x*ms + co*sgemm.NR + q
						if math.Float32bits(sc.m[i]) != math.Float32bits(want[i]) {
							t.Fatalf("%+v, ξ %d, channel %d, tile %d: %v, want %v", c, x, c0+co, q, sc.m[i], want[i])
						}
					}
				}
			}
		}
	}
}
