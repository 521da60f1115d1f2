package model

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/klauspost/compress/zstd"
	"github.com/parquet-go/parquet-go/encoding/thrift"
	pqformat "github.com/parquet-go/parquet-go/format"
)

// Before parquet-go reads a file, its footer and page headers are checked
// against the file's size and the limits below: parquet-go allocates what
// they declare before reading the data, so a small crafted file could
// otherwise make it allocate gigabytes. Writers make pages of about 1 MB.
const (
	maxParquetPage   = 64 << 20 // bytes of one page, uncompressed
	maxParquetValues = 1 << 25  // values in one page
	maxPageHeader    = 16 << 20 // bytes of one page header
	maxThriftDepth   = 32
)

// checkParquetFooter checks that the footer's thrift structure fits in the
// file: no list, map or string claims more elements than bytes are left.
func checkParquetFooter(r io.ReaderAt, size int64) error {
	var tail [8]byte
	if size < 12 {
		return fmt.Errorf("%w: too short for a parquet file (%d bytes)", ErrFormat, size)
	}
	if _, err := r.ReadAt(tail[:], size-8); err != nil {
		return err
	}
	if string(tail[4:]) != "PAR1" {
		return fmt.Errorf("%w: not a parquet file (no PAR1 at its end; encrypted footers are not supported)", ErrFormat)
	}
	n := int64(binary.LittleEndian.Uint32(tail[:4]))
	if n > size-12 {
		return fmt.Errorf("%w: parquet footer of %d bytes does not fit in the file", ErrFormat, n)
	}
	footer := make([]byte, n)
	if _, err := r.ReadAt(footer, size-8-n); err != nil {
		return err
	}
	if err := (&thriftSkim{b: footer}).structure(0); err != nil {
		return fmt.Errorf("%w: parquet footer: %v", ErrFormat, err)
	}
	if err := checkParquetSchema(footer); err != nil {
		if errors.Is(err, ErrTooLarge) {
			return err
		}
		return fmt.Errorf("%w: %v", ErrFormat, err)
	}
	return nil
}

// checkParquetPages checks every page header of every column chunk.
func checkParquetPages(r io.ReaderAt, size int64, md *pqformat.FileMetaData) error {
	for i, rg := range md.RowGroups {
		for j := range rg.Columns {
			if err := checkParquetChunk(r, size, &rg.Columns[j].MetaData); err != nil {
				return fmt.Errorf("%w: row group %d, column %d: %v", ErrFormat, i, j, err)
			}
		}
	}
	return nil
}

// checkParquetChunk walks the pages of a column chunk as parquet-go will.
func checkParquetChunk(r io.ReaderAt, size int64, m *pqformat.ColumnMetaData) error {
	base := m.DataPageOffset
	if m.DictionaryPageOffset != 0 {
		base = m.DictionaryPageOffset
	}
	if m.Codec == pqformat.Lz4Raw {
		// parquet-go v0.32.0 decodes LZ4_RAW pages that compress less than
		// 3:1 to zeros, and loops without end on corrupt ones.
		return fmt.Errorf("LZ4_RAW compression is not supported (write the file with snappy, gzip or zstd)")
	}
	end := base + m.TotalCompressedSize
	if base < 0 || m.TotalCompressedSize < 0 || end < base || end > size {
		return fmt.Errorf("column chunk at %d of %d bytes lies outside the file (%d bytes)", base, m.TotalCompressedSize, size)
	}
	for off := base; off < end; {
		h, hlen, err := readPageHeader(r, off, end)
		if err != nil {
			return err
		}
		if err := checkPageHeader(h, end-off-hlen); err != nil {
			return fmt.Errorf("page at offset %d: %v", off, err)
		}
		if err := checkPageData(r, off+hlen, h, m.Codec); err != nil {
			return fmt.Errorf("page at offset %d: %v", off, err)
		}
		off += hlen + int64(h.CompressedPageSize)
	}
	return nil
}

// readPageHeader reads the page header at off, growing its window until
// the header fits, and returns it with its length.
func readPageHeader(r io.ReaderAt, off, end int64) (*pqformat.PageHeader, int64, error) {
	for w := int64(256); ; w *= 4 {
		w = min(w, end-off)
		buf := make([]byte, w)
		if _, err := r.ReadAt(buf, off); err != nil && err != io.EOF {
			return nil, 0, err
		}
		s := &thriftSkim{b: buf}
		err := s.structure(0)
		if errors.Is(err, errThriftShort) && w < end-off && w < maxPageHeader {
			continue
		}
		if err != nil {
			return nil, 0, fmt.Errorf("page header at offset %d: %v", off, err)
		}
		h := new(pqformat.PageHeader)
		if err := thrift.Unmarshal(new(thrift.CompactProtocol), buf[:s.off], h); err != nil {
			return nil, 0, fmt.Errorf("page header at offset %d: %v", off, err)
		}
		return h, int64(s.off), nil
	}
}

