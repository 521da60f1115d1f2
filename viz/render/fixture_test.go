package render

import (
	"math"
	"math/rand/v2"
)

// blobs returns n points in k Gaussian clusters around a circle, and their
// cluster of each point, from a fixed seed.
func blobs(n, k int, seed uint64) (xy []float64, cat []int) {
	rng := rand.New(rand.NewPCG(seed, 1))
	xy = make([]float64, 2*n)
	cat = make([]int, n)
	for i := range n {
		c := rng.IntN(k)
		a := 2 * math.Pi * float64(c) / float64(k)
		xy[2*i] = 4*math.Cos(a) + rng.NormFloat64()
		xy[2*i+1] = 4*math.Sin(a) + 0.6*rng.NormFloat64()
		cat[i] = c
	}
	return xy, cat
}
