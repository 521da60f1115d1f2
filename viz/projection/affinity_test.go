package projection

import (
	"context"
	"math"
	"testing"

	"github.com/latent-explorer/latent/viz/neighbors"
)

// TestAffinities checks each row's perplexity and that the joint
// probabilities are symmetric and sum to 1.
func TestAffinities(t *testing.T) {
	x := decaying(300, 6, 2)
	g, err := neighbors.Exact(context.Background(), x, 30, neighbors.Options{})
	if err != nil {
		t.Fatal(err)
	}
	cond, err := conditionalP(context.Background(), g, 10, 2)
	if err != nil {
		t.Fatal(err)
	}
	for i := range g.N {
		h := 0.0
		for _, p := range cond[i*g.K : (i+1)*g.K] {
			if p > 0 {
				h -= p * math.Log(p)
			}
		}
		if math.Abs(math.Exp(h)-10) > 1e-3 {
			t.Fatalf("row %d: perplexity %g, want 10", i, math.Exp(h))
		}
	}
	p := jointP(g, cond, 3)
	at := map[[2]int32]float64{}
	sum := 0.0
	for i := range g.N {
		for s := p.Start[i]; s < p.Start[i+1]; s++ {
			at[[2]int32{int32(i), p.Col[s]}] = p.Val[s]
			sum += p.Val[s]
		}
	}
	for ij, v := range at {
		if at[[2]int32{ij[1], ij[0]}] != v {
			t.Fatalf("P not symmetric at %v", ij)
		}
	}
	if math.Abs(sum-1) > 1e-12 {
		t.Errorf("P sums to %g", sum)
	}
}
