package cluster

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/latent-explorer/latent/viz"
)

// TestKMeansMatchesScikitLearn compares the inertia with scikit-learn
// 1.2.1's KMeans(n_init=10) on the same data (tools/bench_cluster/
// make_fixtures.py wrote both): within 1%.
func TestKMeansMatchesScikitLearn(t *testing.T) {
	for _, ref := range readKMeansRef(t) {
		t.Run(ref.name, func(t *testing.T) {
			x := readMatrix(t, "kmeans_"+ref.name+".csv")
			res, err := KMeans(context.Background(), x, KMeansOptions{K: ref.k, Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			if rel := res.Inertia/ref.inertia - 1; rel > 0.01 {
				t.Errorf("inertia %.6g, scikit-learn %.6g: %.2f%% worse", res.Inertia, ref.inertia, 100*rel)
			}
			checkLabels(t, x, res)
		})
	}
}

type kmeansRef struct {
	name    string
	k       int
	inertia float64
}

func readKMeansRef(t *testing.T) []kmeansRef {
	if c := commentLine(t, "kmeans_ref.csv"); !strings.Contains(c, "scikit-learn 1.2") {
		t.Fatalf("kmeans_ref.csv: unexpected provenance %q", c)
	}
	var out []kmeansRef
	for _, name := range []string{"blobs", "mnist"} {
		for _, line := range strings.Split(readFileString(t, "kmeans_ref.csv"), "\n") {
			f := strings.Split(line, ",")
			if f[0] == name {
				row, _ := parseRow(f[1] + "," + f[2])
				out = append(out, kmeansRef{name, int(row[0]), row[1]})
			}
		}
	}
	return out
}

// checkLabels verifies that every label is the nearest centre and the
// inertia is their summed squared distance.
func checkLabels(t *testing.T, x *mat.Dense, res *KMeansResult) {
	t.Helper()
	var sum float64
	for i, l := range res.Labels {
		j, d := nearest(x.RawRowView(i), res.Centers)
		if j != l {
			t.Fatalf("row %d labelled %d, nearest centre %d", i, l, j)
		}
		sum += d
	}
	if math.Abs(sum-res.Inertia) > 1e-9*sum {
		t.Errorf("inertia %v, recomputed %v", res.Inertia, sum)
	}
}

// TestKMeansThreadsDeterministic checks that the same seed gives the same
// result with 1 and 3 threads.
func TestKMeansThreadsDeterministic(t *testing.T) {
	x := readMatrix(t, "kmeans_mnist.csv")
	a, err := KMeans(context.Background(), x, KMeansOptions{K: 10, NInit: 3, Seed: 9, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	b, err := KMeans(context.Background(), x, KMeansOptions{K: 10, NInit: 3, Seed: 9, Threads: 3})
	if err != nil {
		t.Fatal(err)
	}
	if a.Inertia != b.Inertia || !slices.Equal(a.Labels, b.Labels) {
		t.Errorf("1 thread: inertia %v; 3 threads: %v", a.Inertia, b.Inertia)
	}
}

// TestMiniBatchKMeans checks that mini-batch k-means lands within 5% of
// scikit-learn's full KMeans inertia on the blobs fixture.
func TestMiniBatchKMeans(t *testing.T) {
	ref := readKMeansRef(t)[0]
	x := readMatrix(t, "kmeans_blobs.csv")
	res, err := MiniBatchKMeans(context.Background(), x, KMeansOptions{K: ref.k, Seed: 2, BatchSize: 256})
	if err != nil {
		t.Fatal(err)
	}
	if rel := res.Inertia/ref.inertia - 1; rel > 0.05 {
		t.Errorf("inertia %.6g, scikit-learn KMeans %.6g: %.2f%% worse", res.Inertia, ref.inertia, 100*rel)
	}
	checkLabels(t, x, res)
}

func TestKMeansBadInput(t *testing.T) {
	ctx := context.Background()
	x := mat.NewDense(3, 2, []float64{0, 0, 1, 1, 2, 2})
	if _, err := KMeans(ctx, x, KMeansOptions{K: 4}); !errors.Is(err, viz.ErrTooFewPoints) {
		t.Errorf("k > n: got %v", err)
	}
	if _, err := KMeans(ctx, x, KMeansOptions{K: 0}); err == nil {
		t.Error("k = 0: no error")
	}
	nan := mat.NewDense(3, 2, []float64{0, 0, math.NaN(), 1, 2, 2})
	if _, err := KMeans(ctx, nan, KMeansOptions{K: 2}); !errors.Is(err, viz.ErrNotFinite) || !strings.Contains(err.Error(), "row 1") {
		t.Errorf("NaN row: got %v", err)
	}
	same := mat.NewDense(5, 2, []float64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1})
	for _, f := range []func(context.Context, *mat.Dense, KMeansOptions) (*KMeansResult, error){KMeans, MiniBatchKMeans} {
		res, err := f(ctx, same, KMeansOptions{K: 3})
		if err != nil || res.Inertia != 0 {
			t.Errorf("identical points: inertia %v, error %v", res, err)
		}
	}
}

func TestKMeansCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	x := readMatrix(t, "kmeans_blobs.csv")
	if _, err := KMeans(ctx, x, KMeansOptions{K: 3}); !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want context.Canceled", err)
	}
}

func BenchmarkKMeans(b *testing.B) {
	x := readMatrix(b, "kmeans_mnist.csv")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := KMeans(context.Background(), x, KMeansOptions{K: 10, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}
