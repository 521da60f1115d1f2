package onnx

import (
	"errors"
	"fmt"
	"math"

	"google.golang.org/protobuf/encoding/protowire"
)

// This file decodes the parts of ONNX's protobuf schema (onnx.proto, ONNX
// IR version 3 onwards, Apache-2.0) that an interpreter needs, directly from
// the wire format with protowire. Field numbers are those of onnx.proto;
// unknown fields are skipped, as protobuf requires.

// modelProto is ONNX's ModelProto.
type modelProto struct {
	irVersion int64
	producer  string
	opsets    []opsetProto
	graph     *graphProto
}

// opsetProto is OperatorSetIdProto.
type opsetProto struct {
	domain  string
	version int64
}

// graphProto is GraphProto.
type graphProto struct {
	name         string
	nodes        []*nodeProto
	initializers []*tensorProto
	inputs       []*valueInfo
	outputs      []*valueInfo
}

// nodeProto is NodeProto.
type nodeProto struct {
	inputs, outputs []string
	name, opType    string
	domain          string
	attrs           []*attrProto
	fusedAct        *nodeProto  // an activation node fused into this one (fuse.go)
	silu            bool        // a Sigmoid whose output multiplies its input (fuse.go)
	softmax         *nodeProto  // a Softmax of this Div or Mul's output, fused into it (fuse.go)
	bias            *Tensor     // a constant added to each row of this MatMul's output (fuse.go)
	gelu            *geluFusion // a GELU chain run by this Div (gelu.go)
	splitOf         *nodeProto  // the Transpose whose output this Split splits, fused into it (fuse.go)
	gn              *gnFusion   // a GroupNorm's affine and SiLU fused into an InstanceNormalization (groupnorm_fused.go)
	// transposed marks MatMul operands read through a fused Transpose of
	// their last two axes (fuse.go).
	transposed [2]bool
	// headsOut marks a MatMul that writes its output through a fused
	// Transpose swapping its last batch axis with its rows (fuse.go).
	headsOut  bool
	headsRank int // the rank of that Transpose's perm
	// residual names a value an Add fused into this MatMul adds to its
	// output (a transformer's skip connection, fuse.go).
	residual string
	// qkv holds the MatMul and Reshape fused into this transposed Split
	// (attention's queries, keys and values, qkv.go).
	qkv *qkvNodes
}

// attrProto is AttributeProto.
type attrProto struct {
	name    string
	typ     int64
	f       float32
	i       int64
	s       []byte
	t       *tensorProto
	floats  []float32
	ints    []int64
	strings [][]byte
	hasF    bool
	hasI    bool
}

// Attribute types of AttributeProto.AttributeType.
const (
	attrFloat  = 1
	attrInt    = 2
	attrString = 3
	attrTensor = 4
	attrInts   = 7
)

// tensorProto is TensorProto.
type tensorProto struct {
	name       string
	dims       []int64
	dataType   int64
	floatData  []float32
	int32Data  []int32
	int64Data  []int64
	doubleData []float64
	uint64Data []uint64
	rawData    []byte
	external   bool
	// externalData holds the external_data entries (location, offset,
	// length, checksum) of a tensor stored outside the model file.
	externalData map[string]string
}

// valueInfo is ValueInfoProto with its TypeProto.Tensor flattened.
type valueInfo struct {
	name     string
	elemType int64
	shape    []dimProto
	hasShape bool
}

// dimProto is TensorShapeProto.Dimension: a value, or a symbolic name.
type dimProto struct {
	value int64
	param string
	known bool
}

var errTruncated = errors.New("truncated or malformed protobuf")

// fieldFunc handles one field of a message: num and typ from its tag, and
// the field's bytes (a varint's or fixed value's encoding, or the payload
// of a length-delimited field).
type fieldFunc func(num protowire.Number, typ protowire.Type, b []byte) error

// walk calls f for every field of the message in b.
func walk(b []byte, f fieldFunc) error {
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return errTruncated
		}
		b = b[n:]
		var val []byte
		switch typ {
		case protowire.BytesType:
			v, m := protowire.ConsumeBytes(b)
			if m < 0 {
				return errTruncated
			}
			val, n = v, m
		default:
			n = protowire.ConsumeFieldValue(num, typ, b)
			if n < 0 {
				return errTruncated
			}
			val = b[:n]
		}
		if err := f(num, typ, val); err != nil {
			return err
		}
		b = b[n:]
	}
	return nil
}

func varint(typ protowire.Type, b []byte) (int64, error) {
	if typ != protowire.VarintType {
		return 0, errTruncated
	}
	v, n := protowire.ConsumeVarint(b)
	if n < 0 {
		return 0, errTruncated
	}
	return int64(v), nil
}

