package onnx

import (
	"encoding/binary"
	"fmt"
	"math"
)

// ONNX TensorProto.DataType codes.
const (
	typeFloat   = 1
	typeUint8   = 2
	typeInt8    = 3
	typeUint16  = 4
	typeInt16   = 5
	typeInt32   = 6
	typeInt64   = 7
	typeBool    = 9
	typeFloat16 = 10
	typeDouble  = 11
	typeUint32  = 12
	typeUint64  = 13
)

// Element types of tensors and values, as ONNX codes them
// (TensorProto.DataType). Floating-point types are all held as float32.
const (
	TypeFloat32 = typeFloat
	TypeUint8   = typeUint8
	TypeInt8    = typeInt8
	TypeInt32   = typeInt32
	TypeInt64   = typeInt64
	TypeBool    = typeBool
	TypeFloat16 = typeFloat16
	TypeFloat64 = typeDouble
)

// TypeName returns the name of an ONNX element type ("float32", "int64").
func TypeName(typ int) string {
	names := map[int]string{typeFloat: "float32", typeUint8: "uint8", typeInt8: "int8",
		typeUint16: "uint16", typeInt16: "int16", typeInt32: "int32", typeInt64: "int64",
		typeBool: "bool", typeFloat16: "float16", typeDouble: "float64", typeUint32: "uint32", typeUint64: "uint64"}
	if s, ok := names[typ]; ok {
		return s
	}
	return fmt.Sprintf("type %d", typ)
}

// maxRank is the largest tensor rank the interpreter handles.
const maxRank = 8

// A Tensor is a dense row-major array. Floating-point types are held as
// float32 in Float; integer and boolean types as int64 in Int.
type Tensor struct {
	Shape []int
	Float []float32
	Int   []int64
	// Type is the ONNX data type code the values stand for (1 float,
	// 7 int64, 9 bool, ...).
	Type int
}

// NewTensor returns a float32 tensor over data with the given shape. It
// panics if the shape does not hold len(data) elements.
func NewTensor(data []float32, shape ...int) *Tensor {
	if numel(shape) != len(data) {
		panic(fmt.Sprintf("onnx: shape %v holds %d elements, data has %d", shape, numel(shape), len(data)))
	}
	return &Tensor{Shape: shape, Float: data, Type: typeFloat}
}

// NewIntTensor returns a tensor of the integer or boolean type typ
// (TypeInt64, TypeInt32, TypeBool, ...) over data, held as int64 (bools
// as 0 and 1). It panics if typ is a floating-point or unknown type or if
// the shape does not hold len(data) elements.
func NewIntTensor(typ int, data []int64, shape ...int) *Tensor {
	if isFloatType(typ) || elemSize(typ) == 0 {
		panic(fmt.Sprintf("onnx: NewIntTensor of element type %s", TypeName(typ)))
	}
	if numel(shape) != len(data) {
		panic(fmt.Sprintf("onnx: shape %v holds %d elements, data has %d", shape, numel(shape), len(data)))
	}
	return &Tensor{Shape: shape, Int: data, Type: typ}
}

func numel(shape []int) int {
	n := 1
	for _, d := range shape {
		n *= d
	}
	return n
}

// Len returns the number of elements.
func (t *Tensor) Len() int { return numel(t.Shape) }

// IsFloat reports whether the tensor holds floating-point values.
func (t *Tensor) IsFloat() bool { return isFloatType(t.Type) }

func isFloatType(typ int) bool {
	return typ == typeFloat || typ == typeDouble || typ == typeFloat16
}

// setShape sets t's shape, reusing its backing array.
func (t *Tensor) setShape(shape ...int) {
	t.Shape = append(t.Shape[:0], shape...)
}

// floats makes t a float32 tensor of the given shape and returns its data,
// reusing capacity. The contents are not cleared.
func (t *Tensor) floats(shape ...int) []float32 {
	t.setShape(shape...)
	t.Type = typeFloat
	n := numel(shape)
	if cap(t.Float) < n {
		t.Float = make([]float32, n)
	}
	t.Float = t.Float[:n]
	t.Int = t.Int[:0]
	return t.Float
}

// ints makes t an integer tensor of type typ and the given shape.
func (t *Tensor) ints(typ int, shape ...int) []int64 {
	t.setShape(shape...)
	t.Type = typ
	n := numel(shape)
	if cap(t.Int) < n {
		t.Int = make([]int64, n)
	}
	t.Int = t.Int[:n]
	t.Float = t.Float[:0]
	return t.Int
}

// like makes t a tensor of src's type and the given shape.
func (t *Tensor) like(src *Tensor, shape ...int) {
	if src.IsFloat() {
		t.floats(shape...)
	} else {
		t.ints(src.Type, shape...)
	}
}

// alias makes t share src's data under another shape.
func (t *Tensor) alias(src *Tensor, shape ...int) {
	t.setShape(shape...)
	t.Type, t.Float, t.Int = src.Type, src.Float, src.Int
}

// clone returns a deep copy.
func (t *Tensor) clone() *Tensor {
	c := &Tensor{Shape: append([]int(nil), t.Shape...), Type: t.Type}
	c.Float = append([]float32(nil), t.Float...)
	c.Int = append([]int64(nil), t.Int...)
	return c
}

// scalar returns the first element as float64.
func (t *Tensor) scalar() float64 {
	if t.IsFloat() {
		return float64(t.Float[0])
	}
	return float64(t.Int[0])
}

