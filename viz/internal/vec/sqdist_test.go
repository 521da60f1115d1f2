package vec

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// naive is the textbook sum, in order.
func naive(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += (a[i] - b[i]) * (a[i] - b[i])
	}
	return s
}

func randomVec(r *rand.Rand, d int) []float64 {
	v := make([]float64, d)
	for i := range v {
		v[i] = r.NormFloat64()
	}
	return v
}

func TestSqDistMatchesNaiveSum(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for d := range 40 {
		a, b := randomVec(r, d), randomVec(r, d+3) // b may be longer
		got, want := SqDist(a, b), naive(a, b[:d])
		if math.Abs(got-want) > 1e-14*want {
			t.Errorf("d %d: SqDist %v, naive sum %v", d, got, want)
		}
	}
	if got := SqDist([]float64{1, 2, 3, 4, 5}, []float64{0, 0, 0, 0, 0}); got != 55 {
		t.Errorf("SqDist of 1..5 from 0 is %v, want 55", got)
	}
}

// TestSqDistWithin pins the one behaviour of the bounded distance, which
// replaced two with different rules (HDBSCAN's stopped at a partial sum ≥
// bound, NN-descent's at one > bound and summed differently): at most bound,
// it is SqDist to the bit, a distance equal to the bound included; above,
// it is some value above the bound.
func TestSqDistWithin(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for d := range 70 {
		a, b := randomVec(r, d), randomVec(r, d)
		full := SqDist(a, b)
		for _, f := range []float64{0, 0.1, 0.5, 0.9, 1, 2, math.Inf(1)} {
			bound := full * f
			got := SqDistWithin(a, b, bound)
			switch {
			case full <= bound && got != full:
				t.Errorf("d %d bound %v: %v, want SqDist's %v exactly", d, bound, got, full)
			case full > bound && got <= bound:
				t.Errorf("d %d bound %v: %v, want a value above the bound", d, bound, got)
			}
		}
	}
}

// BenchmarkSqDist times the kernel at the dimensions the viz packages meet:
// 2-D maps, small latents, PCA-50 codes and raw MNIST pixels.
func BenchmarkSqDist(b *testing.B) {
	for _, d := range []int{2, 16, 50, 784} {
		r := rand.New(rand.NewPCG(5, 6))
		x := make([][]float64, 256)
		for i := range x {
			x[i] = randomVec(r, d)
		}
		b.Run(fmt.Sprintf("d=%d", d), func(b *testing.B) {
			var s float64
			for i := 0; b.Loop(); i++ {
				s += SqDist(x[i&255], x[(7*i+3)&255])
			}
			sink = s
		})
	}
}

var sink float64
