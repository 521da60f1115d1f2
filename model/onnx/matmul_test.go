package onnx

import (
	"fmt"
	"testing"

	"github.com/latent-explorer/latent/model/sgemm"
)

// TestMatMulBroadcast runs MatMul on operands of ranks 1 to 6 with
// broadcast batch dimensions (reference: NumPy's matmul,
// tools/onnx/make_runtime_fixtures.py), with the assembly kernels and the
// portable ones.
func TestMatMulBroadcast(t *testing.T) {
	forKernels(t, func(t *testing.T) { runRuntimeFixture(t, "matmul_broadcast_opset13", 1e-5) })
}

// TestMatMulTransposed runs MatMuls whose operands come from Transpose
// nodes, fused into the packing where they swap the last two axes
// (reference: NumPy).
func TestMatMulTransposed(t *testing.T) {
	m, _, _ := runtimeFixture(t, "matmul_transposed_opset13")
	transposes := 0
	for _, st := range m.steps {
		if st.opType == "Transpose" {
			transposes++
		}
	}
	if transposes != 2 { // perm [1 0 2] and the Transpose read twice stay
		t.Errorf("%d Transpose steps after fusion, want 2", transposes)
	}
	forKernels(t, func(t *testing.T) { runRuntimeFixture(t, "matmul_transposed_opset13", 1e-5) })
}

// BenchmarkMatMulBatched multiplies [8 64 64] by [8 64 64] (attention
// scores of 8 heads over 64 tokens).
func BenchmarkMatMulBatched(b *testing.B) {
	a := NewTensor(make([]float32, 8*64*64), 8, 64, 64)
	for i := range a.Float {
		a.Float[i] = float32(i%7) - 3
	}
	s := &Session{}
	out := []*Tensor{{}}
	o := &matMul{}
	b.ReportAllocs()
	for b.Loop() {
		if err := o.run(s, []*Tensor{a, a}, out); err != nil {
			b.Fatal(err)
		}
	}
}

// TestMatMulWorkBounded refuses a product of more multiply-adds than the
// work bound allows.
func TestMatMulWorkBounded(t *testing.T) {
	defer func(m int) { maxElems = m }(maxElems)
	maxElems = 1 << 12 // bound 2²² multiply-adds
	a := NewTensor(make([]float32, 64*1024), 64, 1024)
	b := NewTensor(make([]float32, 1024*64), 1024, 64) // 2²² exactly: allowed
	if err := (&matMul{}).run(&Session{}, []*Tensor{a, b}, []*Tensor{{}}); err != nil {
		t.Fatalf("within the bound: %v", err)
	}
	b = NewTensor(make([]float32, 1024*65), 1024, 65)
	if err := (&matMul{}).run(&Session{}, []*Tensor{a, b}, []*Tensor{{}}); err == nil {
		t.Fatal("a product beyond the work bound ran")
	}
}

