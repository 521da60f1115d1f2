package onnx

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
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

// TestModConvMatchesFloat64 builds the fused modulated convolution as
// PyTorch exports it (with and without demodulation, batches of groups,
// a bias) on awkward shapes, and checks the rewrite, and the replaced
// steps, against the weights and the grouped convolution computed in
// float64. A style that scales each output channel as well ([G, Cout,
// Cin, 1, 1]) does not suit the rewrite: the replaced steps run.
func TestModConvMatchesFloat64(t *testing.T) {
	cases := []struct {
		n, groups, cin, cout, h, w int
		style                      []int // the style's shape
		demod, bias, fast          bool
	}{
		{1, 1, 5, 7, 6, 6, []int{1, 1, 5, 1, 1}, true, false, true},
		{1, 3, 6, 10, 5, 7, []int{3, 1, 6, 1, 1}, true, true, true},
		{2, 2, 4, 3, 4, 4, []int{2, 1, 4, 1, 1}, false, true, true},
		{1, 1, 9, 13, 16, 16, []int{9, 1, 1}, true, false, true},
		{1, 2, 4, 5, 8, 8, []int{2, 5, 4, 1, 1}, true, false, false},
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for _, c := range cases {
		name := fmt.Sprintf("%+v", c)
		w := randomTensor(rng, []int{1, c.cout, c.cin, 3, 3})
		bias := randomTensor(rng, []int{c.groups * c.cout})
		x := randomTensor(rng, []int{c.n, c.groups * c.cin, c.h, c.w})
		style := randomTensor(rng, c.style)
		m, err := Parse(modConvModel(w, bias, c.cin, c.groups, c.demod, c.bias))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var mc *modConv
		for _, st := range m.steps {
			if o, ok := st.op.(*modConv); ok {
				mc = o
			}
		}
		if mc == nil {
			t.Fatalf("%s: no modulated convolution", name)
		}
		if _, ok := mc.suits(x, style); ok != c.fast {
			t.Fatalf("%s: suits the rewrite: %v", name, ok)
		}
		var b []float32
		if c.bias {
			b = bias.Float
		}
		want := modConvRef(w.Float, style, x, b, c.groups, c.cin, c.cout, c.demod)
		for _, fast := range []bool{true, false} {
			modConvFast = fast
			out, err := m.NewSession().Run(x, style)
			modConvFast = true
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if !equalShapes(out[0].Shape, []int{c.n, c.groups * c.cout, c.h, c.w}) {
				t.Fatalf("%s: shape %v", name, out[0].Shape)
			}
			for i, v := range out[0].Float {
				if d := math.Abs(float64(v) - want[i]); d > 1e-4*(1+math.Abs(want[i])) {
					t.Fatalf("%s, rewrite %v: element %d is %v, want %v", name, fast, i, v, want[i])
				}
			}
		}
	}
}

// modConvModel is StyleGAN2's fused modulated convolution at opset 13:
// Conv(x, Reshape(A ⊙ 1/√(ReduceSum(A², [2, 3, 4]) + 1e-8), [-1, Cin, 3,
// 3]), bias, group) with A = W ⊙ s, or Reshape(A) without demodulation.
func modConvModel(w, bias *Tensor, cin, groups int, demod, withBias bool) []byte {
	f32 := func(name string, t *Tensor) []byte {
		raw := make([]byte, 0, 4*len(t.Float))
		for _, v := range t.Float {
			raw = binary.LittleEndian.AppendUint32(raw, math.Float32bits(v))
		}
		return tensorBytes(name, typeFloat, t.Shape, raw)
	}
	i64 := func(name string, v ...int64) []byte {
		raw := make([]byte, 0, 8*len(v))
		for _, x := range v {
			raw = binary.LittleEndian.AppendUint64(raw, uint64(x))
		}
		return tensorBytes(name, typeInt64, []int{len(v)}, raw)
	}
	scalar := func(name string, v float32) []byte { return f32(name, &Tensor{Float: []float32{v}}) }
	intAttr := func(name string, v int64) []byte {
		return varintField(varintField(field(nil, 1, []byte(name)), 3, v), 20, attrInt)
	}
	intsAttr := func(name string, v ...int64) []byte {
		b := field(nil, 1, []byte(name))
		for _, x := range v {
			b = varintField(b, 8, x)
		}
		return varintField(b, 20, attrInts)
	}
	inits := [][]byte{f32("w", w), scalar("two", 2), scalar("eps", 1e-8), scalar("one", 1),
		i64("axes", 2, 3, 4), i64("target", -1, int64(cin), 3, 3), f32("b", bias)}
	nodes := [][]byte{node("Mul", []string{"w", "s"}, []string{"a"})}
	weights := "a"
	if demod {
		nodes = append(nodes,
			node("Pow", []string{"a", "two"}, []string{"p"}),
			field(node("ReduceSum", []string{"p", "axes"}, []string{"r"}), 5, intAttr("keepdims", 1)),
			node("Add", []string{"r", "eps"}, []string{"e"}),
			node("Sqrt", []string{"e"}, []string{"q"}),
			node("Div", []string{"one", "q"}, []string{"d"}),
			node("Mul", []string{"a", "d"}, []string{"a2"}))
		weights = "a2"
	}
	nodes = append(nodes, node("Reshape", []string{weights, "target"}, []string{"wr"}))
	in := []string{"x", "wr"}
	if withBias {
		in = append(in, "b")
	}
	conv := field(field(node("Conv", in, []string{"y"}), 5, intAttr("group", int64(groups))), 5, intsAttr("pads", 1, 1, 1, 1))
	nodes = append(nodes, conv)
	return modelBytesAny(13, nodes, inits, []string{"x", "s"}, []string{"y"})
}

// modConvRef computes the modulated weights (style broadcast against W
// [1, Cout, Cin, 3, 3], demodulated) and the grouped 3×3 convolution,
// padding 1, in float64.
func modConvRef(w []float32, style, x *Tensor, bias []float32, groups, cin, cout int, demod bool) []float64 {
	dim := func(a int) int { return dimAligned(style.Shape, a, 5) }
	st := alignedStrides(style.Shape, 5)
	wt := make([]float64, groups*cout*cin*9)
	for g := range groups {
		for co := range cout {
			var sum float64
			for ci := range cin {
				si := 0
				for a, i := range [3]int{g, co, ci} {
					if dim(a) > 1 {
						si += i * st[a]
					}
				}
				for k := range 9 {
					v := float64(w[(co*cin+ci)*9+k]) * float64(style.Float[si])
					wt[((g*cout+co)*cin+ci)*9+k] = v
					sum += v * v
				}
			}
			if demod {
				for i := range cin * 9 {
					wt[(g*cout+co)*cin*9+i] /= math.Sqrt(sum + 1e-8)
				}
			}
		}
	}
	n, h, wd := x.Shape[0], x.Shape[2], x.Shape[3]
	y := make([]float64, n*groups*cout*h*wd)
	for i := range n {
		for o := range groups * cout {
			g := o / cout
			for oy := range h {
				for ox := range wd {
					var sum float64
					if bias != nil {
						sum = float64(bias[o])
					}
					for ci := range cin {
						for ki := range 3 {
							for kj := range 3 {
								yy, xx := oy+ki-1, ox+kj-1
								if yy >= 0 && yy < h && xx >= 0 && xx < wd {
									sum += float64(x.Float[((i*groups*cin+g*cin+ci)*h+yy)*wd+xx]) * wt[(o*cin+ci)*9+ki*3+kj]
								}
							}
						}
					}
					y[((i*groups*cout+o)*h+oy)*wd+ox] = sum
				}
			}
		}
	}
	return y
}
