package onnx

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"google.golang.org/protobuf/encoding/protowire"
)

// Minimal protobuf writers, to build malformed models by hand.
func field(b []byte, num protowire.Number, payload []byte) []byte {
	b = protowire.AppendTag(b, num, protowire.BytesType)
	return protowire.AppendBytes(b, payload)
}

func varintField(b []byte, num protowire.Number, v int64) []byte {
	b = protowire.AppendTag(b, num, protowire.VarintType)
	return protowire.AppendVarint(b, uint64(v))
}

func node(op string, in, out []string) []byte {
	var b []byte
	for _, s := range in {
		b = field(b, 1, []byte(s))
	}
	for _, s := range out {
		b = field(b, 2, []byte(s))
	}
	return field(b, 4, []byte(op))
}

func valueInfoBytes(name string, shape ...int) []byte {
	if shape == nil {
		shape = []int{2}
	}
	var dims []byte
	for _, d := range shape {
		dims = field(dims, 1, varintField(nil, 1, int64(d)))
	}
	tt := field(varintField(nil, 1, typeFloat), 2, dims)
	return field(field(nil, 1, []byte(name)), 2, field(nil, 1, tt))
}

func modelBytes(opset int64, nodes [][]byte, inits [][]byte, inputs, outputs []string) []byte {
	return modelBytesShaped(opset, nodes, inits, inputs, outputs, nil)
}

// modelBytesShaped is modelBytes with the inputs of the given shape (nil:
// [2]).
func modelBytesShaped(opset int64, nodes [][]byte, inits [][]byte, inputs, outputs []string, shape []int) []byte {
	var g []byte
	for _, n := range nodes {
		g = field(g, 1, n)
	}
	for _, t := range inits {
		g = field(g, 5, t)
	}
	for _, s := range inputs {
		g = field(g, 11, valueInfoBytes(s, shape...))
	}
	for _, s := range outputs {
		g = field(g, 12, valueInfoBytes(s))
	}
	m := varintField(nil, 1, 8)
	m = field(m, 7, g)
	return field(m, 8, varintField(nil, 2, opset))
}

func TestLoadErrors(t *testing.T) {
	bigTensor := field(field(varintField(varintField(nil, 1, 1<<20), 2, typeFloat), 8, []byte("w")), 9, make([]byte, 8))
	cases := []struct {
		name string
		b    []byte
		want string
	}{
		{"empty", nil, "empty file"},
		{"garbage", []byte{0xff, 0xff, 0xff}, "not a valid ONNX model"},
		{"no graph", varintField(nil, 1, 8), "no graph"},
		{"old opset", modelBytes(5, [][]byte{node("Relu", []string{"x"}, []string{"y"})}, nil, []string{"x"}, []string{"y"}), "opset 5"},
		{"unsupported op", modelBytes(13, [][]byte{node("Frobnicate", []string{"x"}, []string{"y"})}, nil, []string{"x"}, []string{"y"}), "Frobnicate"},
		{"missing input", modelBytes(13, [][]byte{node("Add", []string{"x", "w"}, []string{"y"})}, nil, []string{"x"}, []string{"y"}), `reads "w"`},
		{"cycle", modelBytes(13, [][]byte{
			node("Add", []string{"x", "b"}, []string{"a"}),
			node("Relu", []string{"a"}, []string{"b"}),
		}, nil, []string{"x"}, []string{"b"}), "cycle"},
		{"missing output", modelBytes(13, [][]byte{node("Relu", []string{"x"}, []string{"y"})}, nil, []string{"x"}, []string{"z"}), `output "z"`},
		{"attribute of the wrong type", modelBytes(13, [][]byte{field(node("LeakyRelu", []string{"x"}, []string{"y"}), 5,
			varintField(varintField(field(nil, 1, []byte("alpha")), 3, 2), 20, attrInt))}, nil, []string{"x"}, []string{"y"}), `"alpha" has type 2`},
		{"unknown attribute", modelBytes(13, [][]byte{field(node("Relu", []string{"x"}, []string{"y"}), 5,
			varintField(varintField(field(nil, 1, []byte("beta")), 3, 2), 20, attrInt))}, nil, []string{"x"}, []string{"y"}), `attribute "beta": not supported`},
		{"tensor larger than file", modelBytes(13, [][]byte{node("Add", []string{"x", "w"}, []string{"y"})},
			[][]byte{bigTensor}, []string{"x"}, []string{"y"}), "declare 1048576 elements"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse(c.b)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want one containing %q", err, c.want)
			}
		})
	}
}

