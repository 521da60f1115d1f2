package neighbors

import (
	"context"
	"fmt"
	"testing"
)

func BenchmarkKNNCrossover(b *testing.B) {
	for _, n := range []int{2000, 5000, 10000} {
		x := clustered(n, 50, 9)
		b.Run(fmt.Sprintf("exact/n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Exact(context.Background(), x, 15, Options{Threads: 2})
			}
		})
		b.Run(fmt.Sprintf("nndescent/n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Approximate(context.Background(), x, 15, Options{Threads: 2, Seed: 1})
			}
		})
	}
}
