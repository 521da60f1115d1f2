package onnx

import (
	"unsafe"

	"github.com/latent-explorer/latent/model/sgemm"
)

// A VQ-VAE's quantiser (van den Oord et al., "Neural discrete
// representation learning", NeurIPS 2017) picks each vector's nearest
// codebook entry by the squared distance ‖x‖² − 2x·e + ‖e‖², which
// PyTorch exports as ArgMin(Add(Sub(R, P), N)) over the entries: R the
// vectors' ‖x‖² [rows, 1], P their products 2x·e [rows, K], N the
// entries' ‖e‖² [K]. nearestCode runs the three steps as one: each
// distance is made as the steps make it, (R − P) + N in float32, and
// compared while in a register, so the distance matrix is neither
// written nor read again; the index is the one ArgMin gives (the first
// of equal distances, a NaN never taken unless it comes first). When P
// is a MatMul by a constant, X·B, of that step alone, nearestCode
// computes P itself, a block of rows at a time into a thread's scratch
// (the same bits: sgemm sums each element of a block of rows as of the
// whole product), and takes their nearest entries while the block is in
// cache; the blocks split over threads with no product written whole.

// nearestCode is ArgMin(Add(Sub(R, P), N)) along the last axis.
type nearestCode struct {
	axis     int
	keepDims bool
	b        *sgemm.PackedB // P = X·B computed here, or nil: P is an input
	steps    []step         // the MatMul, Sub, Add and ArgMin, for runs that do not suit
}

// codeRows is the rows of P one block computes: three of sgemm's widest
// kernel (12 rows), and batch 1's 64 rows in two blocks, one a thread
// (blocks of 12 to 64 rows took the same time at one thread).
const codeRows = 36

// fuseNearest rewrites ArgMin step k of such a sum; it reports whether
// it did.
func (g *stepGraph) fuseNearest(k int) bool {
	st := &g.m.steps[k]
	o, ok := st.op.(argMinMax)
	if st.opType != "ArgMin" || !ok || !o.min || o.last || len(st.out) != 1 {
		return false
	}
	add := g.sole(st.in[0], "Add", 1)
	if add < 0 {
		return false
	}
	ain := g.m.steps[add].in
	// Addition is commutative in floating point: N may come first.
	sub, n := g.sole(ain[0], "Sub", 1), ain[1]
	if sub < 0 {
		sub, n = g.sole(ain[1], "Sub", 1), ain[0]
	}
	if sub < 0 || ain[0] == ain[1] {
		return false
	}
	sin := g.m.steps[sub].in
	f := &nearestCode{axis: o.axis, keepDims: o.keepDims}
	chain, p := []int{sub, add}, sin[1]
	if mm := g.sole(p, "MatMul", 1); mm >= 0 {
		if o, ok := g.m.steps[mm].op.(*matMul); ok && o.packed != nil && o.plain() {
			f.b, p = o.packed, g.m.steps[mm].in[0]
			chain = append(chain, mm)
		}
	}
	f.steps = g.subSteps(append(chain, k)...)
	for _, i := range chain {
		g.drop[i] = true
	}
	st.op, st.in = f, []int{sin[0], p, n}
	return true
}

func (o *nearestCode) run(s *Session, in, out []*Tensor) error {
	r, p, n := in[0], in[1], in[2]
	rows, k, ok := o.shape(r, p, n)
	if !ok || !nearestFast {
		return s.runSteps(o.steps)
	}
	var sh, ys [maxRank]int
	pShape := append(sh[:0], p.Shape...)
	pShape[len(pShape)-1] = k // X·B's
	y := out[0].ints(typeInt64, keptShape(ys[:0], pShape, len(pShape)-1, o.keepDims)...)
	j := codeJob{r: r.Float, p: p.Float, n: n.Float[:k], y: y, rows: rows}
	units, cost := rows, k
	if o.b != nil {
		j.b = o.b
		units, cost = ceilDiv(rows, codeRows), codeRows*k*(o.b.K+1)
		threads := min(s.threadCount(), units)
		j.scratch = s.slot(slotCol, threads*codeRows*k)
		j.free = s.regions(threads)
	}
	if s == nil {
		j.do(0, units)
		return nil
	}
	s.codeJob = j
	s.parallel(&s.codeJob, units, cost)
	s.codeJob = codeJob{}
	return nil
}

