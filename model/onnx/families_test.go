package onnx

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// families are the decoder and encoder architectures
// tools/onnx/make_families.py builds with seeded random weights and
// exports from PyTorch 1.13 at opsets 11 and 17 (reference outputs are
// PyTorch's, at batch 1 and 8).
var families = []string{
	"sd_vae_decoder", "sd_vae_encoder",
	"stylegan2", "stylegan2_fused", "stylegan2_grouped",
	"vqvae_decoder", "vqvae_encoder",
	"pixelshuffle_decoder", "pixelshuffle_encoder",
	"audio_decoder", "audio_encoder",
	"transformer_decoder",
	"conditional_decoder", "conditional_onehot_decoder",
}

// familyGaps lists the fixtures (NAME_opsetK) the runtime cannot yet run
// correctly, with the reason. It is the only place a family may fail, and
// a listed fixture that passes fails the test, so the table stays honest.
var familyGaps = map[string]string{
	// Empty: every family runs correctly since onnx-core (batched MatMul,
	// int64 inputs, run-time Conv weights) and onnx-ops (ArgMin,
	// DepthToSpace) landed. A fixture the runtime cannot yet run goes
	// here, "NAME_opsetK": "the reason".
}

// familyTol is the largest error allowed relative to the output's scale
// (its largest magnitude, at least 1).
const familyTol = 1e-4

func TestFamilies(t *testing.T) {
	for _, fam := range families {
		for _, opset := range []int{11, 17} {
			name := fmt.Sprintf("%s_opset%d", fam, opset)
			t.Run(name, func(t *testing.T) {
				err := checkFamily(t, name)
				gap, listed := familyGaps[name]
				switch {
				case err != nil && !listed:
					t.Error(err)
				case err == nil && listed:
					t.Errorf("passes but familyGaps lists it (%s): remove it from the table", gap)
				case err != nil:
					t.Logf("known gap (%s): %v", gap, err)
				}
			})
		}
	}
}

// checkFamily runs fixture name at batch 8, 1 and 8 again on one session
// (so each run finds the buffers the one before left, at other shapes)
// and compares every output with PyTorch's.
func checkFamily(t *testing.T, name string) error {
	dir := filepath.Join("testdata", "families")
	m, err := Load(filepath.Join(dir, name+".onnx"))
	if err != nil {
		return err
	}
	s := m.NewSession()
	for _, b := range []int{8, 1, 8} {
		prefix := filepath.Join(dir, fmt.Sprintf("%s.b%d", name, b))
		in, want := familyIO(t, prefix, "in"), familyIO(t, prefix, "out")
		got, err := runFixedBatch(s, m, in)
		if err != nil {
			return fmt.Errorf("batch %d: %w", b, err)
		}
		if len(got) != len(want) {
			return fmt.Errorf("batch %d: %d outputs, want %d", b, len(got), len(want))
		}
		for k := range want {
			if err := compareScaled(got[k], want[k]); err != nil {
				return fmt.Errorf("batch %d, output %q: %w", b, m.Outputs[k].Name, err)
			}
		}
	}
	return nil
}

// compareScaled requires got to match want in shape and within familyTol
// of want's scale.
func compareScaled(got, want *Tensor) error {
	if fmt.Sprint(got.Shape) != fmt.Sprint(want.Shape) {
		return fmt.Errorf("shape %v, want %v", got.Shape, want.Shape)
	}
	scale := 1.0
	for _, v := range want.Float {
		scale = math.Max(scale, math.Abs(float64(v)))
	}
	if d := maxAbsDiff(got.Float, want.Float); d > familyTol*scale {
		return fmt.Errorf("max error %.3g on outputs of scale %.3g (allowed %.3g)", d, scale, familyTol*scale)
	}
	return nil
}

// runFixedBatch runs m on the inputs in session s. A model whose first
// input fixes its batch at F runs on consecutive groups of F items, the
// last padded with zeros, as make_families.py made its reference.
func runFixedBatch(s *Session, m *Model, in []*Tensor) ([]*Tensor, error) {
	fixed := 0
	if s := m.Inputs[0].Shape; len(s) > 0 && s[0] > 0 {
		fixed = s[0]
	}
	n := in[0].Shape[0]
	if fixed == 0 || fixed == n {
		outs, err := s.Run(in...)
		if err != nil {
			return nil, err
		}
		return cloneAll(outs), nil
	}
	var parts [][]*Tensor
	for lo := 0; lo < n; lo += fixed {
		group := make([]*Tensor, len(in))
		for i, x := range in {
			group[i] = batchRows(x, lo, min(n, lo+fixed), fixed)
		}
		outs, err := s.Run(group...)
		if err != nil {
			return nil, err
		}
		keep := make([]*Tensor, len(outs))
		for k, o := range outs {
			keep[k] = batchRows(o, 0, min(fixed, n-lo), min(fixed, n-lo))
		}
		parts = append(parts, keep)
	}
	return concatRows(parts), nil
}

