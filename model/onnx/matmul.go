package onnx

import (
	"errors"
	"fmt"

	"github.com/latent-explorer/latent/model/sgemm"
)

// Scratch slots used by the matrix operators.
const (
	slotA   = 1 // packed A
	slotB   = 2 // packed B
	slotCol = 3 // im2col / col2im matrix
)

// gemmOp is Gemm: Y = alpha·A'·B' + beta·C, with A' = A or Aᵀ and B' = B
// or Bᵀ. A constant B is scaled by alpha and packed at load.
type gemmOp struct {
	transA, transB bool
	alpha, beta    float32
	packed         *sgemm.PackedB           // constant B' (scaled by alpha), or nil
	act            func(dst, src []float32) // a fused activation (actInside), or nil
}

func (o *gemmOp) setAct(f func(dst, src []float32)) { o.act = f }

func buildGemm(c *nodeCtx) (op, error) {
	if err := c.need(2, 3); err != nil {
		return nil, err
	}
	if c.opset < 7 || c.has("broadcast") {
		return nil, fmt.Errorf("legacy broadcast attribute: %w", ErrUnsupported)
	}
	o := &gemmOp{
		transA: c.int("transA", 0) != 0, transB: c.int("transB", 0) != 0,
		alpha: c.float("alpha", 1), beta: c.float("beta", 1),
	}
	if b := c.input(1); b != nil && b.IsFloat() && len(b.Shape) == 2 {
		k, n := b.Shape[0], b.Shape[1]
		rs, cs := n, 1
		if o.transB {
			k, n, rs, cs = n, k, 1, n
		}
		src := b.Float
		if o.alpha != 1 {
			src = scaled(src, o.alpha)
		}
		pb := sgemm.PackB(make([]float32, sgemm.PackedBSize(k, n)), src, rs, cs, k, n)
		o.packed = &pb
	}
	return o, nil
}

func scaled(x []float32, a float32) []float32 {
	y := make([]float32, len(x))
	for i, v := range x {
		y[i] = a * v
	}
	return y
}

func (o *gemmOp) run(s *Session, in, out []*Tensor) error {
	a, b := in[0], in[1]
	if len(a.Shape) != 2 || len(b.Shape) != 2 || !a.IsFloat() || !b.IsFloat() {
		return fmt.Errorf("Gemm wants two float matrices, got shapes %v and %v", a.Shape, b.Shape)
	}
	m, k := a.Shape[0], a.Shape[1]
	ars, acs := k, 1
	if o.transA {
		m, k, ars, acs = k, m, 1, k
	}
	kb, n := b.Shape[0], b.Shape[1]
	if o.transB {
		kb, n = n, kb
	}
	if kb != k {
		return fmt.Errorf("Gemm: A' is %d×%d but B' is %d×%d", m, k, kb, n)
	}
	if err := checkSize(m, n); err != nil {
		return err
	}
	if err := checkWork(m*k, n); err != nil {
		return fmt.Errorf("Gemm: %w", err)
	}
	y := out[0].floats(m, n)
	hasC := len(in) >= 3 && in[2] != nil && o.beta != 0
	// A bias row (C of n values, beta 1) of a product whose A is read in
	// place starts the kernel's sums: the bits of adding to a C holding
	// it, without writing C first.
	var bias []float32
	if c := in[min(2, len(in)-1)]; hasC && o.beta == 1 && acs == 1 && m > 1 && c.IsFloat() && len(c.Float) == n &&
		(len(c.Shape) == 1 || len(c.Shape) == 2 && c.Shape[0] == 1) {
		bias = c.Float
	} else if hasC {
		if err := o.initC(y, m, n, in); err != nil {
			return err
		}
	}
	pb := o.packed
	if pb == nil {
		brs, bcs := n, 1
		if o.transB {
			brs, bcs = 1, k
		}
		src := b.Float
		if o.alpha != 1 {
			src = s.slot(slotCol, len(src))
			for i, v := range b.Float {
				src[i] = o.alpha * v
			}
		}
		p := sgemm.PackB(s.slot(slotB, sgemm.PackedBSize(k, n)), src, brs, bcs, k, n)
		pb = &p
	}
	if bias != nil {
		s.runMul(mulJob{am: sgemm.Matrix{M: m, K: k, Stride: ars, Data: a.Float}, b: *pb, c: y, ldc: n, matrix: true, bias: bias, act: o.act})
		return nil
	}
	multiplyAct(s, a.Float, ars, acs, m, *pb, y, n, o.act, !hasC)
	return nil
}

