package cluster

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/latent-explorer/latent/viz"
)

// hdbscanCases are the fixtures whose reference clusterings come from R
// 4.2.2's dbscan 1.1-11 hdbscan(x, minPts) (tools/bench_cluster/
// make_hdbscan_fixtures.R).
var hdbscanCases = []struct {
	name   string
	minPts int
}{
	{"blobs2d", 10},
	{"blobs10d", 10},
	{"moons", 8},
	{"mnist", 15},
}

// TestHDBSCANMatchesR requires adjusted Rand index ≥ 0.99 against R's
// clusters, the same noise points, and GLOSH scores and membership
// probabilities close to R's, with both spanning-tree algorithms.
func TestHDBSCANMatchesR(t *testing.T) {
	for _, c := range hdbscanCases {
		for _, mst := range []MSTMethod{PrimMST, BoruvkaMST} {
			t.Run(c.name+"/"+[]string{"", "prim", "boruvka"}[mst], func(t *testing.T) {
				x := readMatrix(t, "hdb_"+c.name+".csv")
				ref := readCSV(t, "hdb_"+c.name+"_r.csv")
				if line := commentLine(t, "hdb_"+c.name+"_r.csv"); !strings.Contains(line, "dbscan 1.1") {
					t.Fatalf("unexpected provenance %q", line)
				}
				res, err := HDBSCAN(context.Background(), x, HDBSCANOptions{MinClusterSize: c.minPts, MST: mst})
				if err != nil {
					t.Fatal(err)
				}
				compareWithR(t, res, ref, mst == PrimMST)
			})
		}
	}
}

// compareWithR checks a result against R's columns cluster (0 = noise),
// outlier and prob. Prim's tree is built as R builds it, so its GLOSH
// scores must match everywhere; Borůvka's tree nests merges of equal height
// in another order, which moves the GLOSH score of a few points whose
// distances tie (at most 3% of them here).
func compareWithR(t *testing.T, res *HDBSCANResult, ref [][]float64, exact bool) {
	t.Helper()
	rLabels := make([]int, len(ref))
	noiseDiff, gloshDiff := 0, 0
	var gloshErr, probErr float64
	for i, r := range ref {
		rLabels[i] = int(r[0]) - 1
		if (rLabels[i] < 0) != (res.Labels[i] < 0) {
			noiseDiff++
		}
		if e := math.Abs(res.OutlierScores[i] - r[1]); e > 1e-6 {
			gloshDiff++
			gloshErr = math.Max(gloshErr, e)
		}
		probErr = math.Max(probErr, math.Abs(res.Probabilities[i]-r[2]))
	}
	ari, err := AdjustedRandIndex(res.Labels, rLabels)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d clusters, ARI %.4f, noise differs at %d, GLOSH differs at %d (by up to %.2g), probability max error %.2g",
		res.NumClusters, ari, noiseDiff, gloshDiff, gloshErr, probErr)
	if ari < 0.99 {
		t.Errorf("ARI vs R %.4f < 0.99", ari)
	}
	if noiseDiff != 0 {
		t.Errorf("noise differs from R's at %d points", noiseDiff)
	}
	if exact && gloshDiff > 0 || gloshDiff > len(ref)*3/100 {
		t.Errorf("GLOSH differs from R's at %d points", gloshDiff)
	}
	if exact && probErr > 1e-6 {
		t.Errorf("membership probability differs from R's by up to %.3g", probErr)
	}
}

// TestMSTMethodsAgree checks that Prim and Borůvka give spanning trees of
// the same total weight (minimum spanning trees all weigh the same).
func TestMSTMethodsAgree(t *testing.T) {
	x := readMatrix(t, "hdb_moons.csv")
	ctx := context.Background()
	tree := newKDTree(x)
	core, err := coreSqDistances(ctx, x, tree, 5, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	brute, err := coreSqDistances(ctx, x, nil, 5, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range core {
		if math.Abs(core[i]-brute[i]) > 1e-12 {
			t.Fatalf("core distance %d: k-d tree %v, brute force %v", i, core[i], brute[i])
		}
	}
	p, err := primMST(ctx, x, core, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := boruvkaMST(ctx, tree, core, 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	if wp, wb := weight(p), weight(b); len(p) != len(b) || math.Abs(wp-wb) > 1e-9*wp {
		t.Errorf("Prim: %d edges, weight %v; Borůvka: %d edges, weight %v", len(p), wp, len(b), wb)
	}
}

func weight(edges []edge) float64 {
	var s float64
	for _, e := range edges {
		s += math.Sqrt(e.w)
	}
	return s
}

func TestHDBSCANBadInput(t *testing.T) {
	ctx := context.Background()
	x := mat.NewDense(4, 1, []float64{0, 1, 2, 3})
	if _, err := HDBSCAN(ctx, x, HDBSCANOptions{MinClusterSize: 5}); !errors.Is(err, viz.ErrTooFewPoints) {
		t.Errorf("min cluster size > n: got %v", err)
	}
	if _, err := HDBSCAN(ctx, x, HDBSCANOptions{MinClusterSize: 1}); err == nil {
		t.Error("min cluster size 1: no error")
	}
	nan := mat.NewDense(4, 1, []float64{0, 1, math.Inf(1), 3})
	if _, err := HDBSCAN(ctx, nan, HDBSCANOptions{MinClusterSize: 2}); !errors.Is(err, viz.ErrNotFinite) {
		t.Errorf("Inf row: got %v", err)
	}
	same := mat.NewDense(6, 2, nil)
	res, err := HDBSCAN(ctx, same, HDBSCANOptions{MinClusterSize: 2})
	if err != nil || res.NumClusters != 1 || res.Labels[5] != 0 || res.Probabilities[0] != 1 {
		t.Errorf("identical points: %+v, %v", res, err)
	}
}

// TestHDBSCANDuplicates checks that repeated points (zero distances) give
// finite scores and a sensible clustering.
func TestHDBSCANDuplicates(t *testing.T) {
	var data []float64
	for c := 0; c < 3; c++ {
		for i := 0; i < 20; i++ {
			data = append(data, float64(10*c), float64(i%3))
		}
	}
	res, err := HDBSCAN(context.Background(), mat.NewDense(60, 2, data), HDBSCANOptions{MinClusterSize: 5})
	if err != nil {
		t.Fatal(err)
	}
	if res.NumClusters != 3 {
		t.Errorf("%d clusters, want 3: %v", res.NumClusters, res.Labels)
	}
	for i, s := range res.OutlierScores {
		if math.IsNaN(s) || math.IsInf(s, 0) {
			t.Fatalf("GLOSH %d = %v", i, s)
		}
	}
}

func BenchmarkHDBSCAN(b *testing.B) {
	for _, c := range hdbscanCases {
		x := readMatrix(b, "hdb_"+c.name+".csv")
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := HDBSCAN(context.Background(), x, HDBSCANOptions{MinClusterSize: c.minPts}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
