package model

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
)

// The .npy format (NumPy Enhancement Proposal 1, "A Simple File Format for
// NumPy Arrays", and numpy/lib/format.py): the magic "\x93NUMPY", a major and
// minor version byte, the header length (uint16 in version 1, uint32 in 2
// and 3), a Python dict literal {'descr': '<f4', 'fortran_order': False,
// 'shape': (3, 4), } padded with spaces and a newline, then the raw data.
//
// The header is parsed here rather than by npyio's reader, which allocates
// the header length the file declares (up to 4 GB) and panics on a header
// without a newline; this parser refuses a header or shape larger than the
// file before allocating anything.

const npyMagic = "\x93NUMPY"

// maxNPYHeader bounds the header length; numpy writes a few hundred bytes.
const maxNPYHeader = 1 << 20

// maxElements is the most elements a reader will decode into an Array
// (8 GiB as float64); a larger declared shape is refused with ErrTooLarge.
const maxElements = 1 << 30

// npyHeader is what an .npy header declares.
type npyHeader struct {
	dtype   dtype
	fortran bool
	shape   []int
	// dataOff is the offset of the first data byte.
	dataOff int64
}

// A dtype is one fixed-size numeric element type of a binary array file.
type dtype struct {
	kind  byte // 'f' float, 'i' signed, 'u' unsigned, 'b' bool
	size  int  // bytes per element
	order binary.ByteOrder
}

// name returns NumPy's name for the type: "float32", "uint8", "bool".
func (t dtype) name() string {
	switch t.kind {
	case 'f':
		return "float" + strconv.Itoa(8*t.size)
	case 'i':
		return "int" + strconv.Itoa(8*t.size)
	case 'u':
		return "uint" + strconv.Itoa(8*t.size)
	}
	return "bool"
}

// readNPY reads an .npy stream of size bytes; trusted says whether the
// stream surely holds size bytes (a file) or only claims to (a zip entry).
// r should be buffered.
func readNPY(r io.Reader, size int64, trusted bool) (*Array, error) {
	h, err := readNPYHeader(r, size)
	if err != nil {
		return nil, err
	}
	n, err := checkShape(h.shape, h.dtype, size-h.dataOff, !trusted)
	if err != nil {
		return nil, err
	}
	copies := int64(1)
	if h.fortran {
		copies = 2 // reordered into a second array
	}
	if err := checkMemory(arrayWhat(h.shape, h.dtype), mulSize(int64(n), 8*copies)); err != nil {
		return nil, err
	}
	data, err := decodeElements(r, h.dtype, n, trusted)
	if err != nil {
		return nil, err
	}
	if h.fortran {
		data = fortranToC(data, h.shape)
	}
	return &Array{Shape: h.shape, DType: h.dtype.name(), Data: data}, nil
}

// readNPYHeader reads and checks the magic, version and header dict.
func readNPYHeader(r io.Reader, size int64) (*npyHeader, error) {
	var pre [12]byte
	if _, err := io.ReadFull(r, pre[:8]); err != nil {
		return nil, fmt.Errorf("%w: too short for an .npy file (%d bytes)", ErrFormat, size)
	}
	if string(pre[:6]) != npyMagic {
		return nil, fmt.Errorf("%w: not an .npy file (no \\x93NUMPY magic)", ErrFormat)
	}
	lenSize := 4
	switch pre[6] {
	case 1:
		lenSize = 2
	case 2, 3:
	default:
		return nil, fmt.Errorf("%w: unsupported .npy version %d.%d", ErrFormat, pre[6], pre[7])
	}
	if _, err := io.ReadFull(r, pre[8:8+lenSize]); err != nil {
		return nil, fmt.Errorf("%w: .npy header is truncated", ErrFormat)
	}
	hlen := int64(binary.LittleEndian.Uint16(pre[8:]))
	if lenSize == 4 {
		hlen = int64(binary.LittleEndian.Uint32(pre[8:]))
	}
	dataOff := 8 + int64(lenSize) + hlen
	if hlen > maxNPYHeader || dataOff > size {
		return nil, fmt.Errorf("%w: .npy header length %d does not fit in the file (%s)", ErrFormat, hlen, byteSize(size))
	}
	buf := make([]byte, hlen)
	if _, err := io.ReadFull(r, buf); err != nil {
		return nil, fmt.Errorf("%w: .npy header is truncated", ErrFormat)
	}
	h, err := parseNPYDict(string(buf))
	if err != nil {
		return nil, fmt.Errorf("%w: .npy header %s: %s", ErrFormat, quoted(strings.TrimSpace(string(buf))), quote(err.Error()))
	}
	h.dataOff = dataOff
	return h, nil
}

