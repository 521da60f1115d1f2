package projection

import (
	"math"
	"math/rand/v2"
	"sort"

	"github.com/latent-explorer/latent/viz/internal/vec"
)

// vpLeaf is the most points a vantage-point tree leaf holds.
const vpLeaf = 16

// vpBudget bounds the distances one search computes, so a query on a map
// of any size answers in well under a millisecond. Searching the nearer
// side first, the tree has usually found the true neighbours long before
// (in high intrinsic dimension, where proving them would take a scan, the
// answer is then approximate).
const vpBudget = 4096

// vpTree is a vantage-point tree (Yianilos 1993, "Data structures and
// algorithms for nearest neighbor search in general metric spaces") over
// the rows of a matrix, for exact k-nearest-neighbour queries under the
// Euclidean distance. It is stored implicitly: the subtree over positions
// [lo, hi) has its vantage point at lo, the points nearer to it than
// mu[lo] at [lo+1, mid) and the others at [mid, hi), mid = (lo+1+hi)/2.
// The rows are copied in tree order so a search reads memory in sequence.
type vpTree struct {
	d    int
	idx  []int     // row of x at each position
	rows []float64 // the rows in position order
	mu   []float64
}

// newVPTree builds the tree of x's rows (n×d, row-major), choosing each
// vantage point at random with a source seeded by seed.
func newVPTree(x []float64, n, d int, seed uint64) *vpTree {
	t := &vpTree{d: d, idx: make([]int, n), mu: make([]float64, n)}
	for i := range t.idx {
		t.idx[i] = i
	}
	r := rand.New(rand.NewPCG(seed, 0x7e3))
	dist := make([]float64, n)
	t.build(x, 0, n, r, dist)
	t.rows = make([]float64, n*d)
	for p, i := range t.idx {
		copy(t.rows[p*d:(p+1)*d], x[i*d:(i+1)*d])
	}
	return t
}

func (t *vpTree) row(x []float64, i int) []float64 { return x[i*t.d : (i+1)*t.d] }

// build arranges positions [lo, hi).
func (t *vpTree) build(x []float64, lo, hi int, r *rand.Rand, dist []float64) {
	if hi-lo <= vpLeaf {
		return
	}
	v := lo + r.IntN(hi-lo)
	t.idx[lo], t.idx[v] = t.idx[v], t.idx[lo]
	vp := t.row(x, t.idx[lo])
	for p := lo + 1; p < hi; p++ {
		dist[p] = math.Sqrt(vec.SqDist(vp, t.row(x, t.idx[p])))
	}
	mid := (lo + 1 + hi) / 2
	sort.Sort(byDist{t.idx[lo+1 : hi], dist[lo+1 : hi]})
	t.mu[lo] = dist[mid]
	t.build(x, lo+1, mid, r, dist)
	t.build(x, mid, hi, r, dist)
}

type byDist struct {
	idx []int
	d   []float64
}

func (b byDist) Len() int           { return len(b.idx) }
func (b byDist) Less(i, j int) bool { return b.d[i] < b.d[j] }
func (b byDist) Swap(i, j int) {
	b.idx[i], b.idx[j] = b.idx[j], b.idx[i]
	b.d[i], b.d[j] = b.d[j], b.d[i]
}

// search offers the points of positions [lo, hi) near q to b, which holds
// squared distances and positions, until budget distances are spent.
func (t *vpTree) search(q []float64, lo, hi int, b *best, budget *int) {
	if *budget <= 0 {
		return
	}
	if hi-lo <= vpLeaf {
		for p := lo; p < hi; p++ {
			t.offer(q, p, b)
		}
		*budget -= hi - lo
		return
	}
	*budget--
	d2 := vec.SqDist(q, t.rows[lo*t.d:(lo+1)*t.d]) // exact: the bounds need it
	b.offer(lo, d2)
	d := math.Sqrt(d2)
	mid, mu := (lo+1+hi)/2, t.mu[lo]
	if d < mu {
		t.search(q, lo+1, mid, b, budget)
		if tau := math.Sqrt(b.worst()); d+tau >= mu {
			t.search(q, mid, hi, b, budget)
		}
		return
	}
	t.search(q, mid, hi, b, budget)
	if tau := math.Sqrt(b.worst()); d-tau <= mu {
		t.search(q, lo+1, mid, b, budget)
	}
}

// offer offers position p to b at its squared distance from q, which is
// abandoned once it exceeds the current k-th best.
func (t *vpTree) offer(q []float64, p int, b *best) {
	limit := b.worst()
	if s := vec.SqDistWithin(q, t.rows[p*t.d:(p+1)*t.d], limit); s <= limit {
		b.offer(p, s)
	}
}

// nearest returns the k nearest rows to q (exact unless the search ran out
// of budget): their rows of x and squared distances, nearest first.
func (t *vpTree) nearest(q []float64, k int) *best {
	b := newBest(min(k, len(t.idx)))
	budget := vpBudget
	t.search(q, 0, len(t.idx), b, &budget)
	for s, p := range b.idx {
		b.idx[s] = t.idx[p]
	}
	return b
}
