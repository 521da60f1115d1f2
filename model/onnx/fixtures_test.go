package onnx

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/latent-explorer/latent/model/sgemm"
)

// fixtures are the models tools/onnx/make_fixtures.py writes to testdata:
// exported with torch.onnx.export from PyTorch 1.13 (reference outputs
// are PyTorch's) or hand-built with onnx.helper 1.12 (reference outputs
// from NumPy or PyTorch's functional forms).
var fixtures = []string{
	"mlp_784", "mlp_acts", "mlp_relu_opset9", "conv_vae_decoder", "upsample_nearest_opset9",
	"resize_nearest", "resize_bilinear", "resize_bilinear_aligned", "dcgan_small", "layernorm_gelu",
	"tabular_decoder", "conv_encoder", "zoo_opset11", "zoo_opset17",
	"gelu_opset20", "activations_attrs", "shape_chain_opset11", "ops_opset13", "conv_pool_opset10",
	"resize_sizes_opset18", "norms_opset17", "rounding_opset13",
	"resize_bicubic", "resize_bicubic_aligned", "resize_cubic_tf_opset13",
}

func fixtureIO(t testing.TB, name, kind string) []*Tensor {
	var ts []*Tensor
	for i := 0; ; i++ {
		p := filepath.Join("testdata", fmt.Sprintf("%s.%s%d.npy", name, kind, i))
		if _, err := os.Stat(p); err != nil {
			return ts
		}
		ts = append(ts, readNpyTyped(t, p))
	}
}

func maxAbsDiff(a, b []float32) float64 {
	var m float64
	for i := range a {
		d := math.Abs(float64(a[i]) - float64(b[i]))
		if math.IsNaN(d) {
			return math.Inf(1)
		}
		m = math.Max(m, d)
	}
	return m
}

func TestFixtures(t *testing.T) { checkFixtures(t) }

// TestFixturesPortable runs the fixtures with the portable Go kernels in
// place of the assembly ones.
func TestFixturesPortable(t *testing.T) {
	asm := useAsm
	gemmAsm := sgemm.UseAssembly(false)
	defer func() { useAsm = asm; sgemm.UseAssembly(gemmAsm) }()
	useAsm = false
	checkFixtures(t)
}

func checkFixtures(t *testing.T) {
	for _, name := range fixtures {
		t.Run(name, func(t *testing.T) {
			m, err := Load(filepath.Join("testdata", name+".onnx"))
			if err != nil {
				t.Fatal(err)
			}
			in, want := fixtureIO(t, name, "in"), fixtureIO(t, name, "out")
			got, err := m.NewSession().Run(in...)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Fatalf("%d outputs, want %d", len(got), len(want))
			}
			for k := range want {
				if fmt.Sprint(got[k].Shape) != fmt.Sprint(want[k].Shape) {
					t.Fatalf("output %d: shape %v, want %v", k, got[k].Shape, want[k].Shape)
				}
				if d := maxAbsDiff(got[k].Float, want[k].Float); d > 1e-4 {
					t.Errorf("output %d: max abs error %g > 1e-4", k, d)
				}
			}
		})
	}
}

// TestOperatorCoverage checks that the fixtures and the conformance cases
// (testdata/node) exercise every operator the interpreter supports.
func TestOperatorCoverage(t *testing.T) {
	seen := map[string]bool{}
	for _, name := range fixtures {
		m, err := Load(filepath.Join("testdata", name+".onnx"))
		if err != nil {
			t.Fatal(err)
		}
		for op := range m.OpCounts {
			seen[op] = true
		}
	}
	cases, _ := filepath.Glob(filepath.Join("testdata", "node", "*", "model.onnx"))
	for _, path := range cases {
		if _, listed := knownFailing[filepath.Base(filepath.Dir(path))]; listed {
			continue // a case that fails in both modes covers nothing
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		mp, err := parseModel(b)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		for _, n := range mp.graph.nodes {
			seen[n.opType] = true
		}
	}
	var missing []string
	for _, op := range Supported() {
		if !seen[op] {
			missing = append(missing, op)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("operators no fixture covers: %v", missing)
	}
}
