package model

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"codeberg.org/sbinet/npyio"
	"gonum.org/v1/gonum/mat"
)

// A readCase is one fixture of model/testdata (written by NumPy 1.24 via
// tools/fixtures/make_model_fixtures.py, or by hyparquet-writer for
// parquet) and what reading it must give: a shape, dtype and values, or an
// error of a kind whose message holds msg. The tables feed the tests and
// the fuzz seeds.
type readCase struct {
	file  string
	name  string // array name in an archive or parquet column
	shape []int
	dtype string
	data  []float64 // nil: not checked
	err   error
	msg   string
}

// dtypeValues are the 3×4 values of the dtype fixtures, as the script's
// dtype_values makes them: i-4)/4 for floats, i-4 for signed, 20i for
// unsigned, i%3 == 0 for bool, for i = 0..11.
func dtypeValues(kind byte) []float64 {
	v := make([]float64, 12)
	for i := range v {
		switch kind {
		case 'f':
			v[i] = float64(i-4) / 4
		case 'i':
			v[i] = float64(i - 4)
		case 'u':
			v[i] = float64(20 * i)
		default:
			if i%3 == 0 {
				v[i] = 1
			}
		}
	}
	return v
}

// dtypeCases lists every dtype × byte order × memory order fixture.
func dtypeCases() []readCase {
	var cases []readCase
	for _, code := range []string{"f2", "f4", "f8", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "b1"} {
		ends := []string{"le", "be"}
		if code[1] == '1' {
			ends = []string{"na"}
		}
		t, _ := parseDescr(code)
		for _, end := range ends {
			for _, layout := range []string{"c", "f"} {
				cases = append(cases, readCase{
					file:  fmt.Sprintf("%s_%s_%s.npy", code, end, layout),
					shape: []int{3, 4}, dtype: t.name(), data: dtypeValues(code[0]),
				})
			}
		}
	}
	return cases
}

var npyCases = append(dtypeCases(), []readCase{
	{file: "nd3_f.npy", shape: []int{2, 3, 4}, dtype: "float32", data: count(24)},
	{file: "nd3_u1_f.npy", shape: []int{2, 3, 4}, dtype: "uint8", data: count(24)},
	{file: "nchw.npy", shape: []int{2, 1, 3, 2}, dtype: "uint8", data: count(12)},
	{file: "vec.npy", shape: []int{5}, dtype: "int64", data: count(5)},
	{file: "zero_rows.npy", shape: []int{0, 4}, dtype: "float32", data: []float64{}},
	{file: "scalar.npy", shape: []int{}, dtype: "float64", data: []float64{3.5}},
	{file: "v2.npy", shape: []int{2, 3}, dtype: "float64", data: count(6)},
	{file: "v3.npy", shape: []int{2, 3}, dtype: "float64", data: count(6)},
	// float16 values as numpy 1.24 rounds them (float(np.float16(x))):
	// 6.1e-5 is a subnormal, 5.96e-8 the smallest one (2^-24).
	{file: "f2_special.npy", shape: []int{6}, dtype: "float16",
		data: []float64{6.097555160522461e-05, 0x1p-24, 65504, math.Inf(-1), math.NaN(), 0.0999755859375}},
	{file: "empty.npy", err: ErrEmpty, msg: "empty file"},
	{file: "truncated.npy", err: ErrTooLarge, msg: "shape [10 4] float32 (160 bytes) but the file has 140 bytes"},
	{file: "lying.npy", err: ErrTooLarge, msg: "header says shape [1000000000 16] float32 (64 GB) but the file has 4.1 KB"},
	{file: "overflow.npy", err: ErrTooLarge, msg: "overflows"},
	{file: "negative_shape.npy", err: ErrFormat, msg: "bad dimension"},
	{file: "header_length.npy", err: ErrFormat, msg: "header length 4294967280 does not fit"},
	{file: "header_no_newline.npy", err: ErrFormat, msg: "unterminated value"},
	{file: "bad_magic.npy", err: ErrFormat, msg: "not an .npy file"},
	{file: "structured.npy", err: ErrFormat, msg: "structured arrays are not supported"},
	{file: "object.npy", err: ErrFormat, msg: `unsupported dtype "O"`},
	{file: "unicode.npy", err: ErrFormat, msg: `unsupported dtype "U2"`},
	{file: "complex.npy", err: ErrFormat, msg: `unsupported dtype "c8"`},
}...)

// count returns 0, 1, ..., n-1.
func count(n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = float64(i)
	}
	return v
}

// checkRead checks what ReadArray gave for case c.
func checkRead(t *testing.T, c readCase, a *Array, err error) {
	t.Helper()
	if c.err != nil {
		checkErr(t, c.file, err, c.err, c.msg)
		return
	}
	if err != nil {
		t.Fatalf("%s: %v", c.file, err)
	}
	if !slices.Equal(a.Shape, c.shape) || a.DType != c.dtype {
		t.Fatalf("%s: shape %v %s, want %v %s", c.file, a.Shape, a.DType, c.shape, c.dtype)
	}
	if c.data != nil && !sameFloats(a.Data, c.data) {
		t.Errorf("%s: data %v, want %v", c.file, a.Data, c.data)
	}
}

