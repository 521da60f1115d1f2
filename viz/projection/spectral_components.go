package projection

import (
	"context"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// multiComponentLayout lays out a graph with several connected components
// into y (see spectralLayout): centroids by classical scaling, each
// component spectrally within half the smallest centroid distance.
func multiComponentLayout(ctx context.Context, g *umapGraph, x *mat.Dense, comp []int32, sizes []int, y []float64, seed uint64, threads int) error {
	meta := componentPositions(x, comp, len(sizes))
	radius := 0.5 * minPairDistance(meta)
	members := make([][]int32, len(sizes))
	for i, c := range comp {
		members[c] = append(members[c], int32(i))
	}
	r := rand.New(rand.NewPCG(seed, 0xc0))
	for c, verts := range members {
		if err := ctx.Err(); err != nil {
			return err
		}
		// umap-learn places components with fewer than 2·dim vertices at random.
		if len(verts) < 4 {
			for _, v := range verts {
				y[2*v] = meta[2*c] + radius*(2*r.Float64()-1)
				y[2*v+1] = meta[2*c+1] + radius*(2*r.Float64()-1)
			}
			continue
		}
		if err := componentLayout(ctx, g, verts, y, seed+uint64(c), threads); err != nil {
			return err
		}
		fitComponent(y, verts, meta[2*c], meta[2*c+1], radius)
	}
	return nil
}

// fitComponent scales the layout of verts to the given radius around (cx, cy).
func fitComponent(y []float64, verts []int32, cx, cy, radius float64) {
	var m float64
	for _, v := range verts {
		m = max(m, math.Abs(y[2*v]), math.Abs(y[2*v+1]))
	}
	f := 0.0
	if m > 0 {
		f = radius / m
	}
	for _, v := range verts {
		y[2*v] = cx + f*y[2*v]
		y[2*v+1] = cy + f*y[2*v+1]
	}
}

// componentPositions returns 2-D positions (c×2, row-major, maximum absolute
// value 1) of the components' centroids in data space by their two principal
// components. Centroids that coincide are spread on a circle instead.
func componentPositions(x *mat.Dense, comp []int32, c int) []float64 {
	_, d := x.Dims()
	cent := mat.NewDense(c, d, nil)
	count := make([]float64, c)
	for i, k := range comp {
		spAxpy(cent.RawRowView(int(k)), 1, x.RawRowView(i))
		count[k]++
	}
	for k := range c {
		spScale(cent.RawRowView(k), 1/count[k])
	}
	pos := principalPositions(cent)
	var m float64
	for _, v := range pos {
		m = max(m, math.Abs(v))
	}
	if m == 0 || minPairDistance(pos) < 1e-9*m {
		return circlePositions(c)
	}
	spScale(pos, 1/m)
	return pos
}

// principalPositions returns the scores of the rows of a on their first two
// principal components (c×2, row-major), from the smaller of the d×d
// covariance and the c×c Gram matrix.
func principalPositions(a *mat.Dense) []float64 {
	c, d := a.Dims()
	centred := mat.DenseCopyOf(a)
	for j := range d {
		var s float64
		for i := range c {
			s += centred.At(i, j)
		}
		for i := range c {
			centred.Set(i, j, centred.At(i, j)-s/float64(c))
		}
	}
	pos := make([]float64, 2*c)
	if c <= d {
		gram := mat.NewSymDense(c, nil)
		gram.SymOuterK(1, centred)
		vals, vecs, _ := fullEigen(gram, 2) // zeros if it fails
		for i := range c {
			for k := range 2 {
				pos[2*i+k] = vecs.At(i, k) * math.Sqrt(max(vals[k], 0))
			}
		}
		return pos
	}
	cov := mat.NewSymDense(d, nil)
	cov.SymOuterK(1, centred.T())
	_, vecs, _ := fullEigen(cov, 2)
	var scores mat.Dense
	scores.Mul(centred, vecs)
	for i := range c {
		pos[2*i], pos[2*i+1] = scores.At(i, 0), scores.At(i, 1)
	}
	return pos
}

// circlePositions spreads c points evenly on the unit circle.
func circlePositions(c int) []float64 {
	pos := make([]float64, 2*c)
	for i := range c {
		t := 2 * math.Pi * float64(i) / float64(c)
		pos[2*i], pos[2*i+1] = math.Cos(t), math.Sin(t)
	}
	return pos
}

// minPairDistance is the smallest distance between two of the 2-D points
// (row-major), or 1 for fewer than two points.
func minPairDistance(p []float64) float64 {
	m := math.Inf(1)
	for i := 0; i < len(p); i += 2 {
		for j := i + 2; j < len(p); j += 2 {
			m = min(m, math.Hypot(p[i]-p[j], p[i+1]-p[j+1]))
		}
	}
	if math.IsInf(m, 1) {
		return 1
	}
	return m
}
