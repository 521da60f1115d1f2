package projection

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sync"

	"gonum.org/v1/gonum/mat"

	"github.com/latent-explorer/latent/viz/internal/parallel"
	"github.com/latent-explorer/latent/viz/internal/vec"
)

// Placing new codes on a fitted UMAP map follows umap-learn 0.5's
// transform: the new point's Neighbors nearest training codes, memberships
// exp(−d/σ) with σ from the same smooth-kNN search (local connectivity 0,
// so ρ = 0), an initial position at the membership-weighted mean of those
// neighbours' map positions, then a few epochs of the same SGD against the
// fixed training layout (100 epochs up to 10,000 training points, 30 above,
// or Iterations/3; learning rate a quarter of Fit's) in which only the new
// point moves. Two differences, both so that a point's position depends on
// nothing but the point: edges lighter than 1/epochs of the point's
// heaviest are dropped (umap-learn uses the batch's heaviest), and the
// negative samples come from a generator seeded by the seed and the
// point's coordinates. Place(z) is therefore the same as row i of
// Transform for a row equal to z.
//
// The neighbours are found by a best-first search of the fuzzy graph
// (as pynndescent searches its kNN graph) with a beam of searchBeam
// candidates, started from the nearest of searchEntries entry points (one
// vertex of each of the largest components, then random vertices) whose
// codes are kept contiguous, so the first step is cache-friendly. It visits
// a few hundred codes instead of all n, which keeps Place under a
// millisecond for 70,000 training codes.

const (
	searchBeam    = 32  // candidates kept by the graph search
	searchEntries = 256 // entry points of the graph search
)

