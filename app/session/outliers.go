package session

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

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
// space: the kNN distance, LOF, GLOSH and prior density always, the
// reconstruction error when the space has a decoder and one data item
// per code, and the round-trip error when it also has an encoder.
func (s *Session) OutlierMethods() []string {
	m := []string{"knn", "lof", "glosh", "prior"}
	missing := s.OutlierMissing()
	for _, name := range []string{"recon", "roundtrip"} {
		if missing[name] == "" {
			m = append(m, name)
		}
	}
	return m
}

// OutlierMissing says, for the scores the open space does not offer
// ("recon", "roundtrip"), what they need that it lacks.
func (s *Session) OutlierMissing() map[string]string {
	hasEnc := s.HasEncoder()
	s.mu.Lock()
	defer s.mu.Unlock()
	sp := s.space
	missing := map[string]string{}
	var data string
	switch {
	case sp == nil:
		data = "a space"
	case sp.Data == nil:
		data = "the space's data"
	case len(sp.Data.Shape) == 0 || sp.Data.Shape[0] != sp.Codes.N:
		data = "one data item per code"
	}
	need := func(what ...string) string {
		var w []string
		for _, x := range what {
			if x != "" {
				w = append(w, x)
			}
		}
		return strings.Join(w, " and ")
	}
	dec := ""
	if s.dec == nil {
		dec = "a decoder"
	}
	if m := need(data, dec); m != "" {
		missing["recon"] = "needs " + m
	}
	enc := ""
	if !hasEnc {
		enc = "an encoder"
	}
	if m := need(data, dec, enc); m != "" {
		missing["roundtrip"] = "needs " + m
	}
	return missing
}

// ScoreOutliers scores every code by method (outlier.Score's, with latent
// outliers' defaults; "recon", the mean squared error between a data item
// and its code's decoding; or "roundtrip", between a data item and the
// decoding of its encoding);
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
	if method != "recon" && method != "roundtrip" {
		opt := outlier.Options{Prior: prior.Kind, Low: prior.Low, High: prior.High, Progress: progress}
		return outlier.Score(ctx, x, method, opt)
	}
	s.mu.Lock()
	sp, dec := s.space, s.dec
	s.mu.Unlock()
	if dec == nil || sp.Data == nil {
		return nil, errors.New(outlierNoun[method] + " needs a decoder and the space's data")
	}
	if method == "recon" {
		return ReconstructionErrors(ctx, sp.Codes, sp.Data, sp.Manifest.Data, 0, dec, progress)
	}
	enc, err := s.Encoder()
	if err != nil {
		return nil, err
	}
	if len(sp.Data.Shape) == 0 || sp.Data.Shape[0] != sp.Codes.N {
		return nil, fmt.Errorf("%s: shape %v for %d codes; want one data item per code", sp.Manifest.Data, sp.Data.Shape, sp.Codes.N)
	}
	return RoundTripErrors(ctx, sp.Data, sp.Manifest.Data, 0, enc, dec, progress)
}

// outlierNoun names the model-based scores in errors.
var outlierNoun = map[string]string{"recon": "reconstruction error", "roundtrip": "round-trip error"}

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

// RoundTripErrors scores each data item, scaled by scale as for
// ReconstructionErrors, by the mean squared error between it and the
// decoding of its encoding (the mean, for a VAE): the items an
// autoencoder cannot bring back score high. Encoding takes the first half
// of progress, decoding (outlier.ReconstructionError) the second. latent
// outliers --method roundtrip scores with it too.
func RoundTripErrors(ctx context.Context, data *model.Array, dataName string, scale float64, enc Encoder, dec Decoder, progress func(float64)) ([]float64, error) {
	if enc.LatentDim() != dec.LatentDim() {
		return nil, fmt.Errorf("the encoder makes %d-dimensional codes, the decoder takes %d", enc.LatentDim(), dec.LatentDim())
	}
	x, n, err := model.EncoderInput(dataName, data, enc.InputShape(), scale)
	if err != nil {
		return nil, err
	}
	z, _, err := model.EncodeAll(ctx, enc, x, n, false, half(progress, 0))
	if err != nil {
		return nil, err
	}
	return outlier.ReconstructionError(ctx, z, enc.LatentDim(), x, dec.Decode, half(progress, 0.5))
}

// half maps a progress fraction to [from, from+0.5] of progress.
func half(progress func(float64), from float64) func(float64) {
	if progress == nil {
		return nil
	}
	return func(f float64) { progress(from + f/2) }
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
