package projection

import (
	"context"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/latent-explorer/latent/viz/internal/parallel"
)

// Spectral initialisation of UMAP (McInnes et al. 2018, §4.1; umap-learn's
// spectral_layout): the eigenvectors of the two smallest non-trivial
// eigenvalues of the symmetric normalised Laplacian L = I − D^(−½) W D^(−½)
// of the fuzzy graph (Belkin & Niyogi 2003). No dense eigendecomposition:
// the Lanczos process with full reorthogonalisation (Golub & Van Loan,
// Matrix Computations, 4th ed., §10.1) runs on the sparse operator
// S = (I + D^(−½) W D^(−½))/2, whose largest eigenvalues are L's smallest
// and which is positive semidefinite, deflated against the trivial
// eigenvector D^(½)·1. Each Lanczos step costs one sparse product and the
// reorthogonalisation, O(nnz + m·n).
//
// A disconnected graph is laid out as umap-learn's multi_component_layout
// does: the components' centroids in data space are placed by their two
// principal components (classical multidimensional scaling), and each
// component gets its own spectral layout (random for components too small
// to have one), scaled to half the smallest distance between centroids.

const (
	spectralBasisStart = 32   // first Krylov basis size
	spectralBasisMax   = 128  // largest basis; Ritz vectors are used as they are
	spectralTol        = 1e-4 // residual tolerance, as umap-learn's eigsh(tol=1e-4)
	initNoiseScale     = 1e-4 // umap-learn adds N(0, 1e-4²) noise to the init
)

// spectralLayout returns the initial n×2 layout (row-major) of g, scaled as
// umap-learn scales it: to a maximum absolute value of 10, plus small
// Gaussian noise, then each coordinate to [0, 10].
func spectralLayout(ctx context.Context, g *umapGraph, x *mat.Dense, seed uint64, threads int) ([]float64, error) {
	comp, sizes := graphComponents(g)
	y := make([]float64, 2*g.n)
	if len(sizes) == 1 {
		all := make([]int32, g.n)
		for i := range all {
			all[i] = int32(i)
		}
		if err := componentLayout(ctx, g, all, y, seed, threads); err != nil {
			return nil, err
		}
	} else if err := multiComponentLayout(ctx, g, x, comp, sizes, y, seed, threads); err != nil {
		return nil, err
	}
	scaleInit(y, seed)
	return y, nil
}

// graphComponents labels the connected components of g and returns the labels
// and each component's size.
func graphComponents(g *umapGraph) ([]int32, []int) {
	comp := make([]int32, g.n)
	for i := range comp {
		comp[i] = -1
	}
	var sizes []int
	var stack []int32
	for s := range g.n {
		if comp[s] >= 0 {
			continue
		}
		c := int32(len(sizes))
		comp[s] = c
		stack = append(stack[:0], int32(s))
		size := 0
		for len(stack) > 0 {
			v := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			size++
			adj, _ := g.edges(int(v))
			for _, j := range adj {
				if comp[j] < 0 {
					comp[j] = c
					stack = append(stack, j)
				}
			}
		}
		sizes = append(sizes, size)
	}
	return comp, sizes
}

// componentLayout writes a spectral layout of the connected vertex set verts
// into y, with coordinates of unit scale (eigenvector entries).
func componentLayout(ctx context.Context, g *umapGraph, verts []int32, y []float64, seed uint64, threads int) error {
	op := newNormalizedAdjacency(g, verts)
	vecs, err := op.topEigenvectors(ctx, 2, seed, threads)
	if err != nil {
		return err
	}
	for li, v := range verts {
		y[2*v], y[2*v+1] = vecs[0][li], vecs[1][li]
	}
	return nil
}

// normalizedAdjacency is S = (I + D^(−½) W D^(−½))/2 on one connected vertex set.
type normalizedAdjacency struct {
	g       *umapGraph
	verts   []int32
	local   map[int32]int32 // global → local index; nil when verts is all vertices
	invSqrt []float64       // D^(−½), local
	trivial []float64       // unit D^(½)·1, the eigenvector of eigenvalue 1
}

