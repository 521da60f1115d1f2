package model

import (
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/parquet-go/parquet-go"
)

// Parquet (Apache Parquet, parquet.apache.org/docs/file-format): codes are
// a column of lists of numbers (one list per row, all of one length),
// metadata the columns that are not lists. Values are read column by
// column, page by page, with their repetition levels marking where each
// row's list starts.

// pqColumn is one leaf column of a parquet file.
type pqColumn struct {
	name string // the top-level field's name
	col  *parquet.Column
	list bool // repeated: one list per row
}

// numeric reports whether the column holds numbers (or booleans).
func (c pqColumn) numeric() bool {
	switch c.col.Type().Kind() {
	case parquet.Boolean, parquet.Int32, parquet.Int64, parquet.Float, parquet.Double:
		return true
	}
	return false
}

// openParquet opens r, checks what it declares against its size, and lists
// its leaf columns; lists nested deeper than one level are left out.
func openParquet(r io.ReaderAt, size int64) (*parquet.File, []pqColumn, error) {
	if err := checkParquetFooter(r, size); err != nil {
		return nil, nil, err
	}
	f, err := parquet.OpenFile(r, size, parquet.SkipBloomFilters(true), parquet.SkipPageIndex(true))
	if err != nil {
		return nil, nil, fmt.Errorf("%w: not a parquet file: %s", ErrFormat, quote(err.Error()))
	}
	if err := checkParquetPages(r, size, f.Metadata()); err != nil {
		return nil, nil, err
	}
	var cols []pqColumn
	var walk func(c *parquet.Column)
	walk = func(c *parquet.Column) {
		if !c.Leaf() {
			for _, child := range c.Columns() {
				walk(child)
			}
			return
		}
		path := c.Path()
		if len(path) == 0 || c.MaxRepetitionLevel() > 1 {
			return
		}
		cols = append(cols, pqColumn{name: path[0], col: c, list: c.MaxRepetitionLevel() == 1})
	}
	walk(f.Root())
	return f, cols, nil
}

// recoverParquet turns a panic of the parquet library on a malformed file
// into an error.
func recoverParquet(err *error) {
	if p := recover(); p != nil {
		*err = fmt.Errorf("%w: malformed Parquet file", ErrFormat)
	}
}

// readParquetArray reads the list column called name ("" for the only one)
// as an N×d array; with no list column, the numeric columns make the N×k
// array, or name picks one as N×1.
func readParquetArray(r io.ReaderAt, size int64, name string) (a *Array, err error) {
	defer recoverParquet(&err)
	f, cols, err := openParquet(r, size)
	if err != nil {
		return nil, err
	}
	var lists, scalars []pqColumn
	for _, c := range cols {
		switch {
		case !c.numeric():
		case c.list:
			lists = append(lists, c)
		default:
			scalars = append(scalars, c)
		}
		if name != "" && c.name == name {
			if !c.numeric() {
				return nil, fmt.Errorf("%w: column %q is not numeric", ErrFormat, name)
			}
			return readParquetColumns(f, []pqColumn{c})
		}
	}
	switch {
	case name != "":
		return nil, fmt.Errorf("%w: no column %q (numeric columns: %s)", ErrFormat, name, pqNames(append(lists, scalars...)))
	case len(lists) == 1:
		return readParquetColumns(f, lists)
	case len(lists) > 1:
		return nil, fmt.Errorf("%w: %d list columns (%s); say which", ErrFormat, len(lists), pqNames(lists))
	case len(scalars) == 0:
		return nil, fmt.Errorf("%w: no numeric columns", ErrFormat)
	}
	return readParquetColumns(f, scalars)
}

// pqNames lists column names for messages.
func pqNames(cols []pqColumn) string {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.name
	}
	return strings.Join(names, ", ")
}

// readParquetColumns reads one list column as N×d, or scalar columns as N×k.
func readParquetColumns(f *parquet.File, cols []pqColumn) (*Array, error) {
	n := int(f.NumRows())
	if n <= 0 {
		return nil, fmt.Errorf("%w: no rows", ErrEmpty)
	}
	if cols[0].list {
		return readParquetList(cols[0], n)
	}
	k := len(cols)
	if n > maxElements/k {
		return nil, fmt.Errorf("%w: %d rows × %d columns is more than %d elements", ErrTooLarge, n, k, maxElements)
	}
	data := make([]float64, 0, min(n*k, 1<<16)) // n is only a claim
	for _, c := range cols {
		vals, _, err := readParquetNumbers(c, n, n)
		if err != nil {
			return nil, err
		}
		if len(vals) != n {
			return nil, fmt.Errorf("%w: column %s has %d rows, the file says %d", ErrFormat, quoted(c.name), len(vals), n)
		}
		data = append(data, vals...)
	}
	// data is column-major: k columns of n.
	return &Array{Shape: []int{n, k}, DType: "float64", Data: fortranToC(data, []int{n, k})}, nil
}

