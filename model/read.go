package model

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strings"
)

// A format is a kind of file the readers know.
type format int

const (
	formatUnknown format = iota
	formatNPY
	formatNPZ
	formatText
	formatParquet
	formatIDX
)

// idxName matches MNIST's file names: train-images-idx3-ubyte, x.idx1, with
// or without .gz.
var idxName = regexp.MustCompile(`(?i)(-idx\d-ubyte|\.idx\d)(\.gz)?$`)

// formatOf decides a file's format from its name, or else from its first bytes.
func formatOf(path string, head []byte) format {
	switch extOf(path) {
	case ".npy":
		return formatNPY
	case ".npz":
		return formatNPZ
	case ".csv", ".tsv", ".txt", ".tab":
		return formatText
	case ".parquet", ".pq":
		return formatParquet
	}
	if idxName.MatchString(path) {
		return formatIDX
	}
	return sniffFormat(head)
}

// sniffFormat decides a format from magic numbers.
func sniffFormat(head []byte) format {
	switch {
	case bytes.HasPrefix(head, []byte(npyMagic)):
		return formatNPY
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return formatNPZ
	case bytes.HasPrefix(head, []byte("PAR1")):
		return formatParquet
	case bytes.HasPrefix(head, []byte{0x1f, 0x8b}), isIDXMagic(head):
		return formatIDX
	case len(head) > 0 && !looksBinary(head, true):
		return formatText
	}
	return formatUnknown
}

// fileFormat reads the first bytes of r and decides its format.
func fileFormat(r io.ReaderAt, size int64, path string) (format, error) {
	head := make([]byte, min(size, 64))
	if _, err := r.ReadAt(head, 0); err != nil && err != io.EOF {
		return formatUnknown, err
	}
	return formatOf(path, head), nil
}

// extOf returns the lower-case extension of path: ".csv".
func extOf(path string) string { return strings.ToLower(filepath.Ext(path)) }

// maxGzipText is the most text a gzipped .csv or .tsv may decompress to:
// deflate can expand a thousandfold, so a small file could otherwise
// fill the memory.
const maxGzipText = 2 << 30

// gzippedName returns the name of the file inside a gzipped one
// ("codes.csv" for "codes.csv.gz"), and whether path names one. MNIST IDX
// files, gzipped or not, are not: their reader decompresses itself.
func gzippedName(path string) (string, bool) {
	if extOf(path) != ".gz" || idxName.MatchString(path) {
		return "", false
	}
	return strings.TrimSuffix(path, filepath.Ext(path)), true
}

// readGzipped decompresses r (size bytes) as it reads, with text for a
// .csv/.tsv/.txt inside and npy for an .npy, which is told the most bytes
// the stream can hold.
func readGzipped[T any](r io.ReaderAt, size int64, inner string, text func(io.Reader, string) (T, error), npy func(io.Reader, int64) (T, error)) (T, error) {
	var zero T
	gz, err := gzip.NewReader(newBuffered(io.NewSectionReader(r, 0, size)))
	if err != nil {
		return zero, fmt.Errorf("%w: bad gzip stream: %v", ErrFormat, err)
	}
	switch formatOf(inner, nil) {
	case formatNPY:
		// Deflate cannot expand more than maxDeflateRatio times, so a
		// header declaring more is refused before anything is allocated.
		return npy(newBuffered(gz), size*maxDeflateRatio)
	case formatText:
		return text(&cappedReader{r: gz, left: maxGzipText}, extOf(inner))
	}
	return zero, fmt.Errorf("%w: a gzipped file must hold .npy, .csv, .tsv or .txt, not %q (.npz and .parquet are compressed already)",
		ErrFormat, filepath.Base(inner))
}

// cappedReader reads at most left more bytes from r, and fails with
// ErrTooLarge past them.
type cappedReader struct {
	r    io.Reader
	left int64
}

func (c *cappedReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		return 0, fmt.Errorf("%w: it decompresses to more than %s of text", ErrTooLarge, byteSize(maxGzipText))
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	return n, err
}

