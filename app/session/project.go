package session

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/latent-explorer/latent/viz/projection"
)

// Params are a projection's method and parameters.
type Params struct {
	Method     string // "pca", "tsne", "umap" or "custom"
	Seed       uint64
	Perplexity float64 // t-SNE; 0 for the default
	Neighbors  int     // UMAP; 0 for the default
	MinDist    float64 // UMAP, ≥ 0 (0 is 0)
	// XAxis and YAxis name the directions of custom axes.
	XAxis, YAxis string
}

// options are the projection package's options for p.
func (p Params) options() projection.Options {
	o := projection.Options{Seed: p.Seed, Perplexity: p.Perplexity, Neighbors: p.Neighbors}
	o.SetMinDist(p.MinDist)
	return o
}

// projector makes p's projector.
func (s *Session) projector(p Params) (projection.Projector, error) {
	if p.Method != "custom" {
		return projection.New(p.Method, p.options())
	}
	dx, okx := s.Direction(p.XAxis)
	dy, oky := s.Direction(p.YAxis)
	if !okx || !oky {
		return nil, errors.New("custom axes: choose a direction for x and for y")
	}
	return projection.NewCustomAxes(dx, dy)
}

// Project starts a projection of the codes with p, cancelling one under
// way. Intermediate layouts arrive as ChangedLayout events; the finished
// map replaces the current one. A bad parameter is the job's error.
func (s *Session) Project(p Params) *Job {
	s.mu.Lock()
	gen := s.gen
	s.mu.Unlock()
	return s.start("project", "projecting with "+p.Method, func(ctx context.Context, progress func(float64)) (func() Change, any, error) {
		proj, err := s.projector(p)
		if err != nil {
			return nil, nil, err
		}
		s.mu.Lock()
		x := s.x
		s.fits++
		s.mu.Unlock()
		y, err := proj.Fit(ctx, x, s.layoutProgress(gen, progress))
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", p.Method, err)
		}
		m := Map{Method: p.Method, Seed: p.Seed, Coords: append([]float64(nil), y.RawMatrix().Data...)}
		switch p.Method {
		case "tsne":
			m.Perplexity = p.Perplexity
		case "umap":
			m.Neighbors, m.MinDist = p.Neighbors, p.MinDist
		case "custom":
			m.XAxis, m.YAxis = p.XAxis, p.YAxis
		}
		fitted, _ := proj.(placeInverter)
		if fitted == nil {
			fitted = newPlacer(m, x)
		}
		return func() Change {
			s.st.Map, s.place = m, fitted
			s.st.View = View{}
			return ChangedMap | ChangedView
		}, nil, nil
	})
}

// layoutProgress reports a projection's progress and, at most every
// progressInterval, its intermediate layout as a ChangedLayout event.
func (s *Session) layoutProgress(gen int, progress func(float64)) projection.Progress {
	var last time.Time
	return func(f float64, y *mat.Dense) {
		progress(f)
		if y == nil || (time.Since(last) < progressInterval && f < 1) {
			return
		}
		s.mu.Lock()
		stale := s.gen != gen
		s.mu.Unlock()
		if stale {
			return
		}
		last = time.Now()
		s.emit(Event{Changed: ChangedLayout, Layout: append([]float64(nil), y.RawMatrix().Data...)})
	}
}
