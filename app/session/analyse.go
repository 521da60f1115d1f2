package session

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/gonum/mat"

	"github.com/latent-explorer/latent/model"
	"github.com/latent-explorer/latent/viz/cluster"
	"github.com/latent-explorer/latent/viz/neighbors"
	"github.com/latent-explorer/latent/viz/outlier"
)

// Clusters is a finished clustering job's result: the labels column's
// name and each cluster's size, centroid and medoid.
type Clusters struct {
	Name      string
	Summaries []cluster.Summary
}

// codes returns the codes matrix and prior for a job.
func (s *Session) codes() (*mat.Dense, model.Prior, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.space == nil {
		return nil, model.Prior{}, errors.New("no space open")
	}
	return s.x, s.prior, nil
}

// KMeans clusters the codes into k clusters (seed 1); the labels become
// the column "kmeans-k" and the map is coloured by it. The result is a
// *Clusters.
func (s *Session) KMeans(k int) *Job {
	name := fmt.Sprintf("kmeans-%d", k)
	return s.start("cluster", fmt.Sprintf("k-means (k = %d)", k), func(ctx context.Context, progress func(float64)) (func() Change, any, error) {
		x, _, err := s.codes()
		if err != nil {
			return nil, nil, err
		}
		r, err := cluster.KMeans(ctx, x, cluster.KMeansOptions{K: k, Seed: 1})
		if err != nil {
			return nil, nil, err
		}
		return s.clustersDone(name, x, r.Labels)
	})
}

// HDBSCAN clusters the codes with HDBSCAN; the labels become the column
// "hdbscan-minSize". The result is a *Clusters.
func (s *Session) HDBSCAN(minSize int) *Job {
	name := fmt.Sprintf("hdbscan-%d", minSize)
	return s.start("cluster", fmt.Sprintf("HDBSCAN (min size %d)", minSize), func(ctx context.Context, progress func(float64)) (func() Change, any, error) {
		x, _, err := s.codes()
		if err != nil {
			return nil, nil, err
		}
		r, err := cluster.HDBSCAN(ctx, x, cluster.HDBSCANOptions{MinClusterSize: minSize})
		if err != nil {
			return nil, nil, err
		}
		return s.clustersDone(name, x, r.Labels)
	})
}

// clustersDone summarises clusters and returns the labels column's change.
func (s *Session) clustersDone(name string, x *mat.Dense, labels []int) (func() Change, any, error) {
	sums, err := cluster.Summarize(x, labels)
	if err != nil {
		return nil, nil, err
	}
	col := Column{Name: name, Strings: make([]string, len(labels))}
	for i, l := range labels {
		col.Strings[i] = strconv.Itoa(l)
		if l < 0 {
			col.Strings[i] = "noise"
		}
	}
	return func() Change { return s.addColumnLocked(col) }, &Clusters{Name: name, Summaries: sums}, nil
}

// OutlierK is the neighbourhood size of the kNN-based outlier scores.
const OutlierK = 10

// Outliers scores every code with method ("knn", "lof", "glosh" or
// "prior"); the scores become the column "outlier-method".
func (s *Session) Outliers(method string) *Job {
	return s.start("outliers", "outlier scores ("+method+")", func(ctx context.Context, progress func(float64)) (func() Change, any, error) {
		x, prior, err := s.codes()
		if err != nil {
			return nil, nil, err
		}
		scores, err := OutlierScores(ctx, x, method, prior)
		if err != nil {
			return nil, nil, err
		}
		col := Column{Name: "outlier-" + method, Numbers: scores}
		return func() Change { return s.addColumnLocked(col) }, nil, nil
	})
}

// OutlierScores scores the rows of x by method: the distance to the
// OutlierK-th neighbour, LOF over OutlierK neighbours, GLOSH (HDBSCAN,
// min size 25) or the negative prior log-density.
func OutlierScores(ctx context.Context, x *mat.Dense, method string, prior model.Prior) ([]float64, error) {
	switch method {
	case "knn", "lof":
		g, err := neighbors.KNN(ctx, x, OutlierK, neighbors.Options{Seed: 1})
		if err != nil {
			return nil, err
		}
		if method == "knn" {
			return outlier.KthNeighborDistance(g, nil), nil
		}
		return outlier.LOF(g, nil), nil
	case "glosh":
		return outlier.GLOSH(ctx, x, cluster.HDBSCANOptions{MinClusterSize: 25})
	case "prior":
		if prior.Kind == "uniform" {
			return outlier.UniformPrior(x, prior.Low, prior.High, nil)
		}
		return outlier.GaussianPrior(x, nil), nil
	}
	return nil, errors.New("unknown outlier score " + method)
}

// Neighbours is a finished neighbours job's result: the nearest codes'
// distances from the vector, nearest first.
type Neighbours struct {
	Index    []int
	Distance []float64
}

// SelectNeighbours selects the k codes nearest the current vector. The
// result is a *Neighbours.
func (s *Session) SelectNeighbours(k int) *Job {
	z := s.Vector()
	return s.start("neighbours", fmt.Sprintf("the %d nearest codes", k), func(ctx context.Context, progress func(float64)) (func() Change, any, error) {
		x, _, err := s.codes()
		if err != nil {
			return nil, nil, err
		}
		nb, err := nearest(ctx, x, z, k)
		if err != nil {
			return nil, nil, err
		}
		return func() Change {
			s.st.Selection = slices.Sorted(slices.Values(nb.Index))
			return ChangedSelection
		}, nb, nil
	})
}

// nearest finds the k rows of x nearest z by a bounded insertion into a
// sorted list of the best k: O(n·k), not a sort of all n.
func nearest(ctx context.Context, x *mat.Dense, z []float64, k int) (*Neighbours, error) {
	n, _ := x.Dims()
	k = min(k, n)
	nb := &Neighbours{Index: make([]int, 0, k), Distance: make([]float64, 0, k)}
	for i := range n {
		if i%4096 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		var d float64
		for j, v := range x.RawRowView(i) {
			t := v - z[j]
			d += t * t
		}
		if len(nb.Index) == k && d >= nb.Distance[k-1] {
			continue
		}
		p := len(nb.Index)
		if p < k {
			nb.Index, nb.Distance = append(nb.Index, 0), append(nb.Distance, 0)
		} else {
			p = k - 1
		}
		for p > 0 && nb.Distance[p-1] > d {
			nb.Index[p], nb.Distance[p] = nb.Index[p-1], nb.Distance[p-1]
			p--
		}
		nb.Index[p], nb.Distance[p] = i, d
	}
	for i, d := range nb.Distance {
		nb.Distance[i] = math.Sqrt(d)
	}
	return nb, nil
}