func newNormalizedAdjacency(g *umapGraph, verts []int32) *normalizedAdjacency {
	op := &normalizedAdjacency{g: g, verts: verts}
	if len(verts) != g.n {
		op.local = make(map[int32]int32, len(verts))
		for li, v := range verts {
			op.local[v] = int32(li)
		}
	}
	op.invSqrt = make([]float64, len(verts))
	op.trivial = make([]float64, len(verts))
	for li, v := range verts {
		_, w := g.edges(int(v))
		var deg float64
		for _, x := range w {
			deg += x
		}
		op.invSqrt[li] = 1 / math.Sqrt(deg)
		op.trivial[li] = math.Sqrt(deg)
	}
	spNormalize(op.trivial)
	return op
}

func (op *normalizedAdjacency) index(j int32) int32 {
	if op.local == nil {
		return j
	}
	return op.local[j]
}

// apply writes S·x into dst, rows split across threads.
func (op *normalizedAdjacency) apply(dst, x []float64, threads int) {
	parallel.Ranges(len(op.verts), threads, func(_, lo, hi int) {
		for li := lo; li < hi; li++ {
			adj, w := op.g.edges(int(op.verts[li]))
			var s float64
			for e, j := range adj {
				lj := op.index(j)
				s += w[e] * op.invSqrt[lj] * x[lj]
			}
			dst[li] = 0.5 * (x[li] + op.invSqrt[li]*s)
		}
	})
}

// topEigenvectors returns the k leading eigenvectors of S orthogonal to the
// trivial one, by Lanczos with full reorthogonalisation, growing the basis
// until the Ritz residuals are below spectralTol or the basis reaches
// spectralBasisMax (or the dimension).
func (op *normalizedAdjacency) topEigenvectors(ctx context.Context, k int, seed uint64, threads int) ([][]float64, error) {
	n := len(op.verts)
	l := &lanczosRun{op: op, threads: threads}
	l.start(seed)
	for m := min(spectralBasisStart, n-1); ; m = min(2*m, spectralBasisMax, n-1) {
		if err := l.extend(ctx, m); err != nil {
			return nil, err
		}
		vecs, ok := l.ritz(k)
		if ok || l.exhausted || m >= min(spectralBasisMax, n-1) {
			return vecs, nil
		}
	}
}

// lanczosRun is one Lanczos process on a normalizedAdjacency.
type lanczosRun struct {
	op          *normalizedAdjacency
	threads     int
	q           [][]float64 // orthonormal basis
	alpha, beta []float64   // the tridiagonal matrix; beta[j] couples q[j] and q[j+1]
	next        []float64   // the unnormalised next basis vector
	exhausted   bool        // an invariant subspace was found
}

// start sets a seeded random unit starting vector orthogonal to the trivial one.
func (l *lanczosRun) start(seed uint64) {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	v := make([]float64, len(l.op.verts))
	for i := range v {
		v[i] = r.NormFloat64()
	}
	spProject(v, l.op.trivial)
	spNormalize(v)
	l.next = v
}

// extend grows the basis to m vectors.
func (l *lanczosRun) extend(ctx context.Context, m int) error {
	for len(l.q) < m && !l.exhausted {
		if err := ctx.Err(); err != nil {
			return err
		}
		v := l.next
		if len(l.q) > 0 {
			b := spNorm(v)
			if b < 1e-10 {
				l.exhausted = true
				break
			}
			l.beta = append(l.beta, b)
			spScale(v, 1/b)
		}
		l.q = append(l.q, v)
		w := make([]float64, len(v))
		l.op.apply(w, v, l.threads)
		l.alpha = append(l.alpha, spDot(w, v))
		l.reorthogonalize(w)
		l.next = w
	}
	return nil
}

