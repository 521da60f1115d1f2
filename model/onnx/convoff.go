package onnx

import (
	"fmt"
	"unsafe"

	"github.com/latent-explorer/latent/model/sgemm"
)

// Convolution without im2col: for a stride-1 convolution over a padded
// input whose output columns are consecutive input columns, row
// (channel, tap) of a 16-column panel of the im2col matrix is the 16
// floats of the padded input at a fixed offset from the panel's first
// column. offMul multiplies the packed weights by such a matrix read in
// place, through a table of row offsets, so nothing is copied but the
// padded input itself. 1-D convolutions (the audio decoder's Conv1d) go
// this way, and so do ConvTranspose's stride phases, 2-D ones over a
// padded width (convtranspose_phase.go).

// offKC is the depth of a cache block of offMul: its 16 columns of B
// stay in L1 while every row tile of A passes over them.
const offKC = 256

// offMul computes C = A·B + bias (bias[i] added to row i; nil: none) for
// packed A (m×k) and the k×n matrix B, n ≤ NR, whose row p is
// b[off[p]:off[p]+n]; C's rows are ldc apart. b must hold NR floats from
// every offset, and the offsets must ascend.
func offMul(a sgemm.PackedA, b []float32, off []int, bias, c []float32, ldc, n int) {
	m, k := a.M, a.K
	if len(off) != k || k == 0 || off[0] < 0 || off[k-1]+sgemm.NR > len(b) {
		panic(fmt.Sprintf("onnx: offMul of depth %d over %d floats", k, len(b)))
	}
	full := m / sgemm.MR * sgemm.MR
	if n < sgemm.NR {
		full = 0
	}
	if full > 0 {
		_ = c[(full-1)*ldc+sgemm.NR-1]
	}
	var bt [sgemm.MR]float32
	for k0 := 0; k0 < k; k0 += offKC {
		kb := min(offKC, k-k0)
		for i0 := 0; i0 < full; i0 += sgemm.MR {
			if k0 == 0 && bias != nil {
				bt = [sgemm.MR]float32(bias[i0 : i0+sgemm.MR])
			}
			offMicro(kb, a.Data[i0*k+k0*sgemm.MR:], b, off[k0:k0+kb], &bt, c[i0*ldc:], ldc, k0 > 0)
		}
	}
	// The rows past the last whole tile, or all of a narrow panel, go
	// through a tile.
	var tile [sgemm.MR * sgemm.NR]float32
	for i0 := full; i0 < m; i0 += sgemm.MR {
		if bias != nil {
			bt = [sgemm.MR]float32{}
			copy(bt[:], bias[i0:min(i0+sgemm.MR, m)])
		}
		for k0 := 0; k0 < k; k0 += offKC {
			kb := min(offKC, k-k0)
			offMicro(kb, a.Data[i0*k+k0*sgemm.MR:], b, off[k0:k0+kb], &bt, tile[:], sgemm.NR, k0 > 0)
		}
		for r := 0; r < min(sgemm.MR, m-i0); r++ {
			copy(c[(i0+r)*ldc:][:n], tile[r*sgemm.NR:][:n])
		}
	}
}

// offMicro is the MR×NR micro-kernel over rows of b at offsets off:
// c += a·B over depth len(off), or c = a·B + bias when acc is false. c
// must hold MR rows of NR, ldc apart.
func offMicro(k int, a, b []float32, off []int, bias *[sgemm.MR]float32, c []float32, ldc int, acc bool) {
	_ = c[(sgemm.MR-1)*ldc+sgemm.NR-1]
	_ = a[k*sgemm.MR-1]
	if useAsm {
		kernOff6x16(k, unsafe.SliceData(a), unsafe.SliceData(b), unsafe.SliceData(off), unsafe.SliceData(c), ldc, acc, &bias[0])
		return
	}
	var sum [sgemm.MR][sgemm.NR]float32
	if !acc {
		for r := range sgemm.MR {
			for q := range sgemm.NR {
				sum[r][q] = bias[r]
			}
		}
	}
	for p, o := range off[:k] {
		g := (*[sgemm.NR]float32)(b[o : o+sgemm.NR])
		for r := range sgemm.MR {
			av := a[p*sgemm.MR+r]
			row := &sum[r]
			for q := range sgemm.NR {
				row[q] += av * g[q]
			}
		}
	}
	for r := range sgemm.MR {
		dst := c[r*ldc : r*ldc+sgemm.NR]
		if acc {
			for q, v := range sum[r] {
				dst[q] += v
			}
		} else {
			copy(dst, sum[r][:])
		}
	}
}

// offRowWidth is the columns offRow computes at once.
const offRowWidth = 64

// offRow computes one output row, c[:n] = bias + a·B for the weights a
// (length k) and B's row p at b[off[p]:], n ≤ offRowWidth; b must hold
// offRowWidth floats from every offset.
func offRow(a, b []float32, off []int, bias float32, c []float32, n int) {
	k := len(off)
	if k == 0 || len(a) < k || off[0] < 0 || off[k-1]+offRowWidth > len(b) {
		panic(fmt.Sprintf("onnx: offRow of depth %d over %d floats", k, len(b)))
	}
	var tile [offRowWidth]float32
	if useAsm {
		kernOff1x64(k, unsafe.SliceData(a), unsafe.SliceData(b), unsafe.SliceData(off), &tile[0], bias)
	} else {
		for q := range tile {
			tile[q] = bias
		}
		for p, o := range off {
			av, g := a[p], (*[offRowWidth]float32)(b[o:o+offRowWidth])
			for q := range tile {
				tile[q] += av * g[q]
			}
		}
	}
	copy(c[:n], tile[:n])
}

