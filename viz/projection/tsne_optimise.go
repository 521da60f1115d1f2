package projection

import (
	"slices"

	"github.com/latent-explorer/latent/viz/internal/parallel"
)

// tsneOptimiser holds the state of t-SNE's gradient descent with momentum
// and gains (Jacobs 1988, "Increased rates of convergence through learning
// rate adaptation"; van der Maaten & Hinton 2008, §3.4).
//
// The points are renumbered from time to time (relabel) in the order of a
// quadtree of the layout, so that points near on the map are near in
// memory: the attractive sum's neighbours and the Barnes-Hut traversal of
// consecutive points then hit the cache. orig maps the optimiser's
// numbering back to the caller's.
//
// The attractive sum streams the affinities every iteration, and at 70,000
// points streaming them is what bounds its time, so the optimiser keeps
// each pair once (half: row i holds the j > i of the current numbering),
// in single precision, and adds each pair's force to both its points,
// the far point's share into a per-thread buffer (scatter).
type tsneOptimiser struct {
	p       *sparseP // the caller's affinities, in the caller's numbering
	half    halfP
	y       []float64 // n×2 layout, row-major, in the optimiser's numbering
	update  []float64
	gains   []float64
	grad    []float64
	rep     []float64
	att     []float64   // the attraction on each point from its row of half
	scatter [][]float64 // per thread: the attraction on the far points of its rows
	rep2    repulsion
	rate    float64
	threads int
	orig    []int32   // orig[i] is point i's index in the caller's layout
	moved   []float64 // relabel's scratch
}

// maxScatterBuffers bounds the goroutines of the attractive sum, each of
// which has a buffer of 2n values that all are added every iteration.
const maxScatterBuffers = 8

// halfP is the upper triangle of a symmetric sparse matrix in
// compressed-row form, in single precision.
type halfP struct {
	Start []int
	Col   []int32
	Val   []float32
}

// newTSNEOptimiser starts from the layout y (n×2, row-major), which it
// copies; layout writes the current one back.
func newTSNEOptimiser(p *sparseP, y []float64, threads int, method string) *tsneOptimiser {
	n := len(y) / 2
	threads = max(1, min(threads, n))
	o := &tsneOptimiser{
		p: p, y: slices.Clone(y), threads: threads,
		update:  make([]float64, 2*n),
		gains:   make([]float64, 2*n),
		grad:    make([]float64, 2*n),
		rep:     make([]float64, 2*n),
		att:     make([]float64, 2*n),
		scatter: make([][]float64, min(threads, maxScatterBuffers)),
		rep2:    newRepulsion(n, threads, method),
		orig:    make([]int32, n),
	}
	for t := range o.scatter {
		o.scatter[t] = make([]float64, 2*n)
	}
	for i := range o.gains {
		o.gains[i] = 1
	}
	for i := range o.orig {
		o.orig[i] = int32(i)
	}
	o.half = upperHalf(p, o.orig, o.orig, o.half)
	return o
}

// layout writes the current layout into dst in the caller's numbering.
func (o *tsneOptimiser) layout(dst []float64) {
	for i, j := range o.orig {
		dst[2*j], dst[2*j+1] = o.y[2*i], o.y[2*i+1]
	}
}

// relabel renumbers the points in the order of a quadtree of the current
// layout (a Z-order of the map).
func (o *tsneOptimiser) relabel() {
	n := len(o.y) / 2
	q := quadtree{perm: make([]int32, n)}
	q.build(o.y)
	order := q.perm // new point t is current point order[t]
	if len(o.moved) < 2*n {
		o.moved = make([]float64, 2*n)
	}
	for _, v := range [][]float64{o.y, o.update, o.gains} {
		for t, i := range order {
			o.moved[2*t], o.moved[2*t+1] = v[2*i], v[2*i+1]
		}
		copy(v, o.moved)
	}
	orig := make([]int32, n)
	inv := make([]int32, n) // inv[caller's index] = new index
	for t, i := range order {
		orig[t] = o.orig[i]
		inv[orig[t]] = int32(t)
	}
	o.orig = orig
	o.half = upperHalf(o.p, orig, inv, o.half)
}

