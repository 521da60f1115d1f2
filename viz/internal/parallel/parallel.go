package parallel

import (
	"context"
	"runtime"
	"sync"
)

// Threads turns a Threads option into a goroutine count: 0 or less means
// runtime.GOMAXPROCS(0).
func Threads(t int) int {
	if t > 0 {
		return t
	}
	return runtime.GOMAXPROCS(0)
}

// Ranges splits [0, n) into min(threads, n) contiguous ranges, at least
// one, and calls f(t, lo, hi) for range t on its own goroutine, returning
// when all are done.
func Ranges(n, threads int, f func(t, lo, hi int)) {
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

// Blocks splits [0, n) into blocks of size block (the last may be short)
// and hands them in turn to threads goroutines, calling f(worker, b, lo,
// hi) for block b = [lo, hi) on goroutine worker (0 ≤ worker < threads, for
// per-goroutine scratch space). It stops handing out blocks when ctx is
// cancelled and returns ctx.Err().
func Blocks(ctx context.Context, n, block, threads int, f func(worker, b, lo, hi int)) error {
	nb := (n + block - 1) / block
	var mu sync.Mutex
	next := 0
	Ranges(min(threads, nb), min(threads, nb), func(worker, _, _ int) {
		for ctx.Err() == nil {
			mu.Lock()
			b := next
			next++
			mu.Unlock()
			if b >= nb {
				return
			}
			f(worker, b, b*block, min((b+1)*block, n))
		}
	})
	return ctx.Err()
}
