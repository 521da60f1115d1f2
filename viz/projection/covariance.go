package projection

import (
	"context"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"

	"github.com/latent-explorer/latent/viz/internal/parallel"
)

// covBlock is the number of rows centred and multiplied at a time on the
// dense path: 128 rows of a few hundred columns stay in cache.
const covBlock = 128

// columnMeans returns the mean of each column of x.
func columnMeans(x *mat.Dense, threads int) []float64 {
	n, d := x.Dims()
	partial := make([][]float64, max(1, min(threads, n)))
	parallel.Ranges(n, threads, func(t, lo, hi int) {
		s := make([]float64, d)
		for i := lo; i < hi; i++ {
			for j, v := range x.RawRowView(i) {
				s[j] += v
			}
		}
		partial[t] = s
	})
	mean := make([]float64, d)
	for _, s := range partial {
		for j, v := range s {
			mean[j] += v
		}
	}
	for j := range mean {
		mean[j] /= float64(n)
	}
	return mean
}

// zeroFraction returns the fraction of entries of x that are exactly zero.
func zeroFraction(x *mat.Dense) float64 {
	n, d := x.Dims()
	zeros := 0
	for i := range n {
		for _, v := range x.RawRowView(i) {
			if v == 0 {
				zeros++
			}
		}
	}
	return float64(zeros) / float64(n*d)
}

// covariance returns the sample covariance (divided by n-1) of the rows of
// x about mean. Mostly-zero data (images) takes a sparse path that sums the
// outer products of each row's non-zero entries and subtracts n·mean·meanᵀ;
// other data is centred in blocks of rows and multiplied by Gemm. Each
// thread sums its own static range of rows, so the result depends only on
// the thread count.
func covariance(ctx context.Context, x *mat.Dense, mean []float64, threads int) (*mat.SymDense, error) {
	n, d := x.Dims()
	threads = max(1, min(threads, n))
	partial := make([][]float64, threads)
	sparse := zeroFraction(x) >= 0.5
	parallel.Ranges(n, threads, func(t, lo, hi int) {
		acc := make([]float64, d*d)
		if sparse {
			sparseGram(ctx, x, lo, hi, acc)
		} else {
			centredGram(ctx, x, mean, lo, hi, acc)
		}
		partial[t] = acc
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	c := partial[0]
	for _, p := range partial[1:] {
		for i, v := range p {
			c[i] += v
		}
	}
	scale := 1 / float64(max(n-1, 1))
	for i := range d {
		for j := i; j < d; j++ {
			v := c[i*d+j]
			if sparse {
				v -= float64(n) * mean[i] * mean[j]
			}
			c[i*d+j] = v * scale
		}
	}
	return mat.NewSymDense(d, c), nil
}

// sparseGram adds to the upper triangle of acc the products xᵢⱼ·xᵢₖ of the
// non-zero entries of rows [lo, hi) of x.
func sparseGram(ctx context.Context, x *mat.Dense, lo, hi int, acc []float64) {
	_, d := x.Dims()
	idx := make([]int, 0, d)
	val := make([]float64, 0, d)
	for i := lo; i < hi; i++ {
		if (i-lo)%1024 == 0 && ctx.Err() != nil {
			return
		}
		idx, val = idx[:0], val[:0]
		for j, v := range x.RawRowView(i) {
			if v != 0 {
				idx = append(idx, j)
				val = append(val, v)
			}
		}
		for a, ja := range idx {
			row := acc[ja*d:]
			va := val[a]
			for b := a; b < len(idx); b++ {
				row[idx[b]] += va * val[b]
			}
		}
	}
}

// centredGram adds to acc the Gram matrix of rows [lo, hi) of x centred
// about mean, covBlock rows at a time.
func centredGram(ctx context.Context, x *mat.Dense, mean []float64, lo, hi int, acc []float64) {
	_, d := x.Dims()
	buf := make([]float64, covBlock*d)
	c := blas64.General{Rows: d, Cols: d, Stride: d, Data: acc}
	for b := lo; b < hi; b += covBlock {
		if ctx.Err() != nil {
			return
		}
		m := min(covBlock, hi-b)
		for i := range m {
			row, dst := x.RawRowView(b+i), buf[i*d:(i+1)*d]
			for j, v := range row {
				dst[j] = v - mean[j]
			}
		}
		blk := blas64.General{Rows: m, Cols: d, Stride: d, Data: buf[:m*d]}
		blas64.Gemm(blas.Trans, blas.NoTrans, 1, blk, blk, 1, c)
	}
}