// ints appends a repeated integer field, packed or not.
func ints(dst []int64, typ protowire.Type, b []byte) ([]int64, error) {
	if typ == protowire.VarintType {
		v, err := varint(typ, b)
		return append(dst, v), err
	}
	if typ != protowire.BytesType {
		return dst, errTruncated
	}
	for len(b) > 0 {
		v, n := protowire.ConsumeVarint(b)
		if n < 0 {
			return dst, errTruncated
		}
		dst = append(dst, int64(v))
		b = b[n:]
	}
	return dst, nil
}

// floats appends a repeated float field, packed or not.
func floats(dst []float32, typ protowire.Type, b []byte) ([]float32, error) {
	switch typ {
	case protowire.Fixed32Type:
		v, n := protowire.ConsumeFixed32(b)
		if n < 0 {
			return dst, errTruncated
		}
		return append(dst, math.Float32frombits(v)), nil
	case protowire.BytesType:
		if len(b)%4 != 0 {
			return dst, errTruncated
		}
		for i := 0; i < len(b); i += 4 {
			v, _ := protowire.ConsumeFixed32(b[i:])
			dst = append(dst, math.Float32frombits(v))
		}
		return dst, nil
	}
	return dst, errTruncated
}

// doubles appends a repeated double field, packed or not.
func doubles(dst []float64, typ protowire.Type, b []byte) ([]float64, error) {
	switch typ {
	case protowire.Fixed64Type:
		v, n := protowire.ConsumeFixed64(b)
		if n < 0 {
			return dst, errTruncated
		}
		return append(dst, math.Float64frombits(v)), nil
	case protowire.BytesType:
		if len(b)%8 != 0 {
			return dst, errTruncated
		}
		for i := 0; i < len(b); i += 8 {
			v, _ := protowire.ConsumeFixed64(b[i:])
			dst = append(dst, math.Float64frombits(v))
		}
		return dst, nil
	}
	return dst, errTruncated
}

func str(typ protowire.Type, b []byte) (string, error) {
	if typ != protowire.BytesType {
		return "", errTruncated
	}
	return string(b), nil
}

func msg(typ protowire.Type) error {
	if typ != protowire.BytesType {
		return errTruncated
	}
	return nil
}

func parseModel(b []byte) (*modelProto, error) {
	m := &modelProto{}
	err := walk(b, func(num protowire.Number, typ protowire.Type, v []byte) error {
		var err error
		switch num {
		case 1:
			m.irVersion, err = varint(typ, v)
		case 2:
			m.producer, err = str(typ, v)
		case 7:
			if err = msg(typ); err == nil {
				m.graph, err = parseGraph(v)
			}
		case 8:
			var o opsetProto
			if err = msg(typ); err == nil {
				o, err = parseOpset(v)
				m.opsets = append(m.opsets, o)
			}
		}
		return err
	})
	return m, err
}

func parseOpset(b []byte) (opsetProto, error) {
	var o opsetProto
	err := walk(b, func(num protowire.Number, typ protowire.Type, v []byte) error {
		var err error
		switch num {
		case 1:
			o.domain, err = str(typ, v)
		case 2:
			o.version, err = varint(typ, v)
		}
		return err
	})
	return o, err
}

func parseGraph(b []byte) (*graphProto, error) {
	g := &graphProto{}
	err := walk(b, func(num protowire.Number, typ protowire.Type, v []byte) error {
		if num >= 1 && num <= 13 && num != 2 && num != 10 {
			if err := msg(typ); err != nil {
				return err
			}
		}
		var err error
		switch num {
		case 1:
			var n *nodeProto
			n, err = parseNode(v)
			g.nodes = append(g.nodes, n)
		case 2:
			g.name, err = str(typ, v)
		case 5:
			var t *tensorProto
			t, err = parseTensor(v)
			g.initializers = append(g.initializers, t)
		case 11, 12:
			var vi *valueInfo
			vi, err = parseValueInfo(v)
			if num == 11 {
				g.inputs = append(g.inputs, vi)
			} else {
				g.outputs = append(g.outputs, vi)
			}
		case 15:
			err = errors.New("sparse initializers are not supported")
		}
		return err
	})
	return g, err
}

func parseNode(b []byte) (*nodeProto, error) {
	n := &nodeProto{}
	err := walk(b, func(num protowire.Number, typ protowire.Type, v []byte) error {
		var err error
		var s string
		switch num {
		case 1, 2:
			s, err = str(typ, v)
			if num == 1 {
				n.inputs = append(n.inputs, s)
			} else {
				n.outputs = append(n.outputs, s)
			}
		case 3:
			n.name, err = str(typ, v)
		case 4:
			n.opType, err = str(typ, v)
		case 7:
			n.domain, err = str(typ, v)
		case 5:
			var a *attrProto
			if err = msg(typ); err == nil {
				a, err = parseAttr(v)
				n.attrs = append(n.attrs, a)
			}
		}
		return err
	})
	return n, err
}

