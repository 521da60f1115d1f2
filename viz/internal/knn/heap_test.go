package knn

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestHeapKeepsNearest offers shuffled candidates with many tied distances
// and checks the heap keeps the k smallest by (distance, index), in order,
// whatever the order of offers.
func TestHeapKeepsNearest(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	const n, k = 500, 12
	d := make([]float64, n)
	for i := range d {
		d[i] = float64(r.IntN(40)) // ties
	}
	want := make([]int32, n)
	for i := range want {
		want[i] = int32(i)
	}
	slices.SortFunc(want, func(a, b int32) int {
		if d[a] != d[b] {
			if d[a] < d[b] {
				return -1
			}
			return 1
		}
		return int(a - b)
	})
	for trial := range 5 {
		h := Heap{Idx: make([]int32, k), D: make([]float64, k)}
		for _, j := range r.Perm(n) {
			h.Push(int32(j), d[j])
		}
		if !h.Full() {
			t.Fatal("heap not full after n offers")
		}
		h.Sort()
		if !slices.Equal(h.Idx, want[:k]) {
			t.Fatalf("trial %d: kept %v, want %v", trial, h.Idx, want[:k])
		}
	}
}

func TestHeapNotFull(t *testing.T) {
	h := Heap{Idx: make([]int32, 4), D: make([]float64, 4)}
	h.Push(7, 2)
	h.Push(3, 1)
	if h.Full() || h.Size != 2 {
		t.Fatalf("size %d after two offers", h.Size)
	}
	h.Sort()
	if h.Idx[0] != 3 || h.Idx[1] != 7 {
		t.Fatalf("order %v, want [3 7]", h.Idx[:2])
	}
}
