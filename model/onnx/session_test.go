package onnx

import (
	"strings"
	"testing"
)

// TestMixedInputs runs a model with a float32 latent, an int64 class
// label and a bool mask in, and float and int64 outputs out (reference:
// NumPy, tools/onnx/make_runtime_fixtures.py).
func TestMixedInputs(t *testing.T) {
	m, in, want := runtimeFixture(t, "multi_io_opset13")
	wantTypes := []int{TypeFloat32, TypeInt64, TypeBool}
	for k, vi := range m.Inputs {
		if vi.Type != wantTypes[k] {
			t.Errorf("input %s: type %s, want %s", vi.Name, TypeName(vi.Type), TypeName(wantTypes[k]))
		}
	}
	s := m.NewSession()
	for run := 0; run < 2; run++ { // the second run reuses the session's memory
		got, err := s.Run(in...)
		if err != nil {
			t.Fatal(err)
		}
		checkOutputs(t, got, want, 1e-6)
	}
	got, err := s.RunNamed(map[string]*Tensor{"mask": in[2], "z": in[0], "label": in[1]})
	if err != nil {
		t.Fatal(err)
	}
	checkOutputs(t, got, want, 1e-6)
	if k := m.OutputIndex("next"); k != 1 {
		t.Errorf("OutputIndex(next) = %d, want 1", k)
	}
}

// TestInputTypeChecked refuses inputs of the wrong type or incomplete
// data with an error naming the input.
func TestInputTypeChecked(t *testing.T) {
	m, in, _ := runtimeFixture(t, "multi_io_opset13")
	s := m.NewSession()
	cases := []struct {
		name   string
		inputs []*Tensor
		want   string
	}{
		{"float label", []*Tensor{in[0], NewTensor(make([]float32, 3), 3), in[2]}, `"label" holds float32, the model wants int64`},
		{"int32 label", []*Tensor{in[0], NewIntTensor(TypeInt32, make([]int64, 3), 3), in[2]}, `"label" holds int32`},
		{"short data", []*Tensor{in[0], {Shape: []int{3}, Type: TypeInt64, Int: []int64{1}}, in[2]}, `"label": shape [3] holds 3 elements, Int has 1`},
		{"missing", []*Tensor{in[0], nil, in[2]}, `"label" is missing`},
		{"count", in[:2], "takes 3 inputs, got 2"},
	}
	for _, c := range cases {
		_, err := s.Run(c.inputs...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
	if _, err := s.RunNamed(map[string]*Tensor{"z": in[0], "label": in[1]}); err == nil || !strings.Contains(err.Error(), `"mask" is not given`) {
		t.Errorf("RunNamed without mask: %v", err)
	}
	if _, err := s.RunNamed(map[string]*Tensor{"w": in[0]}); err == nil || !strings.Contains(err.Error(), `no input "w"`) {
		t.Errorf("RunNamed with unknown name: %v", err)
	}
}