// reorthogonalize removes from w its components along the trivial vector
// and the basis by classical Gram–Schmidt applied twice ("twice is
// enough", Giraud et al. 2005). The dot products are summed over fixed
// blocks of rows in block order, so the result does not depend on the
// thread count.
func (l *lanczosRun) reorthogonalize(w []float64) {
	basis := append([][]float64{l.op.trivial}, l.q...)
	const block = 4096
	blocks := (len(w) + block - 1) / block
	partial := make([]float64, blocks*len(basis))
	h := make([]float64, len(basis))
	for range 2 {
		parallel.Ranges(blocks, l.threads, func(_, lo, hi int) {
			for b := lo; b < hi; b++ {
				r0, r1 := b*block, min((b+1)*block, len(w))
				for k, q := range basis {
					partial[b*len(basis)+k] = spDot(w[r0:r1], q[r0:r1])
				}
			}
		})
		clear(h)
		for b := range blocks {
			for k := range basis {
				h[k] += partial[b*len(basis)+k]
			}
		}
		parallel.Ranges(blocks, l.threads, func(_, lo, hi int) {
			r0, r1 := lo*block, min(hi*block, len(w))
			for k, q := range basis {
				spAxpy(w[r0:r1], -h[k], q[r0:r1])
			}
		})
	}
}

// ritz returns the k leading Ritz vectors and whether their residuals are
// within tolerance.
func (l *lanczosRun) ritz(k int) ([][]float64, bool) {
	m := len(l.q)
	t, ok := tridiagonalEigen(l.alpha, l.beta)
	if !ok {
		return l.fallbackVectors(k), false
	}
	ok = t.converged(min(k, m), spNorm(l.next), spectralTol)
	out := make([][]float64, k)
	for c := range k {
		v := make([]float64, len(l.op.verts))
		if c < m {
			col := t.order[c]
			for j := range m {
				spAxpy(v, t.vecs.At(j, col), l.q[j])
			}
		}
		out[c] = v
	}
	return out, ok
}

// fallbackVectors returns the first k basis vectors (orthonormal, smooth
// after one product each) if the small eigenproblem fails.
func (l *lanczosRun) fallbackVectors(k int) [][]float64 {
	out := make([][]float64, k)
	for c := range k {
		out[c] = make([]float64, len(l.op.verts))
		if c < len(l.q) {
			copy(out[c], l.q[c])
		}
	}
	return out
}

// scaleInit applies umap-learn's scaling of an initial layout: to a
// maximum absolute value of 10, plus N(0, 1e-4²) noise, then each
// coordinate affinely to [0, 10].
func scaleInit(y []float64, seed uint64) {
	var m float64
	for _, v := range y {
		m = max(m, math.Abs(v))
	}
	if m == 0 {
		m = 1
	}
	r := rand.New(rand.NewPCG(seed, 0x401e))
	for i := range y {
		y[i] = y[i]*10/m + initNoiseScale*r.NormFloat64()
	}
	for c := range 2 {
		lo, hi := math.Inf(1), math.Inf(-1)
		for i := c; i < len(y); i += 2 {
			lo, hi = min(lo, y[i]), max(hi, y[i])
		}
		if hi == lo {
			hi = lo + 1
		}
		for i := c; i < len(y); i += 2 {
			y[i] = 10 * (y[i] - lo) / (hi - lo)
		}
	}
}

func spDot(a, b []float64) float64 {
	b = b[:len(a)]
	var s float64
	for i, v := range a {
		s += v * b[i]
	}
	return s
}

func spNorm(a []float64) float64 { return math.Sqrt(spDot(a, a)) }

func spScale(a []float64, f float64) {
	for i := range a {
		a[i] *= f
	}
}

// spAxpy does y += f·x.
func spAxpy(y []float64, f float64, x []float64) {
	x = x[:len(y)]
	for i := range y {
		y[i] += f * x[i]
	}
}

// spProject removes from v its component along the unit vector u.
func spProject(v, u []float64) { spAxpy(v, -spDot(v, u), u) }

func spNormalize(v []float64) {
	if n := spNorm(v); n > 0 {
		spScale(v, 1/n)
	}
}
