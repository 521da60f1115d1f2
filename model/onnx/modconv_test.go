package onnx

import (
	"fmt"
	"path/filepath"
	"testing"
)

// TestModConvFused checks that the three modulated convolutions of the
// fused StyleGAN2 fixtures (weights computed per item; grouped: eight
// items as one convolution of 8 groups) run as modConv steps, and that
// their results match those of the steps they replace (run with the
// rewrite off) closely and PyTorch's (reference: PyTorch 1.13,
// testdata/families) within the family tolerance, at batch 1 and 8.
func TestModConvFused(t *testing.T) {
	for _, fam := range []string{"stylegan2_fused", "stylegan2_grouped"} {
		for _, opset := range []int{11, 17} {
			name := fmt.Sprintf("%s_opset%d", fam, opset)
			t.Run(name, func(t *testing.T) {
				dir := filepath.Join("testdata", "families")
				m, err := Load(filepath.Join(dir, name+".onnx"))
				if err != nil {
					t.Fatal(err)
				}
				n := 0
				for _, st := range m.steps {
					if _, ok := st.op.(*modConv); ok {
						n++
					}
					if st.opType == "Pow" || st.opType == "ReduceSum" {
						t.Errorf("step %q (%s) is left", st.name, st.opType)
					}
				}
				if n != 3 {
					t.Fatalf("%d modulated convolutions, want 3", n)
				}
				for _, b := range []int{1, 8} {
					prefix := filepath.Join(dir, fmt.Sprintf("%s.b%d", name, b))
					in, want := familyIO(t, prefix, "in"), familyIO(t, prefix, "out")
					fast := runModConv(t, m, in, true)
					slow := runModConv(t, m, in, false)
					for k := range want {
						if err := compareScaled(fast[k], want[k]); err != nil {
							t.Errorf("batch %d, output %d: %v", b, k, err)
						}
						if err := compareScaled(slow[k], want[k]); err != nil {
							t.Errorf("batch %d, output %d, replaced steps: %v", b, k, err)
						}
						if d := maxAbsDiff(fast[k].Float, slow[k].Float); d > 1e-5 {
							t.Errorf("batch %d, output %d: %.3g from the replaced steps'", b, k, d)
						}
					}
				}
			})
		}
	}
}

func runModConv(t *testing.T, m *Model, in []*Tensor, fast bool) []*Tensor {
	t.Helper()
	was := modConvFast
	defer func() { modConvFast = was }()
	modConvFast = fast
	out, err := runFixedBatch(m.NewSession(), m, in)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
