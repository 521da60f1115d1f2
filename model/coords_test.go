package model

import (
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestReadCoords(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// x and y by name, wherever they are; else the first two columns.
	named := write("named.csv", "label,y,x\na,2,1\nb,4,3.25\n")
	if xy, err := ReadCoords(named); err != nil || !slices.Equal(xy, []float64{1, 2, 3.25, 4}) {
		t.Errorf("named columns: %v %v", xy, err)
	}
	first := write("first.tsv", "PC 1\tPC 2\tlabel\n0.5\t-1\ta\n")
	if xy, err := ReadCoords(first); err != nil || !slices.Equal(xy, []float64{0.5, -1}) {
		t.Errorf("first two columns: %v %v", xy, err)
	}
	// float64 coordinates keep their precision (ReadCodes would round to float32).
	npy := filepath.Join(dir, "xy.npy")
	fine := []float64{0.1, 1e-300, 3, 4}
	if err := WriteNPY(npy, &Array{Shape: []int{2, 2}, DType: "float64", Data: fine}); err != nil {
		t.Fatal(err)
	}
	if xy, err := ReadCoords(npy); err != nil || !slices.Equal(xy, fine) {
		t.Errorf(".npy: %v %v, want %v", xy, err, fine)
	}
	three := filepath.Join(dir, "xyz.npy")
	if err := WriteNPY(three, &Array{Shape: []int{1, 3}, DType: "float64", Data: []float64{1, 2, 3}}); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadCoords(three); err == nil || !strings.Contains(err.Error(), "3 columns") {
		t.Errorf("3 columns: %v", err)
	}
	if _, err := ReadCoords(write("text.csv", "a,b\nx,y\n")); err == nil {
		t.Error("text columns read as coordinates")
	}
}

// TestWriteCoordsByExtension writes a map as CSV with a metadata column
// (and a missing value) and as .npy, and reads both back with ReadCoords.
func TestWriteCoordsByExtension(t *testing.T) {
	dir := t.TempDir()
	xy := []float64{1, 2, 3.5, -4}
	label := &Column{Name: "label", Strings: []string{"a,b", "b"}}
	score := &Column{Name: "score", Numbers: []float64{math.NaN(), 0.25}}
	csv := filepath.Join(dir, "map.CSV")
	if err := WriteCoords(csv, xy, "PC 1", "PC 2", []*Column{label, score}); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(csv); err != nil || string(b) != "PC 1,PC 2,label,score\n1,2,\"a,b\",\n3.5,-4,b,0.25\n" {
		t.Errorf("CSV %q, %v", b, err)
	}
	npy := filepath.Join(dir, "map.NPY")
	if err := WriteCoords(npy, xy, "x", "y", []*Column{label}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{csv, npy} {
		if got, err := ReadCoords(p); err != nil || !slices.Equal(got, xy) {
			t.Errorf("%s read back %v, %v", p, got, err)
		}
	}
	if err := WriteCoords(filepath.Join(dir, "no", "such", "x.csv"), xy, "x", "y", nil); err == nil {
		t.Error("a missing folder gave no error")
	}
	if err := WriteCoords(filepath.Join(dir, "short.csv"), xy, "x", "y", []*Column{{Name: "c", Numbers: []float64{1}}}); err == nil || !strings.Contains(err.Error(), "short.csv") {
		t.Errorf("a short column: %v", err)
	}
	if err := WriteCoords(filepath.Join(dir, "odd.csv"), xy[:3], "x", "y", nil); err == nil {
		t.Error("an odd number of coordinates gave no error")
	}
}

func TestItemImages(t *testing.T) {
	a := &Array{Shape: []int{2, 1, 2}, DType: "uint8", Data: []float64{0, 255, 128, 64}}
	imgs, err := ItemImages("d.npy", a, "")
	if err != nil || len(imgs) != 2 {
		t.Fatalf("%d images, %v", len(imgs), err)
	}
	if r, _, _, _ := imgs[1].At(1, 0).RGBA(); r>>8 != 64 {
		t.Errorf("image 1 pixel (1, 0) = %d, want 64", r>>8)
	}
	if _, err := ItemImages("v.npy", &Array{Shape: []int{3, 4}}, ""); err == nil || !strings.Contains(err.Error(), "v.npy") {
		t.Errorf("a 2-D array as images: %v", err)
	}
}