// readParquetList reads a list column of n rows that must all have one length.
func readParquetList(c pqColumn, n int) (*Array, error) {
	vals, starts, err := readParquetNumbers(c, n, maxElements)
	if err != nil {
		return nil, err
	}
	if len(starts) != n {
		return nil, fmt.Errorf("%w: column %s has %d rows, the file says %d", ErrFormat, quoted(c.name), len(starts), n)
	}
	starts = append(starts, len(vals))
	d := starts[1] - starts[0]
	for i := 1; i < n; i++ {
		if l := starts[i+1] - starts[i]; l != d {
			return nil, fmt.Errorf("%w: column %q: row %d has %d values, row 0 has %d", ErrShape, c.name, i, l, d)
		}
	}
	return &Array{Shape: []int{n, d}, DType: pqDType(c), Data: vals}, nil
}

// pqDType names a column's element type as NumPy would.
func pqDType(c pqColumn) string {
	switch c.col.Type().Kind() {
	case parquet.Float:
		return "float32"
	case parquet.Int32:
		return "int32"
	case parquet.Int64:
		return "int64"
	case parquet.Boolean:
		return "bool"
	}
	return "float64"
}

// readParquetNumbers reads the values of a numeric column (nulls are NaN;
// a null or empty list adds no value) and the index of each row's first
// value; it refuses more than limit values or n rows.
func readParquetNumbers(c pqColumn, n, limit int) (vals []float64, starts []int, err error) {
	err = eachParquetValue(c, func(v parquet.Value) error {
		if v.RepetitionLevel() == 0 {
			if len(starts) == n {
				return fmt.Errorf("%w: column %s has more rows than the file says (%d)", ErrFormat, quoted(c.name), n)
			}
			starts = append(starts, len(vals))
		}
		if c.list && v.DefinitionLevel() < c.col.MaxDefinitionLevel() {
			return nil // a null or empty list, or a null element
		}
		if len(vals) == limit {
			return fmt.Errorf("%w: column %s holds more than %d values", ErrTooLarge, quoted(c.name), limit)
		}
		vals = append(vals, pqNumber(v))
		return nil
	})
	return vals, starts, err
}

// pqNumber converts a value of a numeric column.
func pqNumber(v parquet.Value) float64 {
	switch {
	case v.IsNull():
		return math.NaN()
	case v.Kind() == parquet.Boolean:
		if v.Boolean() {
			return 1
		}
		return 0
	case v.Kind() == parquet.Int32:
		return float64(v.Int32())
	case v.Kind() == parquet.Int64:
		return float64(v.Int64())
	case v.Kind() == parquet.Float:
		return float64(v.Float())
	}
	return v.Double()
}

// eachParquetValue calls do with every value of column c, page by page.
func eachParquetValue(c pqColumn, do func(parquet.Value) error) error {
	pages := c.col.Pages()
	defer pages.Close()
	buf := make([]parquet.Value, 1024)
	for {
		p, err := pages.ReadPage()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%w: column %q: %v", ErrFormat, c.name, err)
		}
		err = eachPageValue(p, buf, do)
		parquet.Release(p)
		if err != nil {
			return err
		}
	}
}

// eachPageValue calls do with every value of page p.
func eachPageValue(p parquet.Page, buf []parquet.Value, do func(parquet.Value) error) error {
	vr := p.Values()
	for {
		k, err := vr.ReadValues(buf)
		for _, v := range buf[:k] {
			if err := do(v); err != nil {
				return err
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%w: %v", ErrFormat, err)
		}
	}
}

// readParquetTable reads the columns that are not lists as metadata:
// numbers (nulls are NaN) or strings (nulls are "").
func readParquetTable(r io.ReaderAt, size int64) (t *Table, err error) {
	defer recoverParquet(&err)
	f, cols, err := openParquet(r, size)
	if err != nil {
		return nil, err
	}
	n := int(f.NumRows())
	t = &Table{}
	for _, c := range cols {
		if c.list {
			continue
		}
		col, err := readParquetScalar(c, n)
		if err != nil {
			return nil, err
		}
		t.Columns = append(t.Columns, col)
	}
	switch {
	case n <= 0:
		return nil, fmt.Errorf("%w: no rows", ErrEmpty)
	case len(t.Columns) == 0:
		return nil, fmt.Errorf("%w: no metadata columns (all columns are lists)", ErrFormat)
	}
	return t, nil
}

// readParquetScalar reads one column of n rows as numbers or strings.
func readParquetScalar(c pqColumn, n int) (*Column, error) {
	if n > maxElements {
		return nil, fmt.Errorf("%w: %d rows", ErrTooLarge, n)
	}
	if c.numeric() {
		vals, starts, err := readParquetNumbers(c, n, n)
		if err == nil && len(starts) != n {
			err = fmt.Errorf("%w: column %s has %d rows, the file says %d", ErrFormat, quoted(c.name), len(starts), n)
		}
		return &Column{Name: c.name, Numbers: vals}, err
	}
	strs := make([]string, 0, min(n, 1<<16))
	err := eachParquetValue(c, func(v parquet.Value) error {
		if len(strs) == n {
			return fmt.Errorf("%w: column %s has more rows than the file says (%d)", ErrFormat, quoted(c.name), n)
		}
		s := ""
		if !v.IsNull() {
			s = string(v.ByteArray())
		}
		strs = append(strs, s)
		return nil
	})
	if err == nil && len(strs) != n {
		err = fmt.Errorf("%w: column %s has %d rows, the file says %d", ErrFormat, quoted(c.name), len(strs), n)
	}
	return &Column{Name: c.name, Strings: strs}, err
}
