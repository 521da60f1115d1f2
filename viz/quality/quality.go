package quality

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"

	"gonum.org/v1/gonum/mat"

	"github.com/latent-explorer/latent/viz"
	"github.com/latent-explorer/latent/viz/internal/parallel"
)

// Options controls an evaluation. The zero value means k = 10, every point,
// all cores.
type Options struct {
	// K is the neighbourhood size (default 10).
	K int
	// Sample, if positive and below n, evaluates that many points drawn
	// without replacement (seeded by Seed) instead of all of them.
	Sample int
	// Seed seeds the sample.
	Seed uint64
	// Threads is the number of goroutines; 0 means runtime.GOMAXPROCS(0).
	Threads int
	// Progress, if not nil, receives the fraction done.
	Progress func(fraction float64)
}

// Report holds the metrics of a map.
type Report struct {
	K, N, Evaluated int
	Trustworthiness float64
	Continuity      float64
	Recall          float64
	// Accuracy is NaN when no labels were given.
	Accuracy float64
}

// Evaluate measures the map y (n×2, or any dimension) of the codes x (n×d).
// labels may be nil; otherwise it has n entries.
func Evaluate(ctx context.Context, x, y *mat.Dense, labels []int, opts Options) (*Report, error) {
	n, k, err := check(x, y, labels, opts)
	if err != nil {
		return nil, err
	}
	points := samplePoints(n, opts)
	sums, err := accumulate(ctx, x, y, labels, points, k, opts)
	if err != nil {
		return nil, err
	}
	m := float64(len(points))
	// Venna & Kaski's normalisation, as sklearn.manifold.trustworthiness;
	// a sample's penalty sum is scaled up to n points.
	norm := 2 / (float64(n) * float64(k) * (2*float64(n) - 3*float64(k) - 1))
	r := &Report{K: k, N: n, Evaluated: len(points),
		Trustworthiness: 1 - norm*sums.trust*float64(n)/m,
		Continuity:      1 - norm*sums.cont*float64(n)/m,
		Recall:          sums.recall / (m * float64(k)),
		Accuracy:        math.NaN(),
	}
	if labels != nil {
		r.Accuracy = sums.right / m
	}
	return r, nil
}

// check validates the inputs and returns n and k.
func check(x, y *mat.Dense, labels []int, opts Options) (n, k int, err error) {
	n, _ = x.Dims()
	if ny, _ := y.Dims(); ny != n {
		return 0, 0, fmt.Errorf("quality: %d codes but %d map points", n, ny)
	}
	if labels != nil && len(labels) != n {
		return 0, 0, fmt.Errorf("quality: %d codes but %d labels", n, len(labels))
	}
	k = opts.K
	if k == 0 {
		k = 10
	}
	if k < 1 {
		return 0, 0, fmt.Errorf("quality: k = %d, want at least 1", k)
	}
	// The normalisation needs 2n - 3k - 1 > 0, as scikit-learn's k < n/2.
	if 2*n-3*k-1 <= 0 {
		return 0, 0, fmt.Errorf("quality: %w: %d points for k = %d; need k < n/2", viz.ErrTooFewPoints, n, k)
	}
	for name, m := range map[string]*mat.Dense{"codes": x, "map": y} {
		if err := finite(m); err != nil {
			return 0, 0, fmt.Errorf("quality: %s: %w", name, err)
		}
	}
	return n, k, nil
}

func finite(m *mat.Dense) error {
	r, _ := m.Dims()
	for i := range r {
		for j, v := range m.RawRowView(i) {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("row %d, column %d is %v", i, j, v)
			}
		}
	}
	return nil
}

// samplePoints returns the indices of the points to evaluate, sorted.
func samplePoints(n int, opts Options) []int {
	if opts.Sample <= 0 || opts.Sample >= n {
		p := make([]int, n)
		for i := range p {
			p[i] = i
		}
		return p
	}
	r := rand.New(rand.NewPCG(opts.Seed, 0x9a1))
	p := r.Perm(n)[:opts.Sample]
	sort.Ints(p)
	return p
}

// sums are the per-point quantities summed over the evaluated points.
type sums struct {
	trust, cont, recall, right float64
}

func (s *sums) add(o sums) {
	s.trust += o.trust
	s.cont += o.cont
	s.recall += o.recall
	s.right += o.right
}

// accumulate evaluates the points on threads goroutines, each a static
// range, and adds their sums in order (so the result is deterministic).
func accumulate(ctx context.Context, x, y *mat.Dense, labels []int, points []int, k int, opts Options) (sums, error) {
	threads := max(1, min(parallel.Threads(opts.Threads), len(points)))
	part := make([]sums, threads)
	done := parallel.NewProgress(len(points), 64, opts.Progress)
	parallel.Ranges(len(points), threads, func(t, lo, hi int) {
		e := newEvaluator(x, y, labels, k)
		for _, i := range points[lo:hi] {
			if ctx.Err() != nil {
				return
			}
			part[t].add(e.point(i))
			done.Add(1)
		}
	})
	var total sums
	for _, p := range part {
		total.add(p)
	}
	return total, ctx.Err()
}