func parseAttr(b []byte) (*attrProto, error) {
	a := &attrProto{}
	err := walk(b, func(num protowire.Number, typ protowire.Type, v []byte) error {
		var err error
		switch num {
		case 1:
			a.name, err = str(typ, v)
		case 20:
			a.typ, err = varint(typ, v)
		case 2:
			var f []float32
			f, err = floats(nil, typ, v)
			if len(f) == 1 {
				a.f, a.hasF = f[0], true
			}
		case 3:
			a.i, err = varint(typ, v)
			a.hasI = true
		case 4:
			if err = msg(typ); err == nil {
				a.s = v
			}
		case 5:
			if err = msg(typ); err == nil {
				a.t, err = parseTensor(v)
			}
		case 7:
			a.floats, err = floats(a.floats, typ, v)
		case 8:
			a.ints, err = ints(a.ints, typ, v)
		case 9:
			if err = msg(typ); err == nil {
				a.strings = append(a.strings, v)
			}
		}
		return err
	})
	return a, err
}

func parseTensor(b []byte) (*tensorProto, error) {
	t := &tensorProto{}
	err := walk(b, func(num protowire.Number, typ protowire.Type, v []byte) error {
		var err error
		switch num {
		case 1:
			t.dims, err = ints(t.dims, typ, v)
		case 2:
			t.dataType, err = varint(typ, v)
		case 4:
			t.floatData, err = floats(t.floatData, typ, v)
		case 5:
			var xs []int64
			xs, err = ints(nil, typ, v)
			for _, x := range xs {
				t.int32Data = append(t.int32Data, int32(x))
			}
		case 7:
			t.int64Data, err = ints(t.int64Data, typ, v)
		case 8:
			t.name, err = str(typ, v)
		case 9:
			if err = msg(typ); err == nil {
				t.rawData = v
			}
		case 10:
			t.doubleData, err = doubles(t.doubleData, typ, v)
		case 11:
			var xs []int64
			xs, err = ints(nil, typ, v)
			for _, x := range xs {
				t.uint64Data = append(t.uint64Data, uint64(x))
			}
		case 13:
			err = parseEntry(t, typ, v)
		case 14:
			var loc int64
			loc, err = varint(typ, v)
			t.external = loc == 1
		}
		return err
	})
	return t, err
}

// parseEntry reads one StringStringEntryProto of external_data.
func parseEntry(t *tensorProto, typ protowire.Type, b []byte) error {
	if err := msg(typ); err != nil {
		return err
	}
	var key, value string
	err := walk(b, func(num protowire.Number, typ protowire.Type, v []byte) error {
		var err error
		switch num {
		case 1:
			key, err = str(typ, v)
		case 2:
			value, err = str(typ, v)
		}
		return err
	})
	if t.externalData == nil {
		t.externalData = map[string]string{}
	}
	t.externalData[key] = value
	return err
}

func parseValueInfo(b []byte) (*valueInfo, error) {
	vi := &valueInfo{}
	err := walk(b, func(num protowire.Number, typ protowire.Type, v []byte) error {
		switch num {
		case 1:
			s, err := str(typ, v)
			vi.name = s
			return err
		case 2:
			if err := msg(typ); err != nil {
				return err
			}
			return parseType(vi, v)
		}
		return nil
	})
	return vi, err
}

// parseType reads TypeProto; only its tensor_type (field 1) is kept.
func parseType(vi *valueInfo, b []byte) error {
	return walk(b, func(num protowire.Number, typ protowire.Type, v []byte) error {
		if num != 1 {
			return nil
		}
		if err := msg(typ); err != nil {
			return err
		}
		return walk(v, func(num protowire.Number, typ protowire.Type, v []byte) error {
			var err error
			switch num {
			case 1:
				vi.elemType, err = varint(typ, v)
			case 2:
				if err = msg(typ); err == nil {
					vi.hasShape = true
					err = parseShape(vi, v)
				}
			}
			return err
		})
	})
}

func parseShape(vi *valueInfo, b []byte) error {
	return walk(b, func(num protowire.Number, typ protowire.Type, v []byte) error {
		if num != 1 {
			return nil
		}
		if err := msg(typ); err != nil {
			return err
		}
		var d dimProto
		err := walk(v, func(num protowire.Number, typ protowire.Type, v []byte) error {
			var err error
			switch num {
			case 1:
				d.value, err = varint(typ, v)
				d.known = true
			case 2:
				d.param, err = str(typ, v)
			}
			return err
		})
		vi.shape = append(vi.shape, d)
		return err
	})
}

func (d dimProto) String() string {
	if d.known {
		return fmt.Sprint(d.value)
	}
	if d.param != "" {
		return d.param
	}
	return "?"
}
