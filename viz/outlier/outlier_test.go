package outlier

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/latent-explorer/latent/viz/cluster"
	"github.com/latent-explorer/latent/viz/neighbors"
)

// readCSV reads a numeric CSV, skipping # comments and a header line.
func readCSV(t testing.TB, path string) [][]float64 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows [][]float64
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		var row []float64
		for _, s := range strings.Split(line, ",") {
			v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
			if err != nil {
				row = nil
				break
			}
			row = append(row, v)
		}
		if row != nil {
			rows = append(rows, row)
		}
	}
	return rows
}

func matrix(rows [][]float64) *mat.Dense {
	m := mat.NewDense(len(rows), len(rows[0]), nil)
	for i, r := range rows {
		m.SetRow(i, r)
	}
	return m
}

// TestLOFMatchesScikitLearn compares with scikit-learn 1.2.1's
// LocalOutlierFactor(n_neighbors=20).negative_outlier_factor_
// (tools/bench_cluster/make_fixtures.py).
func TestLOFMatchesScikitLearn(t *testing.T) {
	x := matrix(readCSV(t, "testdata/lof.csv"))
	ref := readCSV(t, "testdata/lof_ref.csv")
	g, err := neighbors.Exact(context.Background(), x, 20, neighbors.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := LOF(g, nil)
	for i, r := range ref {
		if math.Abs(got[i]+r[0]) > 1e-9 {
			t.Fatalf("point %d: LOF %v, scikit-learn %v", i, got[i], -r[0])
		}
	}
}

func TestKthNeighborDistance(t *testing.T) {
	x := mat.NewDense(4, 1, []float64{0, 1, 3, 10})
	g, err := neighbors.Exact(context.Background(), x, 2, neighbors.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprint(KthNeighborDistance(g, nil))
	if want := "[3 2 3 9]"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

// TestGLOSHMatchesR compares with R 4.2.2's dbscan 1.1-11
// hdbscan(x, minPts = 8)$outlier_scores on the moons fixture of the
// cluster package.
func TestGLOSHMatchesR(t *testing.T) {
	x := matrix(readCSV(t, "../cluster/testdata/hdb_moons.csv"))
	ref := readCSV(t, "../cluster/testdata/hdb_moons_r.csv")
	got, err := GLOSH(context.Background(), x, cluster.HDBSCANOptions{MinClusterSize: 8, MST: cluster.PrimMST})
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range ref {
		if math.Abs(got[i]-r[1]) > 1e-9 {
			t.Fatalf("point %d: GLOSH %v, R %v", i, got[i], r[1])
		}
	}
}

func TestPriors(t *testing.T) {
	x := mat.NewDense(3, 2, []float64{0, 0, 1, -1, 3, 0.5})
	g := GaussianPrior(x, nil)
	ln2pi := math.Log(2 * math.Pi)
	for i, want := range []float64{ln2pi, 1 + ln2pi, 4.625 + ln2pi} {
		if math.Abs(g[i]-want) > 1e-12 {
			t.Errorf("Gaussian row %d: %v, want %v", i, g[i], want)
		}
	}
	u, err := UniformPrior(x, -1, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	if u[0] != 2*math.Ln2 || u[1] != 2*math.Ln2 || !math.IsInf(u[2], 1) {
		t.Errorf("uniform: %v", u)
	}
	if _, err := UniformPrior(x, 1, 1, nil); err == nil {
		t.Error("empty box: no error")
	}
}

func TestReconstructionError(t *testing.T) {
	codes := []float32{0, 1, 2, 3}
	data := []float32{0, 1, 1, 2, 3, 3}
	double := func(z, dst []float32) ([]float32, error) {
		dst = append(dst[:0], z[0], z[0]+z[1], z[1])
		return dst, nil
	}
	got, err := ReconstructionError(context.Background(), codes, 2, data, double, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := "[0 1.3333333333333333]"; fmt.Sprint(got) != want {
		t.Errorf("got %v, want %s", got, want)
	}
	if _, err := ReconstructionError(context.Background(), codes, 2, data[:5], double, nil); err == nil {
		t.Error("mismatched data: no error")
	}
	boom := errors.New("boom")
	fail := func(z, dst []float32) ([]float32, error) { return nil, boom }
	if _, err := ReconstructionError(context.Background(), codes, 2, data, fail, nil); !errors.Is(err, boom) {
		t.Errorf("decoder error: got %v", err)
	}
}

func ExampleGaussianPrior() {
	z := mat.NewDense(2, 1, []float64{0, 3})
	fmt.Printf("%.4f\n", GaussianPrior(z, nil))
	// Output: [0.9189 5.4189]
}

func BenchmarkLOF(b *testing.B) {
	x := matrix(readCSV(b, "testdata/lof.csv"))
	g, err := neighbors.Exact(context.Background(), x, 20, neighbors.Options{})
	if err != nil {
		b.Fatal(err)
	}
	dst := make([]float64, g.N)
	b.ReportAllocs()
	for b.Loop() {
		LOF(g, dst)
	}
}
