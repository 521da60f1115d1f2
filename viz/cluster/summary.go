package cluster

import (
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/mat"

	"github.com/latent-explorer/latent/viz/internal/vec"
)

// Summary describes one cluster.
type Summary struct {
	// Label is the cluster's label.
	Label int
	// Size is its number of points.
	Size int
	// Centroid is the mean of its points (in latent space, so it can be
	// decoded).
	Centroid []float64
	// Medoid is the index of the member with the smallest sum of distances
	// to the other members: a real point that represents the cluster.
	Medoid int
}

// medoidExact is the largest cluster whose medoid is found by comparing
// every member with every other.
const medoidExact = 2000

// medoidCandidates is how many members nearest the centroid are
// considered as the medoid of a larger cluster.
const medoidCandidates = 256

// Summarize returns one Summary per cluster label 0, 1, … present in
// labels (noise, −1, is left out), in label order. The medoid is exact for
// clusters of up to 2000 points; for larger ones it is the best of the 256
// members nearest the centroid, each scored against all members, which in
// practice is the exact medoid or a member almost as central.
func Summarize(x *mat.Dense, labels []int) ([]Summary, error) {
	n, _ := x.Dims()
	if len(labels) != n {
		return nil, fmt.Errorf("cluster: summary of %d rows with %d labels", n, len(labels))
	}
	k, _, _ := groupLabels(labels)
	groups := map[int][]int{}
	for i, l := range labels {
		if l >= 0 {
			groups[l] = append(groups[l], i)
		}
	}
	out := make([]Summary, 0, k)
	for l := 0; len(out) < len(groups); l++ {
		m, ok := groups[l]
		if !ok {
			continue
		}
		c := centroid(x, m)
		out = append(out, Summary{Label: l, Size: len(m), Centroid: c, Medoid: medoid(x, m, c)})
	}
	return out, nil
}

// centroid returns the mean of rows members.
func centroid(x *mat.Dense, members []int) []float64 {
	_, d := x.Dims()
	c := make([]float64, d)
	for _, i := range members {
		for j, v := range x.RawRowView(i) {
			c[j] += v
		}
	}
	for j := range c {
		c[j] /= float64(len(members))
	}
	return c
}

// medoid returns the member with the smallest sum of distances to all
// members, among all members or the ones nearest the centroid.
func medoid(x *mat.Dense, members []int, c []float64) int {
	cand := members
	if len(members) > medoidExact {
		cand = append([]int(nil), members...)
		dist := make(map[int]float64, len(cand))
		for _, i := range cand {
			dist[i] = vec.SqDist(x.RawRowView(i), c)
		}
		sort.Slice(cand, func(a, b int) bool {
			if dist[cand[a]] != dist[cand[b]] {
				return dist[cand[a]] < dist[cand[b]]
			}
			return cand[a] < cand[b]
		})
		cand = cand[:medoidCandidates]
	}
	best, bestSum := cand[0], math.Inf(1)
	for _, i := range cand {
		var s float64
		xi := x.RawRowView(i)
		for _, j := range members {
			s += math.Sqrt(vec.SqDist(xi, x.RawRowView(j)))
			if s >= bestSum {
				break
			}
		}
		if s < bestSum {
			best, bestSum = i, s
		}
	}
	return best
}
