package model

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// gzipBytes returns b gzipped.
func gzipBytes(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	if _, err := w.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// gzipFixture writes testdata/name gzipped into dir as name.gz.
func gzipFixture(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name+".gz")
	if err := os.WriteFile(path, gzipBytes(t, b), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestReadGzipped reads gzipped .npy, .csv and .tsv fixtures as arrays,
// codes and tables, and expects what the plain files give.
func TestReadGzipped(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"codes.npy", "f8_be_f.npy", "codes.csv", "projector_vectors.tsv"} {
		want, err := ReadArray(filepath.Join("testdata", name), "")
		if err != nil {
			t.Fatal(err)
		}
		gz := gzipFixture(t, dir, name)
		got, err := ReadArray(gz, "")
		if err != nil {
			t.Fatalf("%s.gz: %v", name, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s.gz: %v %v, want %v %v", name, got.Shape, got.DType, want.Shape, want.DType)
		}
		if _, err := ReadCodes(gz); err != nil {
			t.Errorf("%s.gz as codes: %v", name, err)
		}
	}
	for _, name := range []string{"projector_metadata.tsv", "labels_header.csv", "labels.npy"} {
		want, err := ReadTable(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		got, err := ReadTable(gzipFixture(t, dir, name))
		if err != nil {
			t.Fatalf("%s.gz: %v", name, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s.gz: table differs from the plain file's", name)
		}
	}
}

func TestReadGzippedErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	// An .npy header declaring 2^40 float64 values in a file of a few
	// dozen bytes: deflate cannot hold that, refused before allocating.
	huge := []byte("\x93NUMPY\x01\x00v\x00{'descr': '<f8', 'fortran_order': False, 'shape': (1048576, 1048576), }")
	huge = append(huge, bytes.Repeat([]byte(" "), 127-len(huge))...)
	huge = append(huge, '\n')
	for _, c := range []struct {
		path string
		want error
		msg  string
	}{
		{write("bomb.npy.gz", gzipBytes(t, huge)), ErrTooLarge, "cannot hold more"},
		{write("codes.npz.gz", gzipBytes(t, []byte("PK\x03\x04"))), ErrFormat, "compressed already"},
		{write("plain.csv.gz", []byte("1,2\n3,4\n")), ErrFormat, "bad gzip stream"},
		{write("cut.csv.gz", gzipBytes(t, []byte("1,2\n3,4\n"))[:12]), ErrFormat, "unexpected EOF"},
		{write("ragged.csv.gz", gzipBytes(t, []byte("1,2\n3\n"))), ErrFormat, "line 2 has 1 fields"},
	} {
		_, err := ReadArray(c.path, "")
		if !errors.Is(err, c.want) || !strings.Contains(err.Error(), c.msg) || !strings.Contains(err.Error(), filepath.Base(c.path)) {
			t.Errorf("%s: error %v, want %v saying %q and the file's name", filepath.Base(c.path), err, c.want, c.msg)
		}
	}
}

// TestCappedReader checks that text past the cap is an error, not a
// silently shortened table.
func TestCappedReader(t *testing.T) {
	r := &cappedReader{r: strings.NewReader("0123456789abcdef"), left: 10}
	b, err := io.ReadAll(r)
	if !errors.Is(err, ErrTooLarge) || string(b) != "0123456789" {
		t.Errorf("read %q, %v; want the first 10 bytes and ErrTooLarge", b, err)
	}
	r = &cappedReader{r: strings.NewReader("short"), left: 10}
	if b, err := io.ReadAll(r); err != nil || string(b) != "short" {
		t.Errorf("read %q, %v under the cap", b, err)
	}
}

// FuzzReadGzipped feeds arbitrary bytes to the readers as gzipped .npy,
// .csv and .tsv files: any error is fine, a panic or a hang is not.
func FuzzReadGzipped(f *testing.F) {
	for _, c := range []struct{ file, ext string }{
		{"codes.npy", ".npy"}, {"codes.csv", ".csv"}, {"projector_metadata.tsv", ".tsv"},
	} {
		b, err := os.ReadFile(filepath.Join("testdata", c.file))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(gzipBytes(f, b), c.ext)
	}
	f.Fuzz(func(t *testing.T, b []byte, ext string) {
		if len(b) == 0 || strings.ContainsAny(ext, "/\\") {
			return
		}
		path := "x" + ext + ".gz"
		readArray(bytes.NewReader(b), int64(len(b)), path, "")
		readTable(bytes.NewReader(b), int64(len(b)), path)
	})
}
