package model

import (
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"slices"
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

// readNPYCodes reads C-ordered float32 codes from an .npy (plain,
// gzipped or the only array of an .npz) straight into codes, without the
// float64 copy ReadArray makes; ok is false for any other file, which
// ReadArray then reads (and reports on).
func readNPYCodes(path string) (c *Codes, ok bool, err error) {
	inner, gz := gzippedName(path)
	if extOf(path) != ".npy" && extOf(path) != ".npz" && !(gz && extOf(inner) == ".npy") {
		return nil, false, nil
	}
	f, size, err := openSized(path)
	if err != nil {
		return nil, false, nil
	}
	defer f.Close()
	switch {
	case gz:
		c, ok, err = readGzipCodes(f, size)
	case extOf(path) == ".npz":
		c, ok, err = readNPZCodes(f, size)
	default:
		c, ok, err = readNPYCodesFrom(newBuffered(io.NewSectionReader(f, 0, size)), size, true)
	}
	if err != nil {
		err = fileError(path, err)
	}
	return c, ok, err
}

// readGzipCodes reads float32 codes from a gzipped .npy of size bytes.
func readGzipCodes(r io.ReaderAt, size int64) (*Codes, bool, error) {
	return readGzipNPY(r, size, readNPYCodesFrom)
}

// readGzipNPY reads the gzipped .npy of size bytes in r with read, a fast
// reader of one .npy stream that declines (ok false) what it does not
// take; it declines, too, what is not gzip, for the general reader.
func readGzipNPY[T any](r io.ReaderAt, size int64, read func(r io.Reader, size int64, trusted bool) (T, bool, error)) (v T, ok bool, err error) {
	gz, err := gzip.NewReader(newBuffered(io.NewSectionReader(r, 0, size)))
	if err != nil {
		return v, false, nil
	}
	return read(newBuffered(gz), size*maxDeflateRatio, false)
}

// readNPZCodes reads float32 codes from the only array of an .npz, and
// checks the entry's CRC.
func readNPZCodes(r io.ReaderAt, size int64) (*Codes, bool, error) {
	return readOnlyEntry(r, size, readNPYCodesFrom)
}

// readNPYCodesFrom reads codes from an .npy stream of size bytes when it
// holds C-ordered float32 codes (ok), else reads no further; trusted
// says whether the stream surely holds size bytes (a file).
func readNPYCodesFrom(r io.Reader, size int64, trusted bool) (c *Codes, ok bool, err error) {
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
	if err := checkMemory(fmt.Sprintf("codes of shape %v float32", h.shape), mulSize(int64(n), 4*int64(d))); err != nil {
		return nil, true, err
	}
	c = &Codes{N: n, D: d, Shape: item}
	if c.Data, err = readFloat32Stream(r, h.dtype.order, n*d, trusted); err != nil {
		return nil, true, err
	}
	if err := checkFinite(c); err != nil {
		return nil, true, err
	}
	return c, true, nil
}

// readFloat32Stream reads n float32 values. What a file's size vouches
// for (trusted) is allocated at once; a compressed stream's claim only as
// the data arrives (in steps of 16 MB or more), so a lying header cannot
// make it allocate.
func readFloat32Stream(r io.Reader, o binary.ByteOrder, n int, trusted bool) ([]float32, error) {
	const step = 4 << 20
	if trusted {
		dst := make([]float32, n)
		return dst, readFloat32s(r, o, dst)
	}
	dst := make([]float32, 0, min(n, step))
	for len(dst) < n {
		k := min(n-len(dst), max(step, len(dst)))
		m := len(dst)
		dst = slices.Grow(dst, k)[:m+k]
		if err := readFloat32s(r, o, dst[m:]); err != nil {
			return nil, err
		}
	}
	return dst, nil
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
	if err := checkMemory(fmt.Sprintf("codes of shape %v as float32", a.Shape), mulSize(int64(len(a.Data)), 4)); err != nil {
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
