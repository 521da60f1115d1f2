package cluster

import (
	"context"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/latent-explorer/latent/viz/internal/parallel"
	"github.com/latent-explorer/latent/viz/internal/vec"
)

// hamerlyState holds Hamerly's (2010) bounds: for each point an upper bound
// on the distance to its assigned centre and a lower bound on the distance
// to every other centre; for each centre half the distance to the nearest
// other centre.
type hamerlyState struct {
	x, centers   *mat.Dense
	labels       []int
	upper, lower []float64
	half, moved  []float64
	threads      int
}

// hamerly runs Lloyd's iterations from the given centres, accelerated by
// Hamerly's bounds, until the labels stop changing, the centres move less
// than tol (summed squared movement), or maxIter iterations.
func hamerly(ctx context.Context, x, centers *mat.Dense, maxIter int, tol float64, threads int) (*KMeansResult, error) {
	n, _ := x.Dims()
	k, _ := centers.Dims()
	s := &hamerlyState{
		x: x, centers: centers, labels: make([]int, n),
		upper: make([]float64, n), lower: make([]float64, n),
		half: make([]float64, k), moved: make([]float64, k), threads: threads,
	}
	if err := s.initBounds(ctx); err != nil {
		return nil, err
	}
	return iterateBounded(ctx, s, x, centers, s.labels, maxIter, tol, threads)
}

// boundedLloyd is the state of Lloyd's iterations accelerated by bounds on
// the point-centre distances (Hamerly's or Elkan's).
type boundedLloyd interface {
	// moveCenters moves the centres to their points' means and returns
	// the summed squared movement.
	moveCenters() float64
	// updateBounds loosens the bounds by the centres' movement.
	updateBounds()
	// assign reassigns the points the bounds no longer prove and returns
	// how many labels changed.
	assign(ctx context.Context) (int, error)
}

// iterateBounded runs s's iterations until the labels stop changing, the
// centres move less than tol, or maxIter iterations, and returns the
// result with its inertia computed exactly.
func iterateBounded(ctx context.Context, s boundedLloyd, x, centers *mat.Dense, labels []int, maxIter int, tol float64, threads int) (*KMeansResult, error) {
	iter := 0
	for iter < maxIter {
		iter++
		if shift := s.moveCenters(); shift <= tol {
			break
		}
		s.updateBounds()
		changed, err := s.assign(ctx)
		if err != nil {
			return nil, err
		}
		if changed == 0 {
			s.moveCenters()
			break
		}
	}
	inertia, err := assignAll(ctx, x, centers, labels, threads)
	if err != nil {
		return nil, err
	}
	return &KMeansResult{Labels: labels, Centers: centers, Inertia: inertia, Iterations: iter}, nil
}

// initBounds assigns every point exactly and sets its bounds.
func (s *hamerlyState) initBounds(ctx context.Context) error {
	n, _ := s.x.Dims()
	return parallel.Blocks(ctx, n, 1024, s.threads, func(_, _, lo, hi int) {
		for i := lo; i < hi; i++ {
			s.labels[i], s.upper[i], s.lower[i] = twoNearest(s.x.RawRowView(i), s.centers)
		}
	})
}

// twoNearest returns the nearest centre to p, the distance to it and the
// distance to the second nearest (+Inf when there is one centre).
func twoNearest(p []float64, centers *mat.Dense) (int, float64, float64) {
	k, _ := centers.Dims()
	best, d1, d2 := 0, math.Inf(1), math.Inf(1)
	for j := 0; j < k; j++ {
		d := vec.SqDist(p, centers.RawRowView(j))
		switch {
		case d < d1:
			best, d1, d2 = j, d, d1
		case d < d2:
			d2 = d
		}
	}
	return best, math.Sqrt(d1), math.Sqrt(d2)
}

// moveCenters sets each centre to the mean of its points (an empty
// cluster keeps its centre), records how far each moved, and returns the
// summed squared movement. Sums are reduced in a fixed block order.
func (s *hamerlyState) moveCenters() float64 {
	n, d := s.x.Dims()
	k, _ := s.centers.Dims()
	const block = 4096
	nb := parallel.NumBlocks(n, block)
	sums := make([]float64, nb*k*d)
	counts := make([]int, nb*k)
	_ = parallel.Blocks(context.Background(), n, block, s.threads, func(_, b, lo, hi int) {
		sb, cb := sums[b*k*d:(b+1)*k*d], counts[b*k:(b+1)*k]
		for i := lo; i < hi; i++ {
			j := s.labels[i]
			cb[j]++
			dst := sb[j*d : (j+1)*d]
			for c, v := range s.x.RawRowView(i) {
				dst[c] += v
			}
		}
	})
	var shift float64
	mean := make([]float64, d)
	for j := 0; j < k; j++ {
		s.moved[j] = 0
		if !blockMean(sums, counts, j, k, d, mean) {
			continue
		}
		m := vec.SqDist(mean, s.centers.RawRowView(j))
		s.moved[j] = math.Sqrt(m)
		shift += m
		s.centers.SetRow(j, mean)
	}
	return shift
}

// blockMean reduces the per-block sums of cluster j into mean and reports
// whether the cluster has any point.
func blockMean(sums []float64, counts []int, j, k, d int, mean []float64) bool {
	clear(mean)
	count := 0
	for b := 0; b < len(counts)/k; b++ {
		count += counts[b*k+j]
		for c, v := range sums[(b*k+j)*d : (b*k+j+1)*d] {
			mean[c] += v
		}
	}
	if count == 0 {
		return false
	}
	for c := range mean {
		mean[c] /= float64(count)
	}
	return true
}

// updateBounds loosens the bounds by the centres' movement and recomputes
// the half distances between centres.
func (s *hamerlyState) updateBounds() {
	far, second := 0, -1
	for j := range s.moved {
		if s.moved[j] > s.moved[far] {
			far = j
		}
	}
	for j := range s.moved {
		if j != far && (second < 0 || s.moved[j] > s.moved[second]) {
			second = j
		}
	}
	for i, a := range s.labels {
		s.upper[i] += s.moved[a]
		switch {
		case a != far:
			s.lower[i] -= s.moved[far]
		case second >= 0:
			s.lower[i] -= s.moved[second]
		}
	}
	s.halfDistances()
}

// halfDistances sets half[j] to half the distance from centre j to the
// nearest other centre.
func (s *hamerlyState) halfDistances() {
	k := len(s.half)
	for j := 0; j < k; j++ {
		m := math.Inf(1)
		for l := 0; l < k; l++ {
			if l != j {
				m = min(m, vec.SqDist(s.centers.RawRowView(j), s.centers.RawRowView(l)))
			}
		}
		s.half[j] = math.Sqrt(m) / 2
	}
}

// assign reassigns the points whose bounds no longer prove their label and
// returns how many labels changed.
func (s *hamerlyState) assign(ctx context.Context) (int, error) {
	n, _ := s.x.Dims()
	return reassignAll(ctx, n, s.threads, s.reassign)
}

// reassign checks point i against its bounds, tightening them and scanning
// all centres only when needed; it reports whether the label changed.
func (s *hamerlyState) reassign(i int) bool {
	a := s.labels[i]
	m := max(s.half[a], s.lower[i])
	if s.upper[i] <= m {
		return false
	}
	p := s.x.RawRowView(i)
	s.upper[i] = math.Sqrt(vec.SqDist(p, s.centers.RawRowView(a)))
	if s.upper[i] <= m {
		return false
	}
	s.labels[i], s.upper[i], s.lower[i] = twoNearest(p, s.centers)
	return s.labels[i] != a
}