// parseNPYDict parses the header dict's three keys.
func parseNPYDict(s string) (*npyHeader, error) {
	d, err := parsePyDict(s)
	if err != nil {
		return nil, err
	}
	descr, ok := d["descr"].(string)
	if !ok {
		return nil, fmt.Errorf("'descr' is missing or not a simple type (structured arrays are not supported)")
	}
	fortran, ok := d["fortran_order"].(bool)
	if !ok {
		return nil, fmt.Errorf("'fortran_order' is missing or not True/False")
	}
	shape, ok := d["shape"].([]int)
	if !ok {
		return nil, fmt.Errorf("'shape' is missing or not a tuple of integers")
	}
	t, err := parseDescr(descr)
	if err != nil {
		return nil, err
	}
	return &npyHeader{dtype: t, fortran: fortran, shape: shape}, nil
}

// parseDescr parses a NumPy type string such as "<f4", "|u1", "|b1", ">i8".
func parseDescr(s string) (dtype, error) {
	t := dtype{order: binary.LittleEndian}
	if s != "" && strings.IndexByte("<>|=", s[0]) >= 0 {
		if s[0] == '>' {
			t.order = binary.BigEndian
		}
		s = s[1:]
	}
	if s == "?" {
		s = "b1"
	}
	if len(s) < 2 {
		return t, fmt.Errorf("unsupported dtype %s", quoted(s))
	}
	t.kind = s[0]
	size, err := strconv.Atoi(s[1:])
	if err != nil || !supportedDType(t.kind, size) {
		return t, fmt.Errorf("unsupported dtype %s (want float16/32/64, int/uint 8-64 or bool)", quoted(s))
	}
	t.size = size
	return t, nil
}

func supportedDType(kind byte, size int) bool {
	switch kind {
	case 'f':
		return size == 2 || size == 4 || size == 8
	case 'i', 'u':
		return size == 1 || size == 2 || size == 4 || size == 8
	case 'b':
		return size == 1
	}
	return false
}

// checkShape returns the element count of shape, refusing with ErrTooLarge
// a shape whose data would need more than avail bytes (or overflows, or
// exceeds maxElements), before anything is allocated. A compressed source
// has avail bytes at most (its size times deflate's largest ratio).
func checkShape(shape []int, t dtype, avail int64, compressed bool) (int, error) {
	n, ok := shapeElements(shape)
	need := int64(n) * int64(t.size)
	if !ok || n > math.MaxInt64/t.size {
		return 0, fmt.Errorf("%w: header says shape %v, whose element count overflows", ErrTooLarge, shape)
	}
	if need > avail && compressed {
		return 0, fmt.Errorf("%w: header says shape %v %s (%s) but the compressed file cannot hold more than %s",
			ErrTooLarge, shape, t.name(), byteSize(need), byteSize(avail))
	}
	if need > avail {
		return 0, fmt.Errorf("%w: header says shape %v %s (%s) but the file has %s of data (truncated, or the header lies)",
			ErrTooLarge, shape, t.name(), byteSize(need), byteSize(avail))
	}
	if n > maxElements {
		return 0, fmt.Errorf("%w: shape %v has %d elements, more than the %d this program reads", ErrTooLarge, shape, n, maxElements)
	}
	return n, nil
}

// arrayWhat describes an array for checkMemory: "shape [70000 784] uint8 as float64".
func arrayWhat(shape []int, t dtype) string {
	return fmt.Sprintf("shape %v %s as float64", shape, t.name())
}

// shapeElements returns the product of shape and whether it fits in an int.
func shapeElements(shape []int) (int, bool) {
	n := 1
	for _, s := range shape {
		if s < 0 {
			return 0, false
		}
		if s != 0 && n > math.MaxInt/s {
			return 0, false
		}
		n *= s
	}
	return n, true
}

// decodeElements reads n elements of type t from r into a new slice.
// The slice is allocated up front when r is known to hold them (a file
// whose size was checked); from a compressed stream (trusted false) it
// grows as data arrives, so a lying header cannot make it allocate.
func decodeElements(r io.Reader, t dtype, n int, trusted bool) ([]float64, error) {
	chunk := max(1, (64<<10)/t.size)
	capacity := min(n, chunk)
	if trusted {
		capacity = n
	}
	dst := make([]float64, 0, capacity)
	buf := make([]byte, min(n, chunk)*t.size)
	for len(dst) < n {
		k := min(chunk, n-len(dst))
		b := buf[:k*t.size]
		if got, err := io.ReadFull(r, b); err != nil {
			return nil, fmt.Errorf("%w: data is truncated after element %d of %d (%v)", ErrTooLarge, len(dst)+got/t.size, n, err)
		}
		m := len(dst)
		dst = slices.Grow(dst, k)[:m+k]
		t.decode(dst[m:], b)
	}
	return dst, nil
}

