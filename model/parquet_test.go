package model

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress"
)

// pqCodes are the parquet fixtures' codes, as make_parquet_fixtures.mjs
// writes them: (4i+j)/8 - 1 for row i, column j.
func pqCodes() []float64 {
	v := make([]float64, 24)
	for k := range v {
		v[k] = float64(k)/8 - 1
	}
	return v
}

// parquetCases: files written by hyparquet-writer 0.17.0 (JavaScript).
var parquetCases = []readCase{
	{file: "codes.parquet", shape: []int{6, 4}, dtype: "float32", data: pqCodes()},
	{file: "codes.parquet", name: "embedding", shape: []int{6, 4}, dtype: "float32", data: pqCodes()},
	{file: "codes.parquet", name: "label", shape: []int{6, 1}, dtype: "float64", data: []float64{0, 1, 2, 0, 1, 2}},
	{file: "codes.parquet", name: "name", err: ErrFormat, msg: `column "name" is not numeric`},
	{file: "codes.parquet", name: "z", err: ErrFormat, msg: `no column "z" (numeric columns: embedding, label)`},
	{file: "codes_uncompressed_double.parquet", shape: []int{6, 4}, dtype: "float64", data: pqCodes()},
	{file: "two_lists.parquet", err: ErrFormat, msg: "2 list columns (mu, logvar); say which"},
	{file: "two_lists.parquet", name: "logvar", shape: []int{6, 4}, dtype: "float32", data: negate(pqCodes())},
	{file: "ragged.parquet", err: ErrShape, msg: `column "embedding": row 1 has 3 values, row 0 has 2`},
	{file: "scalars.parquet", shape: []int{3, 2}, dtype: "float64", data: []float64{0.5, -1, 1.5, -2, 2.5, -3}},
	{file: "codes.npy", err: ErrFormat, msg: "not a parquet file"},
}

func negate(v []float64) []float64 {
	for i := range v {
		v[i] = -v[i]
	}
	return v
}

func TestReadParquet(t *testing.T) {
	for _, c := range parquetCases {
		b, err := os.ReadFile(filepath.Join("testdata", c.file))
		if err != nil {
			t.Fatal(err)
		}
		a, err := readParquetArray(bytes.NewReader(b), int64(len(b)), c.name)
		if err != nil {
			err = fileError(filepath.Join("testdata", c.file), err)
		}
		checkRead(t, c, a, err)
	}
}

func FuzzReadParquet(f *testing.F) {
	for _, c := range parquetCases {
		b, err := os.ReadFile(filepath.Join("testdata", c.file))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, c.name)
	}
	f.Fuzz(func(t *testing.T, b []byte, name string) {
		a, err := readParquetArray(bytes.NewReader(b), int64(len(b)), name)
		if err == nil && a.Len() != len(a.Data) {
			t.Fatalf("shape %v with %d values", a.Shape, len(a.Data))
		}
		if err != nil && !errors.Is(err, ErrFormat) && !errors.Is(err, ErrTooLarge) &&
			!errors.Is(err, ErrEmpty) && !errors.Is(err, ErrShape) {
			t.Fatalf("array: error of no kind: %v", err)
		}
		tab, err := readParquetTable(bytes.NewReader(b), int64(len(b)))
		if err == nil {
			for _, c := range tab.Columns {
				if c.Len() != tab.Rows() {
					t.Fatalf("column %q has %d rows of %d", c.Name, c.Len(), tab.Rows())
				}
			}
		}
	})
}

// pqRow is a row of the files parquet-go writes for the codec tests.
type pqRow struct {
	Z     []float32 `parquet:"z,list"`
	Label int32     `parquet:"label"`
}

// writeParquet writes 50 rows of 8-dimensional codes with codec.
func writeParquet(t *testing.T, codec compress.Codec) ([]byte, []float64) {
	var buf bytes.Buffer
	w := parquet.NewGenericWriter[pqRow](&buf, parquet.Compression(codec))
	rows := make([]pqRow, 50)
	var want []float64
	for i := range rows {
		rows[i] = pqRow{Z: make([]float32, 8), Label: int32(i % 10)}
		for j := range rows[i].Z {
			rows[i].Z[j] = float32(i*8+j) / 4
			want = append(want, float64(rows[i].Z[j]))
		}
	}
	if _, err := w.Write(rows); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), want
}

// TestReadParquetCodecs reads every codec parquet-go writes, then every
// corruption of one byte of each file: a corrupt page must be an error,
// never a crash or a runaway allocation. LZ4_RAW is refused: parquet-go
// v0.32.0 reads its own LZ4_RAW files back as zeros, and its decoder
// doubles its buffer without end on corrupt data.
func TestReadParquetCodecs(t *testing.T) {
	for _, codec := range []compress.Codec{&parquet.Uncompressed, &parquet.Snappy, &parquet.Gzip, &parquet.Zstd, &parquet.Lz4Raw, &parquet.Brotli} {
		b, want := writeParquet(t, codec)
		a, err := readParquetArray(bytes.NewReader(b), int64(len(b)), "z")
		c := readCase{file: codec.String(), shape: []int{50, 8}, dtype: "float32", data: want}
		if codec == &parquet.Lz4Raw {
			c = readCase{file: codec.String(), err: ErrFormat, msg: "LZ4_RAW compression is not supported"}
			err = fileError(filepath.Join("testdata", codec.String()), err)
		}
		checkRead(t, c, a, err)
		if testing.Short() {
			continue
		}
		for i := 0; i < len(b); i += 2 {
			c := bytes.Clone(b)
			c[i] ^= 0xff
			alloc := allocated(func() {
				readParquetArray(bytes.NewReader(c), int64(len(c)), "z")
				readParquetTable(bytes.NewReader(c), int64(len(c)))
			})
			if alloc > 256<<20 {
				t.Fatalf("%v: byte %d flipped: allocated %d MB", codec, i, alloc>>20)
			}
		}
	}
}

// TestThriftSkim checks the footer and page header walk on hand-made
// Thrift compact structures (field header: delta<<4 | type).
func TestThriftSkim(t *testing.T) {
	for _, c := range []struct {
		b   string
		msg string // "" for success
	}{
		{"\x00", ""},
		{"\x15\x04\x00", ""},         // i32 field 1 = 2
		{"\x18\x03abc\x00", ""},      // binary field 1 = "abc"
		{"\x19\x2c\x00\x00\x00", ""}, // list of 2 empty structs
		{"\x19\xfc\xff\xff\xff\x0f\x00", "elements claimed with 1 bytes left"},
		{"\x18\xff\xff\xff\xff\x07ab", "truncated"},
		{"\x1b\xff\xff\xff\x7f\x55", "elements claimed"}, // map of 2^28 i32 pairs
		{"\x1c" + strings.Repeat("\x1c", 40), "nested deeper than 32"},
		{"\x1d", "unknown thrift type 13"},
		{"\x15", "truncated"},
	} {
		err := (&thriftSkim{b: []byte(c.b)}).structure(0)
		if c.msg == "" && err != nil || c.msg != "" && (err == nil || !strings.Contains(err.Error(), c.msg)) {
			t.Errorf("% x: error %v, want %q", c.b, err, c.msg)
		}
	}
}
