package session

import (
	"context"
	"image"

	"github.com/latent-explorer/latent/model"
	"github.com/latent-explorer/latent/viz/grid"
)

const (
	// TraverseDims is how many dimensions (by variance) a traversal
	// shows at first.
	TraverseDims = 8
	// TraverseSteps is a traversal's steps at first (from −3 to +3).
	TraverseSteps = 9
	// InterpolateSteps is an interpolation's items at first, ends included.
	InterpolateSteps = 10
	// GridCell is a grid cell's side in pixels.
	GridCell = 56
)

// DecodeCells decodes vecs in batches (model.DecodeAll) and turns each
// item into a cell as latent traverse does: the image the output spec
// describes, or for a vector output a line plot, all plots on one value
// scale (grid.Plots).
func DecodeCells(ctx context.Context, dec Decoder, spec model.OutputSpec, vecs [][]float64, cell int, progress func(float64)) ([]image.Image, error) {
	if _, _, err := spec.CellShape(dec); err != nil {
		return nil, err
	}
	y, err := model.DecodeAll(ctx, dec, model.Float32s(nil, vecs), len(vecs), progress)
	if err != nil {
		return nil, err
	}
	return ItemCells(dec, spec, y, len(vecs), cell)
}

// ItemCells turns n items y decoded by dec into grid cells: the images
// the output spec describes, or for a vector output line plots of side
// cell on one value scale (grid.Plots). latent traverse and latent
// interpolate make their cells with it.
func ItemCells(dec Decoder, spec model.OutputSpec, y []float32, n, cell int) ([]image.Image, error) {
	shape, isImage, err := spec.CellShape(dec)
	if err != nil {
		return nil, err
	}
	if !isImage {
		return grid.Plots(y, n, cell), nil
	}
	return spec.Images(y, n, shape)
}