// ReadArray reads a numeric array: .npy; .npz (name picks the array; ""
// takes the only one, or errors listing the names); .csv/.tsv/.txt (a
// numeric table, header row detected and skipped; 2-D); .parquet (a
// list-of-float column, or all numeric columns, as 2-D; name picks the
// column); MNIST IDX (*-idx?-ubyte, *.idx?, gzip or not, by magic number);
// a gzipped .npy, .csv, .tsv or .txt (codes.csv.gz), decompressed as it is
// read. Errors name the file and wrap ErrFormat, ErrTooLarge or ErrEmpty.
func ReadArray(path, name string) (*Array, error) {
	f, size, err := openSized(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	a, err := readArray(f, size, path, name)
	if err != nil {
		return nil, fileError(path, err)
	}
	return a, nil
}

// readArray reads an array from r, of the format path names or its bytes show.
func readArray(r io.ReaderAt, size int64, path, name string) (*Array, error) {
	if inner, ok := gzippedName(path); ok {
		return readGzipped(r, size, inner, readTextArray, func(br io.Reader, avail int64) (*Array, error) {
			return readNPY(br, avail, false)
		})
	}
	kind, err := fileFormat(r, size, path)
	if err != nil {
		return nil, err
	}
	sr := io.NewSectionReader(r, 0, size)
	switch kind {
	case formatNPY:
		return readNPY(newBuffered(sr), size, true)
	case formatNPZ:
		return readNPZ(r, size, name)
	case formatText:
		return readTextArray(sr, extOf(path))
	case formatParquet:
		return readParquetArray(r, size, name)
	case formatIDX:
		return readIDX(r, size, false)
	}
	return nil, fmt.Errorf("%w: unknown file format (want .npy, .npz, .csv, .tsv, .parquet or MNIST IDX)", ErrFormat)
}

// ReadTable reads metadata: CSV/TSV with a header (the Embedding
// Projector's metadata TSV), or a single column without header (named
// "label"); a parquet file's non-list columns; an integer .npy (column
// "label"); any of the text or .npy ones gzipped. Columns whose every
// value parses as a number are numeric.
func ReadTable(path string) (*Table, error) {
	f, size, err := openSized(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	t, err := readTable(f, size, path)
	if err != nil {
		return nil, fileError(path, err)
	}
	return t, nil
}

// readTable reads a table from r, of the format path names or its bytes show.
func readTable(r io.ReaderAt, size int64, path string) (*Table, error) {
	if inner, ok := gzippedName(path); ok {
		return readGzipped(r, size, inner, readTextTable, func(br io.Reader, avail int64) (*Table, error) {
			a, err := readNPY(br, avail, false)
			if err != nil {
				return nil, err
			}
			return tableFromArray(a)
		})
	}
	kind, err := fileFormat(r, size, path)
	if err != nil {
		return nil, err
	}
	switch kind {
	case formatText:
		return readTextTable(io.NewSectionReader(r, 0, size), extOf(path))
	case formatParquet:
		return readParquetTable(r, size)
	}
	a, err := readArray(r, size, path, "")
	if err != nil {
		return nil, err
	}
	return tableFromArray(a)
}

// tableFromArray makes a table of a 1-D array (one column, "label" for
// integers, "value" otherwise) or of a 2-D array's columns ("0", "1", ...).
func tableFromArray(a *Array) (*Table, error) {
	switch {
	case len(a.Shape) == 1 || (len(a.Shape) == 2 && a.Shape[1] == 1):
		name := "value"
		if a.IsInteger() {
			name = "label"
		}
		return &Table{Columns: []*Column{{Name: name, Numbers: a.Data}}}, nil
	case len(a.Shape) == 2:
		n, k := a.Shape[0], a.Shape[1]
		if err := checkMemory(fmt.Sprintf("a table of %d columns of %d rows", k, n), mulSize(int64(n), 8*int64(k))); err != nil {
			return nil, err
		}
		t := &Table{}
		for j := range k {
			col := make([]float64, n)
			for i := range col {
				col[i] = a.Data[i*k+j]
			}
			t.Columns = append(t.Columns, &Column{Name: fmt.Sprint(j), Numbers: col})
		}
		return t, nil
	}
	return nil, fmt.Errorf("%w: metadata must be 1-D or 2-D, the array has shape %v", ErrShape, a.Shape)
}