// nearestFast turns the rewritten forms on (and gatherChannels'); tests
// turn them off.
var nearestFast = true

// shape reports whether a run's operands suit: P (or X·B) of K ≥ 1
// columns and the axis its last, R one value a row of P (its shape P's
// but the last axis 1), N one a column (its shape 1s but the last, K); it
// returns P's rows and K. X must be a matrix of B's rows.
func (o *nearestCode) shape(r, p, n *Tensor) (rows, k int, ok bool) {
	rank := len(p.Shape)
	if !r.IsFloat() || !p.IsFloat() || !n.IsFloat() || rank == 0 || len(r.Shape) > rank || len(n.Shape) > rank {
		return 0, 0, false
	}
	if axis, err := normAxis(o.axis, rank); err != nil || axis != rank-1 {
		return 0, 0, false
	}
	k = p.Shape[rank-1]
	if o.b != nil {
		if rank != 2 || k != o.b.K {
			return 0, 0, false
		}
		k = o.b.N
	}
	if k == 0 || dimAligned(r.Shape, rank-1, rank) != 1 || dimAligned(n.Shape, rank-1, rank) != k {
		return 0, 0, false
	}
	for a := 0; a < rank-1; a++ {
		if dimAligned(r.Shape, a, rank) != p.Shape[a] || dimAligned(n.Shape, a, rank) != 1 {
			return 0, 0, false
		}
	}
	return numel(p.Shape[:rank-1]), k, true
}

// codeJob is nearestCode over rows [lo, hi) of P, or with the product
// over blocks [lo, hi) of codeRows rows of X.
type codeJob struct {
	r, p, n []float32 // p: P, or X when b is set
	y       []int64
	rows    int
	b       *sgemm.PackedB
	scratch []float32 // codeRows rows of P a thread
	free    chan int  // the threads' scratch regions
}

func (j *codeJob) do(lo, hi int) {
	k := len(j.n)
	if j.b == nil {
		for i := lo; i < hi; i++ {
			j.y[i] = int64(nearestRow(j.r[i], j.p[i*k:(i+1)*k], j.n))
		}
		return
	}
	reg := <-j.free
	buf := j.scratch[reg*codeRows*k : (reg+1)*codeRows*k]
	x := sgemm.Matrix{M: j.rows, K: j.b.K, Stride: j.b.K, Data: j.p}
	for u := lo; u < hi; u++ {
		i0, i1 := u*codeRows, min((u+1)*codeRows, j.rows)
		sgemm.MulMatrix(x.Rows(i0, i1), *j.b, buf, k, false)
		for i := i0; i < i1; i++ {
			j.y[i] = int64(nearestRow(j.r[i], buf[(i-i0)*k:(i-i0+1)*k], j.n))
		}
	}
	j.free <- reg
}

// nearestRow returns the index of the least (r − p[c]) + n[c], the first
// of equal ones; 0 if the first is NaN, and a NaN is never less.
func nearestRow(r float32, p, n []float32) int {
	if useAsm && use512 {
		return nearest512(r, unsafe.SliceData(p), unsafe.SliceData(n), len(n))
	}
	p = p[:len(n)]
	b, bv := 0, (r-p[0])+n[0]
	for c := 1; c < len(n); c++ {
		if v := (r - p[c]) + n[c]; v < bv {
			b, bv = c, v
		}
	}
	return b
}

// plain reports whether a MatMul by a packed constant is the product
// alone: no transposed A, fused bias, residual, activation or heads'
// layout.
func (o *matMul) plain() bool {
	return !o.transA && o.bias == nil && !o.residual && o.act == nil && o.headsRank == 0
}
