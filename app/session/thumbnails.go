package session

import (
	"context"
	"errors"
	"image"
)

// Thumbnails makes a picture of each point in idx, as a job of kind (so
// two panels' thumbnails do not cancel each other): the data item when
// the space has image data, else its code decoded. The result is a
// []image.Image in idx's order; with neither data nor decoder it is an
// error.
func (s *Session) Thumbnails(kind string, idx []int) *Job {
	sp := s.Space()
	return s.start(kind, "thumbnails", func(ctx context.Context, progress func(float64)) (func() Change, any, error) {
		if sp == nil {
			return nil, nil, errors.New("no space open")
		}
		out := make([]image.Image, len(idx))
		var missing [][]float64
		var at []int
		for k, i := range idx {
			if out[k] = s.Thumbnail(i); out[k] == nil {
				missing, at = append(missing, sp.Codes.Vector(i)), append(at, k)
			}
		}
		if len(missing) == 0 {
			return nil, out, nil
		}
		cells, err := s.decodeCells(ctx, missing, progress)
		if err != nil {
			return nil, nil, err
		}
		for k, c := range cells {
			out[at[k]] = c
		}
		return nil, out, nil
	})
}

// DecodeVectors decodes vecs to cell pictures as a job of kind. The
// result is a []image.Image.
func (s *Session) DecodeVectors(kind string, vecs [][]float64) *Job {
	return s.start(kind, "decoding", func(ctx context.Context, progress func(float64)) (func() Change, any, error) {
		cells, err := s.decodeCells(ctx, vecs, progress)
		return nil, cells, err
	})
}

// decodeCells decodes vecs with the open space's decoder to GridCell
// pictures.
func (s *Session) decodeCells(ctx context.Context, vecs [][]float64, progress func(float64)) ([]image.Image, error) {
	s.mu.Lock()
	dec, sp := s.dec, s.space
	s.mu.Unlock()
	if dec == nil || sp == nil {
		return nil, errors.New("this space has no decoder")
	}
	return DecodeCells(ctx, dec, sp.Manifest.Output, vecs, GridCell, progress)
}
