package main

import (
	"encoding/binary"

	"github.com/parquet-go/parquet-go/encoding/thrift"
	"github.com/parquet-go/parquet-go/format"
)

// deepParquet is a parquet file with no data whose schema is a chain of
// depth groups, each the only child of the one before, ending in a float.
func deepParquet(depth int) []byte {
	schema := make([]format.SchemaElement, depth+1)
	for i := range depth {
		schema[i].Name = "g"
		schema[i].NumChildren.Set(1)
		if i > 0 {
			schema[i].RepetitionType.Set(format.Optional)
		}
	}
	schema[depth].Name = "x"
	schema[depth].Type.Set(format.Float)
	schema[depth].RepetitionType.Set(format.Optional)
	md := &format.FileMetaData{Version: 1, Schema: schema, NumRows: 1}
	footer, err := thrift.Marshal(new(thrift.CompactProtocol), md)
	if err != nil {
		panic(err)
	}
	b := append([]byte("PAR1"), footer...)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(footer)))
	return append(b, "PAR1"...)
}