// decode converts len(dst) elements from their byte encoding in src.
func (t dtype) decode(dst []float64, src []byte) {
	o := t.order
	le := o == binary.ByteOrder(binary.LittleEndian)
	switch {
	case t.kind == 'f' && t.size == 4 && le: // the common case, without interface calls
		for i := range dst {
			dst[i] = float64(math.Float32frombits(binary.LittleEndian.Uint32(src[4*i:])))
		}
	case t.kind == 'f' && t.size == 8 && le:
		for i := range dst {
			dst[i] = math.Float64frombits(binary.LittleEndian.Uint64(src[8*i:]))
		}
	case t.kind == 'f' && t.size == 4:
		for i := range dst {
			dst[i] = float64(math.Float32frombits(o.Uint32(src[4*i:])))
		}
	case t.kind == 'f' && t.size == 8:
		for i := range dst {
			dst[i] = math.Float64frombits(o.Uint64(src[8*i:]))
		}
	case t.kind == 'f':
		for i := range dst {
			dst[i] = float16ToFloat64(o.Uint16(src[2*i:]))
		}
	case t.kind == 'i':
		t.decodeSigned(dst, src)
	default:
		t.decodeUnsigned(dst, src)
	}
}

func (t dtype) decodeSigned(dst []float64, src []byte) {
	o := t.order
	for i := range dst {
		switch t.size {
		case 1:
			dst[i] = float64(int8(src[i]))
		case 2:
			dst[i] = float64(int16(o.Uint16(src[2*i:])))
		case 4:
			dst[i] = float64(int32(o.Uint32(src[4*i:])))
		default:
			dst[i] = float64(int64(o.Uint64(src[8*i:])))
		}
	}
}

// decodeUnsigned decodes unsigned integers and bools (any non-zero byte is true).
func (t dtype) decodeUnsigned(dst []float64, src []byte) {
	o := t.order
	for i := range dst {
		switch {
		case t.kind == 'b':
			dst[i] = 0
			if src[i] != 0 {
				dst[i] = 1
			}
		case t.size == 1:
			dst[i] = float64(src[i])
		case t.size == 2:
			dst[i] = float64(o.Uint16(src[2*i:]))
		case t.size == 4:
			dst[i] = float64(o.Uint32(src[4*i:]))
		default:
			dst[i] = float64(o.Uint64(src[8*i:]))
		}
	}
}

// float16ToFloat64 converts an IEEE 754 half-precision value.
func float16ToFloat64(h uint16) float64 {
	sign := 1.0
	if h&0x8000 != 0 {
		sign = -1
	}
	exp := int(h>>10) & 0x1f
	frac := float64(h & 0x3ff)
	switch exp {
	case 0:
		return sign * math.Ldexp(frac, -24)
	case 0x1f:
		if frac != 0 {
			return math.NaN()
		}
		return math.Inf(int(sign))
	}
	return sign * math.Ldexp(1024+frac, exp-25)
}

// fortranToC reorders column-major data of the given shape to row-major.
func fortranToC[T any](src []T, shape []int) []T {
	if len(shape) < 2 || len(src) == 0 {
		return src
	}
	nd := len(shape)
	stride := make([]int, nd) // src stride of each axis
	s := 1
	for k := range nd {
		stride[k] = s
		s *= shape[k]
	}
	dst := make([]T, len(src))
	idx := make([]int, nd)
	off := 0
	for j := range dst {
		dst[j] = src[off]
		for k := nd - 1; k >= 0; k-- {
			idx[k]++
			off += stride[k]
			if idx[k] < shape[k] {
				break
			}
			off -= stride[k] * shape[k]
			idx[k] = 0
		}
	}
	return dst
}

// byteSize formats a byte count for messages: "4.1 KB", "64 GB".
func byteSize(n int64) string {
	if n < 1000 {
		return fmt.Sprintf("%d bytes", n)
	}
	v := float64(n)
	for _, unit := range []string{"KB", "MB", "GB", "TB", "PB"} {
		v /= 1000
		if v < 1000 {
			return strconv.FormatFloat(v, 'g', 3, 64) + " " + unit
		}
	}
	return strconv.FormatFloat(v, 'g', 3, 64) + " EB"
}

