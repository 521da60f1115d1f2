package projection

// tsneOptimiser holds the state of t-SNE's gradient descent with momentum
// and gains (Jacobs 1988, "Increased rates of convergence through learning
// rate adaptation"; van der Maaten & Hinton 2008, §3.4).
type tsneOptimiser struct {
	p       *sparseP
	y       []float64 // n×2 layout, row-major, updated in place
	update  []float64
	gains   []float64
	grad    []float64
	rep     []float64
	rep2    repulsion
	rate    float64
	threads int
}

func newTSNEOptimiser(p *sparseP, y []float64, threads int, method string) *tsneOptimiser {
	n := len(y) / 2
	o := &tsneOptimiser{
		p: p, y: y, threads: threads,
		update: make([]float64, 2*n),
		gains:  make([]float64, 2*n),
		grad:   make([]float64, 2*n),
		rep:    make([]float64, 2*n),
		rep2:   newRepulsion(n, threads, method),
	}
	for i := range o.gains {
		o.gains[i] = 1
	}
	return o
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
