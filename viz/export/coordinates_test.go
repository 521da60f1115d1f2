package export

import (
	"os"
	"path/filepath"
	"testing"

	"codeberg.org/sbinet/npyio"
	"gonum.org/v1/gonum/mat"
)

func TestWriteCoordinatesByExtension(t *testing.T) {
	dir := t.TempDir()
	xy := []float64{1, 2, 3.5, -4}
	label := Column{Name: "label", Strings: []string{"a", "b"}}
	csv := filepath.Join(dir, "map.CSV")
	if err := WriteCoordinates(csv, xy, "PC 1", "PC 2", label); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(csv); err != nil || string(b) != "PC 1,PC 2,label\n1,2,a\n3.5,-4,b\n" {
		t.Errorf("CSV %q, %v", b, err)
	}
	npy := filepath.Join(dir, "map.NPY")
	if err := WriteCoordinates(npy, xy, "x", "y", label); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(npy)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var m mat.Dense
	if err := npyio.Read(f, &m); err != nil {
		t.Fatal(err)
	}
	if r, c := m.Dims(); r != 2 || c != 2 || m.At(1, 0) != 3.5 || m.At(1, 1) != -4 {
		t.Errorf(".npy read back %v", mat.Formatted(&m))
	}
	if err := WriteCoordinates(filepath.Join(dir, "no", "such", "x.csv"), xy, "x", "y"); err == nil {
		t.Error("a missing folder gave no error")
	}
}
