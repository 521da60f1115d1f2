package model

import (
	"fmt"
	"io"
	"slices"
)

// ReadData reads a space's data items in any ReadArray format. Unsigned
// bytes stay bytes (Array.U8, an eighth of the memory of float64): a
// C-ordered uint8 .npy, plain, gzipped or the only array of an .npz, or
// an MNIST IDX file of unsigned bytes. Anything else is ReadArray's
// float64.
func ReadData(path string) (*Array, error) {
	if a, ok, err := readByteData(path); ok {
		if err != nil {
			return nil, fileError(path, err)
		}
		return a, nil
	}
	return ReadArray(path, "")
}

// readByteData reads path's bytes as ReadData says; ok is false for a
// file that does not hold them (ReadArray then reads it, and reports on
// what is wrong with it).
func readByteData(path string) (a *Array, ok bool, err error) {
	f, size, err := openSized(path)
	if err != nil {
		return nil, false, nil
	}
	defer f.Close()
	sr := io.NewSectionReader(f, 0, size)
	if inner, gz := gzippedName(path); gz {
		if extOf(inner) != ".npy" {
			return nil, false, nil
		}
		return readGzipNPY(f, size, readNPYBytes)
	}
	kind, err := fileFormat(f, size, path)
	switch {
	case err != nil:
		return nil, false, nil
	case kind == formatNPY:
		return readNPYBytes(newBuffered(sr), size, true)
	case kind == formatNPZ:
		return readNPZBytes(f, size)
	case kind == formatIDX:
		a, err := readIDX(f, size, true)
		return a, true, err
	}
	return nil, false, nil
}

// readNPZBytes reads the only array of an .npz as readNPYBytes does, and
// checks the entry's CRC.
func readNPZBytes(r io.ReaderAt, size int64) (*Array, bool, error) {
	return readOnlyEntry(r, size, readNPYBytes)
}

// readNPYBytes reads a uint8 .npy stream of size bytes into Array.U8
// (ok; a Fortran-ordered one reordered to C order), else reads no further;
// trusted says whether the stream surely holds size bytes (a file).
func readNPYBytes(r io.Reader, size int64, trusted bool) (a *Array, ok bool, err error) {
	h, err := readNPYHeader(r, size)
	if err != nil || !isByte(h.dtype) {
		return nil, false, nil
	}
	n, err := checkShape(h.shape, h.dtype, size-h.dataOff, !trusted)
	if err != nil {
		return nil, true, err
	}
	if h.fortran { // reordered into a second array
		if err := checkMemory(fmt.Sprintf("shape %v uint8 (Fortran order)", h.shape), 2*int64(n)); err != nil {
			return nil, true, err
		}
	}
	a, ok, err = readBytes(r, h.shape, n, trusted)
	if err == nil && h.fortran {
		a.U8 = fortranToC(a.U8, h.shape)
	}
	return a, ok, err
}

// isByte reports whether t is unsigned bytes.
func isByte(t dtype) bool { return t.kind == 'u' && t.size == 1 }

// readBytes reads the n bytes of an array of the given shape, within the
// memory budget. What a file's size vouches for (trusted) is allocated at
// once; a compressed stream's claim only as the data arrives, so a lying
// header cannot make it allocate.
func readBytes(r io.Reader, shape []int, n int, trusted bool) (*Array, bool, error) {
	if err := checkMemory(fmt.Sprintf("shape %v uint8", shape), int64(n)); err != nil {
		return nil, true, err
	}
	const step = 16 << 20
	dst := make([]byte, 0, n)
	if !trusted {
		dst = make([]byte, 0, min(n, step))
	}
	for len(dst) < n {
		k := min(n-len(dst), max(step, len(dst)))
		m := len(dst)
		dst = slices.Grow(dst, k)[:m+k]
		if got, err := io.ReadFull(r, dst[m:]); err != nil {
			return nil, true, fmt.Errorf("%w: data is truncated after element %d of %d (%v)", ErrTooLarge, m+got, n, err)
		}
	}
	return &Array{Shape: shape, DType: "uint8", U8: dst}, true, nil
}
