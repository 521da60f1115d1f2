package onnx

import (
	"path/filepath"
	"testing"
)

// TestMemoryPlan checks the shared buffers of the SD-VAE-style and
// transformer decoders: far fewer buffers than planned values, none for
// graph inputs, outputs or constants, and no two values alive at one step
// in one buffer (TestFamilies checks the numbers on one session reused
// across batch sizes).
func TestMemoryPlan(t *testing.T) {
	for _, name := range []string{"sd_vae_decoder_opset17", "transformer_decoder_opset17"} {
		m, err := Load(filepath.Join("testdata", "families", name+".onnx"))
		if err != nil {
			t.Fatal(err)
		}
		planned := 0
		for v, g := range m.group {
			if g >= 0 {
				planned++
			}
			if g >= 0 && m.consts[v] != nil {
				t.Errorf("%s: constant %q shares buffer %d", name, m.names[v], g)
			}
		}
		for _, v := range append(append([]int(nil), m.inputIdx...), m.outputIdx...) {
			if m.group[v] >= 0 {
				t.Errorf("%s: graph input or output %q shares buffer %d", name, m.names[v], m.group[v])
			}
		}
		if planned < 10 || 2*m.groups > planned {
			t.Errorf("%s: %d values in %d buffers", name, planned, m.groups)
		}
		// Replay the steps: a buffer changes hands only after the last
		// reader of the value in it.
		holder := map[int]int{}
		lastRead := map[int]int{}
		for k, st := range m.steps {
			for _, v := range st.in {
				if v >= 0 {
					lastRead[v] = k
				}
			}
		}
		for k, st := range m.steps {
			for _, v := range st.out {
				g := m.group[v]
				if g < 0 {
					continue
				}
				if prev, ok := holder[g]; ok && lastRead[prev] >= k {
					t.Errorf("%s: step %d writes %q into buffer %d while %q is read at step %d",
						name, k, m.names[v], g, m.names[prev], lastRead[prev])
				}
				holder[g] = v
			}
		}
		t.Logf("%s: %d values in %d buffers", name, planned, m.groups)
	}
}
