package onnx

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestBadInputsNoPanic runs every conformance model that loads on inputs
// it was not made for — each input filled with huge, negative, zero or
// small values, or with its last dimension dropped — and requires an
// answer or an ordinary error, never a recovered panic (ErrInternal).
func TestBadInputsNoPanic(t *testing.T) {
	dirs, _ := filepath.Glob(filepath.Join("testdata", "node", "test_*"))
	for _, dir := range dirs {
		b, err := os.ReadFile(filepath.Join(dir, "model.onnx"))
		if err != nil {
			t.Fatal(err)
		}
		m, err := Parse(b)
		if err != nil {
			continue
		}
		_, in, err := readTensors(filepath.Join(dir, "test_data_set_0"), "input")
		if err != nil {
			t.Fatalf("%s: %v", dir, err)
		}
		for k := range in {
			for _, v := range []int64{1 << 40, -(1 << 40), -1, 0, 3} {
				checkNoPanic(t, m, filepath.Base(dir), replaced(in, k, filled(in[k], v)))
			}
			if r := len(in[k].Shape); r > 0 {
				checkNoPanic(t, m, filepath.Base(dir), replaced(in, k, reshaped(in[k], in[k].Shape[:r-1])))
			}
		}
	}
}

func checkNoPanic(t *testing.T, m *Model, name string, in []*Tensor) {
	t.Helper()
	if _, err := m.NewSession().Run(in...); errors.Is(err, ErrInternal) {
		t.Errorf("%s: %v", name, err)
	}
}

// replaced returns a copy of in with in[k] replaced by x.
func replaced(in []*Tensor, k int, x *Tensor) []*Tensor {
	r := append([]*Tensor(nil), in...)
	r[k] = x
	return r
}

// filled returns a tensor like x with every element v.
func filled(x *Tensor, v int64) *Tensor {
	c := x.clone()
	for i := range c.Float {
		c.Float[i] = float32(v)
	}
	for i := range c.Int {
		c.Int[i] = v
	}
	return c
}

// reshaped returns a zero tensor of x's type and the given shape.
func reshaped(x *Tensor, shape []int) *Tensor {
	c := &Tensor{Shape: append([]int(nil), shape...), Type: x.Type}
	if x.IsFloat() {
		c.Float = make([]float32, numel(shape))
	} else {
		c.Int = make([]int64, numel(shape))
	}
	return c
}
