package projection

import (
	"context"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// randomizedPCA returns the top k principal variances and directions of
// the rows of x centred about mean, and the total variance, by randomized
// subspace iteration (Halko, Martinsson & Tropp 2011, "Finding structure
// with randomness", Algorithm 4.4, then Algorithm 5.1). The centring is
// implicit, so x is never copied: (X - 1μᵀ)Ω = XΩ - 1(μᵀΩ).
func randomizedPCA(ctx context.Context, x *mat.Dense, mean []float64, k int, seed uint64) ([]float64, *mat.Dense, float64, error) {
	n, d := x.Dims()
	l := min(k+10, d, n)
	q := 7 // power iterations, as scikit-learn's n_iter="auto" for few components
	rnd := rand.New(rand.NewPCG(seed, 0x5bd1))
	omega := mat.NewDense(d, l, nil)
	for i := range d {
		for j := range l {
			omega.Set(i, j, rnd.NormFloat64())
		}
	}
	basis := orthonormal(centredMul(x, mean, omega))
	for range q {
		if err := ctx.Err(); err != nil {
			return nil, nil, 0, err
		}
		z := orthonormal(centredMulT(x, mean, basis))
		basis = orthonormal(centredMul(x, mean, z))
	}
	b := centredMulT(x, mean, basis) // d×l = (Qᵀ Xc)ᵀ
	var svd mat.SVD
	if !svd.Factorize(b, mat.SVDThin) {
		return nil, nil, 0, errNoConvergence
	}
	var u mat.Dense
	svd.UTo(&u)
	s := svd.Values(nil)
	vals := make([]float64, k)
	for j := range k {
		vals[j] = s[j] * s[j] / float64(n-1)
	}
	vecs := mat.DenseCopyOf(u.Slice(0, d, 0, k))
	return vals, vecs, totalVariance(x, mean), nil
}

// centredMul returns (X - 1μᵀ)·m.
func centredMul(x *mat.Dense, mean []float64, m *mat.Dense) *mat.Dense {
	n, _ := x.Dims()
	_, c := m.Dims()
	out := mat.NewDense(n, c, nil)
	out.Mul(x, m)
	shift := mat.NewVecDense(c, nil)
	shift.MulVec(m.T(), mat.NewVecDense(len(mean), mean))
	for i := range n {
		row := out.RawRowView(i)
		for j := range row {
			row[j] -= shift.AtVec(j)
		}
	}
	return out
}

// centredMulT returns (X - 1μᵀ)ᵀ·m.
func centredMulT(x *mat.Dense, mean []float64, m *mat.Dense) *mat.Dense {
	_, d := x.Dims()
	r, c := m.Dims()
	out := mat.NewDense(d, c, nil)
	out.Mul(x.T(), m)
	colSum := make([]float64, c)
	for i := range r {
		for j, v := range m.RawRowView(i) {
			colSum[j] += v
		}
	}
	for i := range d {
		row := out.RawRowView(i)
		for j := range row {
			row[j] -= mean[i] * colSum[j]
		}
	}
	return out
}

// orthonormal returns an orthonormal basis of the columns of a, r×c with
// r ≥ c, by modified Gram-Schmidt applied twice (Giraud et al. 2005, "Rounding
// error analysis of the classical Gram-Schmidt orthogonalization process").
// A column dependent on the earlier ones becomes zero.
func orthonormal(a *mat.Dense) *mat.Dense {
	r, c := a.Dims()
	cols := make([][]float64, c)
	for j := range c {
		cols[j] = mat.Col(nil, j, a)
		orthogonalise(cols[j], cols[:j])
	}
	q := mat.NewDense(r, c, nil)
	for j, col := range cols {
		q.SetCol(j, col)
	}
	return q
}

// totalVariance returns the sum of the column variances of x about mean.
func totalVariance(x *mat.Dense, mean []float64) float64 {
	n, _ := x.Dims()
	s := 0.0
	for i := range n {
		for j, v := range x.RawRowView(i) {
			dv := v - mean[j]
			s += dv * dv
		}
	}
	return s / float64(n-1)
}
