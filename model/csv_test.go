package model

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// textArrayCases: every file that holds codes.npy's codes (as %.9g text,
// which round-trips float32) must read as them.
var textArrayCases = []readCase{
	{file: "codes.csv", shape: []int{10, 3}, dtype: "float64"},
	{file: "codes_noheader.csv", shape: []int{10, 3}, dtype: "float64"},
	{file: "projector_vectors.tsv", shape: []int{10, 3}, dtype: "float64"},
	{file: "pandas.csv", shape: []int{10, 3}, dtype: "float64"},
	{file: "pandas_noindex.csv", shape: []int{10, 3}, dtype: "float64"},
	{file: "semicolon.csv", shape: []int{10, 3}, dtype: "float64"},
	{file: "savetxt.txt", shape: []int{10, 3}, dtype: "float64"},
	{file: "bom.csv", shape: []int{10, 3}, dtype: "float64"},
	{file: "crlf.csv", shape: []int{10, 3}, dtype: "float64"},
	{file: "labels_single.txt", shape: []int{10, 1}, dtype: "float64", data: []float64{3, 1, 4, 1, 5, 9, 2, 6, 5, 3}},
	{file: "ragged.csv", err: ErrFormat, msg: "line 5 has 2 fields, the first row has 3"},
	{file: "not_number.csv", err: ErrFormat, msg: `line 7, column 2: "abc" is not a number`},
	{file: "empty.csv", err: ErrEmpty, msg: "empty file"},
	{file: "blank.csv", err: ErrEmpty, msg: "no text"},
	{file: "header_only.csv", err: ErrEmpty, msg: "no data rows"},
	{file: "binary.csv", err: ErrFormat, msg: "not a text file (binary byte 0x93 at offset 0)"},
	{file: "binary_utf8.csv", err: ErrFormat, msg: "not a text file (binary byte"},
}

// A tableCase is a metadata file and the columns it must read as.
type tableCase struct {
	file string
	cols []Column
	err  error
	msg  string
}

var (
	testLabels = []float64{3, 1, 4, 1, 5, 9, 2, 6, 5, 3}
	testNames  = []string{"three", "one", "four", "one", "five", "nine", "two", "six", "five", "three"}
)

var textTableCases = []tableCase{
	{file: "projector_metadata.tsv", cols: []Column{{Name: "label", Numbers: testLabels}, {Name: "name", Strings: testNames}}},
	{file: "projector_labels.tsv", cols: []Column{{Name: "label", Strings: testNames}}},
	{file: "labels_single.txt", cols: []Column{{Name: "label", Numbers: testLabels}}},
	{file: "labels_header.csv", cols: []Column{{Name: "digit", Numbers: testLabels}}},
	{file: "pandas_meta.csv", cols: []Column{{Name: "label", Numbers: testLabels}, {Name: "name", Strings: testNames}}},
	{file: "quoted.csv", cols: []Column{
		{Name: "id", Numbers: []float64{1, 2, 3}},
		{Name: "name", Strings: []string{"Smith, J.", `say "hi"`, "plain"}},
		{Name: "score", Numbers: []float64{0.5, math.NaN(), 1.5}},
	}},
	{file: "ragged.csv", err: ErrFormat, msg: "line 5 has 2 fields, the first row has 3"},
	{file: "empty.csv", err: ErrEmpty, msg: "empty file"},
	{file: "header_only.csv", err: ErrEmpty, msg: "a header and no rows"},
	{file: "binary.csv", err: ErrFormat, msg: "not a text file"},
}

func TestReadTextArray(t *testing.T) {
	codes := readCodesFixture(t)
	for _, c := range textArrayCases {
		a, err := ReadArray(filepath.Join("testdata", c.file), "")
		if c.data == nil && err == nil {
			a.Data = roundTo32(a.Data)
			c.data = codes
		}
		checkRead(t, c, a, err)
	}
}

