package export

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// blobs returns n points in k Gaussian clusters around a circle, each
// point's cluster, and a smooth value per point, from a fixed seed.
func blobs(n, k int, seed uint64) (xy []float64, cat []int, val []float64) {
	rng := rand.New(rand.NewPCG(seed, 1))
	xy, cat, val = make([]float64, 2*n), make([]int, n), make([]float64, n)
	for i := range n {
		c := rng.IntN(k)
		a := 2 * math.Pi * float64(c) / float64(k)
		xy[2*i] = 4*math.Cos(a) + rng.NormFloat64()
		xy[2*i+1] = 4*math.Sin(a) + 0.7*rng.NormFloat64()
		cat[i] = c
		val[i] = xy[2*i] + 0.5*xy[2*i+1]
	}
	return xy, cat, val
}

func digitNames(k int) []string {
	names := make([]string, k)
	for i := range names {
		names[i] = fmt.Sprintf("digit %d", i)
	}
	return names
}
