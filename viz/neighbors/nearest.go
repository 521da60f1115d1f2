package neighbors

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"github.com/latent-explorer/latent/viz/internal/vec"
)

// Metric is how Nearest measures distance.
type Metric string

// The metrics Nearest takes.
const (
	Euclidean Metric = "euclidean"
	// Cosine is one minus the cosine of the angle between two vectors (0
	// for the same direction, 2 for opposite ones); a zero vector is at
	// distance 1 from everything.
	Cosine Metric = "cosine"
)

// ParseMetric returns the metric named s ("euclidean" or "cosine").
func ParseMetric(s string) (Metric, error) {
	switch m := Metric(s); m {
	case Euclidean, Cosine:
		return m, nil
	}
	return "", fmt.Errorf("neighbors: unknown metric %q: want euclidean or cosine", s)
}

// Nearest returns the k rows of x nearest z under metric, nearest first,
// with their distances; ties keep the lower row first. The row skip (or
// -1) is left out, so a point is not its own neighbour. It is exact, in
// O(n·k) time, and stops with ctx's error when ctx is cancelled.
func Nearest(ctx context.Context, x *mat.Dense, z []float64, k int, metric Metric, skip int) (idx []int, dist []float64, err error) {
	n, d := x.Dims()
	if len(z) != d {
		panic(fmt.Sprintf("neighbors: query has %d values, rows have %d", len(z), d))
	}
	if k < 1 {
		panic("neighbors: k < 1")
	}
	dist2 := distanceTo(z, metric)
	best := &bounded{k: min(k, n)}
	for i := range n {
		if i%4096 == 0 && ctx.Err() != nil {
			return nil, nil, ctx.Err()
		}
		if i == skip {
			continue
		}
		dv := dist2(x.RawRowView(i))
		if math.IsNaN(dv) {
			return nil, nil, fmt.Errorf("neighbors: row %d is not finite", i)
		}
		best.offer(i, dv)
	}
	if metric == Euclidean {
		for i, v := range best.dist {
			best.dist[i] = math.Sqrt(v)
		}
	}
	return best.idx, best.dist, nil
}

// distanceTo returns the distance from z to a row: squared Euclidean
// (its root is taken at the end) or cosine.
func distanceTo(z []float64, metric Metric) func(row []float64) float64 {
	if metric == Cosine {
		nz := math.Sqrt(dot(z, z))
		return func(row []float64) float64 {
			nr := math.Sqrt(dot(row, row))
			if nz == 0 || nr == 0 {
				return 1
			}
			return 1 - dot(z, row)/(nz*nr)
		}
	}
	return func(row []float64) float64 { return vec.SqDist(z, row) }
}

func dot(a, b []float64) float64 {
	var s float64
	for i, v := range a {
		s += v * b[i]
	}
	return s
}

// bounded keeps the k smallest distances offered, sorted, by insertion:
// O(k) per accepted point and O(1) per rejected one.
type bounded struct {
	k    int
	idx  []int
	dist []float64
}

func (b *bounded) offer(i int, d float64) {
	if len(b.idx) == b.k && d >= b.dist[b.k-1] {
		return
	}
	p := len(b.idx)
	if p < b.k {
		b.idx, b.dist = append(b.idx, 0), append(b.dist, 0)
	} else {
		p = b.k - 1
	}
	for p > 0 && b.dist[p-1] > d {
		b.idx[p], b.dist[p] = b.idx[p-1], b.dist[p-1]
		p--
	}
	b.idx[p], b.dist[p] = i, d
}
