package model

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// arrayTableCases: metadata from array files and parquet.
var arrayTableCases = []tableCase{
	{file: "labels.npy", cols: []Column{{Name: "label", Numbers: testLabels}}},
	{file: "vec.npy", cols: []Column{{Name: "label", Numbers: []float64{0, 1, 2, 3, 4}}}},
	{file: "f4_le_c.npy", cols: []Column{
		{Name: "0", Numbers: []float64{-1, 0, 1}}, {Name: "1", Numbers: []float64{-0.75, 0.25, 1.25}},
		{Name: "2", Numbers: []float64{-0.5, 0.5, 1.5}}, {Name: "3", Numbers: []float64{-0.25, 0.75, 1.75}},
	}},
	{file: "tiny-labels-idx1-ubyte.gz", cols: []Column{{Name: "label", Numbers: []float64{7, 2, 1, 0, 4}}}},
	{file: "scalars.parquet", cols: []Column{
		{Name: "x", Numbers: []float64{0.5, 1.5, 2.5}}, {Name: "y", Numbers: []float64{-1, -2, -3}},
		{Name: "kind", Strings: []string{"a", "b", "a"}},
	}},
	{file: "codes.parquet", cols: []Column{
		{Name: "label", Numbers: []float64{0, 1, 2, 0, 1, 2}},
		{Name: "name", Strings: []string{"zero", "one", "two", "", "four", "five"}},
	}},
	{file: "two.npz", err: ErrFormat, msg: "say which"},
	{file: "nd3_f.npy", err: ErrShape, msg: "metadata must be 1-D or 2-D, the array has shape [2 3 4]"},
	{file: "codes_uncompressed_double.parquet", err: ErrFormat, msg: "no metadata columns (all columns are lists)"},
}

func TestFormatOf(t *testing.T) {
	for _, c := range []struct {
		path string
		head string
		want format
	}{
		{"a.NPY", "", formatNPY},
		{"a.npz", "", formatNPZ},
		{"a.tsv", "", formatText},
		{"a.parquet", "", formatParquet},
		{"train-images-idx3-ubyte.gz", "", formatIDX},
		{"t10k-labels.idx1-ubyte", "\x00\x00\x08\x01", formatIDX},
		{"x.idx3", "", formatIDX},
		{"codes", npyMagic + "\x01\x00", formatNPY},
		{"codes", "PK\x03\x04", formatNPZ},
		{"codes", "PAR1", formatParquet},
		{"codes", "\x1f\x8b\x08", formatIDX},
		{"codes", "0.5\t1.5\n", formatText},
		{"codes", "\x00\x01\x02\x03", formatUnknown},
	} {
		if got := formatOf(c.path, []byte(c.head)); got != c.want {
			t.Errorf("formatOf(%q, %q) = %v, want %v", c.path, c.head, got, c.want)
		}
	}
}

func TestReadArrayErrors(t *testing.T) {
	dir := t.TempDir()
	unknown := filepath.Join(dir, "blob")
	os.WriteFile(unknown, []byte{0, 1, 2, 3, 4}, 0o644)
	for _, c := range []struct {
		path string
		want error
		msg  string
	}{
		{filepath.Join(dir, "missing.npy"), os.ErrNotExist, "missing.npy"},
		{dir, ErrFormat, "is a folder"},
		{unknown, ErrFormat, "blob: not a valid file: unknown file format"},
	} {
		_, err := ReadArray(c.path, "")
		if !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%s: error %v, want %v saying %q", c.path, err, c.want, c.msg)
		}
	}
}
