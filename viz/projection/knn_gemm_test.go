package projection

import (
	"context"
	"errors"
	"math"
	"testing"

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
	if _, err := exactKNN(context.Background(), decaying(5, 9, 1), 12, 1, nil); !errors.Is(err, ErrTooFewPoints) {
		t.Errorf("5 points, k = 12: %v", err)
	}
}