// batchRows copies rows [lo, hi) of x into a tensor of rows rows, padding
// with zeros.
func batchRows(x *Tensor, lo, hi, rows int) *Tensor {
	row := x.Len() / x.Shape[0]
	shape := append([]int{rows}, x.Shape[1:]...)
	c := &Tensor{Shape: shape, Type: x.Type}
	if x.IsFloat() {
		c.Float = make([]float32, rows*row)
		copy(c.Float, x.Float[lo*row:hi*row])
	} else {
		c.Int = make([]int64, rows*row)
		copy(c.Int, x.Int[lo*row:hi*row])
	}
	return c
}

func concatRows(parts [][]*Tensor) []*Tensor {
	out := make([]*Tensor, len(parts[0]))
	for k := range out {
		t := &Tensor{Shape: append([]int{0}, parts[0][k].Shape[1:]...), Type: parts[0][k].Type}
		for _, p := range parts {
			t.Shape[0] += p[k].Shape[0]
			t.Float = append(t.Float, p[k].Float...)
			t.Int = append(t.Int, p[k].Int...)
		}
		out[k] = t
	}
	return out
}

func cloneAll(ts []*Tensor) []*Tensor {
	out := make([]*Tensor, len(ts))
	for i, t := range ts {
		out[i] = t.clone()
	}
	return out
}

// familyIO reads prefix.kind0.npy, prefix.kind1.npy, ... (float32, or
// int64 for class labels).
func familyIO(t *testing.T, prefix, kind string) []*Tensor {
	var ts []*Tensor
	for i := 0; ; i++ {
		p := fmt.Sprintf("%s.%s%d.npy", prefix, kind, i)
		if _, err := os.Stat(p); err != nil {
			if i == 0 {
				t.Fatalf("%s: no fixture", p)
			}
			return ts
		}
		ts = append(ts, readNpyTyped(t, p))
	}
}

// TestSiLUFused checks that the SD-VAE decoder's SiLUs (Sigmoid, then Mul
// by the Sigmoid's input) run as one step each, or inside the GroupNorm
// before them (TestGroupNormFused); TestFamilies checks the numbers
// against PyTorch's.
func TestSiLUFused(t *testing.T) {
	m, err := Load(filepath.Join("testdata", "families", "sd_vae_decoder_opset17.onnx"))
	if err != nil {
		t.Fatal(err)
	}
	alone, inNorm := 0, 0
	for _, st := range m.steps {
		switch o := st.op.(type) {
		case siluOp:
			alone++
		case gnOp:
			if o.f.silu {
				inNorm++
			}
		}
	}
	if m.OpCounts["Sigmoid"] == 0 || alone+inNorm != m.OpCounts["Sigmoid"] {
		t.Errorf("%d SiLU steps and %d SiLUs in GroupNorms of %d Sigmoid nodes: want every Sigmoid's Mul fused", alone, inNorm, m.OpCounts["Sigmoid"])
	}
}

