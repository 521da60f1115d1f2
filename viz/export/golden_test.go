package export

import (
	"bytes"
	"testing"
)

func writePNG(t *testing.T, m *Map) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := m.WriteTo(&buf, "png"); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
