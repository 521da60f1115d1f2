package projection

import (
	"context"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/latent-explorer/latent/viz/internal/parallel"
)

// UMAP's layout optimisation (McInnes et al. 2018, §3.2 and umap-learn's
// optimize_layout_euclidean): stochastic gradient descent on the fuzzy
// cross-entropy, sampling each edge with probability proportional to its
// weight (once every max(w)/w epochs) and, for each sample, NegativeRate
// random vertices as negative samples. The learning rate decays linearly
// to 0; each gradient coordinate is clipped to ±4.
//
// umap-learn updates both ends of an edge in place and in any order
// across threads (Hogwild), which is not reproducible. Here every vertex
// is a head that only moves itself: thread t owns a fixed range of heads,
// and within an epoch the other vertices are read from a snapshot taken at
// the start of the epoch. Since the graph is symmetric, each edge is
// sampled from both ends; a head takes two attractive steps per sample, as
// umap-learn moves it once as the edge's head and once as its tail. The random
// negative samples come from a generator seeded by (seed, epoch, head), so
// the layout depends only on the seed — not on the thread count.

// sgdClip is umap-learn's gradient clip.
const sgdClip = 4.0

// umapSchedule holds the per-edge sampling schedule, in float32 (as
// umap-learn's) because nextSample is scanned every epoch.
type umapSchedule struct {
	every, nextSample []float32 // epochs between samples, next sample's epoch
	everyNeg, nextNeg []float32 // the same for negative samples
}

func newUMAPSchedule(w []float64) *umapSchedule {
	s := &umapSchedule{
		every: make([]float32, len(w)), nextSample: make([]float32, len(w)),
		everyNeg: make([]float32, len(w)), nextNeg: make([]float32, len(w)),
	}
	if len(w) == 0 {
		return s
	}
	top := slices.Max(w)
	for e, v := range w {
		s.every[e] = float32(top / v)
		s.nextSample[e] = s.every[e]
		s.everyNeg[e] = s.every[e] / umapNegativeRate
		s.nextNeg[e] = s.everyNeg[e]
	}
	return s
}

// umapOptimizer is one SGD run over a fitted graph.
type umapOptimizer struct {
	g        *umapGraph
	sched    *umapSchedule
	grad     *umapGradTable
	epochs   int
	rate     float64
	seed     uint64
	threads  int
	y        []float64
	prev     []float32 // the layout at the start of the epoch; float32 halves its cache footprint
	progress Progress
	view     *mat.Dense // intermediate layouts for progress
}

// optimize runs the SGD on u.graph from the layout y, in place.
func (u *UMAP) optimize(ctx context.Context, y []float64, progress Progress) error {
	o := &umapOptimizer{
		g: u.graph, sched: newUMAPSchedule(u.graph.w), grad: u.grad,
		epochs: u.epochs, rate: u.learningRate(), seed: u.opts.Seed, threads: u.opts.threads(),
		y: y, prev: make([]float32, len(y)), progress: progress,
	}
	return o.run(ctx)
}

// progressEvery is the number of epochs between intermediate layouts.
func (o *umapOptimizer) progressEvery() int { return max(1, o.epochs/50) }

func (o *umapOptimizer) run(ctx context.Context) error {
	for epoch := range o.epochs {
		if err := ctx.Err(); err != nil {
			return err
		}
		for i, v := range o.y {
			o.prev[i] = float32(v)
		}
		alpha := o.rate * (1 - float64(epoch)/float64(o.epochs))
		parallel.Ranges(o.g.n, o.threads, func(_, lo, hi int) {
			var src rand.PCG
			for i := lo; i < hi; i++ {
				src.Seed(o.seed^0x5d6a, uint64(epoch)<<32|uint64(i))
				o.moveHead(i, epoch, alpha, &src)
			}
		})
		if o.progress != nil && (epoch+1)%o.progressEvery() == 0 {
			o.report(epoch + 1)
		}
	}
	return nil
}

func (o *umapOptimizer) report(done int) {
	if o.view == nil {
		o.view = mat.NewDense(o.g.n, 2, nil)
	}
	copy(o.view.RawMatrix().Data, o.y)
	o.progress(0.3+0.7*float64(done)/float64(o.epochs), o.view)
}

// moveHead applies the epoch's samples of the edges of head i.
func (o *umapOptimizer) moveHead(i, epoch int, alpha float64, src *rand.PCG) {
	adj, _ := o.g.edges(i)
	base := o.g.start[i]
	s := o.sched
	n := float64(epoch)
	yx, yy := o.y[2*i], o.y[2*i+1]
	for k, j := range adj {
		e := base + k
		if float64(s.nextSample[e]) > n {
			continue
		}
		// Two attractive steps: umap-learn's move as head and as tail.
		tx, ty := float64(o.prev[2*j]), float64(o.prev[2*j+1])
		for range 2 {
			gx, gy := o.attract(yx-tx, yy-ty)
			yx += alpha * gx
			yy += alpha * gy
		}
		negs := int((n - float64(s.nextNeg[e])) / float64(s.everyNeg[e]))
		for range negs {
			t := int((src.Uint64() >> 32) * uint64(o.g.n) >> 32)
			if t == i {
				continue
			}
			gx, gy := o.repel(yx-float64(o.prev[2*t]), yy-float64(o.prev[2*t+1]))
			yx += alpha * gx
			yy += alpha * gy
		}
		s.nextNeg[e] += float32(negs) * s.everyNeg[e]
		s.nextSample[e] += s.every[e]
	}
	o.y[2*i], o.y[2*i+1] = yx, yy
}

// attract returns the clipped attractive gradient step for difference (dx, dy).
func (o *umapOptimizer) attract(dx, dy float64) (float64, float64) {
	d2 := dx*dx + dy*dy
	if d2 <= 0 {
		return 0, 0
	}
	c := o.grad.attract(d2)
	return umapClip(c * dx), umapClip(c * dy)
}

// repel returns the clipped repulsive gradient step; coincident points are
// pushed apart by the clip value, as umap-learn does.
func (o *umapOptimizer) repel(dx, dy float64) (float64, float64) {
	d2 := dx*dx + dy*dy
	if d2 <= 0 {
		return sgdClip, sgdClip
	}
	c := umapRepulsion * o.grad.repel(d2)
	return umapClip(c * dx), umapClip(c * dy)
}

func umapClip(v float64) float64 {
	if v > sgdClip {
		return sgdClip
	}
	if v < -sgdClip {
		return -sgdClip
	}
	return v
}
