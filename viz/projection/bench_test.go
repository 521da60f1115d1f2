package projection

import (
	"context"
	"fmt"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/latent-explorer/latent/viz/neighbors"
)

// decaying returns n codes of dimension d whose column j has standard
// deviation 1/(1+j/4), like PCA-reduced codes, in ten clusters.
func decaying(n, d int, seed uint64) *mat.Dense {
	r := newRand(seed)
	centres := randomMatrix(r, 10, d)
	x := mat.NewDense(n, d, nil)
	for i := range n {
		for j := range d {
			s := 1 / (1 + float64(j)/4)
			x.Set(i, j, s*(2*centres.At(i%10, j)+r.NormFloat64()))
		}
	}
	return x
}

// BenchmarkPlaceInvert measures the "you are here" queries on a 70,000
// point map of 50-dimensional codes; each must stay under a millisecond.
func BenchmarkPlaceInvert(b *testing.B) {
	x := decaying(70000, 50, 1)
	y := randomMatrix(newRand(2), 70000, 2)
	m := NewNeighbourMap(x, y)
	q := decaying(100, 50, 3)
	b.Run("place", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			m.Place(q.RawRowView(i % 100))
			i++
		}
	})
	b.Run("invert", func(b *testing.B) {
		b.ReportAllocs()
		dst := make([]float64, 50)
		i := 0
		for b.Loop() {
			m.Invert(q.At(i%100, 0), q.At(i%100, 1), dst)
			i++
		}
	})
}

// BenchmarkPCA fits two components to 20,000 codes of dimension 50 and 200.
func BenchmarkPCA(b *testing.B) {
	for _, d := range []int{50, 200} {
		x := decaying(20000, d, 1)
		b.Run(fmt.Sprintf("d=%d", d), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := NewPCA(Options{Threads: 2}).Fit(context.Background(), x, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkTSNE lays out 2,000 codes of dimension 20 (Barnes-Hut).
func BenchmarkTSNE(b *testing.B) {
	x := decaying(2000, 20, 1)
	b.ReportAllocs()
	for b.Loop() {
		t, _ := NewTSNE(Options{Seed: 1, Threads: 2})
		if _, err := t.Fit(context.Background(), x, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkKNN90 builds t-SNE's kNN graph (k = 90) of 10,000 codes of
// dimension 50 by blocked products (exact) and by NN-descent: the
// measurement behind gemmKNNMax.
func BenchmarkKNN90(b *testing.B) {
	x := decaying(10000, 50, 1)
	b.Run("gemm", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := exactKNN(context.Background(), x, 90, 2, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("nndescent", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := neighbors.Approximate(context.Background(), x, 90, neighbors.Options{Threads: 2, Seed: 1}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
