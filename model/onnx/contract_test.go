package onnx

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// TestSumProductMatchesFloat64 runs ReduceSum(Mul(C, X)) with C
// constant, rewritten as a matrix product (sumProduct) where the shapes
// suit and through the replaced steps where they do not, on awkward
// shapes, against float64 sums of the broadcast products, and with the
// rewrite off.
func TestSumProductMatchesFloat64(t *testing.T) {
	cases := []struct {
		c, x     []int
		axes     []int64
		keepDims bool
		product  bool // run as a matrix product
		square   bool // ReduceSum(Pow(Mul(C, X), 2))
	}{
		{[]int{1, 5, 7, 3, 3}, []int{3, 1, 7, 1, 1}, []int64{2, 3, 4}, false, true, false}, // StyleGAN2's demodulation
		{[]int{1, 5, 7, 3, 3}, []int{3, 1, 7, 1, 1}, []int64{2, 3, 4}, true, true, false},
		{[]int{1, 13, 33, 1, 1}, []int{1, 1, 33, 1, 1}, []int64{-3, -2, -1}, false, true, false},
		{[]int{1, 5, 7, 3, 3}, []int{3, 1, 7, 1, 1}, []int64{2, 3, 4}, false, true, true}, // StyleGAN2's, as PyTorch exports it
		{[]int{5, 1, 7}, []int{1, 3, 7}, []int64{2}, true, true, true},
		{[]int{3, 1, 4}, []int{3, 5, 4}, []int64{2}, false, false, true},
		{[]int{7, 5}, []int{3, 7, 1}, []int64{1}, false, true, false},              // rows from X, columns from C
		{[]int{5, 1, 7}, []int{1, 3, 7}, []int64{2}, true, true, false},            // columns before rows: the product transposed
		{[]int{2, 1, 3, 1}, []int{1, 4, 1, 5}, []int64{2}, true, true, false},      // rows on two axes around C's summed one
		{[]int{7, 3}, []int{2, 5, 7, 1}, []int64{-2, -1}, false, true, false},      // X of higher rank
		{[]int{5, 3, 4}, []int{2, 1, 3, 4}, []int64{2, 3}, false, true, false},     // summed axes that merge
		{[]int{2, 3, 1, 4}, []int{1, 3, 5, 4}, []int64{1, 3}, false, false, false}, // summed axes apart in X: replaced steps
		{[]int{2, 3, 1, 4}, []int{1, 3, 5, 1}, []int64{1, 3}, false, true, false},  // summed axes apart, C's last alone
		{[]int{3, 1, 4}, []int{3, 5, 4}, []int64{2}, false, false, false},          // an axis of both kept: replaced steps
		{[]int{4, 1}, []int{4, 6}, []int64{1}, false, false, false},                // an axis of X alone summed: replaced steps
		{[]int{2, 3, 4}, []int{4, 1, 3, 1}, []int64{1, 3}, true, false, false},     // an axis of both kept, C's alone summed: replaced steps
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for _, tc := range cases {
		name := fmt.Sprintf("C%v_X%v_axes%v_keep%v", tc.c, tc.x, tc.axes, tc.keepDims)
		t.Run(name, func(t *testing.T) {
			c, x := randomTensor(rng, tc.c), randomTensor(rng, tc.x)
			m, err := Parse(sumProductModel(c, tc.axes, tc.keepDims, tc.square))
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := m.steps[0].op.(*sumProduct); !ok || len(m.steps) != 1 {
				t.Fatalf("steps %v, want one sumProduct", m.steps)
			}
			if p, ok := m.steps[0].op.(*sumProduct).plan(x.Shape); ok != tc.product {
				t.Fatalf("runs as a product: %v (%+v), want %v", ok, p, tc.product)
			}
			want, shape := sumProductRef(c, x, tc.axes, tc.keepDims, tc.square)
			for _, fast := range []bool{true, false} {
				sumProductFast = fast
				out, err := m.NewSession().Run(x)
				sumProductFast = true
				if err != nil {
					t.Fatal(err)
				}
				if fmt.Sprint(out[0].Shape) != fmt.Sprint(shape) {
					t.Fatalf("shape %v, want %v", out[0].Shape, shape)
				}
				for i, v := range out[0].Float {
					if d := math.Abs(float64(v) - want[i]); d > 1e-5*(1+math.Abs(want[i])) {
						t.Fatalf("rewrite %v: element %d is %g, want %g", fast, i, v, want[i])
					}
				}
			}
		})
	}
}

func randomTensor(rng *rand.Rand, shape []int) *Tensor {
	v := make([]float32, numel(shape))
	for i := range v {
		v[i] = float32(rng.NormFloat64())
	}
	return NewTensor(v, shape...)
}

// sumProductModel is y = ReduceSum(Mul(c, x), axes) at opset 13, or
// ReduceSum(Pow(Mul(c, x), 2), axes) when square.
func sumProductModel(c *Tensor, axes []int64, keepDims, square bool) []byte {
	keep := int64(0)
	if keepDims {
		keep = 1
	}
	sum := field(node("ReduceSum", []string{"p", "axes"}, []string{"y"}), 5,
		varintField(varintField(field(nil, 1, []byte("keepdims")), 3, keep), 20, attrInt))
	nodes := [][]byte{node("Mul", []string{"c", "x"}, []string{"p"}), sum}
	if square {
		nodes = [][]byte{node("Mul", []string{"x", "c"}, []string{"q"}), node("Pow", []string{"q", "two"}, []string{"p"}), sum}
	}
	raw := make([]byte, 0, 4*len(c.Float))
	for _, v := range c.Float {
		raw = binary.LittleEndian.AppendUint32(raw, math.Float32bits(v))
	}
	ax := make([]byte, 0, 8*len(axes))
	for _, a := range axes {
		ax = binary.LittleEndian.AppendUint64(ax, uint64(a))
	}
	inits := [][]byte{tensorBytes("c", typeFloat, c.Shape, raw), tensorBytes("axes", typeInt64, []int{len(axes)}, ax),
		tensorBytes("two", typeFloat, nil, binary.LittleEndian.AppendUint32(nil, math.Float32bits(2)))}
	return modelBytesAny(13, nodes, inits, []string{"x"}, []string{"y"})
}

func tensorBytes(name string, typ int, shape []int, raw []byte) []byte {
	var b []byte
	for _, d := range shape {
		b = varintField(b, 1, int64(d))
	}
	b = varintField(b, 2, int64(typ))
	return field(field(b, 8, []byte(name)), 9, raw)
}

// modelBytesAny is modelBytes with inputs and outputs of any shape.
func modelBytesAny(opset int64, nodes [][]byte, inits [][]byte, inputs, outputs []string) []byte {
	var g []byte
	for _, n := range nodes {
		g = field(g, 1, n)
	}
	for _, t := range inits {
		g = field(g, 5, t)
	}
	info := func(name string) []byte {
		return field(field(nil, 1, []byte(name)), 2, field(nil, 1, varintField(nil, 1, typeFloat)))
	}
	for _, s := range inputs {
		g = field(g, 11, info(s))
	}
	for _, s := range outputs {
		g = field(g, 12, info(s))
	}
	m := varintField(nil, 1, 8)
	m = field(m, 7, g)
	return field(m, 8, varintField(nil, 2, opset))
}

// sumProductRef sums the broadcast products of c and x (their squares
// when square) over axes in float64, and returns the result's shape.
func sumProductRef(c, x *Tensor, axes []int64, keepDims, square bool) ([]float64, []int) {
	r := max(len(c.Shape), len(x.Shape))
	var red [maxRank]bool
	for _, a := range axes {
		ax, _ := normAxis(int(a), r)
		red[ax] = true
	}
	size := make([]int, r)
	var out, full []int
	for a := range size {
		size[a] = max(dimAligned(c.Shape, a, r), dimAligned(x.Shape, a, r))
		switch {
		case !red[a]:
			out, full = append(out, size[a]), append(full, size[a])
		case keepDims:
			out, full = append(out, 1), append(full, 1)
		default:
			full = append(full, 1)
		}
	}
	sums := make([]float64, numel(out))
	cs, xs, fs := alignedStrides(c.Shape, r), alignedStrides(x.Shape, r), alignedStrides(full, r)
	idx := make([]int, r)
	for n := 0; n < numel(size); n++ {
		ci, xi, oi := 0, 0, 0
		for a := range idx {
			if dimAligned(c.Shape, a, r) > 1 {
				ci += idx[a] * cs[a]
			}
			if dimAligned(x.Shape, a, r) > 1 {
				xi += idx[a] * xs[a]
			}
			if !red[a] {
				oi += idx[a] * fs[a]
			}
		}
		v := float64(c.Float[ci]) * float64(x.Float[xi])
		if square {
			v *= v
		}
		sums[oi] += v
		for a := r - 1; a >= 0; a-- {
			if idx[a]++; idx[a] < size[a] {
				break
			}
			idx[a] = 0
		}
	}
	return sums, out
}

// TestSumProductFused checks that the demodulations of the
// constant-weight StyleGAN2 fixtures run as matrix products, at batch 1
// and 8 (TestFamilies checks the numbers against PyTorch's).
func TestSumProductFused(t *testing.T) {
	for _, opset := range []int{11, 17} {
		m, err := Load(fmt.Sprintf("testdata/families/stylegan2_opset%d.onnx", opset))
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, st := range m.steps {
			if st.opType != "ReduceSum" {
				continue
			}
			o, ok := st.op.(*sumProduct)
			if !ok {
				t.Errorf("opset %d: ReduceSum %q is not rewritten", opset, st.name)
				continue
			}
			n++
			for _, b := range []int{1, 8} {
				x := append([]int{b}, o.c.Shape[1:]...)
				for i := 1; i < len(x); i++ {
					if i != 2 {
						x[i] = 1
					}
				}
				if _, ok := o.plan(x); !ok {
					t.Errorf("opset %d: ReduceSum %q at batch %d does not run as a product", opset, st.name, b)
				}
			}
		}
		if n == 0 {
			t.Errorf("opset %d: no ReduceSum rewritten", opset)
		}
	}
}