// multiply computes c += a·b for a (m×k, element (i,p) at a[i*rs+p*cs]).
// A matrix stored by rows is read in place (sgemm.Matrix); another is
// packed first. Either way each element is summed in the same order.
func multiply(s *Session, a []float32, rs, cs, m int, b sgemm.PackedB, c []float32, ldc int) {
	multiplyAct(s, a, rs, cs, m, b, c, ldc, nil, false)
}

// multiplyAct is multiply, then act on the product in place (when not
// nil), each part by the thread that computed it; when set, c = a·b (c
// need not be cleared first).
func multiplyAct(s *Session, a []float32, rs, cs, m int, b sgemm.PackedB, c []float32, ldc int, act func(dst, src []float32), set bool) {
	if m == 1 && cs == 1 {
		if set {
			clear(c[:b.N])
		}
		sgemm.Gemv(a[:b.K], b, c[:b.N])
		if act != nil {
			act(c[:b.N], c[:b.N])
		}
		return
	}
	if cs == 1 {
		s.runMul(mulJob{am: sgemm.Matrix{M: m, K: b.K, Stride: rs, Data: a}, b: b, c: c, ldc: ldc, matrix: true, act: act, set: set})
		return
	}
	pa := sgemm.PackA(s.slot(slotA, sgemm.PackedASize(m, b.K)), a, rs, cs, m, b.K)
	s.runMul(mulJob{a: pa, b: b, c: c, ldc: ldc, act: act, set: set})
}

// mulJob is a GEMM, C += A·B or C = A·B when set, split over B's
// panels of columns, or over A's panels of rows when B has too few
// columns to keep the threads busy (a transposed convolution of a 1×1
// or 4×4 image). A is packed (a), or unpacked (am) when matrix is set.
// act, if not nil, is applied to each chunk's part of C once computed;
// bias, if not nil, is where each row of an unpacked A's product starts
// (sgemm.MulMatrixBias; set is then implied).
type mulJob struct {
	bias   []float32
	a      sgemm.PackedA
	am     sgemm.Matrix
	b      sgemm.PackedB
	c      []float32
	ldc    int
	set    bool
	rows   bool
	matrix bool
	act    func(dst, src []float32)
	res    []float32 // added to C once computed, laid out as C (a fused Add), or nil
}

func (j *mulJob) do(lo, hi int) {
	a, am, b, c, res := j.a, j.am, j.b, j.c, j.res
	rows := j.m()
	if j.rows {
		i0, i1 := lo*sgemm.MR, min(hi*sgemm.MR, j.m())
		if j.matrix {
			am = am.Rows(i0, i1)
		} else {
			a = a.Rows(i0, i1)
		}
		c, rows = c[i0*j.ldc:], i1-i0
		if res != nil {
			res = res[i0*j.ldc:]
		}
	} else {
		j0 := lo * sgemm.NR
		b, c = b.Cols(j0, min(hi*sgemm.NR, b.N)), c[j0:]
		if res != nil {
			res = res[j0:]
		}
	}
	switch {
	case j.matrix && j.bias != nil:
		bias := j.bias
		if !j.rows {
			bias = bias[lo*sgemm.NR:]
		}
		sgemm.MulMatrixBias(am, b, bias, c, j.ldc)
	case j.matrix:
		sgemm.MulMatrix(am, b, c, j.ldc, !j.set)
	case j.set:
		sgemm.MulSet(a, b, c, j.ldc)
	default:
		sgemm.Mul(a, b, c, j.ldc)
	}
	if j.act != nil {
		for r := range rows {
			row := c[r*j.ldc : r*j.ldc+b.N]
			j.act(row, row)
		}
	}
	if res != nil {
		if cols := b.N &^ 15; useAsm && use512 && cols > 0 && rows > 0 {
			// One call for the block's whole vectors (a call a row cost more
			// than the adds, in a chunk of 32 columns).
			_, _ = c[(rows-1)*j.ldc+cols-1], res[(rows-1)*j.ldc+cols-1]
			addRows512(&c[0], &res[0], rows, cols, j.ldc)
			if cols < b.N {
				for r := range rows {
					row := c[r*j.ldc+cols : r*j.ldc+b.N]
					addf(row, row, 1, res[r*j.ldc+cols:], 1)
				}
			}
		} else {
			for r := range rows {
				row := c[r*j.ldc : r*j.ldc+b.N]
				addf(row, row, 1, res[r*j.ldc:], 1)
			}
		}
	}
}

