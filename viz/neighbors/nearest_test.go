package neighbors

import (
	"context"
	"errors"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// nearestCases: reference from scikit-learn 1.2 (Debian python3-sklearn),
// NearestNeighbors(algorithm="brute", metric=...).kneighbors.
var nearestCases = []struct {
	name   string
	z      []float64
	metric Metric
	skip   int
	idx    []int
	dist   []float64
}{
	{"euclidean", []float64{1, 1.2}, Euclidean, -1, []int{6, 1, 5, 2}, []float64{0.860232526704, 1.2, 1.220655561573, 1.280624847487}},
	// Rows 3 and 6 point the same way: a tie, lower row first.
	{"cosine", []float64{1, 1.2}, Cosine, -1, []int{3, 6, 5, 2}, []float64{0.004106793532, 0.004106793532, 0.192608877742, 0.231778720403}},
	// From row 1, leaving row 1 out (rows 2 and 4 tie at rank 3: not compared).
	{"skip", []float64{1, 0}, Euclidean, 1, []int{6, 0, 5}, []float64{0.7071067811865476, 1, 1.118033988749895}},
}

var nearestPoints = mat.NewDense(7, 2, []float64{0, 0, 1, 0, 0, 2, 3, 3, -1, -1, 2, 0.5, 0.5, 0.5})

func TestNearest(t *testing.T) {
	for _, c := range nearestCases {
		idx, dist, err := Nearest(context.Background(), nearestPoints, c.z, 4, c.metric, c.skip)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		for r := range c.idx {
			if math.Abs(dist[r]-c.dist[r]) > 1e-9 {
				t.Errorf("%s: rank %d distance %.12g, want %.12g", c.name, r, dist[r], c.dist[r])
			}
		}
		if c.metric == Cosine {
			// The tie of ranks 0 and 1 may fall either way by rounding.
			idx[0], idx[1] = min(idx[0], idx[1]), max(idx[0], idx[1])
		}
		for r := range c.idx {
			if idx[r] != c.idx[r] {
				t.Errorf("%s: neighbours %v, want %v", c.name, idx, c.idx)
				break
			}
		}
	}
}

func TestNearestKAboveN(t *testing.T) {
	idx, _, err := Nearest(context.Background(), nearestPoints, []float64{0, 0}, 50, Euclidean, 0)
	if err != nil || len(idx) != 6 {
		t.Fatalf("k = 50 of 7 points leaving one out: %d neighbours, %v; want 6", len(idx), err)
	}
}

func TestNearestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := Nearest(ctx, nearestPoints, []float64{0, 0}, 2, Euclidean, -1); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: %v", err)
	}
}

func TestNearestNaN(t *testing.T) {
	x := mat.NewDense(2, 1, []float64{0, math.NaN()})
	if _, _, err := Nearest(context.Background(), x, []float64{0}, 2, Euclidean, -1); err == nil {
		t.Fatal("a NaN row gave no error")
	}
}

func TestParseMetric(t *testing.T) {
	if m, err := ParseMetric("cosine"); err != nil || m != Cosine {
		t.Errorf("cosine: %q, %v", m, err)
	}
	if _, err := ParseMetric("manhattan"); err == nil {
		t.Error("manhattan was accepted")
	}
}
