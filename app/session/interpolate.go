package session

import (
	"context"
	"errors"
	"fmt"
	"image"
	"math"
	"slices"

	"github.com/latent-explorer/latent/model"
	"github.com/latent-explorer/latent/viz/grid"
)

// MaxPathSteps bounds an interpolation's steps.
const MaxPathSteps = 200

// Endpoint is one end of an interpolation: a data item's code, or a
// latent vector that is none (Point −1).
type Endpoint struct {
	Point int
	Z     []float64
}

// Name is "#i" for a data item, "vector" for another vector.
func (p Endpoint) Name() string {
	if p.Point >= 0 {
		return fmt.Sprintf("#%d", p.Point)
	}
	return "vector"
}

// PointEndpoint returns data item i as an endpoint.
func (s *Session) PointEndpoint(i int) (Endpoint, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.space == nil || i < 0 || i >= s.space.Codes.N {
		return Endpoint{}, false
	}
	return Endpoint{Point: i, Z: s.space.Codes.Vector(i)}, true
}

// VectorEndpoint returns the current vector as an endpoint (the point it
// was set from, if any).
func (s *Session) VectorEndpoint() Endpoint {
	s.mu.Lock()
	defer s.mu.Unlock()
	return Endpoint{Point: s.st.Current, Z: slices.Clone(s.st.Sliders.Z)}
}

// Path is a decoded interpolation: its vectors, where each falls on the
// map (interleaved x, y; NaN while there is no map), the decoded cells
// and their labels (t from 0 to 1).
type Path struct {
	From, To Endpoint
	Slerp    bool
	Z        [][]float64
	XY       []float64
	Cells    []image.Image
	Labels   []string
}

// Picture is the path's strip (PNG) and frames (GIF), as latent
// interpolate writes them.
func (p *Path) Picture() *grid.Picture { return grid.NewStrip(p.Cells, p.Labels) }

// Interpolate decodes steps vectors from a to b, along the straight line
// or (slerp) the great circle (model.Interpolation), and places them on
// the map. The result is a *Path.
func (s *Session) Interpolate(a, b Endpoint, steps int, slerp bool) *Job {
	return s.start("interpolate", "interpolation "+a.Name()+" → "+b.Name(), func(ctx context.Context, progress func(float64)) (func() Change, any, error) {
		if err := s.checkPath(a, b, steps); err != nil {
			return nil, nil, err
		}
		p := NewPath(a, b, steps, slerp)
		p.XY = s.PlaceAll(p.Z)
		cells, err := s.decodeCells(ctx, p.Z, progress)
		p.Cells = cells
		return nil, p, err
	})
}

// NewPath lays out the path of steps vectors from a to b (not decoded or
// placed yet): its vectors (model.Interpolation) and their labels, t from
// 0 to 1. latent interpolate lays out its strip with it.
func NewPath(a, b Endpoint, steps int, slerp bool) *Path {
	return &Path{From: a, To: b, Slerp: slerp, Z: model.Interpolation(nil, a.Z, b.Z, steps, slerp),
		Labels: grid.FractionLabels(model.StepValues(0, 1, steps))}
}

// checkPath refuses endpoints that are not of the open space's dimension,
// equal endpoints and step counts out of range.
func (s *Session) checkPath(a, b Endpoint, steps int) error {
	sp := s.Space()
	switch {
	case sp == nil:
		return errors.New("no space open")
	case len(a.Z) != sp.Codes.D || len(b.Z) != sp.Codes.D:
		return errors.New("choose both ends of the interpolation first")
	case slices.Equal(a.Z, b.Z):
		return errors.New("the two ends of the interpolation are the same point")
	case steps < 2 || steps > MaxPathSteps:
		return fmt.Errorf("%d steps: want 2 to %d", steps, MaxPathSteps)
	}
	return nil
}

// PlaceAll places each vector on the map (interleaved x, y); NaN while
// there is no map.
func (s *Session) PlaceAll(zs [][]float64) []float64 {
	xy := make([]float64, 0, 2*len(zs))
	for _, z := range zs {
		x, y, ok := s.Place(z)
		if !ok {
			x, y = math.NaN(), math.NaN()
		}
		xy = append(xy, x, y)
	}
	return xy
}