// m is the rows of the job's A.
func (j *mulJob) m() int {
	if j.matrix {
		return j.am.M
	}
	return j.a.M
}

// mul computes C += A·B (C = A·B when set) on the session's threads;
// each element is computed as on one thread, so the result does not
// depend on their number.
func (s *Session) mul(a sgemm.PackedA, b sgemm.PackedB, c []float32, ldc int, set bool) {
	s.runMul(mulJob{a: a, b: b, c: c, ldc: ldc, set: set})
}

// runMul runs j split over B's column panels, or over A's row panels when
// there are too few column panels for the threads.
func (s *Session) runMul(j mulJob) {
	m, k := j.m(), j.b.K
	cols, rows := ceilDiv(j.b.N, sgemm.NR), ceilDiv(m, sgemm.MR)
	if s == nil {
		j.do(0, cols)
		return
	}
	// Split B's columns, unless there are too few for the threads or A is
	// the larger operand: each chunk then reads all of B (which stays in
	// cache) and its own rows of A, instead of all of A.
	n, cost := cols, m*k*sgemm.NR
	if threads := s.threadCount(); cols < 2*threads && rows > cols || m > j.b.N && rows >= 2*threads {
		j.rows, n, cost = true, rows, sgemm.MR*k*j.b.N
	}
	s.mulJob = j
	s.parallel(&s.mulJob, n, cost)
	s.mulJob = mulJob{}
}

// initC fills y with beta·C broadcast to m×n, or zeros.
func (o *gemmOp) initC(y []float32, m, n int, in []*Tensor) error {
	if len(in) < 3 || in[2] == nil || o.beta == 0 {
		clear(y)
		return nil
	}
	c := in[2]
	var sh [maxRank]int
	mn := [2]int{m, n}
	shape, err := broadcastShape(sh[:0], c.Shape, mn[:])
	if err != nil || len(shape) != 2 || shape[0] != m || shape[1] != n {
		return fmt.Errorf("Gemm: C of shape %v does not broadcast to %d×%d", c.Shape, m, n)
	}
	p := plan(shape, c.Shape)
	p.runs(func(k int, off [3]int, cnt int, step [3]int) {
		if o.beta == 1 && step[0] == 1 {
			copy(y[k:k+cnt], c.Float[off[0]:]) // a bias row
			return
		}
		for i := 0; i < cnt; i++ {
			y[k+i] = o.beta * c.Float[off[0]+i*step[0]]
		}
	})
	return nil
}

// matMul is MatMul with NumPy semantics: batched over leading
// dimensions, which broadcast, and 1-D operands promoted to matrices. A
// constant B holding one matrix is packed at load. transA and transB mark
// operands read through a fused Transpose of their last two axes
// (fuse.go): the packing reads them with swapped strides instead.
//
// headsRank, when not 0, is the rank of a fused Transpose of the output
// that swaps its two axes before the last ([b h L d] to [b L h d]:
// attention's heads back beside each other): each product's rows are
// then written h·d apart.
type matMul struct {
	packed         *sgemm.PackedB
	transA, transB bool
	bias           []float32 // added to each output row (a fused Add), or nil
	headsRank      int
	residual       bool                     // a fused Add of a third input to the output (fuse.go)
	act            func(dst, src []float32) // a fused GELU chain applied to the output in place (gelu.go), or nil
}

func buildMatMul(c *nodeCtx) (op, error) {
	if err := c.need(2, 2); err != nil {
		return nil, err
	}
	o := &matMul{transA: c.node.transposed[0], transB: c.node.transposed[1]}
	if c.node.headsOut {
		o.headsRank = c.node.headsRank
	}
	if b := c.input(1); b != nil && b.IsFloat() && len(b.Shape) >= 2 && numel(b.Shape[:len(b.Shape)-2]) == 1 {
		d := operand(b.Shape, o.transB, true)
		pb := sgemm.PackB(make([]float32, sgemm.PackedBSize(d.rows, d.cols)), b.Float, d.rs, d.cs, d.rows, d.cols)
		o.packed = &pb
	}
	return o, nil
}

// matrix describes the matrices of one MatMul operand: the batch
// dimensions, each matrix's extent and where element (i, j) lies
// (i·rs + j·cs from the matrix's start).
type matrix struct {
	batch      []int
	rows, cols int
	rs, cs     int
}