// TestGroupNormFused checks that each GroupNorm of the SD-VAE decoder
// (InstanceNormalization between Reshapes, then Mul and Add by the
// per-channel weight and bias, as PyTorch exports it before opset 18)
// runs as one step with its affine transform, and with the SiLU after it
// where there is one; TestFamilies checks the numbers against PyTorch's.
func TestGroupNormFused(t *testing.T) {
	for _, name := range []string{"sd_vae_decoder_opset11.onnx", "sd_vae_decoder_opset17.onnx"} {
		m, err := Load(filepath.Join("testdata", "families", name))
		if err != nil {
			t.Fatal(err)
		}
		steps, fused, silu, biases := map[string]int{}, 0, 0, 0
		for _, st := range m.steps {
			steps[st.opType]++
			if g, ok := st.op.(gnOp); ok {
				fused++
				if g.f.silu {
					silu++
				}
			}
			if mm, ok := st.op.(*matMul); ok && mm.bias != nil {
				biases++ // the attention's Linear layers
			}
		}
		norms := m.OpCounts["InstanceNormalization"]
		if norms == 0 || fused != norms || silu == 0 {
			t.Errorf("%s: %d of %d InstanceNormalizations fused, %d with SiLU", name, fused, norms, silu)
		}
		if biases == 0 || steps["Add"] != m.OpCounts["Add"]-norms-biases || steps["Sigmoid"] != m.OpCounts["Sigmoid"]-silu ||
			steps["Mul"] != m.OpCounts["Mul"]-norms-m.OpCounts["Sigmoid"] {
			t.Errorf("%s: %d Add, %d Sigmoid, %d Mul steps of %d, %d, %d nodes, %d GroupNorms (%d with SiLU) and %d MatMul biases",
				name, steps["Add"], steps["Sigmoid"], steps["Mul"], m.OpCounts["Add"], m.OpCounts["Sigmoid"], m.OpCounts["Mul"], norms, silu, biases)
		}
	}
}

// TestGELUFused checks that the transformer decoder's GELUs (Div, Erf,
// Add, Mul, Mul as PyTorch exports nn.GELU) run as one step each;
// TestFamilies checks the numbers against PyTorch's.
func TestGELUFused(t *testing.T) {
	m, err := Load(filepath.Join("testdata", "families", "transformer_decoder_opset17.onnx"))
	if err != nil {
		t.Fatal(err)
	}
	fused, erfs := 0, 0
	for _, st := range m.steps {
		if _, ok := st.op.(geluOp); ok {
			fused++
		}
		if mm, ok := st.op.(*matMul); ok && mm.act != nil {
			fused++ // run by the MatMul before it
		}
		if st.opType == "Erf" {
			erfs++
		}
	}
	if fused == 0 || fused != m.OpCounts["Erf"] || erfs != 0 {
		t.Errorf("%d fused GELUs and %d Erf steps of %d Erf nodes", fused, erfs, m.OpCounts["Erf"])
	}
}

// TestGELUBlocks runs the fused GELU over lengths that end mid-block and
// mid-chunk, on 1 and 3 threads, against GELU in float64 (0.5·x·(1 +
// erf(x/√2))).
func TestGELUBlocks(t *testing.T) {
	o := geluOp{geluFusion{div: float32(math.Sqrt2), add: 1, mul: 0.5}}
	for _, n := range []int{1, 7, 1023, 1025, elemChunk + 13, 3*elemChunk + 1000} {
		x := make([]float32, n)
		for i := range x {
			x[i] = float32(i%41)/5 - 4
		}
		for _, threads := range []int{1, 3} {
			s := &Session{}
			s.SetThreads(threads)
			y := &Tensor{}
			if err := o.run(s, []*Tensor{NewTensor(x, n), nil}, []*Tensor{y}); err != nil {
				t.Fatal(err)
			}
			for i, v := range x {
				want := 0.5 * float64(v) * (1 + math.Erf(float64(v)/math.Sqrt2))
				if d := math.Abs(float64(y.Float[i]) - want); d > 1e-6*(1+math.Abs(want)) {
					t.Fatalf("n %d, %d threads: GELU(%g) = %g, want %g", n, threads, v, y.Float[i], want)
				}
			}
		}
	}
}

// TestTransposeSplitFused checks that the transformer decoder's query,
// key and value Split reads its Transpose's input (one step, no copy of
// the whole transpose), and runs with the MatMul and Reshape before it
// (qkvSplit); TestFamilies checks the numbers.
func TestTransposeSplitFused(t *testing.T) {
	m, err := Load(filepath.Join("testdata", "families", "transformer_decoder_opset17.onnx"))
	if err != nil {
		t.Fatal(err)
	}
	fused, qkv := 0, 0
	for _, st := range m.steps {
		switch st.op.(type) {
		case transposeSplit:
			fused++
		case qkvSplit:
			fused++
			qkv++
		}
	}
	if fused == 0 || fused != m.OpCounts["Split"] {
		t.Errorf("%d of %d Splits read their Transpose's input", fused, m.OpCounts["Split"])
	}
	if qkv != fused {
		t.Errorf("%d of %d transposed Splits run with their MatMul (qkv.go)", qkv, fused)
	}
}
