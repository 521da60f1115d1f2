package onnx

import (
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/latent-explorer/latent/model/sgemm"
)

// TestNearestRow compares nearestRow with ArgMin's scan (bestOf) over the
// distances made by Sub and Add, on lengths around the kernel's 16-lane
// blocks, with many equal values (small integers), ±0, infinities and
// NaNs first, inside and last.
func TestNearestRow(t *testing.T) {
	forKernels(t, func(t *testing.T) {
		rng := rand.New(rand.NewPCG(13, 8))
		nan, inf := float32(math.NaN()), float32(math.Inf(1))
		for _, k := range []int{1, 2, 3, 15, 16, 17, 31, 32, 33, 47, 100, 512, 515} {
			for trial := range 40 {
				r := float32(rng.IntN(5))
				p, n := make([]float32, k), make([]float32, k)
				for c := range k {
					p[c], n[c] = float32(rng.IntN(7)-3), float32(rng.IntN(7))
				}
				switch trial % 8 {
				case 1:
					p[0] = nan
				case 2:
					p[rng.IntN(k)] = nan
				case 3:
					n[k-1], p[k-1] = -inf, 0
				case 4:
					r, p[rng.IntN(k)] = 0, 0 // a −0 distance beside +0 ones
					for c := range n {
						n[c] = 0
					}
				case 5:
					p[rng.IntN(k)] = inf
				}
				d := make([]float32, k)
				subf(d, []float32{r}, 0, p, 1)
				addf(d, d, 1, n, 1)
				want := bestOf(d, 0, k, 1, true, false)
				if got := nearestRow(r, p, n); got != want {
					t.Fatalf("k %d, trial %d: column %d, want %d (distances %v)", k, trial, got, want, d)
				}
			}
		}
	})
}

// TestNearestFused checks that the VQ-VAE decoder's quantiser, with its
// product by the codebook, runs as one step, and its lookup of the
// entries as another (gatherChannels), and that they give the indices, hence the outputs, of the steps it
// replaces, bit for bit, at batch 1 and 8 and 1 and 2 threads, with no
// allocation per run once warm;
// TestFamilies checks the numbers against PyTorch.
func TestNearestFused(t *testing.T) {
	for _, opset := range []int{11, 17} {
		name := fmt.Sprintf("vqvae_decoder_opset%d", opset)
		m, err := Load(filepath.Join("testdata", "families", name+".onnx"))
		if err != nil {
			t.Fatal(err)
		}
		fused, products, lookups := 0, 0, 0
		for _, st := range m.steps {
			if _, ok := st.op.(*gatherChannels); ok {
				lookups++
			}
			if o, ok := st.op.(*nearestCode); ok {
				fused++
				if o.b != nil {
					products++
				}
			}
			if st.opType == "MatMul" {
				t.Errorf("%s: MatMul step %s left", name, st.name)
			}
		}
		if fused != 1 || products != 1 || lookups != 1 || m.OpCounts["ArgMin"] != 1 {
			t.Errorf("%s: %d fused quantisers (%d with the product), %d lookups, want 1", name, fused, products, lookups)
		}
		forKernels(t, func(t *testing.T) {
			for _, b := range []int{1, 8} {
				in := familyIO(t, filepath.Join("testdata", "families", fmt.Sprintf("%s.b%d", name, b)), "in")
				for _, threads := range []int{1, 2} {
					got, want := runNearest(t, m, in, threads, true), runNearest(t, m, in, threads, false)
					for i := range want.Float {
						if math.Float32bits(got.Float[i]) != math.Float32bits(want.Float[i]) {
							t.Fatalf("%s, batch %d, %d threads: output %d is %v, unfused %v", name, b, threads, i, got.Float[i], want.Float[i])
						}
					}
				}
			}
		})
	}
}