// operand reads a MatMul operand of the given shape: a 1-D A is a row
// vector, a 1-D B a column vector; trans means the stored matrices are
// the transposes of the logical ones.
func operand(shape []int, trans, isB bool) matrix {
	r := len(shape)
	if r == 1 {
		if isB {
			return matrix{rows: shape[0], cols: 1, rs: 1, cs: 1}
		}
		return matrix{rows: 1, cols: shape[0], rs: shape[0], cs: 1}
	}
	d := matrix{batch: shape[:r-2], rows: shape[r-2], cols: shape[r-1], rs: shape[r-1], cs: 1}
	if trans {
		d.rows, d.cols, d.rs, d.cs = d.cols, d.rows, 1, d.cols
	}
	return d
}

func (o *matMul) run(s *Session, in, out []*Tensor) error {
	if o.headsRank != 0 {
		return o.runHeads(s, in, out)
	}
	if !o.residual {
		_, err := o.product(s, in, out, false, nil)
		return err
	}
	if len(in) != 3 {
		return fmt.Errorf("MatMul with a fused Add has %d inputs", len(in))
	}
	r := in[2]
	added, err := o.product(s, in[:2], out, false, r)
	if err != nil || added {
		return err
	}
	// The product's own paths did not add r (a batched product, a
	// broadcast r): the Add after it, from scratch when r broadcasts.
	y := out[0]
	if r.IsFloat() && equalShapes(r.Shape, y.Shape) {
		return binop{f: addf}.run(s, []*Tensor{y, r}, out)
	}
	tmp, _ := s.fusedTemps()
	tmp.like(y, y.Shape...)
	copy(tmp.Float, y.Float)
	return binop{f: addf, i: func(a, b int64) int64 { return a + b }}.run(s, []*Tensor{tmp, r}, out)
}

// errHeadsShape is product's answer to a fused output Transpose that
// does not fit the operands' shapes.
var errHeadsShape = errors.New("the output Transpose does not fit")

// product is MatMul; when heads is set, with the output Transpose of
// headsRank fused (runHeads); with res (not nil) added to the output when
// its shape is the output's and the product's path adds it to each part
// as it is done (added).
func (o *matMul) product(s *Session, in, out []*Tensor, heads bool, res *Tensor) (added bool, err error) {
	a, b := in[0], in[1]
	if !a.IsFloat() || !b.IsFloat() || len(a.Shape) == 0 || len(b.Shape) == 0 {
		return false, fmt.Errorf("MatMul wants float tensors of rank ≥ 1, got %v and %v", a.Shape, b.Shape)
	}
	if o.transA && len(a.Shape) < 2 || o.transB && len(b.Shape) < 2 {
		return false, fmt.Errorf("MatMul: a transposed operand of shape %v or %v is not a matrix", a.Shape, b.Shape)
	}
	da, db := operand(a.Shape, o.transA, false), operand(b.Shape, o.transB, true)
	if da.cols != db.rows {
		return false, fmt.Errorf("MatMul of shapes %v and %v: inner dimensions differ", a.Shape, b.Shape)
	}
	var sh [maxRank]int
	batch, err := broadcastShape(sh[:0], da.batch, db.batch)
	if err != nil {
		return false, fmt.Errorf("MatMul of shapes %v and %v: batch %w", a.Shape, b.Shape, err)
	}
	m, n := da.rows, db.cols
	var sh2 [maxRank + 2]int
	shape := append(append(sh2[:0], batch...), m, n)
	if err := checkSize(shape...); err != nil {
		return false, err
	}
	if err := checkWork(numel(batch)*m*da.cols, n); err != nil {
		return false, fmt.Errorf("MatMul of shapes %v and %v: %w", a.Shape, b.Shape, err)
	}
	if heads {
		r := len(shape)
		if r != o.headsRank || len(a.Shape) < 2 || len(b.Shape) < 2 {
			return false, errHeadsShape
		}
		shape[r-3], shape[r-2] = shape[r-2], shape[r-3]
		o.batched(s, a.Float, da, b.Float, db, out[0].floats(shape...), batch, false, true)
		return false, nil
	}
	y := out[0].floats(shape...)
	single := numel(db.batch) == 1 && (da.cs == 1 || numel(da.batch) == 1)
	rows := numel(da.batch) * m // when single, A's batch folded into its rows
	if da.cs != 1 {
		rows = m
	}
	if o.bias != nil && len(o.bias) != n {
		return false, fmt.Errorf("MatMul of shapes %v and %v: a bias of %d for %d columns", a.Shape, b.Shape, len(o.bias), n)
	}
	// A product of A read in place starts from the bias itself.
	inPlace := single && da.cs == 1 && rows > 1
	switch {
	case o.bias == nil, inPlace:
		// The product overwrites y.
	default:
		for r := 0; r < len(y); r += n {
			copy(y[r:r+n], o.bias)
		}
	}
	switch {
	case inPlace:
		j := mulJob{am: sgemm.Matrix{M: rows, K: da.cols, Stride: da.rs, Data: a.Float}, b: o.packB(s, b.Float, db),
			c: y, ldc: n, matrix: true, bias: o.bias, set: o.bias == nil, act: o.act}
		if res != nil && res.IsFloat() && equalShapes(res.Shape, shape) {
			j.res, added = res.Float, true
		}
		s.runMul(j)
	case single:
		multiplyAct(s, a.Float, da.rs, da.cs, rows, o.packB(s, b.Float, db), y, n, o.act, o.bias == nil)
	default:
		o.batched(s, a.Float, da, b.Float, db, y, batch, o.bias != nil, false)
		if o.act != nil {
			fusedAct{act: o.act}.apply(s, y)
		}
	}
	squeezeMatMul(out[0], a.Shape, b.Shape, shape)
	return added, nil
}

