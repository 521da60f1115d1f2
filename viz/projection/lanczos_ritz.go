package projection

import (
	"math"
	"sort"

	"gonum.org/v1/gonum/mat"
)

// ritzPairs is the eigendecomposition of the tridiagonal matrix T of a
// Lanczos process: the step that both of its uses share, PCA's on a dense
// covariance (lanczos.go) and UMAP's spectral initialisation on a sparse
// graph operator (spectral.go). The Ritz values of the process are vals,
// the eigenvectors of T (in the basis of the Lanczos vectors) the columns
// of vecs, and order lists the columns by decreasing value.
type ritzPairs struct {
	vals  []float64
	vecs  *mat.Dense
	order []int
}

// tridiagonalEigen decomposes the symmetric tridiagonal matrix with
// diagonal alpha and off-diagonal beta (len(alpha)−1 entries; beta[j]
// couples rows j and j+1). It reports false if the decomposition fails.
func tridiagonalEigen(alpha, beta []float64) (ritzPairs, bool) {
	m := len(alpha)
	t := mat.NewSymDense(m, nil)
	for j := range m {
		t.SetSym(j, j, alpha[j])
		if j+1 < m {
			t.SetSym(j, j+1, beta[j])
		}
	}
	var e mat.EigenSym
	if !e.Factorize(t, true) {
		return ritzPairs{}, false
	}
	p := ritzPairs{vals: e.Values(nil), vecs: new(mat.Dense), order: make([]int, m)}
	e.VectorsTo(p.vecs)
	for i := range p.order {
		p.order[i] = i
	}
	// EigenSym sorts ascending; ties, which need a zero in beta, keep
	// their column order.
	sort.SliceStable(p.order, func(a, b int) bool { return p.vals[p.order[a]] > p.vals[p.order[b]] })
	return p, true
}

// converged reports whether the k leading Ritz pairs have residual norms
// at most tol. The residual of pair j is |β·s_mj| (Golub & Van Loan,
// Matrix Computations, 4th ed., §10.1.4), where β is the norm of the next,
// unnormalised Lanczos vector and s_mj the last entry of T's eigenvector.
func (p ritzPairs) converged(k int, beta, tol float64) bool {
	m := len(p.order)
	for _, col := range p.order[:k] {
		if math.Abs(beta*p.vecs.At(m-1, col)) > tol {
			return false
		}
	}
	return true
}
