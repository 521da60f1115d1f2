package model

import (
	"bufio"
	"encoding/binary"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/latent-explorer/latent/model/safefile"
)

// WriteNPY writes a as an .npy file (version 1.0, C order, little endian)
// in a.DType: float16/32/64, int8-64, uint8-64 or bool ("" is float64).
// Integer types round to nearest; a value out of the type's range is an
// error. The file is written atomically (safefile.Write).
func WriteNPY(path string, a *Array) error {
	t, err := dtypeNamed(a.DType)
	if err != nil {
		return fileError(path, err)
	}
	if n, ok := shapeElements(a.Shape); !ok || n != len(a.Data) {
		panic(fmt.Sprintf("model: WriteNPY: shape %v does not match %d values", a.Shape, len(a.Data)))
	}
	return safefile.Write(path, func(w io.Writer) error { return encodeNPY(w, t, a) })
}

// EncodeNPY writes a to w in the .npy format, as WriteNPY writes a file:
// the one .npy writer of the program.
func EncodeNPY(w io.Writer, a *Array) error {
	t, err := dtypeNamed(a.DType)
	if err != nil {
		return err
	}
	if n, ok := shapeElements(a.Shape); !ok || n != len(a.Data) {
		panic(fmt.Sprintf("model: EncodeNPY: shape %v does not match %d values", a.Shape, len(a.Data)))
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := encodeNPY(bw, t, a); err != nil {
		return err
	}
	return bw.Flush()
}

func encodeNPY(w io.Writer, t dtype, a *Array) error {
	if _, err := io.WriteString(w, npyHeaderBytes(t, a.Shape)); err != nil {
		return err
	}
	return encodeElements(w, t, a.Data)
}

// dtypeNamed returns the little-endian type NumPy calls name.
func dtypeNamed(name string) (dtype, error) {
	if name == "" {
		name = "float64"
	}
	for _, kind := range []struct {
		prefix string
		kind   byte
	}{{"float", 'f'}, {"uint", 'u'}, {"int", 'i'}} {
		if bits, ok := strings.CutPrefix(name, kind.prefix); ok {
			b, err := strconv.Atoi(bits)
			if err == nil && b%8 == 0 && supportedDType(kind.kind, b/8) {
				return dtype{kind: kind.kind, size: b / 8, order: binary.LittleEndian}, nil
			}
		}
	}
	if name == "bool" {
		return dtype{kind: 'b', size: 1, order: binary.LittleEndian}, nil
	}
	return dtype{}, fmt.Errorf("%w: cannot write dtype %q to .npy", ErrFormat, name)
}

// descr returns the type's NumPy type string: "<f4", "|u1", "|b1".
func (t dtype) descr() string {
	if t.size == 1 {
		return "|" + string(t.kind) + "1"
	}
	if t.order == binary.BigEndian {
		return ">" + string(t.kind) + strconv.Itoa(t.size)
	}
	return "<" + string(t.kind) + strconv.Itoa(t.size)
}

// npyHeaderBytes returns the magic, version, length and dict, padded with
// spaces and a newline to a multiple of 64 bytes as numpy does.
func npyHeaderBytes(t dtype, shape []int) string {
	dims := make([]string, len(shape))
	for i, s := range shape {
		dims[i] = strconv.Itoa(s)
	}
	tuple := "(" + strings.Join(dims, ", ") + ")"
	if len(shape) == 1 {
		tuple = "(" + dims[0] + ",)"
	}
	dict := fmt.Sprintf("{'descr': '%s', 'fortran_order': False, 'shape': %s, }", t.descr(), tuple)
	pre, lenSize := npyMagic+"\x01\x00", 2
	if len(dict)+1+12 > math.MaxUint16 {
		pre, lenSize = npyMagic+"\x02\x00", 4
	}
	total := len(pre) + lenSize + len(dict) + 1
	pad := (64 - total%64) % 64
	hlen := len(dict) + pad + 1
	var n [4]byte
	binary.LittleEndian.PutUint32(n[:], uint32(hlen))
	return pre + string(n[:lenSize]) + dict + strings.Repeat(" ", pad) + "\n"
}

// encodeElements writes data in type t.
func encodeElements(w io.Writer, t dtype, data []float64) error {
	chunk := (64 << 10) / t.size
	buf := make([]byte, min(len(data), chunk)*t.size)
	for off := 0; off < len(data); off += chunk {
		part := data[off:min(off+chunk, len(data))]
		b := buf[:len(part)*t.size]
		if err := t.encode(b, part); err != nil {
			return err
		}
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	return nil
}

// encode writes src into dst in type t.
func (t dtype) encode(dst []byte, src []float64) error {
	o := t.order
	for i, v := range src {
		switch {
		case t.kind == 'f' && t.size == 8:
			o.PutUint64(dst[8*i:], math.Float64bits(v))
		case t.kind == 'f' && t.size == 4:
			o.PutUint32(dst[4*i:], math.Float32bits(float32(v)))
		case t.kind == 'f':
			o.PutUint16(dst[2*i:], float64ToFloat16(v))
		case t.kind == 'b':
			dst[i] = 0
			if v != 0 {
				dst[i] = 1
			}
		default:
			if err := t.putInt(dst[t.size*i:], v); err != nil {
				return err
			}
		}
	}
	return nil
}

// putInt writes v rounded as an integer of type t.
func (t dtype) putInt(dst []byte, v float64) error {
	r := math.Round(v)
	lo, hi := 0.0, math.Ldexp(1, 8*t.size) // unsigned: [0, 2^bits)
	if t.kind == 'i' {
		lo, hi = -math.Ldexp(1, 8*t.size-1), math.Ldexp(1, 8*t.size-1)
	}
	if !(r >= lo && r < hi) {
		return fmt.Errorf("value %v does not fit in %s", v, t.name())
	}
	var u uint64
	if r < 0 {
		u = uint64(int64(r))
	} else {
		u = uint64(r)
	}
	switch t.size {
	case 1:
		dst[0] = byte(u)
	case 2:
		t.order.PutUint16(dst, uint16(u))
	case 4:
		t.order.PutUint32(dst, uint32(u))
	default:
		t.order.PutUint64(dst, u)
	}
	return nil
}

// float64ToFloat16 rounds v to the nearest IEEE 754 half-precision value.
func float64ToFloat16(v float64) uint16 {
	f := math.Float32bits(float32(v))
	sign := uint16(f>>16) & 0x8000
	exp := int(f>>23&0xff) - 127 + 15
	mant := f & 0x7fffff
	switch {
	case math.IsNaN(v):
		return 0x7e00
	case exp >= 0x1f:
		return sign | 0x7c00 // overflow and Inf
	case exp <= 0:
		if exp < -10 {
			return sign
		}
		mant |= 0x800000
		shift := uint(14 - exp)
		h := mant >> shift
		if mant>>(shift-1)&1 != 0 && (mant&(1<<(shift-1)-1) != 0 || h&1 != 0) {
			h++
		}
		return sign | uint16(h)
	}
	h := uint32(exp)<<10 | mant>>13
	if mant&0x1000 != 0 && (mant&0xfff != 0 || h&1 != 0) {
		h++ // round half to even; a carry into the exponent is correct
	}
	return sign | uint16(h)
}

// WriteCSV writes t as CSV (or TSV if path ends in .tsv): a header row of
// column names, then one row per row; numbers formatted with strconv 'g' -1,
// NaN (a missing value) as an empty field.
func WriteCSV(path string, t *Table) error {
	n := t.Rows()
	for _, c := range t.Columns {
		if c.Len() != n {
			panic(fmt.Sprintf("model: WriteCSV: column %q has %d rows, want %d", c.Name, c.Len(), n))
		}
	}
	return safefile.Write(path, func(w io.Writer) error {
		cw := csv.NewWriter(w)
		if strings.EqualFold(filepath.Ext(path), ".tsv") {
			cw.Comma = '\t'
		}
		return writeRecords(cw, t)
	})
}

// writeRecords writes the header and rows of t.
func writeRecords(cw *csv.Writer, t *Table) error {
	rec := make([]string, len(t.Columns))
	for j, c := range t.Columns {
		rec[j] = c.Name
	}
	if err := cw.Write(rec); err != nil {
		return err
	}
	for i := range t.Rows() {
		for j, c := range t.Columns {
			switch {
			case c.Numeric() && math.IsNaN(c.Numbers[i]):
				rec[j] = "" // a missing value, as the CSV reader reads it
			case c.Numeric():
				rec[j] = strconv.FormatFloat(c.Numbers[i], 'g', -1, 64)
			default:
				rec[j] = c.Strings[i]
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
