package cluster

import (
	"context"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/latent-explorer/latent/viz/internal/parallel"
	"github.com/latent-explorer/latent/viz/internal/vec"
)

// elkanState holds Elkan's (2003) bounds: for each point an upper bound on
// the distance to its centre and one lower bound per centre, and the
// distances between centres. More memory than Hamerly's (n·k bounds) but
// far fewer distance computations in higher dimensions.
type elkanState struct {
	hamerlyState
	bounds []float64 // lower bound of point i to centre j at i*k+j
	cc     []float64 // half the distance between centres j and l at j*k+l
	xNorm  []float64 // squared norms of the points
	cNorm  []float64 // squared norms of the centres
}

// dist returns the distance from point i to centre j.
func (s *elkanState) dist(i, j int) float64 {
	return math.Sqrt(dotSqDist(s.x.RawRowView(i), s.centers.RawRowView(j), s.xNorm[i], s.cNorm[j]))
}

// centerNorms recomputes the centres' squared norms.
func (s *elkanState) centerNorms() {
	for j := range s.cNorm {
		c := s.centers.RawRowView(j)
		s.cNorm[j] = floats.Dot(c, c)
	}
}

// elkan runs Lloyd's iterations (distances from norms and vectorised dot
// products, as scikit-learn computes them) from the given centres, accelerated by
// Elkan's bounds, with the same stopping rules as hamerly.
func elkan(ctx context.Context, x, centers *mat.Dense, maxIter int, tol float64, threads int) (*KMeansResult, error) {
	n, _ := x.Dims()
	k, _ := centers.Dims()
	s := &elkanState{
		hamerlyState: hamerlyState{x: x, centers: centers, labels: make([]int, n),
			upper: make([]float64, n), half: make([]float64, k), moved: make([]float64, k), threads: threads},
		bounds: make([]float64, n*k), cc: make([]float64, k*k),
		xNorm: rowNorms(x), cNorm: make([]float64, k),
	}
	s.centerNorms()
	if err := s.initBounds(ctx); err != nil {
		return nil, err
	}
	return iterateBounded(ctx, s, x, centers, s.labels, maxIter, tol, threads)
}

// initBounds computes every point-centre distance once.
func (s *elkanState) initBounds(ctx context.Context) error {
	n, _ := s.x.Dims()
	k := len(s.half)
	return parallel.Blocks(ctx, n, 1024, s.threads, func(_, _, lo, hi int) {
		for i := lo; i < hi; i++ {
			lb := s.bounds[i*k : (i+1)*k]
			best := 0
			for j := range lb {
				lb[j] = s.dist(i, j)
				if lb[j] < lb[best] {
					best = j
				}
			}
			s.labels[i], s.upper[i] = best, lb[best]
		}
	})
}

// updateBounds recomputes the centres' norms, shifts the bounds by the
// centres' movement and recomputes the centre-centre distances.
func (s *elkanState) updateBounds() {
	s.centerNorms()
	k := len(s.half)
	for i, a := range s.labels {
		s.upper[i] += s.moved[a]
		lb := s.bounds[i*k : (i+1)*k]
		for j, m := range s.moved {
			lb[j] = max(lb[j]-m, 0)
		}
	}
	for j := 0; j < k; j++ {
		s.half[j] = math.Inf(1)
		for l := 0; l < k; l++ {
			if l != j {
				s.cc[j*k+l] = math.Sqrt(vec.SqDist(s.centers.RawRowView(j), s.centers.RawRowView(l))) / 2
				s.half[j] = min(s.half[j], s.cc[j*k+l])
			}
		}
	}
}

// assign reassigns the points whose bounds no longer prove their label and
// returns how many labels changed.
func (s *elkanState) assign(ctx context.Context) (int, error) {
	n, _ := s.x.Dims()
	return reassignAll(ctx, n, s.threads, s.reassign)
}

// reassign applies Elkan's tests to point i, computing a distance only
// when a centre may be closer than the current one.
func (s *elkanState) reassign(i int) bool {
	a0 := s.labels[i]
	if s.upper[i] <= s.half[a0] {
		return false
	}
	k := len(s.half)
	lb := s.bounds[i*k : (i+1)*k]
	a, u, stale := a0, s.upper[i], true
	for j := 0; j < k; j++ {
		if j == a || u <= lb[j] || u <= s.cc[a*k+j] {
			continue
		}
		if stale {
			u = s.dist(i, a)
			lb[a], stale = u, false
			if u <= lb[j] || u <= s.cc[a*k+j] {
				continue
			}
		}
		lb[j] = s.dist(i, j)
		if lb[j] < u || (lb[j] == u && j < a) {
			a, u = j, lb[j]
		}
	}
	s.labels[i], s.upper[i] = a, u
	return a != a0
}
