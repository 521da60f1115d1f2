package onnx

import (
	"math"
	"testing"

	"google.golang.org/protobuf/encoding/protowire"
)

// randomModel is a graph of one RandomNormal node of shape [n, 2] (with
// a seed attribute when seeded), added to its input x of shape [2] so the
// graph has an input.
func randomModel(n int64, seed float32, seeded bool) []byte {
	shape := varintField(field(nil, 1, []byte("shape")), 20, attrInts)
	for _, d := range []int64{n, 2} {
		shape = protowire.AppendTag(shape, 8, protowire.VarintType)
		shape = protowire.AppendVarint(shape, uint64(d))
	}
	r := field(node("RandomNormal", nil, []string{"r"}), 5, shape)
	if seeded {
		a := field(nil, 1, []byte("seed"))
		a = protowire.AppendTag(a, 2, protowire.Fixed32Type)
		a = protowire.AppendFixed32(a, math.Float32bits(seed))
		r = field(r, 5, varintField(a, 20, attrFloat))
	}
	add := node("Add", []string{"x", "r"}, []string{"y"})
	return modelBytes(13, [][]byte{r, add}, nil, []string{"x"}, []string{"y"})
}

func draw(t *testing.T, s *Session) []float32 {
	t.Helper()
	out, err := s.Run(NewTensor(make([]float32, 2), 2))
	if err != nil {
		t.Fatal(err)
	}
	return append([]float32(nil), out[0].Float...)
}

func TestRandomSeeded(t *testing.T) {
	m, err := Parse(randomModel(1, 7, true))
	if err != nil {
		t.Fatal(err)
	}
	s := m.NewSession()
	a, b, c := draw(t, s), draw(t, s), draw(t, m.NewSession())
	if a[0] == a[1] || a[0] != b[0] || a[1] != b[1] || a[0] != c[0] {
		t.Errorf("seeded draws %v, %v, %v: want the same two distinct values each run", a, b, c)
	}
	other, _ := Parse(randomModel(1, 8, true))
	if d := draw(t, other.NewSession()); d[0] == a[0] {
		t.Errorf("seeds 7 and 8 drew the same %v", d)
	}
}

func TestRandomSessionSource(t *testing.T) {
	m, err := Parse(randomModel(1, 0, false))
	if err != nil {
		t.Fatal(err)
	}
	s := m.NewSession()
	a, b := draw(t, s), draw(t, s)
	if a[0] == b[0] {
		t.Errorf("unseeded draws repeat from run to run (%v): the node was folded or the source reset", a)
	}
	if c := draw(t, m.NewSession()); c[0] != a[0] {
		t.Errorf("a fresh session drew %v, want %v (seed 0)", c, a)
	}
	s2 := m.NewSession()
	s2.SetSeed(1)
	if d := draw(t, s2); d[0] == a[0] {
		t.Errorf("SetSeed(1) drew the same as seed 0: %v", d)
	}
}

// TestRandomNormalMoments checks the draw's mean and deviation on 20000
// values (seeded, so the test cannot flake): within 4 standard errors.
func TestRandomNormalMoments(t *testing.T) {
	const n = 2 * 10000
	m, err := Parse(randomModel(n/2, 3, true))
	if err != nil {
		t.Fatal(err)
	}
	out, err := m.NewSession().Run(NewTensor(make([]float32, 2), 2))
	if err != nil {
		t.Fatal(err)
	}
	var sum, ss float64
	for _, v := range out[0].Float {
		sum += float64(v)
		ss += float64(v) * float64(v)
	}
	mean := sum / n
	sd := math.Sqrt(ss/n - mean*mean)
	if math.Abs(mean) > 4/math.Sqrt(n) || math.Abs(sd-1) > 4/math.Sqrt(2*n) {
		t.Errorf("mean %g, deviation %g; want 0 and 1", mean, sd)
	}
}
