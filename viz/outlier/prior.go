package outlier

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// GaussianPrior writes into dst (allocated if nil or too short) each row's
// negative log-density under the standard normal prior N(0, I) of a VAE,
// in nats: ‖z‖²/2 + (d/2)·ln 2π. Codes far from the origin score high.
func GaussianPrior(x *mat.Dense, dst []float64) []float64 {
	n, d := x.Dims()
	dst = resize(dst, n)
	c := float64(d) / 2 * math.Log(2*math.Pi)
	for i := range dst {
		var s float64
		for _, v := range x.RawRowView(i) {
			s += v * v
		}
		dst[i] = s/2 + c
	}
	return dst
}

// UniformPrior writes into dst (allocated if nil or too short) each row's
// negative log-density under the uniform prior on the box [lo, hi]^d (as
// GANs sampling U(−1, 1) use), in nats: d·ln(hi − lo) inside the box
// (boundary included) and +Inf outside, where the prior density is zero.
// It returns an error unless lo < hi.
func UniformPrior(x *mat.Dense, lo, hi float64, dst []float64) ([]float64, error) {
	if !(lo < hi) || math.IsInf(hi-lo, 0) {
		return nil, fmt.Errorf("outlier: uniform prior needs finite low < high, got [%v, %v]", lo, hi)
	}
	n, d := x.Dims()
	dst = resize(dst, n)
	inside := float64(d) * math.Log(hi-lo)
	for i := range dst {
		dst[i] = inside
		for _, v := range x.RawRowView(i) {
			if !(v >= lo && v <= hi) {
				dst[i] = math.Inf(1)
				break
			}
		}
	}
	return dst, nil
}
