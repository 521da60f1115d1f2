package projection

import (
	"context"
	"sync"
)

// parallelRanges splits [0, n) into threads contiguous ranges and calls
// f(t, lo, hi) for range t on its own goroutine. Static ranges keep every
// result independent of scheduling, so it depends only on the thread count.
func parallelRanges(n, threads int, f func(t, lo, hi int)) {
	threads = max(1, min(threads, n))
	var wg sync.WaitGroup
	for t := range threads {
		lo, hi := t*n/threads, (t+1)*n/threads
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(t, lo, hi)
		}()
	}
	wg.Wait()
}

// parallelChunks calls f(i) for i in [0, n) on threads goroutines taking
// chunks of rows in turn, and stops early when ctx is cancelled. Use it
// when every f(i) writes only its own output, so the order does not matter.
func parallelChunks(ctx context.Context, n, threads int, f func(i int)) error {
	return parallelChunksN(ctx, n, threads, 256, f, nil)
}

// parallelChunksN calls f(i) for i in [0, n) on threads goroutines taking
// chunks of chunk items in turn, calling after (if not nil), serialised,
// once per item done; it stops early when ctx is cancelled.
func parallelChunksN(ctx context.Context, n, threads, chunk int, f func(i int), after func()) error {
	var mu, afterMu sync.Mutex
	next := 0
	parallelRanges(threads, threads, func(int, int, int) {
		for ctx.Err() == nil {
			mu.Lock()
			lo := next
			next += chunk
			mu.Unlock()
			if lo >= n {
				return
			}
			for i := lo; i < min(lo+chunk, n); i++ {
				f(i)
				if after != nil {
					afterMu.Lock()
					after()
					afterMu.Unlock()
				}
			}
		}
	})
	return ctx.Err()
}
