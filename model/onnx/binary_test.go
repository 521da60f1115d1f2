package onnx

import "testing"

// TestPowMixedTypes runs Pow of a float base with int64 exponents and of
// an int64 base with float exponents (reference: NumPy).
func TestPowMixedTypes(t *testing.T) { runRuntimeFixture(t, "pow_mixed_opset15", 1e-5) }
