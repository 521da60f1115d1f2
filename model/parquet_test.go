package model

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// pqCodes are the parquet fixtures' codes, as make_parquet_fixtures.mjs
// writes them: (4i+j)/8 - 1 for row i, column j.
func pqCodes() []float64 {
	v := make([]float64, 24)
	for k := range v {
		v[k] = float64(k)/8 - 1
	}
	return v
}

// parquetCases: files written by hyparquet-writer 0.17.0 (JavaScript).
var parquetCases = []readCase{
	{file: "codes.parquet", shape: []int{6, 4}, dtype: "float32", data: pqCodes()},
	{file: "codes.parquet", name: "embedding", shape: []int{6, 4}, dtype: "float32", data: pqCodes()},
	{file: "codes.parquet", name: "label", shape: []int{6, 1}, dtype: "float64", data: []float64{0, 1, 2, 0, 1, 2}},
	{file: "codes.parquet", name: "name", err: ErrFormat, msg: `column "name" is not numeric`},
	{file: "codes.parquet", name: "z", err: ErrFormat, msg: `no column "z" (numeric columns: embedding, label)`},
	{file: "codes_uncompressed_double.parquet", shape: []int{6, 4}, dtype: "float64", data: pqCodes()},
	{file: "two_lists.parquet", err: ErrFormat, msg: "2 list columns (mu, logvar); say which"},
	{file: "two_lists.parquet", name: "logvar", shape: []int{6, 4}, dtype: "float32", data: negate(pqCodes())},
	{file: "ragged.parquet", err: ErrShape, msg: `column "embedding": row 1 has 3 values, row 0 has 2`},
	{file: "scalars.parquet", shape: []int{3, 2}, dtype: "float64", data: []float64{0.5, -1, 1.5, -2, 2.5, -3}},
	{file: "codes.npy", err: ErrFormat, msg: "not a parquet file"},
}

func negate(v []float64) []float64 {
	for i := range v {
		v[i] = -v[i]
	}
	return v
}

func TestReadParquet(t *testing.T) {
	for _, c := range parquetCases {
		b, err := os.ReadFile(filepath.Join("testdata", c.file))
		if err != nil {
			t.Fatal(err)
		}
		a, err := readParquetArray(bytes.NewReader(b), int64(len(b)), c.name)
		if err != nil {
			err = fileError(filepath.Join("testdata", c.file), err)
		}
		checkRead(t, c, a, err)
	}
}

func FuzzReadParquet(f *testing.F) {
	for _, c := range parquetCases {
		b, err := os.ReadFile(filepath.Join("testdata", c.file))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, c.name)
	}
	f.Fuzz(func(t *testing.T, b []byte, name string) {
		a, err := readParquetArray(bytes.NewReader(b), int64(len(b)), name)
		if err == nil && a.Len() != len(a.Data) {
			t.Fatalf("shape %v with %d values", a.Shape, len(a.Data))
		}
		if err != nil && !errors.Is(err, ErrFormat) && !errors.Is(err, ErrTooLarge) &&
			!errors.Is(err, ErrEmpty) && !errors.Is(err, ErrShape) {
			t.Fatalf("array: error of no kind: %v", err)
		}
		tab, err := readParquetTable(bytes.NewReader(b), int64(len(b)))
		if err == nil {
			for _, c := range tab.Columns {
				if c.Len() != tab.Rows() {
					t.Fatalf("column %q has %d rows of %d", c.Name, c.Len(), tab.Rows())
				}
			}
		}
	})
}
