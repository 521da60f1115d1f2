package model

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestCodeStatsOrder(t *testing.T) {
	c := &Codes{N: 4, D: 3, Data: []float32{
		0, 1, 10,
		0, -1, -10,
		0, 1, 10,
		0, -1, -10,
	}}
	s := CodeStats(c)
	if s.Order[0] != 2 || s.Order[1] != 1 || s.Order[2] != 0 {
		t.Errorf("order %v, want [2 1 0]", s.Order)
	}
	// Sample standard deviation (n−1), as numpy's std(ddof=1): sqrt(400/3).
	if want := math.Sqrt(400.0 / 3); math.Abs(s.Std[2]-want) > 1e-12 {
		t.Errorf("std %g, want %g", s.Std[2], want)
	}
}

func TestGaussianLogDensity(t *testing.T) {
	// log N(z; 0, I) for z = (1, 2): −(1+4)/2 − log(2π) = −4.337877066409345
	// (scipy.stats.multivariate_normal.logpdf([1, 2], mean=[0, 0])).
	got := Prior{Kind: "gaussian"}.LogDensity([]float64{1, 2})
	if math.Abs(got-(-4.337877066409345)) > 1e-12 {
		t.Errorf("log density %v", got)
	}
}

func TestUniformPrior(t *testing.T) {
	p := Prior{Kind: "uniform", Low: -1, High: 1}
	if got := p.LogDensity([]float64{0, 0.5}); math.Abs(got-(-2*math.Log(2))) > 1e-12 {
		t.Errorf("inside: %v", got)
	}
	if !math.IsInf(p.LogDensity([]float64{0, 1.5}), -1) || p.Typical([]float64{0, 1.5}) {
		t.Error("outside the box must have density 0 and not be typical")
	}
}

func TestTypicalSet(t *testing.T) {
	p := Prior{Kind: "gaussian"}
	r := rand.New(rand.NewPCG(1, 2))
	z := make([]float64, 64)
	typical := 0
	for range 1000 {
		p.Sample(r, z)
		if p.Typical(z) {
			typical++
		}
	}
	if typical < 990 {
		t.Errorf("%d of 1000 prior samples typical, want nearly all", typical)
	}
	if p.Typical(make([]float64, 64)) {
		t.Error("the origin of a 64-d Gaussian is not in its typical set")
	}
}

func TestSlerpKeepsNormOnCircle(t *testing.T) {
	a, b := []float64{1, 0}, []float64{0, 1}
	mid := Slerp(nil, a, b, 0.5)
	if math.Abs(Norm(mid)-1) > 1e-12 || math.Abs(mid[0]-mid[1]) > 1e-12 {
		t.Errorf("slerp midpoint %v, want (√½, √½)", mid)
	}
	lin := Lerp(nil, a, b, 0.5)
	if lin[0] != 0.5 || lin[1] != 0.5 {
		t.Errorf("lerp midpoint %v", lin)
	}
	if got := Slerp(nil, a, a, 0.3); got[0] != 1 || got[1] != 0 {
		t.Errorf("slerp of parallel vectors %v", got)
	}
}

func TestAttributeVector(t *testing.T) {
	c := &Codes{N: 4, D: 2, Data: []float32{1, 1, 3, 1, 0, 0, 0, 2}}
	v, err := AttributeVector(c, []int{0, 1}, []int{2, 3})
	if err != nil || v[0] != 2 || v[1] != 0 {
		t.Errorf("attribute vector %v %v, want [2 0]", v, err)
	}
	if _, err := AttributeVector(c, nil, []int{1}); err == nil {
		t.Error("empty group must be an error")
	}
}
