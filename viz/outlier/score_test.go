package outlier

import (
	"context"
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestScoreLOFDefaultMatchesScikitLearn: Score's default K (20) is
// scikit-learn's n_neighbors default, so `latent outliers --method lof`
// reproduces LocalOutlierFactor() (scikit-learn 1.2.1, the fixture of
// TestLOFMatchesScikitLearn).
func TestScoreLOFDefaultMatchesScikitLearn(t *testing.T) {
	x := matrix(readCSV(t, "testdata/lof.csv"))
	ref := readCSV(t, "testdata/lof_ref.csv")
	got, err := Score(context.Background(), x, "lof", Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range ref {
		if math.Abs(got[i]+r[0]) > 1e-9 {
			t.Fatalf("point %d: LOF %v, scikit-learn %v", i, got[i], -r[0])
		}
	}
}

func TestScoreDispatch(t *testing.T) {
	x := mat.NewDense(4, 1, []float64{0, 1, 3, 10})
	ctx := context.Background()
	knn, err := Score(ctx, x, "knn", Options{K: 2})
	if got := fmt.Sprint(knn); err != nil || got != "[3 2 3 9]" {
		t.Errorf("knn, K 2: %s %v, want [3 2 3 9]", got, err)
	}
	u, err := Score(ctx, x, "prior", Options{Prior: "uniform", Low: -1, High: 5})
	if err != nil || u[0] != math.Log(6) || !math.IsInf(u[3], 1) {
		t.Errorf("uniform prior on [-1, 5]: %v %v", u, err)
	}
	g, err := Score(ctx, x, "prior", Options{})
	if want := 0.5 * math.Log(2*math.Pi); err != nil || math.Abs(g[0]-want) > 1e-15 {
		t.Errorf("gaussian prior of 0: %v %v, want %v", g, err, want)
	}
	for _, bad := range []struct {
		method string
		opt    Options
	}{{"mahalanobis", Options{}}, {"prior", Options{Prior: "laplace"}}} {
		if _, err := Score(ctx, x, bad.method, bad.opt); err == nil {
			t.Errorf("%s %+v: no error", bad.method, bad.opt)
		}
	}
}
