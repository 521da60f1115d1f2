package parallel

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
)

func TestRangesCoverEachIndexOnce(t *testing.T) {
	for _, c := range [][2]int{{0, 3}, {1, 4}, {10, 3}, {1000, 7}, {5, 0}} {
		n, threads := c[0], c[1]
		hits := make([]int32, n)
		var calls atomic.Int32
		Ranges(n, threads, func(tr, lo, hi int) {
			calls.Add(1)
			if tr < 0 || tr >= max(1, min(threads, n)) || lo > hi {
				t.Errorf("n %d threads %d: range %d [%d, %d)", n, threads, tr, lo, hi)
			}
			for i := lo; i < hi; i++ {
				atomic.AddInt32(&hits[i], 1)
			}
		})
		if want := max(1, min(threads, n)); int(calls.Load()) != want {
			t.Errorf("n %d threads %d: %d ranges, want %d", n, threads, calls.Load(), want)
		}
		for i, h := range hits {
			if h != 1 {
				t.Fatalf("n %d threads %d: index %d visited %d times", n, threads, i, h)
			}
		}
	}
}

func TestBlocksCoverEachIndexOnce(t *testing.T) {
	n, block, threads := 1003, 10, 3
	hits := make([]int32, n)
	err := Blocks(context.Background(), n, block, threads, func(w, b, lo, hi int) {
		if w < 0 || w >= threads || lo != b*block || hi != min(lo+block, n) {
			t.Errorf("worker %d block %d [%d, %d)", w, b, lo, hi)
		}
		for i := lo; i < hi; i++ {
			atomic.AddInt32(&hits[i], 1)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	for i, h := range hits {
		if h != 1 {
			t.Fatalf("index %d visited %d times", i, h)
		}
	}
}

func TestBlocksStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var blocks, late atomic.Int32
	var cancelled atomic.Bool
	const threads = 2
	err := Blocks(ctx, 1000, 1, threads, func(_, b, _, _ int) {
		if cancelled.Load() {
			late.Add(1) // started after cancel returned
		}
		if blocks.Add(1) == 5 {
			cancel()
			cancelled.Store(true)
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want context.Canceled", err)
	}
	// Each other goroutine may have checked the context just before the
	// cancel and so start one more block; none starts a second.
	if l := late.Load(); l > threads-1 {
		t.Errorf("%d blocks started after the cancel", l)
	}
	if blocks.Load() == 1000 {
		t.Error("every block ran")
	}
}