// readCodesFixture returns codes.npy's float32 codes as float64.
func readCodesFixture(t testing.TB) []float64 {
	a, err := ReadArray("testdata/codes.npy", "")
	if err != nil {
		t.Fatal(err)
	}
	return a.Data
}

// roundTo32 rounds values to float32, as ReadCodes does.
func roundTo32(v []float64) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(float32(x))
	}
	return out
}

func TestReadTable(t *testing.T) {
	for _, c := range append(textTableCases, arrayTableCases...) {
		tab, err := ReadTable(filepath.Join("testdata", c.file))
		checkTable(t, c, tab, err)
	}
}

// checkTable checks what ReadTable gave for case c.
func checkTable(t *testing.T, c tableCase, tab *Table, err error) {
	t.Helper()
	if c.err != nil {
		checkErr(t, c.file, err, c.err, c.msg)
		return
	}
	if err != nil {
		t.Fatalf("%s: %v", c.file, err)
	}
	if len(tab.Columns) != len(c.cols) {
		t.Fatalf("%s: %d columns, want %d", c.file, len(tab.Columns), len(c.cols))
	}
	for i, col := range tab.Columns {
		want := c.cols[i]
		if col.Name != want.Name || col.Numeric() != want.Numeric() ||
			!sameFloats(col.Numbers, want.Numbers) || !slices.Equal(col.Strings, want.Strings) {
			t.Errorf("%s: column %d is %+v, want %+v", c.file, i, *col, want)
		}
	}
}

func TestWriteCSVRoundTrip(t *testing.T) {
	dir := t.TempDir()
	in := &Table{Columns: []*Column{
		{Name: "x", Numbers: []float64{0.1, -2.5e-7, 1e21}},
		{Name: "name, quoted", Strings: []string{"a,b", `c"d`, "plain"}},
	}}
	for _, file := range []string{"t.csv", "t.tsv"} {
		p := filepath.Join(dir, file)
		if err := WriteCSV(p, in); err != nil {
			t.Fatal(err)
		}
		out, err := ReadTable(p)
		if err != nil {
			t.Fatal(err)
		}
		checkTable(t, tableCase{file: file, cols: []Column{*in.Columns[0], *in.Columns[1]}}, out, nil)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "t.csv"))
	if want := "x,\"name, quoted\"\n0.1,\"a,b\"\n-2.5e-07,\"c\"\"d\"\n1e+21,plain\n"; string(b) != want {
		t.Errorf("t.csv is %q, want %q", b, want)
	}
}

func FuzzReadCSV(f *testing.F) {
	for _, c := range textArrayCases {
		b, err := os.ReadFile(filepath.Join("testdata", c.file))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, filepath.Ext(c.file))
	}
	for _, c := range textTableCases {
		b, _ := os.ReadFile(filepath.Join("testdata", c.file))
		f.Add(b, filepath.Ext(c.file))
	}
	f.Fuzz(func(t *testing.T, b []byte, ext string) {
		a, err := readTextArray(bytes.NewReader(b), ext)
		if err == nil && (len(a.Shape) != 2 || a.Len() != len(a.Data) || a.Shape[0] == 0) {
			t.Fatalf("shape %v with %d values", a.Shape, len(a.Data))
		}
		if err != nil && !errors.Is(err, ErrFormat) && !errors.Is(err, ErrEmpty) {
			t.Fatalf("array: error of no kind: %v", err)
		}
		tab, err := readTextTable(bytes.NewReader(b), ext)
		if err == nil {
			for _, c := range tab.Columns {
				if c.Len() != tab.Rows() || c.Len() == 0 {
					t.Fatalf("column %q has %d rows of %d", c.Name, c.Len(), tab.Rows())
				}
			}
		}
		if err != nil && !errors.Is(err, ErrFormat) && !errors.Is(err, ErrEmpty) {
			t.Fatalf("table: error of no kind: %v", err)
		}
	})
}