// BenchmarkMatMulAttention multiplies the attention operands of the
// benchmark's transformer decoder (tools/bench_ort): heads × 64 tokens ×
// 64 per head, scores (B transposed) and values, at batch 1 (4 heads)
// and 64 (256), on 1 and 2 threads.
func BenchmarkMatMulAttention(b *testing.B) {
	for _, heads := range []int{4, 256} {
		for _, trans := range []bool{true, false} {
			for _, threads := range []int{1, 2} {
				b.Run(fmt.Sprintf("heads%d/transB=%v/threads%d", heads, trans, threads), func(b *testing.B) {
					x := NewTensor(make([]float32, heads*64*64), heads, 64, 64)
					y := NewTensor(make([]float32, heads*64*64), heads, 64, 64)
					for i := range x.Float {
						x.Float[i] = float32(i%7) - 3
						y.Float[i] = float32(i%5) - 2
					}
					s := (&Model{}).NewSession()
					s.SetThreads(threads)
					out := []*Tensor{{}}
					o := &matMul{transB: trans}
					b.ReportAllocs()
					for b.Loop() {
						if err := o.run(s, []*Tensor{x, y}, out); err != nil {
							b.Fatal(err)
						}
					}
					b.ReportMetric(float64(2*heads*64*64*64)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOPS")
				})
			}
		}
	}
}

// TestMatMulHeadsOut runs MatMuls whose output Transpose (perm [0 2 1 3]
// and its rank-5 form) is fused into them: small and large products, a
// broadcast batch, and a 1-D operand that makes the fused product fall
// back to a Transpose after it; one Transpose, read twice, stays
// (reference: NumPy), on 1 and 3 threads.
func TestMatMulHeadsOut(t *testing.T) {
	m, in, want := runtimeFixture(t, "matmul_heads_out_opset13")
	transposes := 0
	for _, st := range m.steps {
		if st.opType == "Transpose" {
			transposes++
		}
	}
	if transposes != 1 {
		t.Errorf("%d Transpose steps after fusion, want 1", transposes)
	}
	runOnThreads(t, m, in, want, 1e-5)
}

// TestMatMulResidual runs MatMuls with an Add of another value fused in
// (a skip connection): after a bias, without one, split by rows, and
// the batched and broadcast cases that add after the product; the two
// Adds that cannot be fused (a residual made after the MatMul, a product
// added to itself) stay (reference: NumPy), on 1 and 3 threads.
func TestMatMulResidual(t *testing.T) {
	m, in, want := runtimeFixture(t, "matmul_residual_opset13")
	adds := 0
	for _, st := range m.steps {
		if st.opType == "Add" {
			adds++
		}
	}
	if adds != 2 {
		t.Errorf("%d Add steps after fusion, want 2", adds)
	}
	runOnThreads(t, m, in, want, 1e-5)
}

// TestMatMulQKV runs attention's queries, keys and values (MatMul,
// bias, Reshape, Transpose [2 0 3 1 4], Split) fused into one step:
// directly for heads of 16 and 32, reshapes with 0 and -1, a rank-2
// input and given split sizes; as the separate steps for heads of 4;
// unfused when the weights are computed (reference: NumPy), on 1 and 3
// threads.
func TestMatMulQKV(t *testing.T) {
	m, in, want := runtimeFixture(t, "matmul_qkv_opset13")
	fused := 0
	for _, st := range m.steps {
		if _, ok := st.op.(qkvSplit); ok {
			fused++
		}
	}
	if fused != 4 {
		t.Errorf("%d fused steps, want 4", fused)
	}
	runOnThreads(t, m, in, want, 1e-5)
}

// TestMatMulGELU runs GELU chains after MatMuls: fused into a Linear
// layer's (rows of 37: a partial vector), after a batched MatMul and one
// by a computed matrix (applied after the product), and unfused where the
// product has another reader (reference: float64 erf), on 1 and 3
// threads.
func TestMatMulGELU(t *testing.T) {
	m, in, want := runtimeFixture(t, "matmul_gelu_opset13")
	inMatMul, alone := 0, 0
	for _, st := range m.steps {
		switch o := st.op.(type) {
		case *matMul:
			if o.act != nil {
				inMatMul++
			}
		case geluOp:
			alone++
		}
	}
	if inMatMul != 3 || alone != 1 {
		t.Errorf("%d GELUs in MatMuls and %d alone, want 3 and 1", inMatMul, alone)
	}
	runOnThreads(t, m, in, want, 1e-5)
}

// BenchmarkMatMulLinear times the benchmark transformer's Linear layers
// at batch 1 (64 rows; proj, fc2 and fc1's depths and widths), with their
// bias and with or without a fused skip connection, on 1 and 2 threads.
func BenchmarkMatMulLinear(b *testing.B) {
	for _, kn := range [][2]int{{256, 256}, {1024, 256}, {256, 1024}} {
		for _, res := range []bool{false, true} {
			for _, th := range []int{1, 2} {
				b.Run(fmt.Sprintf("k%dn%d/res=%v/t%d", kn[0], kn[1], res, th), func(b *testing.B) {
					m, k, n := 64, kn[0], kn[1]
					a := NewTensor(make([]float32, m*k), 1, m, k)
					w := NewTensor(make([]float32, k*n), k, n)
					r := NewTensor(make([]float32, m*n), 1, m, n)
					o := &matMul{}
					pb := sgemm.PackB(make([]float32, sgemm.PackedBSize(k, n)), w.Float, n, 1, k, n)
					o.packed = &pb
					o.bias = make([]float32, n)
					var rr *Tensor
					if res {
						rr = r
					}
					s := (&Model{}).NewSession()
					s.SetThreads(th)
					out := []*Tensor{{}}
					for b.Loop() {
						_, _ = o.product(s, []*Tensor{a, w}, out, false, rr)
					}
				})
			}
		}
	}
}
