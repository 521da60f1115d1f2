package session

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/latent-explorer/latent/model"
	"github.com/latent-explorer/latent/viz/outlier"
)

// Scored is a finished ScoreOutliers job's result: every code's score and
// the codes by decreasing score (NaN last).
type Scored struct {
	Method string
	Scores []float64
	Ranked []int
}

// OutlierMethods lists the scores ScoreOutliers offers for the open
// space: the kNN distance, LOF, GLOSH and prior density always, and the
// reconstruction error when the space has a decoder and one data item
// per code.
func (s *Session) OutlierMethods() []string {
	m := []string{"knn", "lof", "glosh", "prior"}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.dec != nil && s.space != nil && s.space.Data != nil && s.space.Data.Shape[0] == s.space.Codes.N {
		m = append(m, "recon")
	}
	return m
}

// ScoreOutliers scores every code by method (outlier.Score's, with latent
// outliers' defaults, or "recon",
// the mean squared error between a data item and its code's decoding);
// the scores become the column "outlier-method" and the map is coloured
// by it. The result is a *Scored.
func (s *Session) ScoreOutliers(method string) *Job {
	return s.start("outliers", "outlier scores ("+method+")", func(ctx context.Context, progress func(float64)) (func() Change, any, error) {
		scores, err := s.outlierScores(ctx, method, progress)
		if err != nil {
			return nil, nil, err
		}
		col := Column{Name: "outlier-" + method, Numbers: scores}
		return func() Change { return s.addColumnLocked(col) }, &Scored{Method: method, Scores: scores, Ranked: rankDescending(scores)}, nil
	})
}

func (s *Session) outlierScores(ctx context.Context, method string, progress func(float64)) ([]float64, error) {
	x, prior, err := s.codes()
	if err != nil {
		return nil, err
	}
	if method != "recon" {
		opt := outlier.Options{Prior: prior.Kind, Low: prior.Low, High: prior.High, Progress: progress}
		return outlier.Score(ctx, x, method, opt)
	}
	s.mu.Lock()
	sp, dec := s.space, s.dec
	s.mu.Unlock()
	if dec == nil || sp.Data == nil {
		return nil, errors.New("reconstruction error needs a decoder and the space's data")
	}
	return ReconstructionErrors(ctx, sp.Codes, sp.Data, sp.Manifest.Data, 0, dec, progress)
}

// ReconstructionErrors scores each code by the mean squared error between
// its data item, scaled by scale (model.Array.Scaled: 0 for the usual),
// and its decoding (outlier.ReconstructionError); dataName names the data
// in errors. latent outliers --method recon scores with it too.
func ReconstructionErrors(ctx context.Context, codes *model.Codes, data *model.Array, dataName string, scale float64, dec Decoder, progress func(float64)) ([]float64, error) {
	if len(data.Shape) == 0 || data.Shape[0] != codes.N {
		return nil, fmt.Errorf("%s: shape %v for %d codes; want one data item per code", dataName, data.Shape, codes.N)
	}
	return outlier.ReconstructionError(ctx, codes.Data, codes.D, data.Scaled(scale), dec.Decode, progress)
}

// rankDescending returns the indices of scores from the highest score
// down, NaN last, ties by index.
func rankDescending(scores []float64) []int {
	idx := make([]int, len(scores))
	for i := range idx {
		idx[i] = i
	}
	key := func(i int) float64 {
		if math.IsNaN(scores[i]) {
			return math.Inf(1)
		}
		return -scores[i]
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(key(a), key(b)) })
	return idx
}