// upperHalf returns the pairs of p in the numbering given by orig (new
// point t is p's point orig[t]) and inv (its inverse), each once: row t
// holds the columns u > t. It reuses dst's arrays.
func upperHalf(p *sparseP, orig, inv []int32, dst halfP) halfP {
	n := len(orig)
	dst.Start = slices.Grow(dst.Start[:0], n+1)[:n+1]
	dst.Col = slices.Grow(dst.Col[:0], len(p.Col)/2+n)[:0]
	dst.Val = slices.Grow(dst.Val[:0], len(p.Col)/2+n)[:0]
	dst.Start[0] = 0
	for t, i := range orig {
		lo, hi := p.Start[i], p.Start[i+1]
		for e, j := range p.Col[lo:hi] {
			if u := inv[j]; u > int32(t) {
				dst.Col = append(dst.Col, u)
				dst.Val = append(dst.Val, float32(p.Val[lo+e]))
			}
		}
		dst.Start[t+1] = len(dst.Col)
	}
	return dst
}

// step takes one gradient step with the given exaggeration and momentum.
func (o *tsneOptimiser) step(exaggeration, momentum float64) {
	z := o.rep2.forces(o.y, o.rep)
	o.gradient(exaggeration, 1/z)
	n := len(o.y) / 2
	parallel.Ranges(2*n, o.threads, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			o.move(i, momentum)
		}
	})
	o.centre()
}

// gradient writes exaggeration·attraction - repulsion/Z into grad.
func (o *tsneOptimiser) gradient(exaggeration, invZ float64) {
	n := len(o.y) / 2
	parallel.Ranges(n, len(o.scatter), func(t, lo, hi int) {
		far := o.scatter[t]
		clear(far)
		for i := lo; i < hi; i++ {
			o.att[2*i], o.att[2*i+1] = o.attraction(i, far)
		}
	})
	parallel.Ranges(n, o.threads, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			ax, ay := o.att[2*i], o.att[2*i+1]
			for _, far := range o.scatter {
				ax += far[2*i]
				ay += far[2*i+1]
			}
			o.grad[2*i] = exaggeration*ax - o.rep[2*i]*invZ
			o.grad[2*i+1] = exaggeration*ay - o.rep[2*i+1]*invZ
		}
	})
}

// attraction returns Σⱼ pᵢⱼ wᵢⱼ (yᵢ - yⱼ) over the pairs of i's row of
// half (j > i), and adds each pair's opposite force on j into far.
func (o *tsneOptimiser) attraction(i int, far []float64) (ax, ay float64) {
	y := o.y
	yi0, yi1 := y[2*i], y[2*i+1]
	lo, hi := o.half.Start[i], o.half.Start[i+1]
	cols, vals := o.half.Col[lo:hi], o.half.Val[lo:hi]
	vals = vals[:len(cols)]
	for t, j := range cols {
		d0, d1 := yi0-y[2*j], yi1-y[2*j+1]
		w := float64(vals[t]) / (1 + d0*d0 + d1*d1)
		f0, f1 := w*d0, w*d1
		ax += f0
		ay += f1
		far[2*j] -= f0
		far[2*j+1] -= f1
	}
	return ax, ay
}

// move updates coordinate i: gains grow by 0.2 where the gradient changed
// sign against the last update and shrink by 0.8 where it did not.
func (o *tsneOptimiser) move(i int, momentum float64) {
	g := o.grad[i]
	if (g > 0) != (o.update[i] > 0) {
		o.gains[i] += 0.2
	} else {
		o.gains[i] = max(o.gains[i]*0.8, tsneMinGain)
	}
	o.update[i] = momentum*o.update[i] - o.rate*o.gains[i]*g
	o.y[i] += o.update[i]
}

// centre moves the layout's mean to the origin, which the gradient ignores.
func (o *tsneOptimiser) centre() {
	n := len(o.y) / 2
	var m0, m1 float64
	for i := range n {
		m0 += o.y[2*i]
		m1 += o.y[2*i+1]
	}
	m0, m1 = m0/float64(n), m1/float64(n)
	for i := range n {
		o.y[2*i] -= m0
		o.y[2*i+1] -= m1
	}
}