// conv1DJob is a stride-1 1-D Conv, split over the panels of each
// image's output. Interior panels read the input in place; the panels
// at the borders, whose windows reach into the padding, read a padded
// copy of the border columns.
type conv1DJob struct {
	r        convRun
	x, y     []float32
	edge     []float32 // per image and channel: padded columns [0, el) and [pb·width, …)
	off      []int     // row offsets in x: channel·w + tap·dilation
	offEdge  []int     // row offsets in edge: channel·es + tap·dilation
	w, pl    int       // input length, begin padding
	es, el   int       // edge row length, its left part
	pa, pb   int       // interior panels: pa ≤ p < pb
	ow, ppi  int       // output length, panels per image
	width    int       // columns of a panel: NR, or offRowWidth for one output channel
	wrow     []float32 // one output channel's weights (coutG = 1), or nil
	gi, cout int
}

func (j *conv1DJob) do(lo, hi int) {
	coutG, cinG := j.r.cout/j.r.a.group, j.r.cinG
	cin := cinG * j.r.a.group
	w := j.r.weights[j.gi]
	for idx := lo; idx < hi; idx++ {
		img, p := idx/j.ppi, idx%j.ppi
		j0 := p * j.width
		n := min(j.width, j.ow-j0)
		var b []float32
		off := j.off
		switch {
		case p >= j.pa && p < j.pb:
			b = j.x[(img*cin+j.gi*cinG)*j.w+j0-j.pl:]
		case p < j.pa:
			b, off = j.edge[(img*cin+j.gi*cinG)*j.es+j0:], j.offEdge
		default:
			b, off = j.edge[(img*cin+j.gi*cinG)*j.es+j.el+j0-j.pb*j.width:], j.offEdge
		}
		c := j.y[(img*j.cout+j.gi*coutG)*j.ow+j0:]
		if j.wrow != nil {
			var bias float32
			if j.r.bias != nil {
				bias = j.r.bias[j.gi]
			}
			offRow(j.wrow[j.gi*cinG*j.r.a.kernel[1]:], b, off, bias, c, n)
			continue
		}
		var bias []float32
		if j.r.bias != nil {
			bias = j.r.bias[j.gi*coutG:][:coutG]
		}
		offMul(w, b, off, bias, c, j.ow, n)
	}
}

// use1D reports whether a Conv run goes by conv1D: a 1-D convolution of
// stride 1 (any dilation) whose weights are packed.
func (r *convRun) use1D(g *geom) bool {
	return r.a.dims == 1 && r.a.strides[1] == 1 && r.weights != nil && g.ow >= 1 && !forceIm2col
}

// rowWeights returns the weights of a Conv with one output channel per
// group as plain rows (the packed A matrix holds them MR apart), or nil.
func (r *convRun) rowWeights(s *Session) []float32 {
	if r.cout != r.a.group {
		return nil
	}
	k := r.cinG * r.a.kernel[1]
	rows := s.weightScratch(r.cout * k)
	for g, w := range r.weights {
		for p := 0; p < k; p++ {
			rows[g*k+p] = w.Data[p*sgemm.MR]
		}
	}
	return rows
}

// forceIm2col turns conv1D off (tests compare it with im2col).
var forceIm2col bool

// conv1D computes a stride-1 1-D Conv through offMul, on the input in
// place but for the border panels.
func (r *convRun) conv1D(s *Session, x, y []float32, g *geom) {
	kw, d := r.a.kernel[1], r.a.dilations[1]
	var j *conv1DJob
	if s != nil {
		j = &s.conv1DJob
	} else {
		j = new(conv1DJob)
	}
	*j = conv1DJob{r: *r, x: x, y: y, w: g.w, pl: g.pl, ow: g.ow, cout: r.cout, width: sgemm.NR}
	if j.wrow = r.rowWeights(s); j.wrow != nil {
		j.width = offRowWidth
	}
	// Panel p reads padded columns [p·width, p·width + width + span),
	// input columns less pl: in place when they lie inside the input.
	wd, span := j.width, (kw-1)*d
	j.ppi = ceilDiv(g.ow, wd)
	j.pa = ceilDiv(g.pl, wd)
	j.pb = max(j.pa, min(j.ppi, floorDiv(g.w+g.pl-wd-span, wd)+1))
	j.el = j.pa*wd + span
	if j.pa == j.pb {
		j.pa, j.pb, j.el = j.ppi, j.ppi, j.ppi*wd+span
	}
	j.es = j.el + (j.ppi-j.pb)*wd + span
	j.off, j.offEdge = s.ints(2 * r.cinG * kw)[:r.cinG*kw], s.ints(2 * r.cinG * kw)[r.cinG*kw:]
	for ci := 0; ci < r.cinG; ci++ {
		for t := 0; t < kw; t++ {
			j.off[ci*kw+t] = ci*g.w + t*d
			j.offEdge[ci*kw+t] = ci*j.es + t*d
		}
	}
	// The edge rows: padded columns [0, el), then [pb·width, …).
	edge := s.slot(slotB, g.n*g.c*j.es)
	for i := 0; i < g.n*g.c; i++ {
		row, src := edge[i*j.es:(i+1)*j.es], x[i*g.w:(i+1)*g.w]
		for q := range row {
			pc := q // padded column
			if q >= j.el {
				pc = j.pb*wd + q - j.el
			}
			if c := pc - g.pl; c >= 0 && c < g.w {
				row[q] = src[c]
			} else {
				row[q] = 0
			}
		}
	}
	j.edge = edge
	for gi := 0; gi < r.a.group; gi++ {
		j.gi = gi
		panels := g.n * j.ppi
		if s == nil {
			j.do(0, panels)
		} else {
			s.parallel(j, panels, max(sgemm.MR, r.cout/r.a.group)*r.cinG*kw*j.width)
		}
	}
	*j = conv1DJob{}
}
