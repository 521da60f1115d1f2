package onnx

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"codeberg.org/sbinet/npyio"

	"github.com/latent-explorer/latent/model/sgemm"
)

// The fixtures of testdata/runtime are made by
// tools/onnx/make_runtime_fixtures.py: hand-built onnx.helper 1.12 graphs
// whose reference outputs come from NumPy (or torch.nn.functional from
// PyTorch 1.13 where the script says so).

// readNpyTyped reads a .npy file of float32, int64 or bool values into a
// tensor of the matching ONNX type.
func readNpyTyped(t testing.TB, path string) *Tensor {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := npyio.NewReader(bufio.NewReader(f))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	shape := append([]int{}, r.Header.Descr.Shape...)
	switch strings.Trim(r.Header.Descr.Type, "'") {
	case "<f4":
		var data []float32
		err = r.Read(&data)
		return checkRead(t, path, err, NewTensor(data, shape...))
	case "<i8":
		var data []int64
		err = r.Read(&data)
		return checkRead(t, path, err, NewIntTensor(TypeInt64, data, shape...))
	case "|b1":
		var data []bool
		err = r.Read(&data)
		ints := make([]int64, len(data))
		for i, b := range data {
			if b {
				ints[i] = 1
			}
		}
		return checkRead(t, path, err, NewIntTensor(TypeBool, ints, shape...))
	}
	t.Fatalf("%s: dtype %s", path, r.Header.Descr.Type)
	return nil
}

func checkRead(t testing.TB, path string, err error, x *Tensor) *Tensor {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return x
}

// runtimeFixture loads testdata/runtime/NAME.onnx with its inputs and
// reference outputs.
func runtimeFixture(t testing.TB, name string) (*Model, []*Tensor, []*Tensor) {
	t.Helper()
	m, err := Load(filepath.Join("testdata", "runtime", name+".onnx"))
	if err != nil {
		t.Fatal(err)
	}
	read := func(kind string) []*Tensor {
		var ts []*Tensor
		for i := 0; ; i++ {
			p := filepath.Join("testdata", "runtime", fmt.Sprintf("%s.%s%d.npy", name, kind, i))
			if _, err := os.Stat(p); err != nil {
				return ts
			}
			ts = append(ts, readNpyTyped(t, p))
		}
	}
	return m, read("in"), read("out")
}

// checkOutputs compares results with references: equal shapes and
// types, integers exactly, floats within tol.
func checkOutputs(t *testing.T, got, want []*Tensor, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d outputs, want %d", len(got), len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		switch {
		case !equalShapes(g.Shape, w.Shape):
			t.Errorf("output %d: shape %v, want %v", i, g.Shape, w.Shape)
		case g.IsFloat() != w.IsFloat():
			t.Errorf("output %d: type %s, want %s", i, TypeName(g.Type), TypeName(w.Type))
		case w.IsFloat():
			if d := maxAbsDiff(g.Float, w.Float); d > tol {
				t.Errorf("output %d: max difference %g from the reference", i, d)
			}
		default:
			for k := range w.Int {
				if g.Int[k] != w.Int[k] {
					t.Errorf("output %d [%d]: %d, want %d", i, k, g.Int[k], w.Int[k])
					break
				}
			}
		}
	}
}

func runRuntimeFixture(t *testing.T, name string, tol float64) {
	m, in, want := runtimeFixture(t, name)
	got, err := m.NewSession().Run(in...)
	if err != nil {
		t.Fatal(err)
	}
	checkOutputs(t, got, want, tol)
}

// runOnThreads runs m on in with every kernel set (forKernels), on 1 and
// 3 threads, and checks the outputs against want.
func runOnThreads(t *testing.T, m *Model, in, want []*Tensor, tol float64) {
	forKernels(t, func(t *testing.T) {
		for _, threads := range []int{1, 3} {
			s := m.NewSession()
			s.SetThreads(threads)
			got, err := s.Run(in...)
			if err != nil {
				t.Fatal(err)
			}
			checkOutputs(t, got, want, tol)
		}
	})
}

// forKernels runs f with the assembly kernels (where the machine has
// them; AVX-512 and AVX2 both where it has AVX-512) and with the
// portable Go ones.
func forKernels(t *testing.T, f func(t *testing.T)) {
	t.Run("asm", f)
	if use512 {
		t.Run("avx2", func(t *testing.T) {
			defer func() { use512 = true }()
			use512 = false
			f(t)
		})
	}
	t.Run("portable", func(t *testing.T) {
		asm := useAsm
		gemmAsm := sgemm.UseAssembly(false)
		defer func() { useAsm = asm; sgemm.UseAssembly(gemmAsm) }()
		useAsm = false
		f(t)
	})
}

// TestScaledSoftmax runs Softmax of Mul and Div fused into one step: by a
// scalar given first or second, over an inner axis, flattened as before
// opset 13, and by a whole tensor (the two operators in turn); reference
// NumPy (tools/onnx/make_runtime_fixtures.py).
func TestScaledSoftmax(t *testing.T) {
	for _, name := range []string{"scaled_softmax_opset11", "scaled_softmax_opset13"} {
		t.Run(name, func(t *testing.T) {
			m, in, want := runtimeFixture(t, name)
			fused := 0
			for _, st := range m.steps {
				if _, ok := st.op.(scaledSoftmax); ok {
					fused++
				}
			}
			if fused != 3 {
				t.Errorf("%d fused Softmax steps, want 3", fused)
			}
			forKernels(t, func(t *testing.T) {
				got, err := m.NewSession().Run(in...)
				if err != nil {
					t.Fatal(err)
				}
				checkOutputs(t, got, want, 1e-6)
			})
		})
	}
}
