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
