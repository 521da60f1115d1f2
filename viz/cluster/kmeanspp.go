package cluster

import (
	"context"
	"math"
	"math/rand/v2"
	"sort"

	"gonum.org/v1/gonum/mat"

	"github.com/latent-explorer/latent/viz/internal/parallel"
	"github.com/latent-explorer/latent/viz/internal/vec"
)

// seedPlusPlus picks k rows of x as initial centres by greedy k-means++
// (Arthur & Vassilvitskii 2007): each new centre is the best, by the
// resulting potential, of 2+⌊ln k⌋ candidates drawn with probability
// proportional to the squared distance to the nearest centre so far.
func seedPlusPlus(ctx context.Context, x *mat.Dense, k int, rng *rand.Rand, threads int) (*mat.Dense, error) {
	n, d := x.Dims()
	centers := mat.NewDense(k, d, nil)
	trials := 2 + int(math.Log(float64(k)))
	first := rng.IntN(n)
	centers.SetRow(0, x.RawRowView(first))
	closest := make([]float64, n)
	for i := range closest {
		closest[i] = vec.SqDist(x.RawRowView(i), x.RawRowView(first))
	}
	norms := rowNorms(x)
	cand := make([]float64, n)
	bestDist := make([]float64, n)
	cum := make([]float64, n)
	for c := 1; c < k; c++ {
		pot := cumulative(closest, cum)
		bestPot := math.Inf(1)
		bestIdx := 0
		for t := 0; t < trials; t++ {
			idx := drawProportional(cum, pot, rng)
			p, err := potentialWith(ctx, x, norms, idx, closest, cand, threads)
			if err != nil {
				return nil, err
			}
			if p < bestPot {
				bestPot, bestIdx = p, idx
				copy(bestDist, cand)
			}
		}
		centers.SetRow(c, x.RawRowView(bestIdx))
		copy(closest, bestDist)
	}
	return centers, nil
}

// cumulative writes the running sums of v into cum and returns the total.
func cumulative(v, cum []float64) float64 {
	var s float64
	for i, x := range v {
		s += x
		cum[i] = s
	}
	return s
}

// drawProportional draws an index with probability proportional to its
// increment in cum; when all weights are zero it draws uniformly.
func drawProportional(cum []float64, total float64, rng *rand.Rand) int {
	if total <= 0 {
		return rng.IntN(len(cum))
	}
	r := rng.Float64() * total
	i := sort.SearchFloat64s(cum, r)
	return min(i, len(cum)-1)
}

// potentialWith writes into dst each row's squared distance to the nearer
// of its current closest centre and row c, and returns their sum (in a
// fixed block order). norms are the rows' squared norms.
func potentialWith(ctx context.Context, x *mat.Dense, norms []float64, c int, closest, dst []float64, threads int) (float64, error) {
	p, pn := x.RawRowView(c), norms[c]
	n, _ := x.Dims()
	return parallel.Sum(ctx, n, 2048, threads, func(lo, hi int) float64 {
		var s float64
		for i := lo; i < hi; i++ {
			v := min(closest[i], dotSqDist(x.RawRowView(i), p, norms[i], pn))
			dst[i] = v
			s += v
		}
		return s
	})
}
