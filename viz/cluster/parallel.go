package cluster

import (
	"context"
	"runtime"
	"sync"
)

// threadCount turns a Threads option into a goroutine count: 0 or less
// means runtime.GOMAXPROCS(0).
func threadCount(t int) int {
	if t > 0 {
		return t
	}
	return runtime.GOMAXPROCS(0)
}

// chunks splits [0, n) into fixed blocks of size block. The split does not
// depend on the thread count, so per-block partial results reduced in block
// order are the same whatever the number of threads.
func chunks(n, block int) int {
	return (n + block - 1) / block
}

// parallelBlocks calls f(b, lo, hi) for every block b of [0, n) on threads
// goroutines. It returns ctx.Err() if ctx was cancelled.
func parallelBlocks(ctx context.Context, n, block, threads int, f func(b, lo, hi int)) error {
	return runBlocks(ctx, n, block, threads, func(_, b, lo, hi int) { f(b, lo, hi) })
}

// parallelWorkers is parallelBlocks that also tells f which of the threads
// goroutines runs it, so f can keep per-goroutine scratch space.
func parallelWorkers(ctx context.Context, n, block, threads int, f func(worker, lo, hi int)) error {
	return runBlocks(ctx, n, block, threads, func(w, _, lo, hi int) { f(w, lo, hi) })
}

// runBlocks hands the blocks of [0, n) in turn to threads goroutines,
// calling f(worker, block, lo, hi), until they are done or ctx is cancelled.
func runBlocks(ctx context.Context, n, block, threads int, f func(worker, b, lo, hi int)) error {
	nb := chunks(n, block)
	threads = max(min(threads, nb), 1)
	var wg sync.WaitGroup
	var mu sync.Mutex
	next := 0
	for t := 0; t < threads; t++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				mu.Lock()
				b := next
				next++
				mu.Unlock()
				if b >= nb {
					return
				}
				f(t, b, b*block, min((b+1)*block, n))
			}
		}()
	}
	wg.Wait()
	return ctx.Err()
}
