package cluster

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/latent-explorer/latent/viz/internal/vec"
)

// ariCases: reference values from scikit-learn 1.2.1's
// adjusted_rand_score.
var ariCases = []struct {
	a, b []int
	want float64
}{
	{[]int{0, 0, 1, 1}, []int{0, 0, 1, 1}, 1},
	{[]int{0, 0, 1, 1}, []int{1, 1, 0, 0}, 1},
	{[]int{0, 0, 1, 2}, []int{0, 0, 1, 1}, 0.5714285714285715},
	{[]int{0, 0, 0, 0}, []int{0, 1, 2, 3}, 0},
	{[]int{0, 0, 1, 1}, []int{0, 1, 0, 1}, -0.5},
	{[]int{-1, 0, 0, 1, 1, 1}, []int{0, 0, 1, 1, 2, 2}, 0.07407407407407407},
}

func TestAdjustedRandIndex(t *testing.T) {
	for _, c := range ariCases {
		got, err := AdjustedRandIndex(c.a, c.b)
		if err != nil || math.Abs(got-c.want) > 1e-12 {
			t.Errorf("ARI(%v, %v) = %v, %v; want %v", c.a, c.b, got, err, c.want)
		}
	}
	if _, err := AdjustedRandIndex([]int{0}, []int{0, 1}); err == nil {
		t.Error("different lengths: no error")
	}
}

// TestSilhouetteMatchesScikitLearn compares with scikit-learn 1.2.1's
// silhouette_score on the blobs2d fixture and its true labels.
func TestSilhouetteMatchesScikitLearn(t *testing.T) {
	x := readMatrix(t, "hdb_blobs2d.csv")
	head := commentLine(t, "silhouette_ref.csv")
	_, num, _ := strings.Cut(head, "= ")
	want, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
	if err != nil || !strings.Contains(head, "scikit-learn 1.2") {
		t.Fatalf("silhouette_ref.csv: bad first line %q", head)
	}
	var labels []int
	for _, v := range column(readCSV(t, "silhouette_ref.csv"), 0) {
		labels = append(labels, int(v))
	}
	got, err := Silhouette(context.Background(), x, labels, SilhouetteOptions{})
	if err != nil || math.Abs(got-want) > 1e-9 {
		t.Errorf("silhouette %v, %v; scikit-learn %v", got, err, want)
	}
	sampled, err := Silhouette(context.Background(), x, labels, SilhouetteOptions{SampleSize: 300, Seed: 1})
	if err != nil || math.Abs(sampled-want) > 0.05 {
		t.Errorf("sampled silhouette %v, %v; full %v", sampled, err, want)
	}
	if _, err := Silhouette(context.Background(), x, make([]int, len(labels)), SilhouetteOptions{}); err == nil {
		t.Error("one cluster: no error")
	}
}

func TestSummarize(t *testing.T) {
	x := mat.NewDense(7, 2, []float64{0, 0, 1, 0, 0, 1, 5, 5, 10, 10, 11, 10, 10, 11})
	labels := []int{0, 0, 0, -1, 1, 1, 1}
	s, err := Summarize(x, labels)
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprint(s)
	want := "[{0 3 [0.3333333333333333 0.3333333333333333] 0} {1 3 [10.333333333333334 10.333333333333334] 4}]"
	if got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
}

// TestMedoidLarge checks the large-cluster medoid against the exact one
// on 3000 points (three jittered copies of the moons fixture).
func TestMedoidLarge(t *testing.T) {
	x := readMatrix(t, "hdb_moons.csv")
	n, _ := x.Dims()
	big := mat.NewDense(3*n, 2, nil)
	for i := 0; i < 3*n; i++ {
		r := x.RawRowView(i % n)
		big.Set(i, 0, r[0]+float64(i/n)*1e-3)
		big.Set(i, 1, r[1])
	}
	all := make([]int, 3*n)
	for i := range all {
		all[i] = i
	}
	got := medoid(big, all, centroid(big, all))
	exact, best := exactMedoid(big, all)
	if sum := distSum(big, all, got); sum > best*1.001 {
		t.Errorf("medoid %d: distance sum %v, exact medoid %d: %v", got, sum, exact, best)
	}
}

func exactMedoid(x *mat.Dense, m []int) (int, float64) {
	best, bs := -1, math.Inf(1)
	for _, i := range m {
		if s := distSum(x, m, i); s < bs {
			best, bs = i, s
		}
	}
	return best, bs
}

func distSum(x *mat.Dense, m []int, i int) float64 {
	var s float64
	for _, j := range m {
		s += math.Sqrt(vec.SqDist(x.RawRowView(i), x.RawRowView(j)))
	}
	return s
}

func TestKDTreeKNN(t *testing.T) {
	x := readMatrix(t, "hdb_blobs10d.csv")
	tree := newKDTree(x)
	got, err := tree.kthSqDist(context.Background(), 7, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	proj, err := bruteKth(context.Background(), x, 7, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	n, _ := x.Dims()
	for i := 0; i < n; i += 37 {
		h := make(maxHeap, 0, 7)
		for j := 0; j < n; j++ {
			h.pushBounded(vec.SqDist(x.RawRowView(i), x.RawRowView(j)), 7)
		}
		if h[0] != got[i] || h[0] != proj[i] {
			t.Fatalf("row %d: k-d tree %v, bounded brute force %v, brute force %v", i, got[i], proj[i], h[0])
		}
	}
}

func ExampleAdjustedRandIndex() {
	ari, _ := AdjustedRandIndex([]int{0, 0, 1, 1, 1}, []int{1, 1, 0, 0, 0})
	fmt.Println(ari)
	// Output: 1
}