// runHeads is MatMul with the fused Transpose of the output: [… h m n]
// written as [… m h n], each product's rows h·n apart. Shapes that do not
// fit (another rank, a 1-D operand) run the product into scratch and the
// Transpose after it.
func (o *matMul) runHeads(s *Session, in, out []*Tensor) error {
	_, err := o.product(s, in, out, true, nil)
	if err != errHeadsShape {
		return err
	}
	tmp, _ := s.fusedTemps()
	if _, err := o.product(s, in, []*Tensor{tmp}, false, nil); err != nil {
		return err
	}
	perm := make([]int, o.headsRank)
	for i := range perm {
		perm[i] = i
	}
	perm[len(perm)-3], perm[len(perm)-2] = perm[len(perm)-2], perm[len(perm)-3]
	return transpose{perm}.run(s, []*Tensor{tmp}, out)
}

// packB returns B's single matrix packed: the one packed at load, or
// packed now into scratch.
func (o *matMul) packB(s *Session, b []float32, db matrix) sgemm.PackedB {
	if o.packed != nil {
		return *o.packed
	}
	return sgemm.PackB(s.slot(slotB, sgemm.PackedBSize(db.rows, db.cols)), b, db.rs, db.cs, db.rows, db.cols)
}

// batched multiplies matrix by matrix over the broadcast batch into y,
// adding to it when acc is set (y holds a bias), packing each matrix of B
// once per run of equal B indices. Small matrices (an attention head's)
// are shared out whole over threads, each with its own packing scratch,
// B read in place when stored by rows; larger ones split each product's
// columns instead. Either way each element is computed as on one thread.
func (o *matMul) batched(s *Session, a []float32, da matrix, b []float32, db matrix, y []float32, batch []int, acc, heads bool) {
	m, k, n := da.rows, da.cols, db.cols
	j := batchJob{a: a, b: b, y: y, da: da, db: db, rank: len(batch), acc: acc, ldc: n}
	if heads {
		j.heads = batch[len(batch)-1]
		j.ldc = j.heads * n
	}
	copy(j.batch[:], batch)
	broadcastStrides(j.as[:len(batch)], da.batch)
	broadcastStrides(j.bs[:len(batch)], db.batch)
	nb := numel(batch)
	if m*k*n >= smallProduct || nb < 2 {
		pb := sgemm.PackedB{}
		lastB := -1
		for idx := 0; idx < nb; idx++ {
			ai, bi := j.index(idx)
			if bi != lastB {
				pb = sgemm.PackB(s.slot(slotB, sgemm.PackedBSize(k, n)), b[bi*k*n:], db.rs, db.cs, k, n)
				lastB = bi
			}
			multiplyAct(s, a[ai*m*k:], da.rs, da.cs, m, pb, y[j.out(idx):], j.ldc, nil, !acc)
		}
		return
	}
	threads := min(s.threadCount(), nb)
	j.sizeA, j.sizeB = sgemm.PackedASize(m, k), sgemm.PackedBSize(k, n)
	j.scratch = s.slot(slotCol, threads*(j.sizeA+j.sizeB))
	j.free = s.regions(threads)
	if s == nil {
		j.do(0, nb)
		return
	}
	s.batchJob = j
	s.parallel(&s.batchJob, nb, m*k*n)
	s.batchJob = batchJob{}
}

