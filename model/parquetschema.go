package model

import (
	"fmt"

	"github.com/parquet-go/parquet-go/encoding/thrift"
	pqformat "github.com/parquet-go/parquet-go/format"
)

// A parquet schema is a flattened tree: each element says how many
// children follow it. parquet-go rebuilds the tree recursively and
// allocates per element, so a 780 KB footer nesting 100,000 levels took
// it past the memory; the schema is checked here before parquet-go sees
// it. Real files have a few levels (a list is three) and up to a few
// thousand columns.
const (
	maxParquetSchemaDepth = 16
	maxParquetSchemaSize  = 1 << 16 // schema elements (fields and groups)
)

// checkParquetSchema decodes the footer and checks its schema's size,
// depth and child counts, and the memory its values will take.
func checkParquetSchema(footer []byte) error {
	md := new(pqformat.FileMetaData)
	if err := thrift.Unmarshal(new(thrift.CompactProtocol), footer, md); err != nil {
		return fmt.Errorf("parquet footer: %s", quote(err.Error()))
	}
	if n := len(md.Schema); n == 0 || n > maxParquetSchemaSize {
		return fmt.Errorf("parquet schema of %d elements (at most %d are read)", n, maxParquetSchemaSize)
	}
	if err := checkSchemaTree(md.Schema); err != nil {
		return err
	}
	return checkParquetMemory(md)
}

// checkSchemaTree walks the flattened schema without recursion, checking
// that the child counts fit and the tree is at most maxParquetSchemaDepth deep.
func checkSchemaTree(schema []pqformat.SchemaElement) error {
	// left[k] is how many children the open group at depth k still has.
	left := []int64{int64(schema[0].NumChildren.V)}
	for i := 1; i < len(schema); i++ {
		for len(left) > 0 && left[len(left)-1] == 0 {
			left = left[:len(left)-1]
		}
		if len(left) == 0 {
			return fmt.Errorf("parquet schema: element %d lies outside the root's children", i)
		}
		left[len(left)-1]--
		if c := int64(schema[i].NumChildren.V); c > 0 {
			left = append(left, c)
			if len(left) > maxParquetSchemaDepth {
				return fmt.Errorf("parquet schema nested deeper than %d levels", maxParquetSchemaDepth)
			}
		} else if c < 0 {
			return fmt.Errorf("parquet schema: element %d has %d children", i, c)
		}
	}
	for _, l := range left {
		if l != 0 {
			return fmt.Errorf("parquet schema declares more children than it has elements")
		}
	}
	return nil
}

// checkParquetMemory refuses a file whose values, read as float64 (and
// strings at their uncompressed size), would exceed the memory budget.
func checkParquetMemory(md *pqformat.FileMetaData) error {
	var need int64
	for _, rg := range md.RowGroups {
		for _, c := range rg.Columns {
			m := c.MetaData
			if m.NumValues < 0 || m.TotalUncompressedSize < 0 {
				return fmt.Errorf("parquet column chunk with a negative size")
			}
			need += max(mulSize(m.NumValues, 16), m.TotalUncompressedSize)
			if need < 0 {
				need = -1
				break
			}
		}
	}
	return checkMemory(fmt.Sprintf("a parquet file of %d rows", md.NumRows), need)
}
