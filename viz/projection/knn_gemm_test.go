package projection

import (
	"context"
	"errors"
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/latent-explorer/latent/viz"
	"github.com/latent-explorer/latent/viz/neighbors"
)

// TestExactKNNMatchesNeighbors compares the blocked-product graph with
// neighbors.Exact (brute force, one distance at a time).
func TestExactKNNMatchesNeighbors(t *testing.T) {
	x := decaying(700, 9, 8)
	want, err := neighbors.Exact(context.Background(), x, 12, neighbors.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, threads := range []int{1, 3} {
		got, err := exactKNN(context.Background(), x, 12, threads, nil)
		if err != nil {
			t.Fatal(err)
		}
		for i := range want.Index {
			if got.Index[i] != want.Index[i] || math.Abs(got.Dist[i]-want.Dist[i]) > 1e-9 {
				t.Fatalf("threads %d, entry %d: (%d, %g), want (%d, %g)", threads, i, got.Index[i], got.Dist[i], want.Index[i], want.Dist[i])
			}
		}
	}
	// More points than one tile of columns, far from the origin (the
	// single-precision products are of centred rows), with duplicates
	// (ties go to the smaller index).
	x = decaying(4500, 6, 3)
	for i := range 4500 {
		row := x.RawRowView(i)
		for c := range row {
			row[c] += 1e4
		}
		if i%7 == 0 && i > 0 {
			copy(row, x.RawRowView(i-1))
		}
	}
	want, err = neighbors.Exact(context.Background(), x, 20, neighbors.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := exactKNN(context.Background(), x, 20, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range want.Index {
		if got.Index[i] != want.Index[i] || math.Abs(got.Dist[i]-want.Dist[i]) > 1e-9 {
			t.Fatalf("offset rows, entry %d: (%d, %g), want (%d, %g)", i, got.Index[i], got.Dist[i], want.Index[i], want.Dist[i])
		}
	}
	if _, err := exactKNN(context.Background(), decaying(5, 9, 1), 12, 1, nil); !errors.Is(err, viz.ErrTooFewPoints) {
		t.Errorf("5 points, k = 12: %v", err)
	}
}

// TestExactKNNEdgeCases compares with neighbors.Exact where tiles are
// partial or k+knnSpare exceeds the other points, for codes of tiny and
// huge magnitude (beyond single precision's range before rescaling), and
// for identical codes.
func TestExactKNNEdgeCases(t *testing.T) {
	type tc struct {
		n, k  int
		scale float64
	}
	cases := []tc{{2, 1, 1}, {5, 4, 1}, {9, 8, 1}, {16, 15, 1}, {17, 10, 1}, {95, 90, 1}, {97, 90, 1}, {4113, 30, 1},
		{300, 10, 1e20}, {300, 10, 1e-25}, {300, 10, 1e150}, {300, 10, 1e-150}}
	for _, c := range cases {
		x := decaying(c.n, 7, uint64(c.n))
		x.Scale(c.scale, x)
		checkKNN(t, x, c.k, fmt.Sprintf("n %d, k %d, scale %g", c.n, c.k, c.scale))
	}
	same := decaying(300, 4, 2)
	for i := 1; i < 300; i++ {
		copy(same.RawRowView(i), same.RawRowView(0))
	}
	checkKNN(t, same, 20, "identical rows")
}

// checkKNN asks exactKNN for the graph neighbors.Exact gives.
func checkKNN(t *testing.T, x *mat.Dense, k int, what string) {
	t.Helper()
	want, err := neighbors.Exact(context.Background(), x, k, neighbors.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := exactKNN(context.Background(), x, k, 2, nil)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	for i := range want.Index {
		if got.Index[i] != want.Index[i] || math.Abs(got.Dist[i]-want.Dist[i]) > 1e-9*math.Max(want.Dist[i], 1e-300) && got.Dist[i] != want.Dist[i] {
			t.Fatalf("%s, entry %d: (%d, %g), want (%d, %g)", what, i, got.Index[i], got.Dist[i], want.Index[i], want.Dist[i])
		}
	}
}

// TestExactKNNLatticeTies: on a lattice many distinct points tie with the
// k-th neighbour, more than knnSpare, and rounding may pick among them;
// the distances must still be neighbors.Exact's.
func TestExactKNNLatticeTies(t *testing.T) {
	var data []float64
	for a := range 8 {
		for b := range 8 {
			for c := range 8 {
				data = append(data, float64(a), float64(b), float64(c))
			}
		}
	}
	x := mat.NewDense(512, 3, data)
	want, err := neighbors.Exact(context.Background(), x, 20, neighbors.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := exactKNN(context.Background(), x, 20, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range want.Dist {
		if math.Abs(got.Dist[i]-want.Dist[i]) > 1e-12 {
			t.Fatalf("entry %d: distance %g, want %g", i, got.Dist[i], want.Dist[i])
		}
	}
}