// checkErr checks that err is of kind want, names the file and holds msg.
func checkErr(t *testing.T, file string, err, want error, msg string) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("%s: error %v, want %v", file, err, want)
	}
	if !strings.HasPrefix(err.Error(), filepath.Join("testdata", file)+": ") {
		t.Errorf("%s: error %q does not name the file first", file, err)
	}
	if !strings.Contains(err.Error(), msg) {
		t.Errorf("%s: error %q does not say %q", file, err, msg)
	}
}

// sameFloats compares exactly, NaN equal to NaN.
func sameFloats(a, b []float64) bool {
	return slices.EqualFunc(a, b, func(x, y float64) bool {
		return x == y || (math.IsNaN(x) && math.IsNaN(y))
	})
}

func TestReadNPY(t *testing.T) {
	for _, c := range npyCases {
		a, err := ReadArray(filepath.Join("testdata", c.file), c.name)
		checkRead(t, c, a, err)
	}
}

// TestReadNPYRefusesBeforeAllocating reads headers that claim 64 GB and
// more: the reader must refuse them having allocated almost nothing.
func TestReadNPYRefusesBeforeAllocating(t *testing.T) {
	for _, file := range []string{"lying.npy", "overflow.npy", "lying_entry.npz", "lying-images-idx3-ubyte", "lying-images-idx3-ubyte.gz"} {
		alloc := allocated(func() {
			if _, err := ReadArray(filepath.Join("testdata", file), ""); !errors.Is(err, ErrTooLarge) {
				t.Errorf("%s: error %v, want ErrTooLarge", file, err)
			}
		})
		if alloc > 1<<20 {
			t.Errorf("%s: allocated %d bytes before refusing", file, alloc)
		}
	}
}

// allocated returns the bytes f allocates.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestNPYAgainstNPYIO checks the reader on files npyio writes and npyio's
// reader on files WriteNPY writes.
func TestNPYAgainstNPYIO(t *testing.T) {
	dir := t.TempDir()
	m := mat.NewDense(2, 3, []float64{1, -2, 3.5, 4, 5, 6e10})
	var buf bytes.Buffer
	if err := npyio.Write(&buf, m); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "m.npy")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	a, err := ReadArray(p, "")
	if err != nil || !slices.Equal(a.Shape, []int{2, 3}) || !sameFloats(a.Data, m.RawMatrix().Data) {
		t.Fatalf("reading npyio's file: %v %v", a, err)
	}
	for _, dt := range []string{"float64", "float32", "int64", "int32", "int16", "uint8", "bool"} {
		want := []float64{0, 1, 1, 0, 3, 120}
		if dt == "bool" {
			want = []float64{0, 1, 1, 0, 1, 1}
		}
		q := filepath.Join(dir, dt+".npy")
		if err := WriteNPY(q, &Array{Shape: []int{2, 3}, DType: dt, Data: want}); err != nil {
			t.Fatal(err)
		}
		checkNPYIO(t, q, dt, want)
	}
}

// checkNPYIO reads path with npyio and compares it with want.
func checkNPYIO(t *testing.T, path, dt string, want []float64) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := npyio.NewReader(bufio.NewReader(f))
	if err != nil {
		t.Fatalf("npyio on %s: %v", dt, err)
	}
	if !slices.Equal(r.Header.Descr.Shape, []int{2, 3}) || r.Header.Descr.Fortran {
		t.Errorf("npyio on %s: header %v", dt, r.Header)
	}
	var got []float64
	switch dt {
	case "float64":
		err = r.Read(&got)
	case "bool":
		var b []bool
		err = r.Read(&b)
		for _, v := range b {
			got = append(got, map[bool]float64{false: 0, true: 1}[v])
		}
	default:
		var v []float32
		if dt == "float32" {
			err = r.Read(&v)
		} else {
			var x any
			x, err = readNPYIOInts(r, dt)
			v = x.([]float32)
		}
		for _, e := range v {
			got = append(got, float64(e))
		}
	}
	if err != nil || !sameFloats(got, want) {
		t.Errorf("npyio on %s: %v %v, want %v", dt, got, err, want)
	}
}

// readNPYIOInts reads an integer array with npyio as float32.
func readNPYIOInts(r *npyio.Reader, dt string) (any, error) {
	var out []float32
	var err error
	switch dt {
	case "int64":
		var v []int64
		err = r.Read(&v)
		for _, e := range v {
			out = append(out, float32(e))
		}
	case "int32":
		var v []int32
		err = r.Read(&v)
		for _, e := range v {
			out = append(out, float32(e))
		}
	case "int16":
		var v []int16
		err = r.Read(&v)
		for _, e := range v {
			out = append(out, float32(e))
		}
	case "uint8":
		var v []uint8
		err = r.Read(&v)
		for _, e := range v {
			out = append(out, float32(e))
		}
	}
	return out, err
}