// checkPageHeader checks a page's sizes and value count; avail bytes are
// left in the chunk after the header.
func checkPageHeader(h *pqformat.PageHeader, avail int64) error {
	if h.CompressedPageSize < 0 || int64(h.CompressedPageSize) > avail {
		return fmt.Errorf("page of %d bytes, %d left in the column chunk", h.CompressedPageSize, avail)
	}
	if h.UncompressedPageSize < 0 || h.UncompressedPageSize > maxParquetPage {
		return fmt.Errorf("page of %d bytes uncompressed, more than the %s this reader allows", h.UncompressedPageSize, byteSize(maxParquetPage))
	}
	n := int32(0)
	if h.DataPageHeader.Valid {
		n = h.DataPageHeader.V.NumValues
	}
	if h.DictionaryPageHeader.Valid {
		n = max(n, h.DictionaryPageHeader.V.NumValues)
	}
	if v2 := h.DataPageHeaderV2; v2.Valid {
		n = max(n, v2.V.NumValues)
		levels := int64(v2.V.RepetitionLevelsByteLength) + int64(v2.V.DefinitionLevelsByteLength)
		if v2.V.RepetitionLevelsByteLength < 0 || v2.V.DefinitionLevelsByteLength < 0 || levels > int64(h.CompressedPageSize) {
			return fmt.Errorf("levels of %d bytes in a page of %d", levels, h.CompressedPageSize)
		}
	}
	if n < 0 || n > maxParquetValues {
		return fmt.Errorf("page of %d values, more than the %d this reader allows", n, maxParquetValues)
	}
	return nil
}

// checkPageData checks that a ZSTD page's frame declares no more bytes
// than the page.
func checkPageData(r io.ReaderAt, off int64, h *pqformat.PageHeader, codec pqformat.CompressionCodec) error {
	if codec != pqformat.Zstd {
		return nil
	}
	levels := int64(0)
	if v2 := h.DataPageHeaderV2; v2.Valid {
		if v2.V.IsCompressed.Valid && !v2.V.IsCompressed.V {
			return nil
		}
		levels = int64(v2.V.RepetitionLevelsByteLength) + int64(v2.V.DefinitionLevelsByteLength)
	}
	src := make([]byte, min(int64(h.CompressedPageSize)-levels, zstd.HeaderMaxSize))
	if _, err := r.ReadAt(src, off+levels); err != nil {
		return err
	}
	want := max(int64(h.UncompressedPageSize)-levels, 0)
	var zh zstd.Header
	if err := zh.Decode(src); err == nil && zh.HasFCS && zh.FrameContentSize > uint64(want) {
		return fmt.Errorf("zstd frame of %d bytes in a page of %d", zh.FrameContentSize, want)
	}
	return nil
}

// errThriftShort: a thrift structure runs past the bytes given.
var errThriftShort = errors.New("truncated thrift structure")

// thriftSkim walks a structure in the Thrift compact protocol
// (github.com/apache/thrift, doc/specs/thrift-compact-protocol.md) without
// decoding it, checking that every length and count fits in the bytes
// left; each element takes at least one byte, so the walk is linear.
type thriftSkim struct {
	b   []byte
	off int
}

func (s *thriftSkim) left() uint64 { return uint64(len(s.b) - s.off) }

func (s *thriftSkim) byte() (byte, error) {
	if s.off >= len(s.b) {
		return 0, errThriftShort
	}
	s.off++
	return s.b[s.off-1], nil
}

func (s *thriftSkim) skip(n uint64) error {
	if n > s.left() {
		return errThriftShort
	}
	s.off += int(n)
	return nil
}

func (s *thriftSkim) uvarint() (uint64, error) {
	v, n := binary.Uvarint(s.b[s.off:])
	switch {
	case n == 0:
		return 0, errThriftShort
	case n < 0:
		return 0, fmt.Errorf("varint overflows at offset %d", s.off)
	}
	s.off += n
	return v, nil
}

// structure skips fields up to the stop byte.
func (s *thriftSkim) structure(depth int) error {
	if depth > maxThriftDepth {
		return fmt.Errorf("structures nested deeper than %d", maxThriftDepth)
	}
	for {
		h, err := s.byte()
		if err != nil || h == 0 {
			return err
		}
		if h>>4 == 0 { // long form: the field id follows
			if _, err := s.uvarint(); err != nil {
				return err
			}
		}
		if err := s.value(h&0x0f, depth); err != nil {
			return err
		}
	}
}

// value skips one value of compact type t (in a field: booleans take no byte).
func (s *thriftSkim) value(t byte, depth int) error {
	switch t {
	case 1, 2: // boolean true, false
		return nil
	case 3: // byte
		return s.skip(1)
	case 4, 5, 6: // i16, i32, i64
		_, err := s.uvarint()
		return err
	case 7: // double
		return s.skip(8)
	case 8: // binary
		n, err := s.uvarint()
		if err != nil {
			return err
		}
		return s.skip(n)
	case 9, 10: // list, set
		return s.list(depth)
	case 11:
		return s.mapping(depth)
	case 12:
		return s.structure(depth + 1)
	}
	return fmt.Errorf("unknown thrift type %d at offset %d", t, s.off)
}

// list skips a list or set.
func (s *thriftSkim) list(depth int) error {
	h, err := s.byte()
	if err != nil {
		return err
	}
	n, t := uint64(h>>4), h&0x0f
	if n == 15 {
		if n, err = s.uvarint(); err != nil {
			return err
		}
	}
	return s.elements(n, []byte{t}, depth)
}

// mapping skips a map.
func (s *thriftSkim) mapping(depth int) error {
	n, err := s.uvarint()
	if err != nil || n == 0 {
		return err
	}
	kv, err := s.byte()
	if err != nil {
		return err
	}
	return s.elements(n, []byte{kv >> 4, kv & 0x0f}, depth)
}

// elements skips n groups of elements of the given types; in a list a
// boolean takes one byte.
func (s *thriftSkim) elements(n uint64, types []byte, depth int) error {
	if n > s.left() {
		return fmt.Errorf("%d elements claimed with %d bytes left at offset %d", n, s.left(), s.off)
	}
	for range n {
		for _, t := range types {
			var err error
			if t == 1 || t == 2 {
				err = s.skip(1)
			} else {
				err = s.value(t, depth+1)
			}
			if err != nil {
				return err
			}
		}
	}
	return nil
}
