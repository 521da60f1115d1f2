package model

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"unsafe"
)

// ReadCodes reads latent codes (N×d, float32) in any ReadArray format; a
// 1-D array is N×1. It rejects NaN/Inf with ErrNonFinite, saying how many
// and the first row.
func ReadCodes(path string) (*Codes, error) {
	if c, ok, err := readNPYCodes(path); ok {
		return c, err
	}
	a, err := ReadArray(path, "")
	if err != nil {
		return nil, err
	}
	return CodesFromArray(path, a)
}

// readNPYCodes reads a C-ordered float32 .npy straight into codes, without
// the float64 copy ReadArray makes; ok is false for any other file, which
// ReadArray then reads (and reports on).
func readNPYCodes(path string) (c *Codes, ok bool, err error) {
	if extOf(path) != ".npy" {
		return nil, false, nil
	}
	f, size, err := openSized(path)
	if err != nil {
		return nil, false, nil
	}
	defer f.Close()
	c, ok, err = readNPYCodesFrom(newBuffered(io.NewSectionReader(f, 0, size)), size)
	if err != nil {
		err = fileError(path, err)
	}
	return c, ok, err
}

// readNPYCodesFrom reads codes from an .npy stream of size bytes when it
// holds C-ordered float32 codes (ok), else reads no further.
func readNPYCodesFrom(r io.Reader, size int64) (c *Codes, ok bool, err error) {
	h, err := readNPYHeader(r, size)
	if err != nil || h.dtype.kind != 'f' || h.dtype.size != 4 || h.fortran {
		return nil, false, nil
	}
	n, d, item, err := codesShape(h.shape)
	if err != nil {
		return nil, false, nil
	}
	if _, err := checkShape(h.shape, h.dtype, size-h.dataOff, false); err != nil {
		return nil, false, nil
	}
	c = &Codes{N: n, D: d, Data: make([]float32, n*d), Shape: item}
	if err := readFloat32s(r, h.dtype.order, c.Data); err != nil {
		return nil, true, err
	}
	if err := checkFinite(c); err != nil {
		return nil, true, err
	}
	return c, true, nil
}

// readFloat32s reads len(dst) float32 values in byte order o.
func readFloat32s(r io.Reader, o binary.ByteOrder, dst []float32) error {
	if len(dst) > 0 && o == binary.ByteOrder(binary.LittleEndian) && isLittleEndian() {
		// The file's bytes are the values' memory: read them in place.
		raw := unsafe.Slice((*byte)(unsafe.Pointer(&dst[0])), 4*len(dst))
		if got, err := io.ReadFull(r, raw); err != nil {
			return fmt.Errorf("%w: data is truncated after element %d of %d (%v)", ErrTooLarge, got/4, len(dst), err)
		}
		return nil
	}
	buf := make([]byte, 64<<10)
	for off := 0; off < len(dst); {
		k := min(len(buf)/4, len(dst)-off)
		if got, err := io.ReadFull(r, buf[:4*k]); err != nil {
			return fmt.Errorf("%w: data is truncated after element %d of %d (%v)", ErrTooLarge, off+got/4, len(dst), err)
		}
		if o == binary.ByteOrder(binary.LittleEndian) {
			for i := range k {
				dst[off+i] = math.Float32frombits(binary.LittleEndian.Uint32(buf[4*i:]))
			}
		} else {
			for i := range k {
				dst[off+i] = math.Float32frombits(o.Uint32(buf[4*i:]))
			}
		}
		off += k
	}
	return nil
}

// CodesFromArray converts an array read from path (named in errors) to
// codes: 1-D is N×1, 2-D is N×d, trailing axes of length 1 are dropped
// (a [N, d, 1, 1] array is N×d), and any other [N, ...] array is N codes
// of the product of the other sizes, flattened row-major, with Shape
// holding their shape (a [N, 4, 32, 32] array is N×4096). Values beyond
// float32's range count as Inf.
func CodesFromArray(path string, a *Array) (*Codes, error) {
	if a.Len() != len(a.Data) {
		panic(fmt.Sprintf("model: CodesFromArray: shape %v does not match %d values", a.Shape, len(a.Data)))
	}
	n, d, item, err := codesShape(a.Shape)
	if err != nil {
		return nil, fileError(path, err)
	}
	c := &Codes{N: n, D: d, Data: make([]float32, len(a.Data)), Shape: item}
	for i, v := range a.Data {
		c.Data[i] = float32(v)
	}
	if err := checkFinite(c); err != nil {
		return nil, fileError(path, err)
	}
	return c, nil
}

// checkFinite returns ErrNonFinite if codes hold NaN or Inf, saying how
// many and where the first is.
func checkFinite(c *Codes) error {
	bad, first := 0, -1
	for i, f := range c.Data {
		if math.Float32bits(f)&0x7f800000 == 0x7f800000 { // all exponent bits: NaN or ±Inf
			if bad == 0 {
				first = i
			}
			bad++
		}
	}
	if bad == 0 {
		return nil
	}
	return fmt.Errorf("%w: %d of %d values are NaN or Inf, the first in row %d (column %d)",
		ErrNonFinite, bad, len(c.Data), first/c.D, first%c.D)
}

// codesShape returns N, the flattened code size d and, for codes of more
// than one axis, the shape of one code.
func codesShape(shape []int) (n, d int, item []int, err error) {
	for len(shape) > 2 && shape[len(shape)-1] == 1 {
		shape = shape[:len(shape)-1]
	}
	switch len(shape) {
	case 0:
		return 0, 0, nil, fmt.Errorf("%w: codes must be [N, ...], the array is a scalar", ErrShape)
	case 1:
		n, d = shape[0], 1
	default:
		n, d = shape[0], shapeElems(shape[1:])
		if len(shape) > 2 {
			item = append([]int(nil), shape[1:]...)
		}
	}
	if n == 0 || d == 0 {
		return 0, 0, nil, fmt.Errorf("%w: shape %v holds no codes", ErrEmpty, shape)
	}
	return n, d, item, nil
}

// CheckRows returns ErrShape unless the codes and the table have as many
// rows: "codes.npy: shape [70000 16], labels.tsv has 69999 rows".
func CheckRows(codesPath string, c *Codes, tablePath string, t *Table) error {
	if c.N == t.Rows() {
		return nil
	}
	return fmt.Errorf("%s: %w: shape [%d %d], %s has %d rows", codesPath, ErrShape, c.N, c.D, tablePath, t.Rows())
}

// isLittleEndian reports whether this machine stores numbers little end first.
func isLittleEndian() bool {
	return binary.NativeEndian.Uint16([]byte{1, 0}) == 1
}
