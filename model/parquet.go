package model

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/klauspost/compress/zstd"
	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/encoding/thrift"
	pqformat "github.com/parquet-go/parquet-go/format"
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
		return nil, nil, fmt.Errorf("%w: not a parquet file: %v", ErrFormat, err)
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
		*err = fmt.Errorf("%w: malformed parquet file (%v)", ErrFormat, p)
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
			return nil, fmt.Errorf("%w: column %q has %d rows, the file says %d", ErrFormat, c.name, len(vals), n)
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
		return nil, fmt.Errorf("%w: column %q has %d rows, the file says %d", ErrFormat, c.name, len(starts), n)
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
				return fmt.Errorf("%w: column %q has more rows than the file says (%d)", ErrFormat, c.name, n)
			}
			starts = append(starts, len(vals))
		}
		if c.list && v.DefinitionLevel() < c.col.MaxDefinitionLevel() {
			return nil // a null or empty list, or a null element
		}
		if len(vals) == limit {
			return fmt.Errorf("%w: column %q holds more than %d values", ErrTooLarge, c.name, limit)
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
			err = fmt.Errorf("%w: column %q has %d rows, the file says %d", ErrFormat, c.name, len(starts), n)
		}
		return &Column{Name: c.name, Numbers: vals}, err
	}
	strs := make([]string, 0, min(n, 1<<16))
	err := eachParquetValue(c, func(v parquet.Value) error {
		if len(strs) == n {
			return fmt.Errorf("%w: column %q has more rows than the file says (%d)", ErrFormat, c.name, n)
		}
		s := ""
		if !v.IsNull() {
			s = string(v.ByteArray())
		}
		strs = append(strs, s)
		return nil
	})
	if err == nil && len(strs) != n {
		err = fmt.Errorf("%w: column %q has %d rows, the file says %d", ErrFormat, c.name, len(strs), n)
	}
	return &Column{Name: c.name, Strings: strs}, err
}

// Limits a parquet file must keep: parquet-go allocates what page headers
// declare before reading the data, so a small crafted file could make it
// allocate gigabytes. Writers make pages of about 1 MB.
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
