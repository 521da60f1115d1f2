package model

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
)

// Stats are per-dimension statistics of codes.
type Stats struct {
	Mean, Std []float64
	// Order lists the dimensions by decreasing variance.
	Order []int
}

// CodeStats computes the mean, standard deviation and variance order of
// the codes' dimensions.
func CodeStats(c *Codes) *Stats {
	s := &Stats{Mean: make([]float64, c.D), Std: make([]float64, c.D), Order: make([]int, c.D)}
	for i := range c.N {
		for j, v := range c.Row(i) {
			s.Mean[j] += float64(v)
		}
	}
	for j := range s.Mean {
		s.Mean[j] /= float64(max(c.N, 1))
	}
	for i := range c.N {
		for j, v := range c.Row(i) {
			d := float64(v) - s.Mean[j]
			s.Std[j] += d * d
		}
	}
	for j := range s.Std {
		s.Std[j] = math.Sqrt(s.Std[j] / float64(max(c.N-1, 1)))
		s.Order[j] = j
	}
	sort.SliceStable(s.Order, func(a, b int) bool { return s.Std[s.Order[a]] > s.Std[s.Order[b]] })
	return s
}

// Prior is the latent prior of a space.
type Prior struct {
	// Kind is "gaussian" (standard normal) or "uniform" on [Low, High]^d.
	Kind      string
	Low, High float64
}

// LogDensity returns the prior's log-density at z (−Inf outside a uniform box).
func (p Prior) LogDensity(z []float64) float64 {
	if p.Kind == "uniform" {
		for _, v := range z {
			if v < p.Low || v > p.High {
				return math.Inf(-1)
			}
		}
		return -float64(len(z)) * math.Log(p.High-p.Low)
	}
	var ss float64
	for _, v := range z {
		ss += v * v
	}
	return -0.5*ss - 0.5*float64(len(z))*math.Log(2*math.Pi)
}

// Sample draws z from the prior into dst.
func (p Prior) Sample(r *rand.Rand, dst []float64) {
	for i := range dst {
		if p.Kind == "uniform" {
			dst[i] = p.Low + (p.High-p.Low)*r.Float64()
		} else {
			dst[i] = r.NormFloat64()
		}
	}
}

// Std returns the prior's standard deviation in one dimension.
func (p Prior) Std() float64 {
	if p.Kind == "uniform" {
		return (p.High - p.Low) / math.Sqrt(12)
	}
	return 1
}

// Typical reports whether z lies in the prior's typical set. For the
// standard normal in d dimensions the norm concentrates around √d with
// standard deviation about 1/√2; z is typical when its norm is within 3 of
// those deviations (Vershynin 2018, §3.1). For the uniform prior, z is
// typical when it lies in the box.
func (p Prior) Typical(z []float64) bool {
	if p.Kind == "uniform" {
		return !math.IsInf(p.LogDensity(z), -1)
	}
	d := float64(len(z))
	return math.Abs(Norm(z)-math.Sqrt(d)) <= 3/math.Sqrt2
}

// Norm returns the Euclidean norm of z.
func Norm(z []float64) float64 {
	var s float64
	for _, v := range z {
		s += v * v
	}
	return math.Sqrt(s)
}

// Lerp writes (1−t)a + tb into dst.
func Lerp(dst, a, b []float64, t float64) []float64 {
	dst = resize(dst, len(a))
	for i := range a {
		dst[i] = (1-t)*a[i] + t*b[i]
	}
	return dst
}

// Slerp writes the spherical interpolation between a and b at t into dst
// (Shoemake 1985; White 2016 for latent spaces); it falls back to Lerp when
// a and b are nearly parallel or one is zero.
func Slerp(dst, a, b []float64, t float64) []float64 {
	na, nb := Norm(a), Norm(b)
	if na == 0 || nb == 0 {
		return Lerp(dst, a, b, t)
	}
	var dot float64
	for i := range a {
		dot += a[i] * b[i]
	}
	omega := math.Acos(math.Max(-1, math.Min(1, dot/(na*nb))))
	if omega < 1e-6 {
		return Lerp(dst, a, b, t)
	}
	s := math.Sin(omega)
	wa, wb := math.Sin((1-t)*omega)/s, math.Sin(t*omega)/s
	dst = resize(dst, len(a))
	for i := range a {
		dst[i] = wa*a[i] + wb*b[i]
	}
	return dst
}

// MeanOf returns the mean code of the rows in idx.
func MeanOf(c *Codes, idx []int) ([]float64, error) {
	if len(idx) == 0 {
		return nil, fmt.Errorf("model: mean of an empty selection")
	}
	m := make([]float64, c.D)
	for _, i := range idx {
		for j, v := range c.Row(i) {
			m[j] += float64(v)
		}
	}
	for j := range m {
		m[j] /= float64(len(idx))
	}
	return m, nil
}

// AttributeVector returns mean(codes[a]) − mean(codes[b]): the direction
// from group b to group a (e.g. "smiling" minus "not smiling").
func AttributeVector(c *Codes, a, b []int) ([]float64, error) {
	ma, err := MeanOf(c, a)
	if err != nil {
		return nil, fmt.Errorf("first group: %w", err)
	}
	mb, err := MeanOf(c, b)
	if err != nil {
		return nil, fmt.Errorf("second group: %w", err)
	}
	for j := range ma {
		ma[j] -= mb[j]
	}
	return ma, nil
}

func resize(s []float64, n int) []float64 {
	if cap(s) < n {
		return make([]float64, n)
	}
	return s[:n]
}
