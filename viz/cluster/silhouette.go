package cluster

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/latent-explorer/latent/viz"
	"github.com/latent-explorer/latent/viz/internal/parallel"
	"github.com/latent-explorer/latent/viz/internal/vec"
)

// SilhouetteOptions configures Silhouette. The zero value scores every
// point.
type SilhouetteOptions struct {
	// SampleSize, if positive and below the number of clustered points,
	// scores only a random sample of that many points (each still compared
	// with all points), as scikit-learn's silhouette_score(sample_size=…)
	// does.
	SampleSize int
	// Seed seeds the sample.
	Seed uint64
	// Threads is the number of goroutines; 0 means runtime.GOMAXPROCS(0).
	Threads int
}

// Silhouette returns the mean silhouette coefficient (Rousseeuw 1987) of
// the labelling: for each point, (b − a)/max(a, b) where a is its mean
// distance to the rest of its cluster and b the smallest mean distance to
// another cluster; 0 for a point alone in its cluster. Points labelled −1
// (noise) are left out. It needs at least two clusters; O(n²d) time.
func Silhouette(ctx context.Context, x *mat.Dense, labels []int, opt SilhouetteOptions) (float64, error) {
	n, _ := x.Dims()
	if len(labels) != n {
		return 0, fmt.Errorf("cluster: silhouette of %d rows with %d labels", n, len(labels))
	}
	if err := checkFinite(x); err != nil {
		return 0, err
	}
	k, sizes, members := groupLabels(labels)
	if k < 2 {
		return 0, fmt.Errorf("cluster: %w: silhouette needs at least 2 clusters, got %d", viz.ErrTooFewPoints, k)
	}
	if opt.SampleSize > 0 && opt.SampleSize < len(members) {
		rng := rand.New(rand.NewPCG(opt.Seed, 0x5117))
		rng.Shuffle(len(members), func(i, j int) { members[i], members[j] = members[j], members[i] })
		members = members[:opt.SampleSize]
	}
	scores := make([]float64, len(members))
	err := parallel.Blocks(ctx, len(members), 64, parallel.Threads(opt.Threads), func(_, _, lo, hi int) {
		sums := make([]float64, k)
		for m := lo; m < hi; m++ {
			scores[m] = silhouetteOf(x, labels, sizes, members[m], sums)
		}
	})
	if err != nil {
		return 0, err
	}
	var s float64
	for _, v := range scores {
		s += v
	}
	return s / float64(len(scores)), nil
}

// groupLabels returns the number of clusters (1 + the largest label), the
// size of each and the indices of all clustered points.
func groupLabels(labels []int) (int, []int, []int) {
	k := 0
	for _, l := range labels {
		k = max(k, l+1)
	}
	sizes := make([]int, k)
	var members []int
	for i, l := range labels {
		if l >= 0 {
			sizes[l]++
			members = append(members, i)
		}
	}
	nonEmpty := 0
	for _, s := range sizes {
		if s > 0 {
			nonEmpty++
		}
	}
	return nonEmpty, sizes, members
}

// silhouetteOf returns point i's silhouette coefficient; sums is scratch
// of one entry per cluster.
func silhouetteOf(x *mat.Dense, labels, sizes []int, i int, sums []float64) float64 {
	own := labels[i]
	if sizes[own] == 1 {
		return 0
	}
	clear(sums)
	xi := x.RawRowView(i)
	for j, l := range labels {
		if l >= 0 && j != i {
			sums[l] += math.Sqrt(vec.SqDist(xi, x.RawRowView(j)))
		}
	}
	a := sums[own] / float64(sizes[own]-1)
	b := math.Inf(1)
	for c, s := range sums {
		if c != own && sizes[c] > 0 {
			b = math.Min(b, s/float64(sizes[c]))
		}
	}
	if m := math.Max(a, b); m > 0 {
		return (b - a) / m
	}
	return 0
}
