package session

import (
	"context"
	"errors"
	"fmt"
	"image"
	"math"

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

// batchDecoder decodes n vectors at once; *model.Decoder is one.
type batchDecoder interface {
	DecodeBatch(z []float32, n int, dst []float32) ([]float32, error)
}

// decodeBatch is how many vectors are decoded at once.
const decodeBatch = 64

// DecodeCells decodes vecs (in batches when the decoder can) and turns
// each item into a cell: the image the output spec describes, or for a
// vector output a line plot, all plots on one value scale.
func DecodeCells(ctx context.Context, dec Decoder, spec model.OutputSpec, vecs [][]float64, cell int, progress func(float64)) ([]image.Image, error) {
	y, err := decodeAll(ctx, dec, model.Float32s(nil, vecs), len(vecs), progress)
	if err != nil {
		return nil, err
	}
	shape := dec.OutputShape()
	if spec.Kind == "vector" || len(shape) == 1 {
		return plotCells(y, len(vecs), cell), nil
	}
	if len(spec.Shape) > 0 {
		shape = spec.Shape
	}
	item := len(y) / len(vecs)
	cells := make([]image.Image, len(vecs))
	for i := range cells {
		if cells[i], err = spec.ToImage(y[i*item:(i+1)*item], shape, nil); err != nil {
			return nil, err
		}
	}
	return cells, nil
}

// decodeAll decodes n vectors, reporting progress per batch.
func decodeAll(ctx context.Context, dec Decoder, z []float32, n int, progress func(float64)) ([]float32, error) {
	d := len(z) / n
	var y []float32
	for i := 0; i < n; i += decodeBatch {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		m := min(decodeBatch, n-i)
		chunk := z[i*d : (i+m)*d]
		var out []float32
		var err error
		if b, ok := dec.(batchDecoder); ok {
			out, err = b.DecodeBatch(chunk, m, nil)
		} else {
			out, err = decodeEach(dec, chunk, m)
		}
		if err != nil {
			return nil, err
		}
		y = append(y, out...)
		progress(float64(i+m) / float64(n))
	}
	return y, nil
}

func decodeEach(dec Decoder, z []float32, n int) ([]float32, error) {
	d := len(z) / n
	var y []float32
	for i := range n {
		out, err := dec.Decode(z[i*d:(i+1)*d], nil)
		if err != nil {
			return nil, err
		}
		y = append(y, out...)
	}
	return y, nil
}

// plotCells draws n decoded vectors as line plots of side cell on the
// finite values' common range.
func plotCells(y []float32, n, cell int) []image.Image {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range y {
		if f := float64(v); !math.IsNaN(f) && !math.IsInf(f, 0) {
			lo, hi = math.Min(lo, f), math.Max(hi, f)
		}
	}
	if lo > hi {
		lo, hi = 0, 1
	}
	item := len(y) / n
	cells := make([]image.Image, n)
	v := make([]float64, item)
	for i := range cells {
		for k, x := range y[i*item : (i+1)*item] {
			v[k] = float64(x)
		}
		cells[i] = grid.Plot(v, lo, hi, cell)
	}
	return cells
}
