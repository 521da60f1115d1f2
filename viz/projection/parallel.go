package projection

import (
	"context"
	"sync"

	"github.com/latent-explorer/latent/viz/internal/parallel"
)

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
	var mu sync.Mutex
	return parallel.Blocks(ctx, n, chunk, threads, func(_, _, lo, hi int) {
		for i := lo; i < hi; i++ {
			f(i)
			if after != nil {
				mu.Lock()
				after()
				mu.Unlock()
			}
		}
	})
}
