package model

import (
	"fmt"
	"math"
	"testing"
)

func TestTraversalValues(t *testing.T) {
	base := []float64{0.5, -1, 2}
	scale := []float64{2, 0.5, 10}
	got := Traversal(nil, base, []int{2, 0}, -3, 3, 9, scale)
	if len(got) != 2*9 {
		t.Fatalf("%d vectors, want 18", len(got))
	}
	// numpy.linspace(-3, 3, 9).
	steps := []float64{-3, -2.25, -1.5, -0.75, 0, 0.75, 1.5, 2.25, 3}
	for j, v := range steps {
		row0 := []float64{0.5, -1, 2 + v*10}
		row1 := []float64{0.5 + v*2, -1, 2}
		for k := range base {
			if math.Abs(got[j][k]-row0[k]) > 1e-12 || math.Abs(got[9+j][k]-row1[k]) > 1e-12 {
				t.Fatalf("step %d: rows %v and %v, want %v and %v", j, got[j], got[9+j], row0, row1)
			}
		}
	}
	if base[2] != 2 || base[0] != 0.5 {
		t.Errorf("base changed: %v", base)
	}
}

func TestTraversalPriorUnitsAndReuse(t *testing.T) {
	base := make([]float64, 4)
	dst := Traversal(nil, base, []int{1}, -1, 1, 3, nil)
	first := &dst[0][0]
	dst = Traversal(dst, base, []int{3}, -2, 2, 3, nil)
	if &dst[0][0] != first {
		t.Error("dst was not reused")
	}
	want := [][]float64{{0, 0, 0, -2}, {0, 0, 0, 0}, {0, 0, 0, 2}}
	for j := range want {
		for k := range want[j] {
			if dst[j][k] != want[j][k] {
				t.Fatalf("vector %d = %v, want %v", j, dst[j], want[j])
			}
		}
	}
}

func TestStepValueEnds(t *testing.T) {
	// 0.1 + 0.2·(j/(n−1)) at j = n−1 must be exactly hi, not 0.30000000000000004.
	if v := StepValue(0.1, 0.3, 7, 6); v != 0.3 {
		t.Errorf("last step %v, want exactly 0.3", v)
	}
	if v := StepValue(0.1, 0.3, 7, 0); v != 0.1 {
		t.Errorf("first step %v, want exactly 0.1", v)
	}
}

func TestInterpolationLerpEnds(t *testing.T) {
	a, b := []float64{1, -2, 0.3}, []float64{-4, 5, 0.7}
	got := Interpolation(nil, a, b, 5, false)
	for k := range a {
		if got[0][k] != a[k] || got[4][k] != b[k] {
			t.Fatalf("ends %v %v, want %v %v", got[0], got[4], a, b)
		}
		// Midpoint (a+b)/2.
		if mid := (a[k] + b[k]) / 2; math.Abs(got[2][k]-mid) > 1e-12 {
			t.Errorf("midpoint %v", got[2])
		}
	}
}

func TestInterpolationSlerpGreatCircle(t *testing.T) {
	// a and b of equal norm 5 at an angle ω = acos(a·b/25): every slerp
	// point keeps the norm, lies in the plane of a and b, and is at angle
	// t·ω from a (Shoemake 1985, constant angular speed).
	a, b := []float64{3, 4, 0, 0, 0}, []float64{0, 3, 0, 4, 0}
	omega := math.Acos(traverseDot(a, b) / 25)
	got := Interpolation(nil, a, b, 6, true)
	for j, z := range got {
		tt := float64(j) / 5
		if n := Norm(z); math.Abs(n-5) > 1e-12 {
			t.Errorf("step %d: norm %v, want 5", j, n)
		}
		if ang := math.Acos(math.Max(-1, math.Min(1, traverseDot(a, z)/25))); math.Abs(ang-tt*omega) > 1e-9 {
			t.Errorf("step %d: angle %v from a, want %v", j, ang, tt*omega)
		}
		if z[4] != 0 {
			t.Errorf("step %d left the plane of a and b: %v", j, z)
		}
	}
	for k := range a {
		if math.Abs(got[0][k]-a[k]) > 1e-15 || math.Abs(got[5][k]-b[k]) > 1e-15 {
			t.Fatalf("ends %v %v", got[0], got[5])
		}
	}
}

func TestFloat32s(t *testing.T) {
	got := Float32s(nil, [][]float64{{1, 2}, {3, 4.5}})
	want := []float32{1, 2, 3, 4.5}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("%v, want %v", got, want)
		}
	}
}

func TestTraversalPanics(t *testing.T) {
	for name, f := range map[string]func(){
		"steps":     func() { Traversal(nil, []float64{0}, []int{0}, -1, 1, 1, nil) },
		"dim":       func() { Traversal(nil, []float64{0}, []int{1}, -1, 1, 3, nil) },
		"scale":     func() { Traversal(nil, []float64{0}, []int{0}, -1, 1, 3, []float64{1, 2}) },
		"lengths":   func() { Interpolation(nil, []float64{0}, []float64{0, 1}, 3, false) },
		"lerpSteps": func() { Interpolation(nil, []float64{0}, []float64{1}, 0, true) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}

func BenchmarkTraversal(b *testing.B) {
	base := make([]float64, 64)
	dims := make([]int, 16)
	for i := range dims {
		dims[i] = i
	}
	var dst [][]float64
	b.ReportAllocs()
	for b.Loop() {
		dst = Traversal(dst, base, dims, -3, 3, 9, nil)
	}
}

func traverseDot(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// A traversal of dimensions 0 and 2 of a 3-d latent from the origin, in
// units of the per-dimension standard deviations (2, 1, 0.5), over −1..1
// in three steps: one row per dimension.
func ExampleTraversal() {
	z := Traversal(nil, []float64{0, 0, 0}, []int{0, 2}, -1, 1, 3, []float64{2, 1, 0.5})
	for _, v := range z {
		fmt.Println(v)
	}
	// Output:
	// [-2 0 0]
	// [0 0 0]
	// [2 0 0]
	// [0 0 -0.5]
	// [0 0 0]
	// [0 0 0.5]
}

// Spherical interpolation between two orthogonal unit vectors stays on
// the unit circle; linear interpolation cuts through it.
func ExampleInterpolation() {
	a, b := []float64{1, 0}, []float64{0, 1}
	for _, slerp := range []bool{false, true} {
		mid := Interpolation(nil, a, b, 3, slerp)[1]
		fmt.Printf("slerp %v: midpoint (%.4f, %.4f), norm %.4f\n", slerp, mid[0], mid[1], Norm(mid))
	}
	// Output:
	// slerp false: midpoint (0.5000, 0.5000), norm 0.7071
	// slerp true: midpoint (0.7071, 0.7071), norm 1.0000
}
