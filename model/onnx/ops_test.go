package onnx

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestOperatorBeforeItsOpset checks that an operator in an opset older
// than the one that introduced it is refused, naming the operator, the
// node, the opset and the first opset that has it.
func TestOperatorBeforeItsOpset(t *testing.T) {
	for op, first := range since {
		if first-1 < MinOpset {
			continue
		}
		b := modelBytes(first-1, [][]byte{field(node(op, []string{"x"}, []string{"y"}), 3, []byte("n1"))}, nil, []string{"x"}, []string{"y"})
		_, err := Parse(b)
		if !errors.Is(err, ErrUnsupported) {
			t.Errorf("%s at opset %d: error %v, want ErrUnsupported", op, first-1, err)
			continue
		}
		msg := err.Error()
		for _, want := range []string{op, `"n1"`, fmt.Sprint("opset ", first-1), fmt.Sprint("from opset ", first)} {
			if !strings.Contains(msg, want) {
				t.Errorf("%s at opset %d: error %q does not name %q", op, first-1, msg, want)
			}
		}
	}
}

// TestBestOfLanes checks ArgMax/ArgMin's four-lane search against one
// scan, on rows with ties, NaNs (first and later), −0 and +0, for both
// operators, with and without select_last_index.
func TestBestOfLanes(t *testing.T) {
	scan := func(x []float32, isMin, last bool) int {
		b, bv := 0, x[0]
		for k := 1; k < len(x); k++ {
			v := x[k]
			better := v > bv
			if isMin {
				better = v < bv
			}
			if better || last && v == bv {
				b, bv = k, v
			}
		}
		return b
	}
	rng := rand.New(rand.NewPCG(9, 10))
	nan, negZero := float32(math.NaN()), float32(math.Copysign(0, -1))
	for trial := range 2000 {
		n := 16 + rng.IntN(70)
		x := make([]float32, n)
		for i := range x {
			switch rng.IntN(8) {
			case 0:
				x[i] = nan
			case 1:
				x[i] = negZero
			case 2:
				x[i] = 0
			default:
				x[i] = float32(rng.IntN(5)) - 2
			}
		}
		if trial%7 == 0 {
			x[0] = nan
		}
		for _, isMin := range []bool{false, true} {
			for _, last := range []bool{false, true} {
				if got, want := bestOf(x, 0, n, 1, isMin, last), scan(x, isMin, last); got != want {
					t.Fatalf("%v min=%v last=%v: %d, want %d", x, isMin, last, got, want)
				}
			}
		}
	}
}

// TestTransposeSplit compares the fused Transpose→Split with the two
// operators run one after the other, on float and int64 tensors, equal
// and uneven parts.
func TestTransposeSplit(t *testing.T) {
	shape := []int{2, 3, 3, 6}
	n := numel(shape)
	xf := make([]float32, n)
	xi := make([]int64, n)
	for i := range xf {
		xf[i], xi[i] = float32(i)*0.5-7, int64(i*3-11)
	}
	for _, perm := range [][]int{{2, 0, 3, 1}, {3, 2, 1, 0}, {1, 0, 2, 3}, {0, 1, 2, 3}} {
		for _, sizes := range [][]int64{nil, {1, 0, 2}} {
			for _, x := range []*Tensor{NewTensor(xf, shape...), {Shape: shape, Int: xi, Type: typeInt64}} {
				tr := transpose{perm}
				sp := split{axis: 0, sizes: sizes}
				parts := 3
				if sizes == nil && shape[perm[0]]%3 != 0 {
					parts = 1
				}
				if sizes != nil && int(sizes[0]+sizes[1]+sizes[2]) != shape[perm[0]] {
					continue
				}
				mid := &Tensor{}
				if err := tr.run(nil, []*Tensor{x}, []*Tensor{mid}); err != nil {
					t.Fatal(err)
				}
				want, got := make([]*Tensor, parts), make([]*Tensor, parts)
				for k := range parts {
					want[k], got[k] = &Tensor{}, &Tensor{}
				}
				if err := sp.run(nil, []*Tensor{mid}, want); err != nil {
					t.Fatal(err)
				}
				if err := (transposeSplit{tr, sp}).run(nil, []*Tensor{x}, got); err != nil {
					t.Fatal(err)
				}
				for k := range parts {
					if fmt.Sprint(got[k].Shape, got[k].Float, got[k].Int) != fmt.Sprint(want[k].Shape, want[k].Float, want[k].Int) {
						t.Fatalf("perm %v sizes %v part %d: %v %v %v, want %v %v %v", perm, sizes, k,
							got[k].Shape, got[k].Float, got[k].Int, want[k].Shape, want[k].Float, want[k].Int)
					}
				}
			}
		}
	}
}
