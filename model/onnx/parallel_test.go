package onnx

import (
	"fmt"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// countJob counts the visits of each index and the chunks it was cut in.
type countJob struct {
	visits []atomic.Int32
	chunks atomic.Int32
}

func (j *countJob) do(lo, hi int) {
	j.chunks.Add(1)
	for i := lo; i < hi; i++ {
		j.visits[i].Add(1)
	}
}

func TestParallelVisitsEachIndexOnce(t *testing.T) {
	s := &Session{}
	for _, threads := range []int{1, 2, 4} {
		s.SetThreads(threads)
		j := &countJob{visits: make([]atomic.Int32, 1000)}
		s.parallel(j, len(j.visits), minChunkWork)
		for i := range j.visits {
			if v := j.visits[i].Load(); v != 1 {
				t.Fatalf("threads %d: index %d visited %d times, want once", threads, i, v)
			}
		}
		if c := j.chunks.Load(); threads == 1 && c != 1 || threads > 1 && c < int32(threads) {
			t.Errorf("threads %d: %d chunks", threads, c)
		}
	}
	// Small work stays on the calling goroutine, in one chunk.
	j := &countJob{visits: make([]atomic.Int32, 10)}
	s.parallel(j, len(j.visits), 16)
	if c := j.chunks.Load(); c != 1 {
		t.Errorf("small job cut in %d chunks, want 1", c)
	}
}

// TestThreadsDoNotChangeResults runs decoder families (convolutions,
// transposed convolutions, computed weights, MatMul) on 1 and 3 threads:
// every output must be bit for bit the same, match PyTorch's (reference:
// PyTorch 1.13, testdata/families) and allocate nothing in steady state.
func TestThreadsDoNotChangeResults(t *testing.T) {
	for _, fam := range []string{"sd_vae_decoder", "stylegan2", "stylegan2_grouped.b8", "pixelshuffle_decoder", "audio_decoder", "vqvae_decoder", "transformer_decoder"} {
		fam, batch, ok := strings.Cut(fam, ".")
		if !ok {
			batch = "b1" // the grouped form has a fixed batch of 8
		}
		name := fam + "_opset17"
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join("testdata", "families")
			m, err := Load(filepath.Join(dir, name+".onnx"))
			if err != nil {
				t.Fatal(err)
			}
			prefix := filepath.Join(dir, name+"."+batch)
			in, want := familyIO(t, prefix, "in"), familyIO(t, prefix, "out")
			runs := runOneAndThree(t, m, in)
			for k := range want {
				if err := compareScaled(runs[0][k], want[k]); err != nil {
					t.Errorf("output %d: %v", k, err)
				}
				if err := sameFloats(runs[0][k].Float, runs[1][k].Float); err != nil {
					t.Errorf("output %d, 3 threads against 1: %v", k, err)
				}
			}
		})
	}
}

func sameFloats(a, b []float32) error {
	if len(a) != len(b) {
		return fmt.Errorf("%d values, want %d", len(b), len(a))
	}
	for i := range a {
		if a[i] != b[i] {
			return fmt.Errorf("value %d is %v, want %v", i, b[i], a[i])
		}
	}
	return nil
}

// TestLargeOperatorsSplit runs the operators that split over threads only
// on large tensors (nearest Resize, GroupNorm + SiLU, SiLU, a broadcast
// Mul, LayerNorm, a MatMul with its bias, a scaled Softmax;
// testdata/runtime/threaded_opset17, made by
// tools/onnx/make_runtime_fixtures.py): within 1e-4 of PyTorch, the same
// at 1 and 3 threads, with the assembly and the Go kernels, and no
// allocation per run once warm.
func TestLargeOperatorsSplit(t *testing.T) {
	m, in, want := runtimeFixture(t, "threaded_opset17")
	forKernels(t, func(t *testing.T) {
		runs := runOneAndThree(t, m, in)
		checkOutputs(t, runs[0], want, 1e-4)
		if err := sameFloats(runs[0][0].Float, runs[1][0].Float); err != nil {
			t.Errorf("3 threads against 1: %v", err)
		}
	})
}

// runOneAndThree runs m on in with 1 and with 3 threads, each on a
// session of its own, and requires the 3-thread session to allocate
// nothing in later runs.
func runOneAndThree(t *testing.T, m *Model, in []*Tensor) [2][]*Tensor {
	t.Helper()
	var runs [2][]*Tensor
	for k, threads := range []int{1, 3} {
		s := m.NewSession()
		s.SetThreads(threads)
		got, err := s.Run(in...)
		if err != nil {
			t.Fatal(err)
		}
		runs[k] = cloneAll(got)
		if threads > 1 {
			if a := testing.AllocsPerRun(2, func() { _, _ = s.Run(in...) }); a != 0 {
				t.Errorf("%d threads: %v allocations per run, want 0", threads, a)
			}
		}
	}
	return runs
}
