package model

import (
	"fmt"
	"image"
	"path/filepath"
	"strings"
)

// ReadCoords reads 2-D map coordinates as interleaved x, y pairs: from a
// CSV/TSV table its numeric columns x and y (as coordinate exports write
// them) or else its first two, from any other array file (.npy, .npz,
// .parquet, gzipped) an n×2 array, at full precision.
func ReadCoords(path string) ([]float64, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv", ".tsv", ".txt":
		return readCoordsTable(path)
	}
	a, err := ReadArray(path, "")
	if err != nil {
		return nil, err
	}
	if len(a.Shape) != 2 || a.Shape[1] != 2 {
		return nil, fmt.Errorf("%s: shape %v (%d columns); coordinates are n×2", path, a.Shape, a.Shape[len(a.Shape)-1])
	}
	return a.Data, nil // float64, as written: no rounding to float32
}

// WriteCoords writes a map's points (interleaved x, y pairs) to path
// atomically, by its extension: .npy writes an n×2 float64 array (the
// points alone), anything else a CSV (TSV for .tsv) whose columns are
// xName, yName and then cols, such as the metadata; ReadCoords reads
// either back. `latent plot --save-data` and the window's File → Export
// coordinates… both write with it.
func WriteCoords(path string, xy []float64, xName, yName string, cols []*Column) error {
	if len(xy)%2 != 0 || len(xy) == 0 {
		return fmt.Errorf("%s: %d coordinates are not a list of x, y points", path, len(xy))
	}
	n := len(xy) / 2
	if strings.EqualFold(filepath.Ext(path), ".npy") {
		return WriteNPY(path, &Array{Shape: []int{n, 2}, DType: "float64", Data: xy})
	}
	x, y := make([]float64, n), make([]float64, n)
	for i := range n {
		x[i], y[i] = xy[2*i], xy[2*i+1]
	}
	t := &Table{Columns: append([]*Column{{Name: xName, Numbers: x}, {Name: yName, Numbers: y}}, cols...)}
	for _, c := range cols {
		if c.Len() != n {
			return fmt.Errorf("%s: column %s has %d rows for %d points", path, quoted(c.Name), c.Len(), n)
		}
	}
	return WriteCSV(path, t)
}

func readCoordsTable(path string) ([]float64, error) {
	t, err := ReadTable(path)
	if err != nil {
		return nil, err
	}
	x, y := t.Column("x"), t.Column("y")
	if (x == nil || y == nil) && len(t.Columns) >= 2 {
		x, y = t.Columns[0], t.Columns[1]
	}
	if x == nil || y == nil || !x.Numeric() || !y.Numeric() {
		return nil, fmt.Errorf("%s: want numeric columns x and y, or two numeric columns first", path)
	}
	xy := make([]float64, 2*x.Len())
	for i := range x.Len() {
		xy[2*i], xy[2*i+1] = x.Numbers[i], y.Numbers[i]
	}
	return xy, nil
}

// ItemImages returns the n data items of an array [n, h, w] or
// [n, c, h, w] as pictures (see DataImage): thumbnails for a figure.
func ItemImages(path string, a *Array, channels string) ([]image.Image, error) {
	if len(a.Shape) < 3 || a.Shape[0] == 0 {
		return nil, fmt.Errorf("%s: shape %v; want images [n, h, w] or [n, c, h, w]", path, a.Shape)
	}
	n := a.Shape[0]
	shape, size := a.Shape[1:], a.Len()/n
	out := make([]image.Image, n)
	for i := range out {
		img, err := DataImage(a.Data[i*size:(i+1)*size], shape, channels)
		if err != nil {
			return nil, fmt.Errorf("%s: image %d: %w", path, i, err)
		}
		out[i] = img
	}
	return out, nil
}
