package export

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/latent-explorer/latent/model"
)

// A Column is one metadata column to write beside the coordinates: either
// numbers (NaN is written as an empty cell) or text.
type Column struct {
	Name    string
	Floats  []float64
	Strings []string
}

func (c Column) len() int {
	if c.Strings != nil {
		return len(c.Strings)
	}
	return len(c.Floats)
}

func (c Column) cell(i int) string {
	if c.Strings != nil {
		return c.Strings[i]
	}
	return formatFloat(c.Floats[i])
}

// IntColumn returns a numeric column of integer labels, such as cluster
// ids.
func IntColumn(name string, v []int) Column {
	f := make([]float64, len(v))
	for i, x := range v {
		f[i] = float64(x)
	}
	return Column{Name: name, Floats: f}
}

func formatFloat(x float64) string {
	if math.IsNaN(x) {
		return ""
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

// WriteCSV writes a header and one row per point: x and y (named xName
// and yName) then the columns in order. It returns an error wrapping
// ErrInput if a column's length is not the number of points.
func WriteCSV(w io.Writer, xy []float64, xName, yName string, cols ...Column) error {
	if len(xy)%2 != 0 {
		return fmt.Errorf("%w: XY has odd length %d", ErrInput, len(xy))
	}
	n := len(xy) / 2
	header := []string{xName, yName}
	for _, c := range cols {
		if c.len() != n {
			return fmt.Errorf("%w: column %q has %d rows, want %d", ErrInput, c.Name, c.len(), n)
		}
		header = append(header, c.Name)
	}
	bw := bufio.NewWriter(w)
	cw := csv.NewWriter(bw)
	if err := cw.Write(header); err != nil {
		return err
	}
	row := make([]string, len(header))
	for i := range n {
		row[0], row[1] = formatFloat(xy[2*i]), formatFloat(xy[2*i+1])
		for k, c := range cols {
			row[2+k] = c.cell(i)
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// WriteNPY writes the points as a NumPy float64 array of shape (n, 2).
func WriteNPY(w io.Writer, xy []float64) error {
	if len(xy)%2 != 0 {
		return fmt.Errorf("%w: XY has odd length %d", ErrInput, len(xy))
	}
	if len(xy) == 0 {
		return fmt.Errorf("%w: no points", ErrInput)
	}
	return model.EncodeNPY(w, &model.Array{Shape: []int{len(xy) / 2, 2}, DType: "float64", Data: xy})
}

// WriteLabelsNPY writes integer labels (such as cluster ids) as a NumPy
// int64 array of shape (n,).
func WriteLabelsNPY(w io.Writer, labels []int) error {
	v := make([]float64, len(labels))
	for i, l := range labels {
		v[i] = float64(l)
	}
	return model.EncodeNPY(w, &model.Array{Shape: []int{len(v)}, DType: "int64", Data: v})
}
