package model

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// The streaming reader reads what the record-based one did: quoted
// numbers, CRLF, blank lines, pandas' header and index, comments in
// whitespace text, and a wide single line.
func TestReadTextArrayStreams(t *testing.T) {
	for _, c := range []struct {
		text, ext string
		shape     []int
		data      []float64
	}{
		{"\"1\",\"2.5\"\r\n\r\n3, 4\r\n", ".csv", []int{2, 2}, []float64{1, 2.5, 3, 4}},
		{",0,1\n0,5,6\n1,7,8\n", ".csv", []int{2, 2}, []float64{5, 6, 7, 8}},
		{"a\tb\n1\t2\n", ".tsv", []int{1, 2}, []float64{1, 2}},
		{"# comment\n1 2  3\n\n  4 5 6  \n", ".txt", []int{2, 3}, []float64{1, 2, 3, 4, 5, 6}},
		{strings.Repeat("0.5,", 99999) + "1\n", ".csv", []int{1, 100000}, nil},
	} {
		a, err := readTextArray(strings.NewReader(c.text), c.ext)
		if err != nil {
			t.Errorf("%q: %v", c.text[:min(len(c.text), 20)], err)
			continue
		}
		if !slices.Equal(a.Shape, c.shape) || (c.data != nil && !slices.Equal(a.Data, c.data)) {
			t.Errorf("%q: shape %v data %v, want %v %v", c.text[:min(len(c.text), 20)], a.Shape, a.Data, c.shape, c.data)
		}
	}
	for _, c := range []struct{ text, msg string }{
		{"1,2\n3,4,5\n", "line 2 has 3 fields, the first row has 2"},
		{"1,2\n3\n", "line 2 has 1 fields, the first row has 2"},
		{"1,2\n3,x\n", `line 2, column 2: "x" is not a number`},
	} {
		_, err := readTextArray(strings.NewReader(c.text), ".csv")
		if !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%q: err = %v, want %q", c.text, err, c.msg)
		}
	}
}
