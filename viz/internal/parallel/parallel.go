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

// NumBlocks is the number of blocks of size block in [0, n). The split
// does not depend on the thread count, so per-block partial results reduced
// in block order are the same whatever the number of threads.
func NumBlocks(n, block int) int {
	return (n + block - 1) / block
}

// Blocks splits [0, n) into blocks of size block (the last may be short)
// and hands them in turn to threads goroutines, calling f(worker, b, lo,
// hi) for block b = [lo, hi) on goroutine worker (0 ≤ worker < threads, for
// per-goroutine scratch space). It stops handing out blocks when ctx is
// cancelled and returns ctx.Err().
func Blocks(ctx context.Context, n, block, threads int, f func(worker, b, lo, hi int)) error {
	nb := NumBlocks(n, block)
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

// Each calls f(i) for every i in [0, n), handing out blocks of block
// indices in turn to threads goroutines (see Blocks). Use it when every
// f(i) writes only its own output, so the order does not matter. It stops
// when ctx is cancelled and returns ctx.Err().
func Each(ctx context.Context, n, block, threads int, f func(i int)) error {
	return Blocks(ctx, n, block, threads, func(_, _, lo, hi int) {
		for i := lo; i < hi; i++ {
			f(i)
		}
	})
}

// Sum returns the sum over the blocks of [0, n) of f(lo, hi), each block
// of size block computed on one of threads goroutines (see Blocks) and the
// partial sums added in block order, from zero, so the total is the same
// to the bit whatever the number of threads. It returns ctx.Err() if ctx
// was cancelled.
func Sum[T int | float64](ctx context.Context, n, block, threads int, f func(lo, hi int) T) (T, error) {
	partial := make([]T, NumBlocks(n, block))
	err := Blocks(ctx, n, block, threads, func(_, b, lo, hi int) { partial[b] = f(lo, hi) })
	var total T
	for _, s := range partial {
		total += s
	}
	return total, err
}