func runNearest(t *testing.T, m *Model, in []*Tensor, threads int, fast bool) *Tensor {
	defer func() { nearestFast = true }()
	nearestFast = fast
	s := m.NewSession()
	s.SetThreads(threads)
	out, err := s.Run(in...)
	if err != nil {
		t.Fatal(err)
	}
	if a := testing.AllocsPerRun(2, func() { _, _ = s.Run(in...) }); fast && a != 0 {
		t.Errorf("%d threads: %v allocations per run, want 0", threads, a)
	}
	return out[0]
}

// TestNearestShapes checks which operand shapes the fused step takes.
func TestNearestShapes(t *testing.T) {
	f := func(sh ...int) *Tensor { return &Tensor{Shape: sh, Float: make([]float32, numel(sh)), Type: typeFloat} }
	for _, c := range []struct {
		r, p, n *Tensor
		axis    int
		ok      bool
	}{
		{f(64, 1), f(64, 512), f(512), 1, true},
		{f(64, 1), f(64, 512), f(1, 512), -1, true},
		{f(2, 3, 1), f(2, 3, 5), f(1, 1, 5), 2, true},
		{f(1), f(7), f(7), 0, true},
		{f(64, 1), f(64, 512), f(512), 0, false},     // not the last axis
		{f(1, 1), f(64, 512), f(512), 1, false},      // R broadcast over rows
		{f(64, 512), f(64, 512), f(512), 1, false},   // R not a column
		{f(64, 1), f(64, 512), f(64, 512), 1, false}, // N not a row
		{f(64, 1), f(64, 1), f(1), 1, true},
		{f(64, 1), f(64, 0), f(0), 1, false},
	} {
		_, _, ok := (&nearestCode{axis: c.axis}).shape(c.r, c.p, c.n)
		if ok != c.ok {
			t.Errorf("R %v, P %v, N %v, axis %d: suits %v, want %v", c.r.Shape, c.p.Shape, c.n.Shape, c.axis, ok, c.ok)
		}
	}
	// With the product: X [rows, 64] by B [64, 512].
	b := &sgemm.PackedB{K: 64, N: 512}
	for _, c := range []struct {
		r, x, n *Tensor
		ok      bool
	}{
		{f(64, 1), f(64, 64), f(512), true},
		{f(64, 1), f(64, 512), f(512), false},   // X not of B's rows
		{f(64, 1), f(1, 64, 64), f(512), false}, // not a matrix
		{f(64, 1), f(64, 64), f(64), false},     // N not of B's columns
	} {
		rows, k, ok := (&nearestCode{axis: 1, b: b}).shape(c.r, c.x, c.n)
		if ok != c.ok || ok && (rows != 64 || k != 512) {
			t.Errorf("R %v, X %v, N %v: suits %v (%d×%d), want %v", c.r.Shape, c.x.Shape, c.n.Shape, ok, rows, k, c.ok)
		}
	}
}

// TestGatherChannels checks gatherChannels' writes against the rows of C
// moved by hand, on images of a length not a multiple of 8 and negative
// indices.
func TestGatherChannels(t *testing.T) {
	const k, d, n, hw = 5, 3, 2, 13
	c := &Tensor{Shape: []int{k, d}, Float: make([]float32, k*d), Type: typeFloat}
	for i := range c.Float {
		c.Float[i] = float32(i + 1)
	}
	idx := make([]int64, n*hw)
	for i := range idx {
		idx[i] = int64(i%(2*k) - k) // −k … k−1
	}
	o := &gatherChannels{c: c}
	y := make([]float32, n*d*hw)
	for i := range n {
		o.image(y[i*d*hw:(i+1)*d*hw], idx[i*hw:(i+1)*hw], k, d)
	}
	for i := range n {
		for p := range hw {
			j := (int(idx[i*hw+p]) + k) % k
			for ch := range d {
				if got, want := y[(i*d+ch)*hw+p], c.Float[j*d+ch]; got != want {
					t.Fatalf("image %d, channel %d, position %d: %v, want %v", i, ch, p, got, want)
				}
			}
		}
	}
}
