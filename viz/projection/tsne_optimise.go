package projection

import "slices"

// tsneOptimiser holds the state of t-SNE's gradient descent with momentum
// and gains (Jacobs 1988, "Increased rates of convergence through learning
// rate adaptation"; van der Maaten & Hinton 2008, §3.4).
//
// The points are renumbered from time to time (relabel) in the order of a
// quadtree of the layout, so that points near on the map are near in
// memory: the attractive sum's neighbours and the Barnes-Hut traversal of
// consecutive points then hit the cache. orig maps the optimiser's
// numbering back to the caller's.
type tsneOptimiser struct {
	p       *sparseP
	y       []float64 // n×2 layout, row-major, in the optimiser's numbering
	update  []float64
	gains   []float64
	grad    []float64
	rep     []float64
	rep2    repulsion
	rate    float64
	threads int
	orig    []int32   // orig[i] is point i's index in the caller's layout
	spare   sparseP   // the other buffer relabel renumbers p into
	moved   []float64 // relabel's scratch
}

// newTSNEOptimiser starts from the layout y (n×2, row-major), which it
// copies; layout writes the current one back. It renumbers p in place.
func newTSNEOptimiser(p *sparseP, y []float64, threads int, method string) *tsneOptimiser {
	n := len(y) / 2
	o := &tsneOptimiser{
		p: p, y: slices.Clone(y), threads: threads,
		update: make([]float64, 2*n),
		gains:  make([]float64, 2*n),
		grad:   make([]float64, 2*n),
		rep:    make([]float64, 2*n),
		rep2:   newRepulsion(n, threads, method),
		orig:   make([]int32, n),
	}
	for i := range o.gains {
		o.gains[i] = 1
	}
	for i := range o.orig {
		o.orig[i] = int32(i)
	}
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
	order := q.perm // new point t is old point order[t]
	inv := make([]int32, n)
	for t, i := range order {
		inv[i] = int32(t)
	}
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
	for t, i := range order {
		orig[t] = o.orig[i]
	}
	o.orig = orig
	o.spare = renumber(o.p, order, inv, o.spare)
	*o.p, o.spare = o.spare, *o.p
}

// renumber returns p with its rows and columns renumbered, new row t being
// old row order[t] and old column j new column inv[j], each row's columns
// it reuses dst's arrays.
func renumber(p *sparseP, order, inv []int32, dst sparseP) sparseP {
	n := len(order)
	dst.Start = slices.Grow(dst.Start[:0], n+1)[:n+1]
	dst.Col = slices.Grow(dst.Col[:0], len(p.Col))[:len(p.Col)]
	dst.Val = slices.Grow(dst.Val[:0], len(p.Val))[:len(p.Val)]
	dst.Start[0] = 0
	for t, i := range order {
		lo, hi := p.Start[i], p.Start[i+1]
		start := dst.Start[t]
		dst.Start[t+1] = start + hi - lo
		cols, vals := dst.Col[start:start+hi-lo], dst.Val[start:start+hi-lo]
		for e, j := range p.Col[lo:hi] {
			cols[e], vals[e] = inv[j], p.Val[lo+e]
		}
	}
	return dst
}

// step takes one gradient step with the given exaggeration and momentum.
func (o *tsneOptimiser) step(exaggeration, momentum float64) {
	z := o.rep2.forces(o.y, o.rep)
	o.gradient(exaggeration, 1/z)
	n := len(o.y) / 2
	parallelRanges(2*n, o.threads, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			o.move(i, momentum)
		}
	})
	o.centre()
}

// gradient writes exaggeration·attraction - repulsion/Z into grad.
func (o *tsneOptimiser) gradient(exaggeration, invZ float64) {
	n := len(o.y) / 2
	parallelRanges(n, o.threads, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			ax, ay := o.attraction(i)
			o.grad[2*i] = exaggeration*ax - o.rep[2*i]*invZ
			o.grad[2*i+1] = exaggeration*ay - o.rep[2*i+1]*invZ
		}
	})
}

// attraction returns Σⱼ pᵢⱼ wᵢⱼ (yᵢ - yⱼ) over i's affinities.
func (o *tsneOptimiser) attraction(i int) (ax, ay float64) {
	y := o.y
	yi0, yi1 := y[2*i], y[2*i+1]
	lo, hi := o.p.Start[i], o.p.Start[i+1]
	for t, j := range o.p.Col[lo:hi] {
		d0, d1 := yi0-y[2*j], yi1-y[2*j+1]
		w := o.p.Val[lo+t] / (1 + d0*d0 + d1*d1)
		ax += w * d0
		ay += w * d1
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