// tensorFromProto converts a stored tensor, checking that its data holds
// exactly the elements its dims declare.
func tensorFromProto(tp *tensorProto) (*Tensor, error) {
	if tp.external && tp.rawData == nil {
		return nil, fmt.Errorf("tensor %q: its data is in an external file, which only Load (from the model's folder) reads", tp.name)
	}
	if len(tp.dims) > maxRank {
		return nil, fmt.Errorf("tensor %q: rank %d is more than %d", tp.name, len(tp.dims), maxRank)
	}
	shape := make([]int, len(tp.dims))
	n := int64(1)
	for i, d := range tp.dims {
		if d < 0 || d > 1<<40 {
			return nil, fmt.Errorf("tensor %q: bad dimension %d", tp.name, d)
		}
		shape[i] = int(d)
		n *= d
		if n > 1<<40 {
			return nil, fmt.Errorf("tensor %q: dims %v declare more elements than any file holds", tp.name, tp.dims)
		}
	}
	if err := checkSize(shape...); err != nil {
		return nil, fmt.Errorf("tensor %q: %w", tp.name, err)
	}
	t := &Tensor{Shape: shape, Type: int(tp.dataType)}
	have, err := tensorData(t, tp, int(n))
	if err != nil {
		return nil, fmt.Errorf("tensor %q: %w", tp.name, err)
	}
	if have != int(n) {
		return nil, fmt.Errorf("tensor %q: dims %v declare %d elements but the file holds %d", tp.name, tp.dims, n, have)
	}
	return t, nil
}

// elemSize returns the bytes per element of raw data of type typ.
func elemSize(typ int) int {
	switch typ {
	case typeUint8, typeInt8, typeBool:
		return 1
	case typeUint16, typeInt16, typeFloat16:
		return 2
	case typeFloat, typeInt32, typeUint32:
		return 4
	case typeInt64, typeDouble, typeUint64:
		return 8
	}
	return 0
}

// tensorData fills t from tp and returns how many elements tp held.
func tensorData(t *Tensor, tp *tensorProto, n int) (int, error) {
	size := elemSize(t.Type)
	if size == 0 {
		return 0, fmt.Errorf("data type %d is not supported", t.Type)
	}
	if tp.rawData != nil {
		if len(tp.rawData)%size != 0 || len(tp.rawData)/size != n {
			return len(tp.rawData) / size, nil
		}
		decodeRaw(t, tp.rawData, n)
		return n, nil
	}
	switch {
	case t.Type == typeFloat || t.Type == typeFloat16 && len(tp.int32Data) == 0:
		t.Float = tp.floatData
		return len(t.Float), nil
	case t.Type == typeDouble:
		t.Float = make([]float32, len(tp.doubleData))
		for i, v := range tp.doubleData {
			t.Float[i] = float32(v)
		}
		return len(t.Float), nil
	case t.Type == typeFloat16:
		t.Float = make([]float32, len(tp.int32Data))
		for i, v := range tp.int32Data {
			t.Float[i] = half(uint16(v))
		}
		return len(t.Float), nil
	case t.Type == typeInt64:
		t.Int = tp.int64Data
	case t.Type == typeUint32 || t.Type == typeUint64:
		t.Int = make([]int64, len(tp.uint64Data))
		for i, v := range tp.uint64Data {
			t.Int[i] = int64(v)
		}
	default:
		t.Int = make([]int64, len(tp.int32Data))
		for i, v := range tp.int32Data {
			t.Int[i] = int64(v)
		}
	}
	return len(t.Int), nil
}

// decodeRaw decodes little-endian raw_data of n elements.
func decodeRaw(t *Tensor, b []byte, n int) {
	le := binary.LittleEndian
	if isFloatType(t.Type) {
		t.Float = make([]float32, n)
	} else {
		t.Int = make([]int64, n)
	}
	for i := 0; i < n; i++ {
		switch t.Type {
		case typeFloat:
			t.Float[i] = math.Float32frombits(le.Uint32(b[4*i:]))
		case typeDouble:
			t.Float[i] = float32(math.Float64frombits(le.Uint64(b[8*i:])))
		case typeFloat16:
			t.Float[i] = half(le.Uint16(b[2*i:]))
		case typeUint8, typeBool:
			t.Int[i] = int64(b[i])
		case typeInt8:
			t.Int[i] = int64(int8(b[i]))
		case typeUint16:
			t.Int[i] = int64(le.Uint16(b[2*i:]))
		case typeInt16:
			t.Int[i] = int64(int16(le.Uint16(b[2*i:])))
		case typeInt32:
			t.Int[i] = int64(int32(le.Uint32(b[4*i:])))
		case typeUint32:
			t.Int[i] = int64(le.Uint32(b[4*i:]))
		case typeInt64, typeUint64:
			t.Int[i] = int64(le.Uint64(b[8*i:]))
		}
	}
}

// half converts an IEEE 754 binary16 value to float32.
func half(h uint16) float32 {
	sign := uint32(h>>15) << 31
	exp := uint32(h>>10) & 0x1f
	frac := uint32(h) & 0x3ff
	switch {
	case exp == 0x1f:
		return math.Float32frombits(sign | 0xff<<23 | frac<<13)
	case exp == 0:
		f := float32(frac) / (1 << 24)
		if sign != 0 {
			f = -f
		}
		return f
	}
	return math.Float32frombits(sign | (exp+112)<<23 | frac<<13)
}