func TestUnsupportedNamesNodeAndOpset(t *testing.T) {
	b := modelBytes(13, [][]byte{field(node("Frobnicate", []string{"x"}, []string{"y"}), 3, []byte("mix"))}, nil, []string{"x"}, []string{"y"})
	_, err := Parse(b)
	if !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), `"mix"`) || !strings.Contains(err.Error(), "opset 13") {
		t.Fatalf("error %v should name the operator, node and opset", err)
	}
}

func TestRunShapeError(t *testing.T) {
	m, err := Load(filepath.Join("testdata", "conv_vae_decoder.onnx"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.NewSession().Run(NewTensor(make([]float32, 6), 2, 3)); err == nil {
		t.Fatal("a wrong input shape ran")
	}
}

// FuzzLoad feeds the loader mutated models; it must return a model or an
// error, never panic or hang. Loaded models are also run once on a small
// input.
func FuzzLoad(f *testing.F) {
	for _, name := range fixtures {
		b, err := os.ReadFile(filepath.Join("testdata", name+".onnx"))
		if err != nil {
			f.Fatal(err)
		}
		if len(b) < 64<<10 {
			f.Add(b)
		}
	}
	f.Add(modelBytes(13, [][]byte{node("Relu", []string{"x"}, []string{"y"})}, nil, []string{"x"}, []string{"y"}))
	maxElems = 1 << 20
	f.Fuzz(func(t *testing.T, b []byte) {
		// A hang is a failure too: report the input after 20 s.
		timer := time.AfterFunc(20*time.Second, func() {
			panic(fmt.Sprintf("onnx: FuzzLoad input of %d bytes ran for 20 s: %x", len(b), b))
		})
		defer timer.Stop()
		m, err := Parse(b)
		if errors.Is(err, ErrInternal) {
			t.Fatal(err)
		}
		if err != nil {
			return
		}
		if len(m.Inputs) != 1 || m.Inputs[0].Shape == nil {
			return
		}
		shape := make([]int, len(m.Inputs[0].Shape))
		for i, d := range m.Inputs[0].Shape {
			shape[i] = max(1, min(d, 8))
		}
		if numel(shape) > 1<<16 {
			return
		}
		_, err = m.NewSession().Run(NewTensor(make([]float32, numel(shape)), shape...))
		if errors.Is(err, ErrInternal) {
			t.Fatal(err)
		}
	})
}

// TestFusion checks that DCGAN's ConvTranspose→BatchNormalization→Relu
// chains run as single steps (fuse.go); TestFixtures checks the results.
func TestFusion(t *testing.T) {
	m, err := Load(filepath.Join("testdata", "dcgan_small.onnx"))
	if err != nil {
		t.Fatal(err)
	}
	if len(m.steps) != 5 {
		for _, st := range m.steps {
			t.Log(st.opType, st.name)
		}
		t.Fatalf("%d steps, want 5 (4 × ConvTranspose+BN+Relu, ConvTranspose+Tanh)", len(m.steps))
	}
	if m.OpCounts["BatchNormalization"] != 4 {
		t.Errorf("OpCounts should count the nodes as stored: %v", m.OpCounts)
	}
}

// TestShapeStepsCached runs one session on batches of changing size: the
// exporter's Shape→Gather→Unsqueeze→Concat chain feeding Reshape is
// skipped while the batch size stays, and recomputed when it changes.
func TestShapeStepsCached(t *testing.T) {
	m, err := Load(filepath.Join("testdata", "conv_vae_decoder.onnx"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, st := range m.steps {
		if st.shapeOnly {
			n++
		}
	}
	if n != 4 {
		t.Errorf("%d shape-only steps, want 4 (Shape, Gather, Unsqueeze, Concat)", n)
	}
	in, want := fixtureIO(t, "conv_vae_decoder", "in"), fixtureIO(t, "conv_vae_decoder", "out")
	z, y := in[0], want[0]
	d, item := z.Shape[1], y.Len()/y.Shape[0]
	s := m.NewSession()
	for _, batch := range []int{3, 3, 1, 1, 2, 3} {
		out, err := s.Run(NewTensor(z.Float[:batch*d], batch, d))
		if err != nil {
			t.Fatal(err)
		}
		if out[0].Shape[0] != batch {
			t.Fatalf("batch %d: output shape %v", batch, out[0].Shape)
		}
		if e := maxAbsDiff(out[0].Float, y.Float[:batch*item]); e > 1e-4 {
			t.Fatalf("batch %d: max abs error %g", batch, e)
		}
	}
}

// floatInit is an initializer's bytes: a float tensor with raw data.
func floatInit(name string, dims []int, v []float32) []byte {
	var b []byte
	for _, d := range dims {
		b = varintField(b, 1, int64(d))
	}
	b = varintField(b, 2, typeFloat)
	b = field(b, 8, []byte(name))
	raw := make([]byte, 0, 4*len(v))
	for _, f := range v {
		raw = binary.LittleEndian.AppendUint32(raw, math.Float32bits(f))
	}
	return field(b, 9, raw)
}

// intAttr is a node attribute's bytes: an int, or ints when several.
func intAttr(name string, v ...int64) []byte {
	a := field(nil, 1, []byte(name))
	if len(v) == 1 {
		return varintField(varintField(a, 3, v[0]), 20, attrInt)
	}
	for _, x := range v {
		a = varintField(a, 8, x)
	}
	return varintField(a, 20, attrInts)
}

// TestFoldBatchNormTrainingMode checks that a BatchNormalization with
// training_mode = 0, as PyTorch 1.13 and later export every one, folds
// into the ConvTranspose before it (and the Relu after runs inside it,
// in the stride-2 gather's stores with the assembly kernels, the
// AVX-512 one for this width): one step, the result of the three
// operators within 1e-5 by phases and by col2im.
func TestFoldBatchNormTrainingMode(t *testing.T) { forKernels(t, testFoldBatchNormTrainingMode) }

func testFoldBatchNormTrainingMode(t *testing.T) {
	c := ctCase{n: 2, cin: 3, cout: 5, group: 1, h: 5, w: 19, k: [2]int{4, 4}, s: [2]int{2, 2}, d: one, pads: [4]int{1, 1, 1, 1}}
	rng := rand.New(rand.NewSource(3))
	normal := func(n int) []float32 {
		v := make([]float32, n)
		for i := range v {
			v[i] = float32(rng.NormFloat64())
		}
		return v
	}
	x, w := normal(c.n*c.cin*c.h*c.w), normal(c.cin*c.cout*16)
	scale, shift, mean, vr := normal(c.cout), normal(c.cout), normal(c.cout), normal(c.cout)
	for i := range vr {
		vr[i] = 0.5 + vr[i]*vr[i]
	}
	ct := field(node("ConvTranspose", []string{"x", "w"}, []string{"t"}), 5, intAttr("kernel_shape", 4, 4))
	ct = field(field(ct, 5, intAttr("strides", 2, 2)), 5, intAttr("pads", 1, 1, 1, 1))
	bn := field(node("BatchNormalization", []string{"t", "scale", "shift", "mean", "var"}, []string{"u"}), 5, intAttr("training_mode", 0))
	relu := node("Relu", []string{"u"}, []string{"y"})
	inits := [][]byte{floatInit("w", []int{c.cin, c.cout, 4, 4}, w), floatInit("scale", []int{c.cout}, scale),
		floatInit("shift", []int{c.cout}, shift), floatInit("mean", []int{c.cout}, mean), floatInit("var", []int{c.cout}, vr)}
	m, err := Parse(modelBytesShaped(17, [][]byte{ct, bn, relu}, inits, []string{"x"}, []string{"y"}, []int{c.n, c.cin, c.h, c.w}))
	if err != nil {
		t.Fatal(err)
	}
	if len(m.steps) != 1 {
		t.Fatalf("%d steps, want 1 (ConvTranspose with the BatchNormalization folded, Relu fused)", len(m.steps))
	}
	defer func() { forceCol2im, forcePhases = false, false }()
	want, oh, ow := naiveConvTranspose(c, x, w, nil)
	for _, path := range []string{"phases", "col2im"} {
		forcePhases, forceCol2im = path == "phases", path == "col2im"
		out, err := m.NewSession().Run(NewTensor(x, c.n, c.cin, c.h, c.w))
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range want {
			co := i / (oh * ow) % c.cout
			v = (v-float64(mean[co]))/math.Sqrt(float64(vr[co])+1e-5)*float64(scale[co]) + float64(shift[co])
			if e := math.Abs(float64(out[0].Float[i]) - max(v, 0)); e > 1e-5 {
				t.Fatalf("%s: element %d: %g, want %g", path, i, out[0].Float[i], max(v, 0))
			}
		}
	}
}
