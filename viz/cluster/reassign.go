package cluster

import (
	"context"

	"github.com/latent-explorer/latent/viz/internal/parallel"
)

// reassignAll calls reassign(i) for the n points in parallel and returns
// how many reported a changed label (counted per block, so the count does
// not depend on scheduling).
func reassignAll(ctx context.Context, n, threads int, reassign func(i int) bool) (int, error) {
	return parallel.Sum(ctx, n, 1024, threads, func(lo, hi int) int {
		changed := 0
		for i := lo; i < hi; i++ {
			if reassign(i) {
				changed++
			}
		}
		return changed
	})
}
