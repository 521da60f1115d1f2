package model

import (
	"context"
	"fmt"
	"math"
	"sort"
)

// Thresholds below which a latent dimension counts as inactive: it
// carries (almost) no information about the data (Burda et al. 2016,
// "Importance Weighted Autoencoders", §5.2, count a unit active by the
// variance of its posterior means; Lucas et al. 2019, "Don't Blame the
// ELBO", by its KL to the prior).
const (
	// InactiveKL is the mean KL divergence to the prior, in nats.
	InactiveKL = 0.01
	// InactiveVariance is the share of the largest dimension's variance.
	InactiveVariance = 0.01
)

// DimDiagnostic describes one latent dimension of a space's codes.
type DimDiagnostic struct {
	Dim int
	// Variance is the variance of the codes (the posterior means) along
	// the dimension.
	Variance float64
	// MeanKL is the mean over the items of KL(q(z_dim | x) ‖ N(0, 1)) in
	// nats, from the encoder's means and log-variances; NaN without them.
	MeanKL float64
	// Inactive reports a dimension below InactiveKL (when known) or below
	// InactiveVariance of the largest variance.
	Inactive bool
}

// Diagnostics are per-dimension statistics of a space's codes.
type Diagnostics struct {
	Dims []DimDiagnostic
	// HasKL reports that log-variances were given, so MeanKL is known.
	HasKL bool
	// TotalKL is the sum of the dimensions' mean KL (NaN without it).
	TotalKL float64
}

// Diagnose computes the variance of the codes along each dimension and,
// when logVar is not nil (the encoder's log-variances, one per code and
// dimension), the mean KL divergence of each item's diagonal Gaussian
// posterior N(μ, σ²) to the standard normal prior,
// ½(μ² + σ² − log σ² − 1), and flags inactive dimensions.
func Diagnose(codes, logVar *Codes) (*Diagnostics, error) {
	if codes == nil || codes.N == 0 {
		return nil, fmt.Errorf("diagnostics: no codes")
	}
	if logVar != nil && (logVar.N != codes.N || logVar.D != codes.D) {
		return nil, fmt.Errorf("diagnostics: log-variances are %d×%d, codes %d×%d", logVar.N, logVar.D, codes.N, codes.D)
	}
	st := CodeStats(codes)
	d := &Diagnostics{Dims: make([]DimDiagnostic, codes.D), HasKL: logVar != nil, TotalKL: math.NaN()}
	for j := range d.Dims {
		d.Dims[j] = DimDiagnostic{Dim: j, Variance: st.Std[j] * st.Std[j], MeanKL: math.NaN()}
	}
	if logVar != nil {
		d.TotalKL = 0
		for j, kl := range meanKL(codes, logVar) {
			d.Dims[j].MeanKL = kl
			d.TotalKL += kl
		}
	}
	d.flagInactive()
	return d, nil
}

// meanKL returns each dimension's mean KL to the standard normal.
func meanKL(mu, logVar *Codes) []float64 {
	kl := make([]float64, mu.D)
	for i := range mu.N {
		lv := logVar.Row(i)
		for j, m := range mu.Row(i) {
			l := float64(lv[j])
			kl[j] += 0.5 * (float64(m)*float64(m) + math.Exp(l) - l - 1)
		}
	}
	for j := range kl {
		kl[j] /= float64(mu.N)
	}
	return kl
}

func (d *Diagnostics) flagInactive() {
	var top float64
	for _, x := range d.Dims {
		top = math.Max(top, x.Variance)
	}
	for j := range d.Dims {
		x := &d.Dims[j]
		x.Inactive = x.Variance < InactiveVariance*top || (d.HasKL && x.MeanKL < InactiveKL)
	}
}

// Active returns the number of active dimensions.
func (d *Diagnostics) Active() int {
	n := 0
	for _, x := range d.Dims {
		if !x.Inactive {
			n++
		}
	}
	return n
}

// Slider orders for Diagnostics.Order.
const (
	OrderVariance = "variance"
	OrderKL       = "kl"
	OrderIndex    = "index"
)

// Order returns the dimensions in the order named by: "variance" or "kl"
// (decreasing; ties by index) or "index". Ordering by KL without
// log-variances is an error.
func (d *Diagnostics) Order(by string) ([]int, error) {
	key := func(x DimDiagnostic) float64 { return -x.Variance }
	switch by {
	case OrderVariance:
	case OrderKL:
		if !d.HasKL {
			return nil, fmt.Errorf("diagnostics: ordering by KL needs the encoder's log-variances")
		}
		key = func(x DimDiagnostic) float64 { return -x.MeanKL }
	case OrderIndex:
		key = func(x DimDiagnostic) float64 { return float64(x.Dim) }
	default:
		return nil, fmt.Errorf("diagnostics: unknown order %q (want variance, kl or index)", by)
	}
	order := make([]int, len(d.Dims))
	for j := range order {
		order[j] = j
	}
	sort.SliceStable(order, func(a, b int) bool { return key(d.Dims[order[a]]) < key(d.Dims[order[b]]) })
	return order, nil
}

// DiagnoseSpace diagnoses a space's codes. When enc is not nil and
// outputs log-variances, and the space has one data item per code, the
// data is encoded (reporting progress, which may be nil) for the KL.
func DiagnoseSpace(ctx context.Context, s *Space, enc *Encoder, progress func(float64)) (*Diagnostics, error) {
	if enc != nil && enc.HasLogVar() && s.Data != nil && s.Data.Shape[0] == s.Codes.N && enc.LatentDim() == s.Codes.D {
		x, n, err := EncoderInput(s.Path(s.Manifest.Data), s.Data, enc.InputShape(), 0)
		if err != nil {
			return nil, err
		}
		mean, lv, err := EncodeAll(ctx, enc, x, n, true, progress)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", s.EncoderPath(), err)
		}
		// The KL is of the encoder's own posterior: its means, which are
		// the codes when the codes came from this encoder.
		d, err := Diagnose(&Codes{N: n, D: enc.LatentDim(), Data: mean}, &Codes{N: n, D: enc.LatentDim(), Data: lv})
		if err != nil {
			return nil, err
		}
		return d.withVariances(CodeStats(s.Codes)), nil
	}
	return Diagnose(s.Codes, nil)
}

// withVariances replaces the variances by those of the space's codes.
func (d *Diagnostics) withVariances(st *Stats) *Diagnostics {
	for j := range d.Dims {
		d.Dims[j].Variance = st.Std[j] * st.Std[j]
	}
	d.flagInactive()
	return d
}
