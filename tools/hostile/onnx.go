package main

import (
	"encoding/binary"
	"math"

	"google.golang.org/protobuf/encoding/protowire"
)

// Tiny ONNX models written field by field (onnx.proto: ModelProto,
// GraphProto, NodeProto, TensorProto, ValueInfoProto).

const (
	onnxFloat = 1
	onnxInt64 = 7
)

func bytesField(b []byte, num protowire.Number, payload []byte) []byte {
	b = protowire.AppendTag(b, num, protowire.BytesType)
	return protowire.AppendBytes(b, payload)
}

func varint(b []byte, num protowire.Number, v int64) []byte {
	b = protowire.AppendTag(b, num, protowire.VarintType)
	return protowire.AppendVarint(b, uint64(v))
}

func onnxNode(op string, in []string, out string) []byte {
	var b []byte
	for _, s := range in {
		b = bytesField(b, 1, []byte(s))
	}
	b = bytesField(b, 2, []byte(out))
	return bytesField(b, 4, []byte(op))
}

// valueInfo is a float tensor named name of the given dims; a negative
// dim is the symbolic batch "N".
func valueInfo(name string, dims ...int64) []byte {
	var shape []byte
	for _, d := range dims {
		if d < 0 {
			shape = bytesField(shape, 1, bytesField(nil, 2, []byte("N")))
		} else {
			shape = bytesField(shape, 1, varint(nil, 1, d))
		}
	}
	tensor := bytesField(varint(nil, 1, onnxFloat), 2, shape)
	return bytesField(bytesField(nil, 1, []byte(name)), 2, bytesField(nil, 1, tensor))
}

// initializer is a constant tensor with raw little-endian data.
func initializer(name string, dtype int64, dims []int64, raw []byte) []byte {
	var b []byte
	for _, d := range dims {
		b = varint(b, 1, d)
	}
	b = varint(b, 2, dtype)
	b = bytesField(b, 8, []byte(name))
	return bytesField(b, 9, raw)
}

func onnxModel(nodes, inits [][]byte, in, out []byte) []byte {
	var g []byte
	for _, n := range nodes {
		g = bytesField(g, 1, n)
	}
	g = bytesField(g, 2, []byte("hostile"))
	for _, t := range inits {
		g = bytesField(g, 5, t)
	}
	g = bytesField(g, 11, in)
	g = bytesField(g, 12, out)
	m := varint(nil, 1, 8)
	m = bytesField(m, 7, g)
	return bytesField(m, 8, varint(nil, 2, 13))
}

// nanDecoder maps z [N 4] to sqrt(-1 - z·z) reshaped to [N 1 2 2]: NaN
// for every code.
func nanDecoder() []byte {
	minus1 := binary.LittleEndian.AppendUint32(nil, math.Float32bits(-1))
	var shape []byte
	for _, v := range []int64{-1, 1, 2, 2} {
		shape = binary.LittleEndian.AppendUint64(shape, uint64(v))
	}
	return onnxModel(
		[][]byte{
			onnxNode("Mul", []string{"z", "z"}, "zz"),
			onnxNode("Sub", []string{"m1", "zz"}, "neg"),
			onnxNode("Sqrt", []string{"neg"}, "s"),
			onnxNode("Reshape", []string{"s", "shape"}, "y"),
		},
		[][]byte{initializer("m1", onnxFloat, nil, minus1), initializer("shape", onnxInt64, []int64{4}, shape)},
		valueInfo("z", -1, 4), valueInfo("y", -1, 1, 2, 2))
}

// vectorDecoder maps z [N 4] to relu(z), a vector of 4.
func vectorDecoder() []byte {
	return onnxModel([][]byte{onnxNode("Relu", []string{"z"}, "y")}, nil, valueInfo("z", -1, 4), valueInfo("y", -1, 4))
}
