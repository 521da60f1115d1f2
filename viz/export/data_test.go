package export

import (
	"bytes"
	"errors"
	"math"
	"testing"

	"codeberg.org/sbinet/npyio"
	"gonum.org/v1/gonum/mat"
)

func TestWriteCSV(t *testing.T) {
	var buf bytes.Buffer
	xy := []float64{1, 2.5, -3e-7, math.NaN()}
	err := WriteCSV(&buf, xy, "tsne_1", "tsne_2",
		IntColumn("cluster", []int{0, -1}),
		Column{Name: "name", Strings: []string{"a,b", `say "hi"`}},
		Column{Name: "score", Floats: []float64{0.25, math.NaN()}})
	if err != nil {
		t.Fatal(err)
	}
	want := "tsne_1,tsne_2,cluster,name,score\n1,2.5,0,\"a,b\",0.25\n-3e-07,,-1,\"say \"\"hi\"\"\",\n"
	if buf.String() != want {
		t.Errorf("CSV =\n%s\nwant\n%s", buf.String(), want)
	}
	if err := WriteCSV(&buf, xy, "x", "y", IntColumn("c", []int{1})); !errors.Is(err, ErrInput) {
		t.Errorf("short column: error %v, want ErrInput", err)
	}
}

func TestWriteNPYRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	xy := []float64{1, 2, 3, 4, 5, 6}
	if err := WriteNPY(&buf, xy); err != nil {
		t.Fatal(err)
	}
	var m mat.Dense
	if err := npyio.Read(&buf, &m); err != nil {
		t.Fatal(err)
	}
	if r, c := m.Dims(); r != 3 || c != 2 || m.At(2, 1) != 6 || m.At(1, 0) != 3 {
		t.Errorf("read back %v", mat.Formatted(&m))
	}
	buf.Reset()
	if err := WriteLabelsNPY(&buf, []int{3, -1, 7}); err != nil {
		t.Fatal(err)
	}
	var labels []int64
	if err := npyio.Read(&buf, &labels); err != nil {
		t.Fatal(err)
	}
	if len(labels) != 3 || labels[1] != -1 || labels[2] != 7 {
		t.Errorf("labels read back %v", labels)
	}
}

func TestXYFromMatrix(t *testing.T) {
	m := mat.NewDense(2, 3, []float64{1, 2, 9, 3, 4, 9})
	got := XYFromMatrix(m)
	if len(got) != 4 || got[0] != 1 || got[1] != 2 || got[2] != 3 || got[3] != 4 {
		t.Errorf("XYFromMatrix = %v", got)
	}
}
