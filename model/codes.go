package model

import (
	"fmt"
	"math"
)

// ReadCodes reads latent codes (N×d, float32) in any ReadArray format; a
// 1-D array is N×1. It rejects NaN/Inf with ErrNonFinite, saying how many
// and the first row.
func ReadCodes(path string) (*Codes, error) {
	a, err := ReadArray(path, "")
	if err != nil {
		return nil, err
	}
	return CodesFromArray(path, a)
}

// CodesFromArray converts an array read from path (named in errors) to
// codes: 1-D is N×1, 2-D is N×d, and trailing axes of length 1 are dropped
// (a [N, d, 1, 1] array is N×d). Values beyond float32's range count as Inf.
func CodesFromArray(path string, a *Array) (*Codes, error) {
	if a.Len() != len(a.Data) {
		panic(fmt.Sprintf("model: CodesFromArray: shape %v does not match %d values", a.Shape, len(a.Data)))
	}
	n, d, err := codesShape(a.Shape)
	if err != nil {
		return nil, fileError(path, err)
	}
	c := &Codes{N: n, D: d, Data: make([]float32, len(a.Data))}
	bad, first := 0, -1
	for i, v := range a.Data {
		f := float32(v)
		if math.IsNaN(float64(f)) || math.IsInf(float64(f), 0) {
			if bad == 0 {
				first = i
			}
			bad++
		}
		c.Data[i] = f
	}
	if bad > 0 {
		return nil, fileError(path, fmt.Errorf("%w: %d of %d values are NaN or Inf, the first in row %d (column %d)",
			ErrNonFinite, bad, len(a.Data), first/d, first%d))
	}
	return c, nil
}

// codesShape returns N and d for a codes array's shape.
func codesShape(shape []int) (n, d int, err error) {
	for len(shape) > 2 && shape[len(shape)-1] == 1 {
		shape = shape[:len(shape)-1]
	}
	switch len(shape) {
	case 1:
		n, d = shape[0], 1
	case 2:
		n, d = shape[0], shape[1]
	default:
		return 0, 0, fmt.Errorf("%w: codes must be N×d, the array has shape %v", ErrShape, shape)
	}
	if n == 0 || d == 0 {
		return 0, 0, fmt.Errorf("%w: shape %v holds no codes", ErrEmpty, shape)
	}
	return n, d, nil
}

// CheckRows returns ErrShape unless the codes and the table have as many
// rows: "codes.npy: shape [70000 16], labels.tsv has 69999 rows".
func CheckRows(codesPath string, c *Codes, tablePath string, t *Table) error {
	if c.N == t.Rows() {
		return nil
	}
	return fmt.Errorf("%s: %w: shape [%d %d], %s has %d rows", codesPath, ErrShape, c.N, c.D, tablePath, t.Rows())
}
