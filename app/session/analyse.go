package session

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"gonum.org/v1/gonum/mat"

	"github.com/latent-explorer/latent/model"
	"github.com/latent-explorer/latent/viz/cluster"
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
		r, err := cluster.KMeans(ctx, x, cluster.KMeansOptions{K: k, Seed: 1, Progress: progress})
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
		r, err := cluster.HDBSCAN(ctx, x, cluster.HDBSCANOptions{MinClusterSize: minSize, Progress: progress})
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

// Neighbours are the nearest codes and their distances from the
// vector, nearest first.
type Neighbours struct {
	Index    []int
	Distance []float64
}