// smallProduct is the multiply-adds below which a batched MatMul shares
// out whole products rather than splitting each.
const smallProduct = 4 * minChunkWork

// batchJob is a batched MatMul over its products.
type batchJob struct {
	a, b, y      []float32
	da, db       matrix
	batch        [maxRank]int
	as, bs       [maxRank]int // matrix-index strides of A and B per batch dimension
	rank         int
	sizeA, sizeB int
	scratch      []float32 // a region of sizeA+sizeB per thread
	free         chan int
	acc          bool // add the products to y
	ldc          int  // the distance between rows of a product in y
	heads        int  // when not 0, products h of the last batch axis go h·n along y's rows (headsRank)
}

// out returns where in y product idx starts.
func (j *batchJob) out(idx int) int {
	m, n := j.da.rows, j.db.cols
	if j.heads == 0 {
		return idx * m * n
	}
	return idx/j.heads*m*j.ldc + idx%j.heads*n
}

// index returns the A and B matrices of product idx.
func (j *batchJob) index(idx int) (ai, bi int) {
	for d := j.rank - 1; d >= 0; d-- {
		i := idx % j.batch[d]
		idx /= j.batch[d]
		ai += i * j.as[d]
		bi += i * j.bs[d]
	}
	return ai, bi
}

func (j *batchJob) do(lo, hi int) {
	r := <-j.free
	buf := j.scratch[r*(j.sizeA+j.sizeB) : (r+1)*(j.sizeA+j.sizeB)]
	m, k, n := j.da.rows, j.da.cols, j.db.cols
	var pb sgemm.PackedB
	lastB := -1
	// B stored by rows is read in place by a product of A stored by rows.
	inPlace := j.db.cs == 1 && j.da.cs == 1 && m > 1
	for idx := lo; idx < hi; idx++ {
		ai, bi := j.index(idx)
		a, c, ldc := j.a[ai*m*k:], j.y[j.out(idx):], j.ldc
		if inPlace {
			bm := sgemm.Matrix{M: k, K: n, Stride: j.db.rs, Data: j.b[bi*k*n:]}
			sgemm.MulMatrices(sgemm.Matrix{M: m, K: k, Stride: j.da.rs, Data: a}, bm, c, ldc, j.acc)
			continue
		}
		if bi != lastB {
			pb = sgemm.PackB(buf[j.sizeA:], j.b[bi*k*n:], j.db.rs, j.db.cs, k, n)
			lastB = bi
		}
		switch {
		case m == 1 && j.da.cs == 1:
			if !j.acc {
				clear(c[:n])
			}
			sgemm.Gemv(a[:k], pb, c[:n])
		case j.da.cs == 1:
			sgemm.MulMatrix(sgemm.Matrix{M: m, K: k, Stride: j.da.rs, Data: a}, pb, c, ldc, j.acc)
		case j.acc:
			sgemm.Mul(sgemm.PackA(buf[:j.sizeA], a, j.da.rs, j.da.cs, m, k), pb, c, ldc)
		default:
			sgemm.MulSet(sgemm.PackA(buf[:j.sizeA], a, j.da.rs, j.da.cs, m, k), pb, c, ldc)
		}
	}
	j.free <- r
}

// broadcastStrides writes into dst (one entry per dimension of the
// broadcast batch) the matrix-index stride of each dimension of batch,
// aligned to the right; 0 where batch is 1 or absent, so it broadcasts.
func broadcastStrides(dst, batch []int) {
	off := len(dst) - len(batch)
	st := 1
	for d := len(dst) - 1; d >= 0; d-- {
		dst[d] = 0
		if j := d - off; j >= 0 {
			if batch[j] != 1 {
				dst[d] = st
			}
			st *= batch[j]
		}
	}
}

// squeezeMatMul drops the dimensions MatMul added to 1-D operands.
func squeezeMatMul(y *Tensor, as, bs, shape []int) {
	r := len(shape)
	switch {
	case len(as) == 1 && len(bs) == 1:
		y.setShape()
	case len(as) == 1:
		y.setShape(append(shape[:r-2:r-2], shape[r-1])...)
	case len(bs) == 1:
		y.setShape(shape[:r-1]...)
	}
}
