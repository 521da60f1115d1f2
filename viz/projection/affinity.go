package projection

import (
	"context"
	"math"
	"slices"

	"github.com/latent-explorer/latent/viz/internal/parallel"
	"github.com/latent-explorer/latent/viz/neighbors"
)

// sparseP is a symmetric sparse matrix of joint probabilities in
// compressed-row form: row i holds Col[Start[i]:Start[i+1]] with values
// Val[Start[i]:Start[i+1]].
type sparseP struct {
	Start []int
	Col   []int32
	Val   []float64
}

// conditionalP turns a kNN graph into the conditional probabilities
// p(j|i) = exp(-β_i d²ᵢⱼ)/Σ, with each β_i found by bisection so that the
// row's perplexity 2^H is perp (van der Maaten & Hinton 2008, §2). The
// result is stored in the graph's layout: p[i*K+j] for its j-th neighbour.
func conditionalP(ctx context.Context, g *neighbors.Graph, perp float64, threads int) ([]float64, error) {
	p := make([]float64, g.N*g.K)
	target := math.Log(perp)
	err := parallel.Each(ctx, g.N, 256, threads, func(i int) {
		_, dist := g.Neighbors(i)
		calibrateRow(dist, target, p[i*g.K:(i+1)*g.K])
	})
	return p, err
}

// calibrateRow writes into p the Gaussian weights of the distances dist
// whose entropy (in nats) is target, found by bisection on the precision β.
func calibrateRow(dist []float64, target float64, p []float64) {
	d0 := dist[0] * dist[0] // subtracting the smallest keeps exp from underflowing
	lo, hi, beta := 0.0, math.Inf(1), 1.0
	for range 200 {
		h := gaussianRow(dist, d0, beta, p)
		if math.Abs(h-target) < 1e-5 {
			break
		}
		if h > target { // too flat: raise the precision
			lo = beta
			if math.IsInf(hi, 1) {
				beta *= 2
			} else {
				beta = (beta + hi) / 2
			}
		} else {
			hi = beta
			beta = (beta + lo) / 2
		}
	}
}

// gaussianRow fills p with normalised exp(-β(d²-d0)) and returns its
// entropy in nats.
func gaussianRow(dist []float64, d0, beta float64, p []float64) float64 {
	sum, wsum := 0.0, 0.0
	for j, d := range dist {
		s := d*d - d0
		p[j] = math.Exp(-beta * s)
		sum += p[j]
		wsum += p[j] * s
	}
	for j := range p {
		p[j] /= sum
	}
	return math.Log(sum) + beta*wsum/sum
}

// jointP symmetrises the conditional probabilities of graph g into
// p_ij = (p(j|i) + p(i|j)) / 2n.
func jointP(g *neighbors.Graph, cond []float64, threads int) *sparseP {
	n, k := g.N, g.K
	// The transpose, by counting sort on the target point.
	inStart := make([]int, n+1)
	for _, j := range g.Index {
		inStart[j+1]++
	}
	for i := range n {
		inStart[i+1] += inStart[i]
	}
	inFrom := make([]int32, n*k)
	inVal := make([]float64, n*k)
	fill := slices.Clone(inStart[:n])
	for i := range n {
		for t, j := range g.Index[i*k : (i+1)*k] {
			inFrom[fill[j]] = int32(i)
			inVal[fill[j]] = cond[i*k+t]
			fill[j]++
		}
	}
	rows := make([][]entry, n)
	parallel.Ranges(n, threads, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			rows[i] = mergeRow(g.Index[i*k:(i+1)*k], cond[i*k:(i+1)*k],
				inFrom[inStart[i]:inStart[i+1]], inVal[inStart[i]:inStart[i+1]], 1/(2*float64(n)))
		}
	})
	return packRows(rows)
}

type entry struct {
	j int32
	v float64
}

// mergeRow returns the entries of one row of the symmetrised matrix,
// sorted by column, summing an index present in both lists.
func mergeRow(outIdx []int32, outVal []float64, inIdx []int32, inVal []float64, scale float64) []entry {
	row := make([]entry, 0, len(outIdx)+len(inIdx))
	for t, j := range outIdx {
		row = append(row, entry{j, outVal[t]})
	}
	for t, j := range inIdx {
		row = append(row, entry{j, inVal[t]})
	}
	slices.SortFunc(row, func(a, b entry) int { return int(a.j) - int(b.j) })
	out := row[:0]
	for _, e := range row {
		if len(out) > 0 && out[len(out)-1].j == e.j {
			out[len(out)-1].v += e.v * scale
			continue
		}
		out = append(out, entry{e.j, e.v * scale})
	}
	return out
}

// packRows stores rows in compressed-row form.
func packRows(rows [][]entry) *sparseP {
	p := &sparseP{Start: make([]int, len(rows)+1)}
	for i, r := range rows {
		p.Start[i+1] = p.Start[i] + len(r)
	}
	p.Col = make([]int32, p.Start[len(rows)])
	p.Val = make([]float64, p.Start[len(rows)])
	for i, r := range rows {
		for t, e := range r {
			p.Col[p.Start[i]+t] = e.j
			p.Val[p.Start[i]+t] = e.v
		}
	}
	return p
}