// searchEntryPoints picks the graph search's entry points: the first vertex
// of each of the largest components, then seeded random vertices.
func searchEntryPoints(g *umapGraph, seed uint64) []int32 {
	comp, sizes := graphComponents(g)
	order := make([]int, len(sizes))
	for c := range order {
		order[c] = c
	}
	slices.SortStableFunc(order, func(a, b int) int { return sizes[b] - sizes[a] })
	first := make([]int32, len(sizes))
	for c := range first {
		first[c] = -1
	}
	for i := len(comp) - 1; i >= 0; i-- {
		first[comp[i]] = int32(i)
	}
	var out []int32
	for _, c := range order[:min(len(order), searchEntries)] {
		out = append(out, first[c])
	}
	r := rand.New(rand.NewPCG(seed, 0xe7))
	for len(out) < min(searchEntries, g.n) {
		if v := int32(r.IntN(g.n)); !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// searcher holds one graph search's scratch space.
type searcher struct {
	visited []uint32 // generation stamps
	gen     uint32
	cand    []searchItem // min-heap by distance
	best    []searchItem // max-heap by distance, bounded
}

type searchItem struct {
	i int32
	d float64
}

// search returns the k nearest training codes of z (ascending distance)
// found by best-first search of u.graph.
func (u *UMAP) search(s *searcher, z []float64, k int) []searchItem {
	if len(s.visited) != u.graph.n {
		s.visited = make([]uint32, u.graph.n)
	}
	s.gen++
	if s.gen == 0 {
		clear(s.visited)
		s.gen = 1
	}
	s.cand, s.best = s.cand[:0], s.best[:0]
	beam := max(searchBeam, k)
	_, d := u.x.Dims()
	for e, v := range u.entries {
		s.visitCode(z, v, u.entryCodes[e*d:(e+1)*d], beam)
	}
	for len(s.cand) > 0 {
		c := popMin(&s.cand)
		if len(s.best) == beam && c.d > s.best[0].d {
			break
		}
		adj, _ := u.graph.edges(int(c.i))
		for _, j := range adj {
			s.visit(u, z, j, beam)
		}
	}
	slices.SortFunc(s.best, func(a, b searchItem) int {
		if a.d != b.d {
			if a.d < b.d {
				return -1
			}
			return 1
		}
		return int(a.i - b.i)
	})
	return s.best[:min(k, len(s.best))]
}

// visit computes the distance to training code v once and keeps it if it
// is among the beam nearest so far.
func (s *searcher) visit(u *UMAP, z []float64, v int32, beam int) {
	if s.visited[v] == s.gen {
		return
	}
	s.visitCode(z, v, u.x.RawRowView(int(v)), beam)
}

// visitCode is visit for training code v whose values are code.
func (s *searcher) visitCode(z []float64, v int32, code []float64, beam int) {
	s.visited[v] = s.gen
	d := math.Sqrt(vec.SqDist(z, code))
	if len(s.best) == beam && d >= s.best[0].d {
		return
	}
	pushMin(&s.cand, searchItem{v, d})
	if len(s.best) == beam {
		popMax(&s.best)
	}
	pushMax(&s.best, searchItem{v, d})
}

// transformEpochs is umap-learn's transform epoch count.
func (u *UMAP) transformEpochs() int {
	switch {
	case u.opts.Iterations > 0:
		return max(1, u.opts.Iterations/3)
	case u.graph.n <= 10000:
		return 100
	}
	return 30
}

// Transform places the rows of x on the fitted map (see the comment at the
// top of umap_transform.go), n×2, using every thread. An error is returned
// for a column count that differs from the fitted codes or for rows that are
// not finite.
func (u *UMAP) Transform(ctx context.Context, x *mat.Dense) (*mat.Dense, error) {
	u.mustBeFitted()
	if err := Validate(x); err != nil {
		return nil, err
	}
	n, d := x.Dims()
	if _, fd := u.x.Dims(); d != fd {
		return nil, fmt.Errorf("projection: UMAP fitted on %d columns, got %d", fd, d)
	}
	y := mat.NewDense(n, 2, nil)
	err := parallel.Each(ctx, n, 256, u.opts.threads(), func(i int) {
		px, py := u.Place(x.RawRowView(i))
		y.Set(i, 0, px)
		y.Set(i, 1, py)
	})
	if err != nil {
		return nil, err
	}
	return y, nil
}

var searcherPool = sync.Pool{New: func() any { return new(searcher) }}

// Place returns the map position of the latent vector z (see Transform). It
// is safe for concurrent use and takes well under a millisecond. It panics
// if z's length differs from the fitted codes' dimension.
func (u *UMAP) Place(z []float64) (x, y float64) {
	u.mustBeFitted()
	if _, d := u.x.Dims(); len(z) != d {
		panic(fmt.Sprintf("projection: UMAP.Place with %d values, fitted on %d columns", len(z), d))
	}
	if u.identity {
		if len(z) == 1 {
			return z[0], 0
		}
		return z[0], z[1]
	}
	s := searcherPool.Get().(*searcher)
	defer searcherPool.Put(s)
	nb := u.search(s, z, u.neighbors())
	return u.placeAmong(z, nb)
}

// placeAmong embeds z given its nearest training codes nb.
func (u *UMAP) placeAmong(z []float64, nb []searchItem) (float64, float64) {
	k := len(nb)
	dist := make([]float64, k)
	for j, it := range nb {
		dist[j] = it.d
	}
	_, sigma := smoothKNN(dist[1:], 0, math.Log2(float64(k)), rowFloor(dist[1:]), u.graph.meanDist)
	w := make([]float64, k)
	membership(dist, 0, sigma, w)
	px, py := u.weightedPosition(nb, w)
	return u.refine(z, nb, w, px, py)
}

// weightedPosition is the membership-weighted mean of the neighbours' map
// positions (the plain mean if every weight underflowed).
func (u *UMAP) weightedPosition(nb []searchItem, w []float64) (float64, float64) {
	var sx, sy, sw float64
	for j, it := range nb {
		sx += w[j] * u.embedding[2*it.i]
		sy += w[j] * u.embedding[2*it.i+1]
		sw += w[j]
	}
	if sw == 0 {
		for _, it := range nb {
			sx += u.embedding[2*it.i]
			sy += u.embedding[2*it.i+1]
			sw++
		}
	}
	return sx / sw, sy / sw
}

// refine runs the transform's SGD epochs for one new point at (px, py).
func (u *UMAP) refine(z []float64, nb []searchItem, w []float64, px, py float64) (float64, float64) {
	epochs := u.transformEpochs()
	top := slices.Max(w)
	if top <= 0 {
		return px, py
	}
	o := &umapOptimizer{grad: u.grad}
	var src rand.PCG
	src.Seed(u.opts.Seed^0x7a3f, hashFloats(z))
	n := len(u.embedding) / 2
	alpha0 := u.learningRate() / 4
	next := make([]float64, 2*len(nb)) // next sample, next negative sample
	for j := range nb {
		if w[j] >= top/float64(epochs) {
			next[2*j], next[2*j+1] = top/w[j], top/w[j]/umapNegativeRate
		}
	}
	for epoch := range epochs {
		alpha := alpha0 * (1 - float64(epoch)/float64(epochs))
		e := float64(epoch)
		for j, it := range nb {
			if next[2*j] == 0 || next[2*j] > e {
				continue
			}
			every := top / w[j]
			gx, gy := o.attract(px-u.embedding[2*it.i], py-u.embedding[2*it.i+1])
			px += alpha * gx
			py += alpha * gy
			negs := int((e - next[2*j+1]) / (every / umapNegativeRate))
			for range negs {
				t := int((src.Uint64() >> 32) * uint64(n) >> 32)
				gx, gy := o.repel(px-u.embedding[2*t], py-u.embedding[2*t+1])
				px += alpha * gx
				py += alpha * gy
			}
			next[2*j+1] += float64(negs) * every / umapNegativeRate
			next[2*j] += every
		}
	}
	return px, py
}

// hashFloats hashes the bits of v (FNV-1a over the words).
func hashFloats(v []float64) uint64 {
	h := uint64(14695981039346656037)
	for _, f := range v {
		h ^= math.Float64bits(f)
		h *= 1099511628211
	}
	return h
}

// Heaps of searchItem: cand is a min-heap, best a max-heap.

func pushMin(h *[]searchItem, it searchItem) {
	*h = append(*h, it)
	s := *h
	for i := len(s) - 1; i > 0; {
		p := (i - 1) / 2
		if s[p].d <= s[i].d {
			break
		}
		s[p], s[i] = s[i], s[p]
		i = p
	}
}

func popMin(h *[]searchItem) searchItem {
	s := *h
	top := s[0]
	last := len(s) - 1
	s[0] = s[last]
	s = s[:last]
	for i := 0; ; {
		l, c := 2*i+1, i
		if l < len(s) && s[l].d < s[c].d {
			c = l
		}
		if l+1 < len(s) && s[l+1].d < s[c].d {
			c = l + 1
		}
		if c == i {
			break
		}
		s[c], s[i] = s[i], s[c]
		i = c
	}
	*h = s
	return top
}

func pushMax(h *[]searchItem, it searchItem) {
	*h = append(*h, it)
	s := *h
	for i := len(s) - 1; i > 0; {
		p := (i - 1) / 2
		if s[p].d >= s[i].d {
			break
		}
		s[p], s[i] = s[i], s[p]
		i = p
	}
}

func popMax(h *[]searchItem) {
	s := *h
	last := len(s) - 1
	s[0] = s[last]
	s = s[:last]
	for i := 0; ; {
		l, c := 2*i+1, i
		if l < len(s) && s[l].d > s[c].d {
			c = l
		}
		if l+1 < len(s) && s[l+1].d > s[c].d {
			c = l + 1
		}
		if c == i {
			break
		}
		s[c], s[i] = s[i], s[c]
		i = c
	}
	*h = s
}
