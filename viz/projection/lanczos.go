package projection

import (
	"context"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// topEigen returns the k largest eigenvalues of the symmetric matrix c, in
// descending order, and their eigenvectors as the columns of a d×k matrix.
//
// Small matrices, or k close to d, use a full eigendecomposition. Otherwise
// the Lanczos process with full reorthogonalisation (Golub & Van Loan,
// Matrix Computations, 4th ed., §10.1 and §10.3) builds a Krylov basis,
// grown until the k leading Ritz pairs have residuals below 1e-12·λ₁; a
// basis of size d is exact, so the loop always ends.
func topEigen(ctx context.Context, c *mat.SymDense, k int, seed uint64) ([]float64, *mat.Dense, error) {
	d := c.SymmetricDim()
	if d <= 64 || 4*k >= d {
		return fullEigen(c, k)
	}
	l := newLanczos(c, seed)
	m := min(d, 2*k+32)
	for {
		if err := l.extend(ctx, m); err != nil {
			return nil, nil, err
		}
		vals, vecs, ok := l.ritz(k)
		if ok || l.size() >= d || l.exhausted {
			return vals, vecs, nil
		}
		m = min(d, 2*m)
	}
}

// fullEigen returns the k largest eigenvalues of c, in descending order,
// and their eigenvectors as the columns of a d×k matrix, from a full
// decomposition; entries past the dimension d are zero. If the
// decomposition fails it returns zeros and errNoConvergence.
func fullEigen(c *mat.SymDense, k int) ([]float64, *mat.Dense, error) {
	d := c.SymmetricDim()
	out := mat.NewDense(d, k, nil)
	top := make([]float64, k)
	var e mat.EigenSym
	if !e.Factorize(c, true) {
		return top, out, errNoConvergence
	}
	vals := e.Values(nil)
	var all mat.Dense
	e.VectorsTo(&all)
	for j := range min(k, d) { // EigenSym sorts ascending.
		top[j] = vals[d-1-j]
		for i := range d {
			out.Set(i, j, all.At(i, d-1-j))
		}
	}
	return top, out, nil
}

// lanczos is the state of a Lanczos process on a symmetric matrix.
type lanczos struct {
	c         *mat.SymDense
	q         [][]float64 // orthonormal basis vectors
	alpha     []float64   // diagonal of the tridiagonal matrix
	beta      []float64   // beta[j] couples q[j] and q[j+1]
	rnd       *rand.Rand
	exhausted bool // an invariant subspace was found and no new direction exists
}

func newLanczos(c *mat.SymDense, seed uint64) *lanczos {
	l := &lanczos{c: c, rnd: rand.New(rand.NewPCG(seed, 0x1a2c20))}
	l.q = append(l.q, l.randomUnit())
	return l
}

func (l *lanczos) size() int { return len(l.alpha) }

// randomUnit returns a random unit vector orthogonal to the basis so far,
// or nil if none can be found numerically.
func (l *lanczos) randomUnit() []float64 {
	d := l.c.SymmetricDim()
	for range 3 {
		v := make([]float64, d)
		for i := range v {
			v[i] = l.rnd.NormFloat64()
		}
		l.orthogonalise(v)
		if nrm := floats.Norm(v, 2); nrm > 1e-8 {
			floats.Scale(1/nrm, v)
			return v
		}
	}
	return nil
}

// orthogonalise removes from v its components along the basis, twice
// ("twice is enough": Parlett, The Symmetric Eigenvalue Problem, §6.9).
func (l *lanczos) orthogonalise(v []float64) {
	for range 2 {
		for _, q := range l.q {
			floats.AddScaled(v, -floats.Dot(q, v), q)
		}
	}
}

// extend runs the process until the basis has m vectors.
func (l *lanczos) extend(ctx context.Context, m int) error {
	d := l.c.SymmetricDim()
	w := mat.NewVecDense(d, nil)
	for len(l.alpha) < m && !l.exhausted {
		if err := ctx.Err(); err != nil {
			return err
		}
		j := len(l.alpha)
		w.MulVec(l.c, mat.NewVecDense(d, l.q[j]))
		r := w.RawVector().Data
		a := floats.Dot(l.q[j], r)
		l.alpha = append(l.alpha, a)
		l.orthogonalise(r)
		b := floats.Norm(r, 2)
		if j+1 == d {
			break
		}
		next := make([]float64, d)
		if b > 1e-10*math.Max(math.Abs(a), 1e-300) {
			floats.ScaleTo(next, 1/b, r)
		} else { // invariant subspace: restart in a fresh direction
			b, next = 0, l.randomUnit()
			if next == nil {
				l.exhausted = true
				break
			}
		}
		l.beta = append(l.beta, b)
		l.q = append(l.q, next)
	}
	return nil
}

// ritz returns the k leading Ritz pairs of the current basis and whether
// they have converged.
func (l *lanczos) ritz(k int) ([]float64, *mat.Dense, bool) {
	m := len(l.alpha)
	k = min(k, m)
	t, ok := tridiagonalEigen(l.alpha, l.beta[:min(len(l.beta), m-1)])
	if !ok {
		return nil, nil, false
	}
	bm := 0.0
	if len(l.beta) >= m {
		bm = l.beta[m-1]
	}
	scale := math.Max(math.Abs(t.vals[t.order[0]]), 1e-300)
	ok = t.converged(k, bm, 1e-12*scale)
	sk := mat.NewDense(m, k, nil)
	top := make([]float64, k)
	for j, col := range t.order[:k] {
		top[j] = t.vals[col]
		for i := range m {
			sk.Set(i, j, t.vecs.At(i, col))
		}
	}
	d := l.c.SymmetricDim()
	basis := mat.NewDense(m, d, nil)
	for i := range m {
		copy(basis.RawRowView(i), l.q[i])
	}
	out := mat.NewDense(d, k, nil)
	out.Mul(basis.T(), sk)
	return top, out, ok
}
