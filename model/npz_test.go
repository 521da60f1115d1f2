package model

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

var npzCases = []readCase{
	{file: "two.npz", name: "codes", shape: []int{10, 3}, dtype: "float32"},
	{file: "two.npz", name: "labels", shape: []int{10}, dtype: "int64", data: []float64{3, 1, 4, 1, 5, 9, 2, 6, 5, 3}},
	{file: "two.npz", err: ErrFormat, msg: "the archive holds 2 arrays (codes, labels); say which"},
	{file: "two.npz", name: "mu", err: ErrFormat, msg: `no array "mu" in the archive (it holds codes, labels)`},
	{file: "one_compressed.npz", shape: []int{10, 3}, dtype: "float32"},
	{file: "empty_archive.npz", err: ErrEmpty, msg: "the archive holds no arrays"},
	{file: "truncated.npz", err: ErrFormat, msg: "not an .npz (zip) archive"},
	{file: "lying_entry.npz", err: ErrTooLarge, msg: "codes.npy: shape larger than the file: header says shape [1000000000 16]"},
}

func TestReadNPZ(t *testing.T) {
	codes, err := ReadArray("testdata/codes.npy", "")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range npzCases {
		if c.shape != nil && c.data == nil {
			c.data = codes.Data // the archives hold codes.npy's codes
		}
		a, err := ReadArray(filepath.Join("testdata", c.file), c.name)
		checkRead(t, c, a, err)
	}
}

// zipWithEntry makes a zip whose one entry declares sizes it may not have.
func zipWithEntry(t testing.TB, h *zip.FileHeader, body []byte) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(h)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(body)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestReadNPZBomb gives entries that claim far more than their compressed
// size can hold; they must be refused before anything is decompressed.
func TestReadNPZBomb(t *testing.T) {
	for _, c := range []struct {
		h    zip.FileHeader
		want error
	}{
		{zip.FileHeader{Name: "z.npy", Method: zip.Deflate, CompressedSize64: 100, UncompressedSize64: 1 << 40}, ErrTooLarge},
		{zip.FileHeader{Name: "z.npy", Method: zip.Store, CompressedSize64: 100, UncompressedSize64: 1 << 20}, ErrFormat},
	} {
		b := zipWithEntry(t, &c.h, make([]byte, 100))
		var err error
		alloc := allocated(func() { _, err = readNPZ(bytes.NewReader(b), int64(len(b)), "") })
		if !errors.Is(err, c.want) {
			t.Errorf("%+v: error %v, want %v", c.h, err, c.want)
		}
		if alloc > 1<<20 {
			t.Errorf("%+v: allocated %d bytes", c.h, alloc)
		}
	}
}

func FuzzReadNPZ(f *testing.F) {
	for _, c := range npzCases {
		b, err := os.ReadFile(filepath.Join("testdata", c.file))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, c.name)
	}
	f.Fuzz(func(t *testing.T, b []byte, name string) {
		a, err := readNPZ(bytes.NewReader(b), int64(len(b)), name)
		if err == nil && a.Len() != len(a.Data) {
			t.Fatalf("shape %v with %d values", a.Shape, len(a.Data))
		}
		if err != nil && !errors.Is(err, ErrFormat) && !errors.Is(err, ErrTooLarge) && !errors.Is(err, ErrEmpty) {
			t.Fatalf("error of no kind: %v", err)
		}
	})
}
