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

func TestEachVisitsEachIndexOnce(t *testing.T) {
	hits := make([]int32, 1000)
	if err := Each(context.Background(), len(hits), 64, 3, func(i int) { atomic.AddInt32(&hits[i], 1) }); err != nil {
		t.Fatal(err)
	}
	for i, h := range hits {
		if h != 1 {
			t.Fatalf("index %d visited %d times", i, h)
		}
	}
}

// TestProgressReportsAtMultiples pins the one rule that replaced four
// progress counters (every unit, every 64, every 256, every block): a
// report each time the count passes a multiple of every, and one at the
// total, with fractions that never decrease.
func TestProgressReportsAtMultiples(t *testing.T) {
	for _, c := range []struct{ total, every, step, reports int }{
		{1000, 256, 1, 4},   // 256, 512, 768, 1000
		{1024, 256, 1, 4},   // 256, 512, 768, 1024
		{10, 1, 3, 4},       // 3, 6, 9, 10
		{1000, 64, 100, 10}, // each step passes a multiple of 64
	} {
		var got []float64
		p := NewProgress(c.total, c.every, func(f float64) { got = append(got, f) })
		for done := 0; done < c.total; done += c.step {
			p.Add(min(c.step, c.total-done))
		}
		if len(got) != c.reports || got[len(got)-1] != 1 {
			t.Errorf("%+v: reports %v", c, got)
		}
		for i := 1; i < len(got); i++ {
			if got[i] < got[i-1] {
				t.Errorf("%+v: fractions decrease: %v", c, got)
			}
		}
	}
	NewProgress(5, 1, nil).Add(5) // a nil callback is allowed
}

func TestProgressFromGoroutines(t *testing.T) {
	var calls atomic.Int32
	last := 0.0
	p := NewProgress(4096, 16, func(f float64) {
		calls.Add(1)
		if f < last {
			t.Errorf("fraction %v after %v", f, last)
		}
		last = f
	})
	Ranges(4096, 4, func(_, lo, hi int) {
		for range hi - lo {
			p.Add(1)
		}
	})
	if calls.Load() != 256 || last != 1 {
		t.Errorf("%d reports, last %v; want 256 ending at 1", calls.Load(), last)
	}
}

// TestSumIsThreadIndependent adds values whose float sum depends on the
// order and checks the total is the same to the bit for any thread count,
// and equals the block-ordered sum.
func TestSumIsThreadIndependent(t *testing.T) {
	v := make([]float64, 10007)
	for i := range v {
		v[i] = 1 / float64(i+1) * float64(1-2*(i%2))
	}
	part := func(lo, hi int) float64 {
		var s float64
		for _, x := range v[lo:hi] {
			s += x
		}
		return s
	}
	var want float64
	for lo := 0; lo < len(v); lo += 100 {
		want += part(lo, min(lo+100, len(v)))
	}
	for _, threads := range []int{1, 2, 3, 8} {
		got, err := Sum(context.Background(), len(v), 100, threads, part)
		if err != nil || got != want {
			t.Errorf("threads %d: %v, %v; want %v", threads, got, err, want)
		}
	}
	n, _ := Sum(context.Background(), 10, 3, 2, func(lo, hi int) int { return hi - lo })
	if n != 10 {
		t.Errorf("int sum %d, want 10", n)
	}
}
