package cluster

import (
	"context"

	"github.com/latent-explorer/latent/viz/internal/parallel"
)

// reassignAll calls reassign(i) for the n points in parallel and returns
// how many reported a changed label (counted per block, so the count does
// not depend on scheduling).
func reassignAll(ctx context.Context, n, threads int, reassign func(i int) bool) (int, error) {
	const block = 1024
	changed := make([]int, parallel.NumBlocks(n, block))
	err := parallel.Blocks(ctx, n, block, threads, func(_, b, lo, hi int) {
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
