package cluster

import (
	"context"

	"github.com/latent-explorer/latent/viz/internal/parallel"
)

// chunks is the number of blocks of size block in [0, n). The split does
// not depend on the thread count, so per-block partial results reduced in
// block order are the same whatever the number of threads.
func chunks(n, block int) int {
	return (n + block - 1) / block
}

// parallelBlocks calls f(b, lo, hi) for every block b of [0, n) on threads
// goroutines. It returns ctx.Err() if ctx was cancelled.
func parallelBlocks(ctx context.Context, n, block, threads int, f func(b, lo, hi int)) error {
	return parallel.Blocks(ctx, n, block, threads, func(_, b, lo, hi int) { f(b, lo, hi) })
}

// parallelWorkers is parallelBlocks that also tells f which of the threads
// goroutines runs it, so f can keep per-goroutine scratch space.
func parallelWorkers(ctx context.Context, n, block, threads int, f func(worker, lo, hi int)) error {
	return parallel.Blocks(ctx, n, block, threads, func(w, _, lo, hi int) { f(w, lo, hi) })
}

// reassignAll calls reassign(i) for the n points in parallel and returns
// how many reported a changed label (counted per block, so the count does
// not depend on scheduling).
func reassignAll(ctx context.Context, n, threads int, reassign func(i int) bool) (int, error) {
	const block = 1024
	changed := make([]int, chunks(n, block))
	err := parallelBlocks(ctx, n, block, threads, func(b, lo, hi int) {
		for i := lo; i < hi; i++ {
			if reassign(i) {
				changed[b]++
			}
		}
	})
	total := 0
	for _, c := range changed {
		total += c
	}
	return total, err
}
