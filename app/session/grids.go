package session

import (
	"context"
	"errors"
	"fmt"
	"image"

	"github.com/latent-explorer/latent/model"
	"github.com/latent-explorer/latent/viz/grid"
)

const (
	// TraverseDims is how many dimensions (by variance) a traversal shows.
	TraverseDims = 8
	// TraverseSteps is the number of steps from −3 to +3 standard deviations.
	TraverseSteps = 9
	// InterpolateSteps is the number of items from one code to the other.
	InterpolateSteps = 10
	// GridCell is a grid cell's side in pixels.
	GridCell = 56
)

// Grid is a finished grid job's result: a picture of decoded items.
type Grid struct {
	Title string
	Image *image.NRGBA
}

// Traversal decodes a grid around the current vector: the TraverseDims
// dimensions of largest variance × TraverseSteps values from −3 to +3
// standard deviations. The result is a *Grid.
func (s *Session) Traversal() *Job {
	s.mu.Lock()
	z := append([]float64(nil), s.st.Sliders.Z...)
	stats := s.stats
	s.mu.Unlock()
	return s.start("grid", "Traversal", func(ctx context.Context, progress func(float64)) (func() Change, any, error) {
		if stats == nil {
			return nil, nil, errors.New("no space open")
		}
		dims := stats.Order[:min(TraverseDims, len(stats.Order))]
		vecs := model.Traversal(nil, z, dims, -3, 3, TraverseSteps, stats.Std)
		rows := make([]string, len(dims))
		for i, d := range dims {
			rows[i] = fmt.Sprintf("z%d", d)
		}
		cols := make([]string, TraverseSteps)
		for j := range cols {
			cols[j] = fmt.Sprintf("%+.1fσ", model.StepValue(-3, 3, TraverseSteps, j))
		}
		img, err := s.decodeGrid(ctx, vecs, rows, cols, progress)
		return nil, &Grid{Title: "Traversal", Image: img}, err
	})
}

// Interpolation decodes the linear and spherical paths from point
// Previous to point Current (the last two clicked). The result is a *Grid.
func (s *Session) Interpolation() *Job {
	s.mu.Lock()
	from, to, sp := s.st.Previous, s.st.Current, s.space
	s.mu.Unlock()
	return s.start("grid", "Interpolation", func(ctx context.Context, progress func(float64)) (func() Change, any, error) {
		if sp == nil || from < 0 || to < 0 || from == to {
			return nil, nil, errors.New("click two different points on the map first: the interpolation goes from the first to the second")
		}
		a, b := codeVector(sp.Codes, from), codeVector(sp.Codes, to)
		vecs := model.Interpolation(nil, a, b, InterpolateSteps, false)
		vecs = append(vecs, model.Interpolation(nil, a, b, InterpolateSteps, true)...)
		cols := make([]string, InterpolateSteps)
		cols[0], cols[InterpolateSteps-1] = fmt.Sprintf("#%d", from), fmt.Sprintf("#%d", to)
		img, err := s.decodeGrid(ctx, vecs, []string{"linear", "slerp"}, cols, progress)
		return nil, &Grid{Title: "Interpolation", Image: img}, err
	})
}

// decodeGrid decodes len(rows) × len(cols) vectors (row-major) and lays
// them out as a labelled grid.
func (s *Session) decodeGrid(ctx context.Context, vecs [][]float64, rows, cols []string, progress func(float64)) (*image.NRGBA, error) {
	s.mu.Lock()
	dec, sp := s.dec, s.space
	s.mu.Unlock()
	if dec == nil {
		return nil, errors.New("this space has no decoder: open one with File → Open decoder")
	}
	cells, err := DecodeCells(ctx, dec, sp.Manifest.Output, vecs, GridCell, progress)
	if err != nil {
		return nil, err
	}
	images := make([][]image.Image, len(rows))
	for i := range images {
		images[i] = cells[i*len(cols) : (i+1)*len(cols)]
	}
	return grid.Grid(images, rows, cols, GridCell), nil
}

// DecodeCells decodes vecs in batches (model.DecodeAll) and turns each
// item into a cell as latent traverse does: the image the output spec
// describes, or for a vector output a line plot, all plots on one value
// scale (grid.Plots).
func DecodeCells(ctx context.Context, dec Decoder, spec model.OutputSpec, vecs [][]float64, cell int, progress func(float64)) ([]image.Image, error) {
	shape, isImage, err := spec.CellShape(dec)
	if err != nil {
		return nil, err
	}
	y, err := model.DecodeAll(ctx, dec, model.Float32s(nil, vecs), len(vecs), progress)
	if err != nil {
		return nil, err
	}
	if !isImage {
		return grid.Plots(y, len(vecs), cell), nil
	}
	return spec.Images(y, len(vecs), shape)
}

// DecodeImages decodes vecs to cell images (a cluster list's centroids).
// The result is a []image.Image.
func (s *Session) DecodeImages(vecs [][]float64) *Job {
	return s.start("decode", "decoding", func(ctx context.Context, progress func(float64)) (func() Change, any, error) {
		s.mu.Lock()
		dec, sp := s.dec, s.space
		s.mu.Unlock()
		if dec == nil {
			return nil, nil, errors.New("this space has no decoder")
		}
		cells, err := DecodeCells(ctx, dec, sp.Manifest.Output, vecs, GridCell, progress)
		return nil, cells, err
	})
}
