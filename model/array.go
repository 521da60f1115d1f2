package model

import (
	"errors"
	"fmt"
)

// Array is an N-dimensional numeric array read from a file, in C
// (row-major) order whatever the file's order was.
type Array struct {
	Shape []int
	// DType is the element type the file stored, in NumPy's spelling
	// without byte order ("float32", "int64", "uint8", "bool").
	DType string
	Data  []float64
	// U8 holds the values instead of Data when DType is "uint8" and the
	// reader kept the bytes (ReadData, for a space's data items); Data is
	// then nil.
	U8 []uint8
}

// Len returns the number of elements the shape holds.
func (a *Array) Len() int {
	n := 1
	for _, s := range a.Shape {
		n *= s
	}
	return n
}

// IsInteger reports whether the file stored integers or booleans.
func (a *Array) IsInteger() bool {
	switch a.DType {
	case "float16", "float32", "float64":
		return false
	}
	return true
}

// Codes are N latent vectors of dimension D, row-major, in float32.
type Codes struct {
	N, D int
	Data []float32
	// Shape is the shape of one code as the file stored it, such as
	// [4 32 32] for a Stable-Diffusion-style latent, when it has more
	// than one axis (trailing axes of length 1 dropped); nil for flat
	// codes. D is always the product of its sizes: everything but a
	// decoder sees the flattened code.
	Shape []int
}

// Row returns code i, sharing storage.
func (c *Codes) Row(i int) []float32 { return c.Data[i*c.D : (i+1)*c.D] }

// Vector returns code i as a new float64 vector.
func (c *Codes) Vector(i int) []float64 { return Float64s(c.Row(i)) }

// Float64s returns v as a new float64 slice (codes for the viz packages,
// which work in float64).
func Float64s(v []float32) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(x)
	}
	return out
}

// A Column is one named metadata column: numeric (Numbers) or categorical
// (Strings); exactly one of the two is set.
type Column struct {
	Name    string
	Strings []string
	Numbers []float64
}

// Numeric reports whether the column holds numbers.
func (c *Column) Numeric() bool { return c.Strings == nil }

// Len returns the number of rows.
func (c *Column) Len() int {
	if c.Numeric() {
		return len(c.Numbers)
	}
	return len(c.Strings)
}

// Table is metadata: named columns of equal length, one row per code.
type Table struct {
	Columns []*Column
}

// Rows returns the number of rows (0 for a table without columns).
func (t *Table) Rows() int {
	if t == nil || len(t.Columns) == 0 {
		return 0
	}
	return t.Columns[0].Len()
}

// Column returns the column called name, or nil.
func (t *Table) Column(name string) *Column {
	if t == nil {
		return nil
	}
	for _, c := range t.Columns {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// Sentinel errors for the kinds of bad input a caller may test with errors.Is.
var (
	// ErrFormat: the file is not what its name or the caller says it is.
	ErrFormat = errors.New("not a valid file")
	// ErrTooLarge: a declared shape is larger than the file could hold.
	ErrTooLarge = errors.New("shape larger than the file")
	// ErrShape: shapes disagree (rows of codes and labels, dimensions).
	ErrShape = errors.New("shape mismatch")
	// ErrNonFinite: codes hold NaN or Inf.
	ErrNonFinite = errors.New("non-finite values")
	// ErrEmpty: the file holds no data.
	ErrEmpty = errors.New("empty file")
	// ErrWideTable: a text file has too many columns to be a metadata
	// table (it may still be an array: ReadArray reads it).
	ErrWideTable = errors.New("too many columns for a table")
)

// fileError names the file an error is about: "codes.npy: ...".
func fileError(path string, err error) error {
	return fmt.Errorf("%s: %w", path, err)
}
