package cluster

import (
	"context"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/latent-explorer/latent/viz/internal/parallel"
)

// MiniBatchKMeans clusters the rows of x into opt.K groups with Sculley's
// (2010) mini-batch k-means: centres move towards random batches of
// opt.BatchSize rows with per-centre learning rates 1/count. It trades a
// little inertia (typically a few per cent above KMeans) for time that does
// not grow with the number of iterations over all rows, which suits large
// inputs.
//
// Seeding is greedy k-means++ on a random sample of 3·BatchSize rows,
// repeated opt.NInit times (0 means 3) and scored on that sample. A run
// stops after opt.MaxIter epochs (0 means 100), when the centres move less
// than the tolerance, or when the smoothed batch inertia has not improved
// for 10 batches, as scikit-learn's MiniBatchKMeans does. The labels and
// inertia of the result are exact for the final centres.
func MiniBatchKMeans(ctx context.Context, x *mat.Dense, opt KMeansOptions) (*KMeansResult, error) {
	if err := checkKMeans(x, opt); err != nil {
		return nil, err
	}
	n, _ := x.Dims()
	batch := opt.BatchSize
	if batch <= 0 {
		batch = 1024
	}
	batch = min(batch, n)
	rng := rand.New(rand.NewPCG(opt.Seed, 0x6d62))
	centers, err := miniBatchSeed(ctx, x, opt, batch, rng)
	if err != nil {
		return nil, err
	}
	tol := opt.tol() * meanVariance(x)
	mb := &miniBatch{x: x, centers: centers, counts: make([]float64, opt.K), rng: rng, batch: batch}
	steps := opt.maxIter(100) * n / batch
	iter := mb.run(ctx, steps, tol, opt.Progress)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	labels := make([]int, n)
	inertia, err := assignAll(ctx, x, centers, labels, parallel.Threads(opt.Threads))
	if err != nil {
		return nil, err
	}
	return &KMeansResult{Labels: labels, Centers: centers, Inertia: inertia, Iterations: iter}, nil
}

// miniBatchSeed runs greedy k-means++ NInit times (default 3) on one random
// sample and keeps the seeding with the lowest inertia on it.
func miniBatchSeed(ctx context.Context, x *mat.Dense, opt KMeansOptions, batch int, rng *rand.Rand) (*mat.Dense, error) {
	n, d := x.Dims()
	m := max(min(n, 3*batch), opt.K)
	sample := mat.NewDense(m, d, nil)
	for i, j := range rng.Perm(n)[:m] {
		sample.SetRow(i, x.RawRowView(j))
	}
	runs := 3
	if opt.NInit > 0 {
		runs = opt.NInit
	}
	labels := make([]int, m)
	var best *mat.Dense
	bestInertia := math.Inf(1)
	for r := 0; r < runs; r++ {
		c, err := seedPlusPlus(ctx, sample, opt.K, rng, parallel.Threads(opt.Threads))
		if err != nil {
			return nil, err
		}
		in, err := assignAll(ctx, sample, c, labels, parallel.Threads(opt.Threads))
		if err != nil {
			return nil, err
		}
		if in < bestInertia {
			best, bestInertia = c, in
		}
	}
	return best, nil
}

// miniBatch is the state of one mini-batch k-means run.
type miniBatch struct {
	x, centers *mat.Dense
	counts     []float64
	rng        *rand.Rand
	batch      int
}

// run performs up to steps batch updates and returns how many it did.
func (mb *miniBatch) run(ctx context.Context, steps int, tol float64, progress func(float64)) int {
	ewa, best := math.NaN(), math.Inf(1)
	noImprove := 0
	alpha := math.Min(1, 2*float64(mb.batch)/float64(mb.x.RawMatrix().Rows+1))
	for s := 0; s < steps; s++ {
		if ctx.Err() != nil {
			return s
		}
		in, shift := mb.step()
		in /= float64(mb.batch)
		if math.IsNaN(ewa) {
			ewa = in
		} else {
			ewa = ewa*(1-alpha) + in*alpha
		}
		if progress != nil && s%64 == 0 {
			progress(float64(s) / float64(steps))
		}
		if s > 0 && shift <= tol {
			return s + 1
		}
		if ewa < best {
			best, noImprove = ewa, 0
		} else if noImprove++; noImprove >= 10 {
			return s + 1
		}
	}
	return steps
}

// step draws one batch, moves the centres towards it, and returns the
// batch's inertia before the move and the summed squared centre movement.
func (mb *miniBatch) step() (float64, float64) {
	n, d := mb.x.Dims()
	k, _ := mb.centers.Dims()
	sums := make([]float64, k*d)
	nb := make([]float64, k)
	var inertia float64
	for b := 0; b < mb.batch; b++ {
		p := mb.x.RawRowView(mb.rng.IntN(n))
		j, d2 := nearest(p, mb.centers)
		inertia += d2
		nb[j]++
		for c, v := range p {
			sums[j*d+c] += v
		}
	}
	var shift float64
	for j := 0; j < k; j++ {
		if nb[j] == 0 {
			continue
		}
		mb.counts[j] += nb[j]
		c := mb.centers.RawRowView(j)
		eta := 1 / mb.counts[j]
		for i := range c {
			delta := eta * (sums[j*d+i] - nb[j]*c[i])
			c[i] += delta
			shift += delta * delta
		}
	}
	return inertia, shift
}
