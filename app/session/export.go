package session

import (
	"context"
	"errors"
	"fmt"
	"image"

	"gonum.org/v1/plot/vg"

	"github.com/latent-explorer/latent/model"
	"github.com/latent-explorer/latent/viz/export"
	"github.com/latent-explorer/latent/viz/projection"
)

// FigureOptions are what a map figure shows beyond the map itself.
type FigureOptions struct {
	Title string
	// Width and Height are the figure's size in inches; DPI the PNG's.
	Width, Height float64
	DPI           int
	// Selection highlights the selected points; Thumbnails draws each
	// point's data item (or decoded code) at it.
	Selection, Thumbnails bool
}

// check refuses a size or resolution no figure can have.
func (o FigureOptions) check() error {
	if !(o.Width > 0 && o.Height > 0) || o.DPI < 10 || o.DPI > 2400 {
		return fmt.Errorf("size %g × %g in at %d dpi: want positive inches and 10–2400 dpi", o.Width, o.Height, o.DPI)
	}
	return nil
}

// Figure builds the map figure as shown: its points, colouring, hidden
// categories and, if asked, the selection and thumbnails. Thumbnails of a
// space without data are decoded, so call it off the UI goroutine (a
// FigureJob does).
func (s *Session) Figure(ctx context.Context, o FigureOptions) (*export.Map, error) {
	if err := o.check(); err != nil {
		return nil, err
	}
	st := s.Snapshot()
	if s.Space() == nil || st.Map.Method == "" {
		return nil, errors.New("no map to export")
	}
	m := &export.Map{XY: st.Map.Coords, Title: o.Title, Width: vg.Length(o.Width) * vg.Inch,
		Height: vg.Length(o.Height) * vg.Inch, DPI: o.DPI}
	m.XLabel, m.YLabel = projection.AxisLabels(st.Map.Method, nil)
	colourFigure(m, s.Colors())
	if o.Selection {
		m.Selection = st.Selection
	}
	if o.Thumbnails {
		if err := s.addThumbnails(ctx, m); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// colourFigure colours the figure as the map is coloured; figures are on
// white, so the palette is used as it is.
func colourFigure(m *export.Map, c Colors) {
	switch {
	case c.Values != nil:
		m.SetValues(c.Column, c.Values)
		return
	case c.Categories == nil:
		return
	}
	m.SetCategories(c.Column, c.Categories, c.Names, c.Noise)
	for k, h := range c.Hidden {
		if h {
			m.HiddenCategories = append(m.HiddenCategories, k)
		}
	}
}

// addThumbnails draws the data items (or decoded codes) at their points.
func (s *Session) addThumbnails(ctx context.Context, m *export.Map) error {
	n := m.Len()
	if n > export.MaxThumbnails {
		return fmt.Errorf("thumbnails need at most %d points; this map has %d", export.MaxThumbnails, n)
	}
	m.Thumbnails = make([]image.Image, n)
	var missing [][]float64
	var at []int
	sp := s.Space()
	for i := range n {
		if img := s.Thumbnail(i); img != nil {
			m.Thumbnails[i] = img
			continue
		}
		missing, at = append(missing, sp.Codes.Vector(i)), append(at, i)
	}
	dec := s.Decoder()
	if len(missing) == 0 || dec == nil || sp.Manifest.Output.Kind != "image" {
		return nil
	}
	cells, err := DecodeCells(ctx, dec, sp.Manifest.Output, missing, GridCell, func(float64) {})
	if err != nil {
		return err
	}
	for k, i := range at {
		m.Thumbnails[i] = cells[k]
	}
	return nil
}

// Thumbnail is data item i as a picture, or nil when the space has no
// image data. It never decodes, so it is quick enough for a hover.
func (s *Session) Thumbnail(i int) image.Image {
	sp := s.Space()
	if sp == nil {
		return nil
	}
	item, shape, ok := sp.Item(i)
	if !ok {
		return nil
	}
	img, err := model.DataImage(item, shape, sp.Manifest.Output.Channels)
	if err != nil {
		return nil
	}
	return img
}

// FigureImage renders the figure at dpi off the caller's goroutine (the
// export preview). The result is an image.Image.
func (s *Session) FigureImage(o FigureOptions, dpi int) *Job {
	return s.start("preview", "export preview", func(ctx context.Context, progress func(float64)) (func() Change, any, error) {
		m, err := s.Figure(ctx, o)
		if err != nil {
			return nil, nil, err
		}
		img, err := m.Image(dpi)
		return nil, img, err
	})
}

// ExportFigure writes the figure atomically to path, in the format its
// extension names (.png, .svg, .pdf, .eps). The result is the path.
func (s *Session) ExportFigure(path string, o FigureOptions) *Job {
	return s.start("export", "export", func(ctx context.Context, progress func(float64)) (func() Change, any, error) {
		m, err := s.Figure(ctx, o)
		if err != nil {
			return nil, nil, err
		}
		if err := m.Save(path); err != nil {
			return nil, nil, err
		}
		return nil, path, nil
	})
}

// ExportCoordinates writes the map's coordinates atomically to path: with
// every column as CSV, or alone as .npy. The result is the path.
func (s *Session) ExportCoordinates(path string) *Job {
	st := s.Snapshot()
	cols := s.Columns()
	return s.start("export", "export coordinates", func(ctx context.Context, progress func(float64)) (func() Change, any, error) {
		if st.Map.Method == "" {
			return nil, nil, errors.New("no map to export")
		}
		return nil, path, WriteCoordinates(path, st.Map.Coords, st.Map.Method, cols)
	})
}

// WriteCoordinates writes map coordinates made by method atomically to
// path (model.WriteCoords: with the columns as CSV, or alone as .npy),
// with the axes named as latent plot names them.
func WriteCoordinates(path string, xy []float64, method string, cols []*model.Column) error {
	x, y := projection.AxisLabels(method, nil)
	return model.WriteCoords(path, xy, x, y, cols)
}
