package projection

import (
	"context"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// gramPCA returns the top k eigenpairs of the covariance of x (n×d) and its
// trace through the n×n Gram matrix of the centred rows, for data wider
// than it is tall (a few hundred codes of a 4096-value latent): with
// Xc = U Σ Vᵀ, Xc Xcᵀ/(n-1) = U (Σ²/(n-1)) Uᵀ has the covariance's non-zero
// eigenvalues, and its eigenvectors give the covariance's as
// v = Xcᵀu / σ. That costs n²·d instead of forming the d×d covariance
// (n·d²) and iterating on it. The covariance has rank below n, so
// components past its rank have variance zero; they are completed to an
// orthonormal set from seeded random vectors.
func gramPCA(ctx context.Context, x *mat.Dense, mean []float64, k int, seed uint64) ([]float64, *mat.Dense, float64, error) {
	n, d := x.Dims()
	xc := mat.NewDense(n, d, nil)
	for i := range n {
		floats.SubTo(xc.RawRowView(i), x.RawRowView(i), mean)
	}
	var gd mat.Dense
	gd.Mul(xc, xc.T())
	g := mat.NewSymDense(n, nil)
	scale := 1 / float64(n-1)
	total := 0.0
	for i := range n {
		for j := i; j < n; j++ {
			g.SetSym(i, j, gd.At(i, j)*scale)
		}
		total += g.At(i, i)
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, 0, err
	}
	m := min(k, n)
	gv, u, err := topEigen(ctx, g, m, seed)
	if err != nil {
		return nil, nil, 0, err
	}
	vals := make([]float64, k)
	vecs := mat.NewDense(d, k, nil)
	col := make([]float64, d)
	var uj mat.VecDense
	tiny := 1e-12 * math.Max(gv[0], 0)
	for j := range m {
		if gv[j] <= tiny {
			break
		}
		vals[j] = gv[j]
		uj.ColViewOf(u, j)
		v := mat.NewVecDense(d, col)
		v.MulVec(xc.T(), &uj)
		floats.Scale(1/math.Sqrt(gv[j]*float64(n-1)), col)
		vecs.SetCol(j, col)
	}
	completeOrthonormal(vecs, seed)
	return vals, vecs, total, nil
}

// completeOrthonormal re-orthonormalises the columns of q (d×k, k ≤ d) and
// replaces the zero ones, in order, by seeded random vectors orthogonal to
// every column before them.
func completeOrthonormal(q *mat.Dense, seed uint64) {
	_, k := q.Dims()
	rnd := rand.New(rand.NewPCG(seed, 0x6a7d))
	cols := make([][]float64, k)
	for j := range k {
		c := mat.Col(nil, j, q)
		orthogonalise(c, cols[:j])
		for floats.Norm(c, 2) == 0 {
			for i := range c {
				c[i] = rnd.NormFloat64()
			}
			orthogonalise(c, cols[:j])
		}
		cols[j] = c
		q.SetCol(j, c)
	}
}

// orthogonalise removes from v its components along the orthonormal
// vectors prev, twice (Giraud et al. 2005), and normalises it; a v
// dependent on prev becomes zero.
func orthogonalise(v []float64, prev [][]float64) {
	norm0 := floats.Norm(v, 2)
	for range 2 {
		for _, p := range prev {
			floats.AddScaled(v, -floats.Dot(p, v), p)
		}
	}
	if nrm := floats.Norm(v, 2); nrm > 1e-12*norm0 && nrm > 0 {
		floats.Scale(1/nrm, v)
	} else {
		floats.Scale(0, v)
	}
}
