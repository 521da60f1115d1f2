package projection

import (
	"testing"

	"github.com/latent-explorer/latent/viz/internal/vec"
)

// TestVPTreeMatchesScan compares the tree's neighbours with a scan of all
// rows, duplicates included.
func TestVPTreeMatchesScan(t *testing.T) {
	x := decaying(3000, 12, 4)
	for i := 0; i < 100; i++ {
		x.SetRow(2000+i, x.RawRowView(i))
	}
	raw := x.RawMatrix().Data
	tree := newVPTree(raw, 3000, 12, 1)
	q := decaying(200, 12, 5)
	for s := range 200 {
		qr := q.RawRowView(s)
		if s < 20 {
			qr = x.RawRowView(s) // exact hits
		}
		got := tree.nearest(qr, 10)
		want := newBest(10)
		for i := range 3000 {
			want.offer(i, vec.SqDist(qr, x.RawRowView(i)))
		}
		for r := range want.d2 {
			if got.d2[r] != want.d2[r] {
				t.Fatalf("query %d: tree distances %v, scan %v", s, got.d2, want.d2)
			}
		}
	}
}
