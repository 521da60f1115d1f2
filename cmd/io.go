package cmd

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/latent-explorer/latent/model"
	"gonum.org/v1/gonum/mat"
)

// loadCodes reads latent codes from any supported format.
func loadCodes(path string) (*model.Codes, error) {
	if path == "" {
		return nil, usagef("--codes is required")
	}
	return model.ReadCodes(path)
}

// loadTable reads a metadata table (labels and other columns).
func loadTable(path string) (*model.Table, error) {
	return model.ReadTable(path)
}

// outputKind returns "npy" or "csv" for an output path, or a usage error.
func outputKind(path string, allowed ...string) (string, error) {
	if path == "" {
		return "", usagef("-o is required")
	}
	ext := strings.ToLower(strings.TrimPrefix(filepath.Ext(path), "."))
	if ext == "tsv" {
		ext = "csv"
	}
	for _, a := range allowed {
		if ext == a {
			return ext, nil
		}
	}
	return "", usagef("-o %s: want a file ending in .%s", path, strings.Join(allowed, ", ."))
}

// writeMatrix writes m as .npy (float32... float64 kept) or .csv with
// colNames as the header, atomically.
func writeMatrix(path string, m mat.Matrix, colNames []string) error {
	kind, err := outputKind(path, "npy", "csv")
	if err != nil {
		return err
	}
	r, c := m.Dims()
	if kind == "npy" {
		a := &model.Array{Shape: []int{r, c}, DType: "float64", Data: make([]float64, 0, r*c)}
		for i := range r {
			for j := range c {
				a.Data = append(a.Data, m.At(i, j))
			}
		}
		return model.WriteNPY(path, a)
	}
	t := &model.Table{}
	for j := range c {
		name := fmt.Sprintf("x%d", j)
		if j < len(colNames) {
			name = colNames[j]
		}
		col := &model.Column{Name: name, Numbers: make([]float64, r)}
		for i := range r {
			col.Numbers[i] = m.At(i, j)
		}
		t.Columns = append(t.Columns, col)
	}
	return model.WriteCSV(path, t)
}

// writeInts writes integers (labels) as an int64 .npy or a one-column CSV.
func writeInts(path string, v []int, name string) error {
	f := make([]float64, len(v))
	for i, x := range v {
		f[i] = float64(x)
	}
	return writeVector(path, f, "int64", name)
}

// writeFloats writes scores as a float64 .npy or a one-column CSV.
func writeFloats(path string, v []float64, name string) error {
	return writeVector(path, v, "float64", name)
}

func writeVector(path string, v []float64, dtype, name string) error {
	kind, err := outputKind(path, "npy", "csv")
	if err != nil {
		return err
	}
	if kind == "npy" {
		return model.WriteNPY(path, &model.Array{Shape: []int{len(v)}, DType: dtype, Data: v})
	}
	return model.WriteCSV(path, &model.Table{Columns: []*model.Column{{Name: name, Numbers: v}}})
}
