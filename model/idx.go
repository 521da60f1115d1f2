package model

import (
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"io"
)

// The IDX format of the MNIST database (LeCun, Cortes and Burges, "The
// MNIST database of handwritten digits", yann.lecun.com/exdb/mnist): two
// zero bytes, a type byte, the number of dimensions, each dimension as a
// big-endian uint32, then the data in big-endian C order. The files are
// usually gzipped.

// maxIDXDims bounds the dimensions an IDX header may declare.
const maxIDXDims = 16

// idxTypes maps the IDX type byte to its element type.
var idxTypes = map[byte]dtype{
	0x08: {kind: 'u', size: 1, order: binary.BigEndian},
	0x09: {kind: 'i', size: 1, order: binary.BigEndian},
	0x0B: {kind: 'i', size: 2, order: binary.BigEndian},
	0x0C: {kind: 'i', size: 4, order: binary.BigEndian},
	0x0D: {kind: 'f', size: 4, order: binary.BigEndian},
	0x0E: {kind: 'f', size: 8, order: binary.BigEndian},
}

// isIDXMagic reports whether head starts with an IDX magic number.
func isIDXMagic(head []byte) bool {
	if len(head) < 4 || head[0] != 0 || head[1] != 0 || head[3] == 0 || head[3] > maxIDXDims {
		return false
	}
	_, ok := idxTypes[head[2]]
	return ok
}

// readIDX reads an IDX file of size bytes, gzipped or not; with
// keepBytes, unsigned bytes stay bytes (Array.U8).
func readIDX(r io.ReaderAt, size int64, keepBytes bool) (*Array, error) {
	var magic [2]byte
	if _, err := r.ReadAt(magic[:], 0); err != nil {
		return nil, fmt.Errorf("%w: too short for an IDX file (%d bytes)", ErrFormat, size)
	}
	sr := io.NewSectionReader(r, 0, size)
	if magic != [2]byte{0x1f, 0x8b} {
		return readIDXStream(newBuffered(sr), size, true, keepBytes)
	}
	gz, err := gzip.NewReader(newBuffered(sr))
	if err != nil {
		return nil, fmt.Errorf("%w: bad gzip stream: %v", ErrFormat, err)
	}
	// Deflate cannot expand more than maxDeflateRatio times, so a header
	// declaring more is refused before anything is allocated.
	return readIDXStream(newBuffered(gz), size*maxDeflateRatio, false, keepBytes)
}

// readIDXStream reads an uncompressed IDX stream of at most size bytes;
// trusted says whether it surely has size bytes.
func readIDXStream(r io.Reader, size int64, trusted, keepBytes bool) (*Array, error) {
	var head [4]byte
	if _, err := io.ReadFull(r, head[:]); err != nil || !isIDXMagic(head[:]) {
		return nil, fmt.Errorf("%w: not an IDX file (bad magic number % x)", ErrFormat, head)
	}
	t := idxTypes[head[2]]
	dims := make([]byte, 4*int(head[3]))
	if _, err := io.ReadFull(r, dims); err != nil {
		return nil, fmt.Errorf("%w: IDX header is truncated", ErrFormat)
	}
	shape := make([]int, head[3])
	for i := range shape {
		shape[i] = int(binary.BigEndian.Uint32(dims[4*i:]))
	}
	n, err := checkShape(shape, t, size-int64(4+len(dims)), !trusted)
	if err != nil {
		return nil, err
	}
	if keepBytes && isByte(t) {
		a, _, err := readBytes(r, shape, n, trusted)
		return a, err
	}
	if err := checkMemory(arrayWhat(shape, t), mulSize(int64(n), 8)); err != nil {
		return nil, err
	}
	data, err := decodeElements(r, t, n, trusted)
	if err != nil {
		return nil, err
	}
	return &Array{Shape: shape, DType: t.name(), Data: data}, nil
}