// newBuffered wraps r in the buffer every binary reader here reads through.
func newBuffered(r io.Reader) *bufio.Reader { return bufio.NewReaderSize(r, 64<<10) }

// parsePyDict parses the Python dict literal of an .npy header: string keys;
// values that are strings, True/False, or tuples of non-negative integers
// (other values are kept as nil so that unknown keys do no harm).
func parsePyDict(s string) (map[string]any, error) {
	p := &pyParser{s: s}
	if !p.eat('{') {
		return nil, fmt.Errorf("not a dict")
	}
	d := map[string]any{}
	for !p.eat('}') {
		key, err := p.str()
		if err != nil {
			return nil, err
		}
		if !p.eat(':') {
			return nil, fmt.Errorf("no ':' after key %s", quoted(key))
		}
		if d[key], err = p.value(); err != nil {
			return nil, fmt.Errorf("key %s: %v", quoted(key), err)
		}
		if !p.eat(',') && !p.peek('}') {
			return nil, fmt.Errorf("no ',' or '}' after key %s", quoted(key))
		}
	}
	return d, nil
}

// pyParser scans a Python literal.
type pyParser struct {
	s string
	i int
}

func (p *pyParser) skip() {
	for p.i < len(p.s) && strings.IndexByte(" \t\r\n", p.s[p.i]) >= 0 {
		p.i++
	}
}

// peek reports whether the next non-space byte is c.
func (p *pyParser) peek(c byte) bool {
	p.skip()
	return p.i < len(p.s) && p.s[p.i] == c
}

// eat consumes c if it comes next.
func (p *pyParser) eat(c byte) bool {
	if !p.peek(c) {
		return false
	}
	p.i++
	return true
}

// str scans a quoted string without escapes.
func (p *pyParser) str() (string, error) {
	p.skip()
	if p.i >= len(p.s) || (p.s[p.i] != '\'' && p.s[p.i] != '"') {
		return "", fmt.Errorf("expected a quoted string at offset %d", p.i)
	}
	q := p.s[p.i]
	end := strings.IndexByte(p.s[p.i+1:], q)
	if end < 0 {
		return "", fmt.Errorf("unterminated string at offset %d", p.i)
	}
	v := p.s[p.i+1 : p.i+1+end]
	p.i += end + 2
	return v, nil
}

// value scans a string, True, False or a tuple of integers; any other
// value (a list, for structured dtypes) is skipped and returned as nil.
func (p *pyParser) value() (any, error) {
	p.skip()
	rest := p.s[p.i:]
	switch {
	case strings.HasPrefix(rest, "True"):
		p.i += 4
		return true, nil
	case strings.HasPrefix(rest, "False"):
		p.i += 5
		return false, nil
	case p.peek('\'') || p.peek('"'):
		return p.str()
	case p.eat('('):
		return p.tuple()
	}
	return nil, p.skipValue()
}

// tuple scans integers up to ')'; the '(' is consumed.
func (p *pyParser) tuple() ([]int, error) {
	shape := []int{}
	for !p.eat(')') {
		p.skip()
		j := p.i
		for j < len(p.s) && p.s[j] >= '0' && p.s[j] <= '9' {
			j++
		}
		v, err := strconv.Atoi(p.s[p.i:j])
		if err != nil {
			return nil, fmt.Errorf("bad dimension at offset %d", p.i)
		}
		p.i = j
		if p.i < len(p.s) && p.s[p.i] == 'L' { // Python 2 long
			p.i++
		}
		shape = append(shape, v)
		if !p.eat(',') && !p.peek(')') {
			return nil, fmt.Errorf("bad tuple at offset %d", p.i)
		}
	}
	return shape, nil
}

// skipValue skips a nested value up to the ',' or '}' that ends it.
func (p *pyParser) skipValue() error {
	depth := 0
	for ; p.i < len(p.s); p.i++ {
		switch c := p.s[p.i]; {
		case c == '[' || c == '(' || c == '{':
			depth++
		case (c == ']' || c == ')' || c == '}') && depth > 0:
			depth--
		case (c == ',' || c == '}') && depth == 0:
			return nil
		case c == '\'' || c == '"':
			if _, err := p.str(); err != nil {
				return err
			}
			p.i--
		}
	}
	return fmt.Errorf("unterminated value")
}
