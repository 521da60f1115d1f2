package model

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// codesCases: ReadCodes on every format that holds codes.npy's codes (the
// parquet fixture holds its own), and the bad codes.
var codesCases = []struct {
	file string
	n, d int
	same bool      // holds codes.npy's codes
	data []float64 // else these, if set
	err  error
	msg  string
}{
	{file: "codes.npy", n: 10, d: 3, same: true},
	{file: "codes_f8_be_f.npy", n: 10, d: 3, same: true},
	{file: "codes_4d.npy", n: 10, d: 3, same: true},
	{file: "codes.csv", n: 10, d: 3, same: true},
	{file: "projector_vectors.tsv", n: 10, d: 3, same: true},
	{file: "one_compressed.npz", n: 10, d: 3, same: true},
	{file: "codes_1d.npy", n: 10, d: 1},
	{file: "f4_be_c.npy", n: 3, d: 4, data: dtypeValues('f')},
	{file: "f4_le_f.npy", n: 3, d: 4, data: dtypeValues('f')},
	{file: "f2_le_c.npy", n: 3, d: 4, data: dtypeValues('f')},
	{file: "codes.parquet", n: 6, d: 4},
	{file: "tiny-images-idx3-ubyte", n: 5, d: 16},
	{file: "codes_nan.npy", err: ErrNonFinite, msg: "3 of 18 values are NaN or Inf, the first in row 2 (column 1)"},
	{file: "codes_f32_overflow.npy", err: ErrNonFinite, msg: "1 of 4 values are NaN or Inf, the first in row 1 (column 0)"},
	{file: "zero_rows.npy", err: ErrEmpty, msg: "shape [0 4] holds no codes"},
	{file: "empty.npy", err: ErrEmpty, msg: "empty file"},
	{file: "truncated.npy", err: ErrTooLarge, msg: "truncated"},
}

func TestReadCodes(t *testing.T) {
	want := readCodesFixture(t)
	for _, c := range codesCases {
		codes, err := ReadCodes(filepath.Join("testdata", c.file))
		if c.err != nil {
			checkErr(t, c.file, err, c.err, c.msg)
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", c.file, err)
		}
		if codes.N != c.n || codes.D != c.d || len(codes.Data) != c.n*c.d {
			t.Fatalf("%s: %d×%d with %d values, want %d×%d", c.file, codes.N, codes.D, len(codes.Data), c.n, c.d)
		}
		for i, v := range codes.Data {
			if (c.same && float64(v) != want[i]) || (c.data != nil && float64(v) != c.data[i]) {
				t.Fatalf("%s: value %d is %v", c.file, i, v)
			}
		}
	}
}

// TestReadCodesShaped reads latents of more than one axis: an SD-style
// [8 4 8 8] latent is 8 codes of 256 with their shape kept.
func TestReadCodesShaped(t *testing.T) {
	p := filepath.Join("onnx", "testdata", "families", "sd_vae_decoder_opset11.b8.in0.npy")
	c, err := ReadCodes(p)
	if err != nil {
		t.Fatal(err)
	}
	a, err := ReadArray(p, "")
	if err != nil {
		t.Fatal(err)
	}
	if c.N != 8 || c.D != 256 || fmt.Sprint(c.Shape) != "[4 8 8]" {
		t.Fatalf("%d×%d of shape %v, want 8×256 of [4 8 8]", c.N, c.D, c.Shape)
	}
	for i, v := range a.Data {
		if float64(c.Data[i]) != v {
			t.Fatalf("value %d is %v, the array holds %v", i, c.Data[i], v)
		}
	}
	c, err = ReadCodes(filepath.Join("testdata", "codes_4d.npy"))
	if err != nil || c.Shape != nil {
		t.Errorf("[N d 1 1] codes: shape %v, err %v; want flat codes", c.Shape, err)
	}
}

func TestCheckRows(t *testing.T) {
	codes, err := ReadCodes("testdata/codes.npy")
	if err != nil {
		t.Fatal(err)
	}
	labels, err := ReadTable("testdata/labels9.tsv")
	if err != nil {
		t.Fatal(err)
	}
	err = CheckRows("codes.npy", codes, "labels9.tsv", labels)
	if !errors.Is(err, ErrShape) || !strings.HasPrefix(err.Error(), "codes.npy: ") ||
		!strings.Contains(err.Error(), "shape [10 3], labels9.tsv has 9 rows") {
		t.Errorf("error %v", err)
	}
	labels, _ = ReadTable("testdata/projector_metadata.tsv")
	if err := CheckRows("codes.npy", codes, "projector_metadata.tsv", labels); err != nil {
		t.Error(err)
	}
}

// benchFiles returns a folder with codes.npy and codes.csv of 70000×16
// float32 codes (MNIST-sized): $LATENT_BENCH_DIR when set (the files
// tools/fixtures/bench_read.py times NumPy and pandas on), else new ones.
func benchFiles(b *testing.B) string {
	if dir := os.Getenv("LATENT_BENCH_DIR"); dir != "" {
		return dir
	}
	dir := b.TempDir()
	const n, d = 70000, 16
	rng := rand.New(rand.NewPCG(1, 2))
	a := &Array{Shape: []int{n, d}, DType: "float32", Data: make([]float64, n*d)}
	t := &Table{}
	for j := range d {
		t.Columns = append(t.Columns, &Column{Name: fmt.Sprint("z", j), Numbers: make([]float64, n)})
	}
	for i := range a.Data {
		v := float64(float32(rng.NormFloat64()))
		a.Data[i] = v
		t.Columns[i%d].Numbers[i/d] = v
	}
	if err := WriteNPY(filepath.Join(dir, "codes.npy"), a); err != nil {
		b.Fatal(err)
	}
	if err := WriteCSV(filepath.Join(dir, "codes.csv"), t); err != nil {
		b.Fatal(err)
	}
	return dir
}

func BenchmarkReadCodes(b *testing.B) {
	dir := benchFiles(b)
	for _, file := range []string{"codes.npy", "codes.csv"} {
		b.Run(file, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ReadCodes(filepath.Join(dir, file)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func ExampleReadCodes() {
	codes, err := ReadCodes("testdata/projector_vectors.tsv")
	if err != nil {
		fmt.Println(err)
		return
	}
	labels, err := ReadTable("testdata/projector_metadata.tsv")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(codes.N, "codes of dimension", codes.D)
	for _, c := range labels.Columns {
		fmt.Println(c.Name, "numeric:", c.Numeric())
	}
	fmt.Println(CheckRows("projector_vectors.tsv", codes, "projector_metadata.tsv", labels))

	_, err = ReadCodes("testdata/codes_nan.npy")
	fmt.Println(err)
	// Output:
	// 10 codes of dimension 3
	// label numeric: true
	// name numeric: false
	// <nil>
	// testdata/codes_nan.npy: non-finite values: 3 of 18 values are NaN or Inf, the first in row 2 (column 1)
}