func TestWriteNPYRoundTrip(t *testing.T) {
	dir := t.TempDir()
	for _, c := range dtypeCases() {
		if c.err != nil || strings.Contains(c.file, "_f.") {
			continue
		}
		p := filepath.Join(dir, c.file)
		if err := WriteNPY(p, &Array{Shape: c.shape, DType: c.dtype, Data: c.data}); err != nil {
			t.Fatal(err)
		}
		a, err := ReadArray(p, "")
		checkRead(t, readCase{file: c.file, shape: c.shape, dtype: c.dtype, data: c.data}, a, err)
		// numpy's own file of the same array holds the same bytes when
		// it is little endian and C ordered.
		if strings.Contains(c.file, "_le_") || strings.Contains(c.file, "_na_") {
			got, _ := os.ReadFile(p)
			want, _ := os.ReadFile(filepath.Join("testdata", c.file))
			if !bytes.Equal(got, want) {
				t.Errorf("%s: WriteNPY's bytes differ from numpy's", c.file)
			}
		}
	}
}

func TestWriteNPYErrors(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		a   *Array
		msg string
	}{
		{&Array{Shape: []int{1}, DType: "uint8", Data: []float64{256}}, "does not fit in uint8"},
		{&Array{Shape: []int{1}, DType: "int8", Data: []float64{math.NaN()}}, "does not fit in int8"},
		{&Array{Shape: []int{1}, DType: "complex64", Data: []float64{1}}, "cannot write dtype"},
	} {
		p := filepath.Join(dir, "x.npy")
		err := WriteNPY(p, c.a)
		if err == nil || !strings.Contains(err.Error(), c.msg) || !strings.HasPrefix(err.Error(), p) {
			t.Errorf("%v: error %v, want %q", c.a, err, c.msg)
		}
		if ents, _ := os.ReadDir(dir); len(ents) != 0 {
			t.Errorf("%v: left %v behind", c.a, ents)
		}
	}
}

func TestFloat16(t *testing.T) {
	// Every finite half round-trips through float64 exactly.
	for h := range uint16(math.MaxUint16) {
		v := float16ToFloat64(h)
		if math.IsNaN(v) {
			continue
		}
		if g := float64ToFloat16(v); g != h && !(v == 0 && g&0x7fff == 0) {
			t.Fatalf("half %#04x = %v comes back as %#04x", h, v, g)
		}
	}
	// Rounding to nearest even, from IEEE 754-2008 binary16.
	for _, c := range []struct {
		v    float64
		want uint16
	}{{1 + 0x1p-11, 0x3c00}, {1 + 3*0x1p-11, 0x3c02}, {65520, 0x7c00}, {0x1p-25, 0}, {0x1.8p-25, 1}} {
		if g := float64ToFloat16(c.v); g != c.want {
			t.Errorf("float64ToFloat16(%v) = %#04x, want %#04x", c.v, g, c.want)
		}
	}
}

func FuzzReadNPY(f *testing.F) {
	for _, c := range npyCases {
		b, err := os.ReadFile(filepath.Join("testdata", c.file))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := readNPY(bufio.NewReader(bytes.NewReader(b)), int64(len(b)), true)
		errA := err
		if err == nil && a.Len() != len(a.Data) {
			t.Fatalf("shape %v with %d values", a.Shape, len(a.Data))
		}
		if err != nil && !errors.Is(err, ErrFormat) && !errors.Is(err, ErrTooLarge) {
			t.Fatalf("error of no kind: %v", err)
		}
		c, ok, err := readNPYCodesFrom(bufio.NewReader(bytes.NewReader(b)), int64(len(b)), true)
		if ok && err == nil && (len(c.Data) != c.N*c.D || c.N == 0 || c.D == 0) {
			t.Fatalf("codes %d×%d with %d values", c.N, c.D, len(c.Data))
		}
		if ok && err != nil && !errors.Is(err, ErrNonFinite) && !errors.Is(err, ErrTooLarge) {
			t.Fatalf("codes: error of no kind: %v", err)
		}
		u, ok, errU := readNPYBytes(bufio.NewReader(bytes.NewReader(b)), int64(len(b)), true)
		if ok && errU == nil && u.Len() != len(u.U8) {
			t.Fatalf("bytes: shape %v with %d values", u.Shape, len(u.U8))
		}
		if ok && (errU == nil) != (errA == nil) && !errors.Is(errA, ErrMemoryLimit) {
			t.Fatalf("as bytes: %v; as float64: %v", errU, errA)
		}
	})
}
