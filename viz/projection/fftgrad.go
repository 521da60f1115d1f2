package projection

import (
	"math"

	"gonum.org/v1/gonum/dsp/fourier"

	"github.com/latent-explorer/latent/viz/internal/parallel"
)

// The interpolation grid of the FFT-accelerated repulsion, as FIt-SNE's
// defaults (Linderman et al. 2019, §3): three Lagrange nodes per box, at
// least 50 boxes a side, boxes of width 1 once the layout spans more.
const (
	interpNodes  = 3
	minBoxes     = 50
	maxBoxes     = 400 // beyond, boxes grow wider than 1 to bound the FFT
	interpCharge = 4   // charges 1, y₁, y₂, |y|² (two complex grids)
)

// fftRepulsion computes t-SNE's repulsive forces and normalisation by
// polynomial interpolation onto an equispaced grid and FFT convolution with
// the kernel 1/(1+r²)² (Linderman, Rachh, Hoskins, Steinerberger & Kluger
// 2019, "Fast interpolation-based t-SNE for improved visualization of
// single-cell RNA-seq data", Nature Methods 16:243). Each iteration costs
// O(n) plus two 2-D FFTs of a grid of (6·boxes)² points.
type fftRepulsion struct {
	threads int
	// The kernel's spectrum, cached for a grid size and spacing.
	kerBoxes int
	kerH     float64
	kerHat   []complex128
	grids    [2][]complex128 // charges (1 + i·y₁) and (y₂ + i·|y|²)
	ffts     [2]*fourier.CmplxFFT
	bufs     [2][]complex128
	// Per point: the grid cell of its box's first node and the weights.
	base   []int
	wx, wy []float64
	phi    []float64 // n×4 potentials
}

func newFFTRepulsion(n, threads int) *fftRepulsion {
	return &fftRepulsion{
		threads: threads,
		base:    make([]int, n),
		wx:      make([]float64, n*interpNodes),
		wy:      make([]float64, n*interpNodes),
		phi:     make([]float64, n*interpCharge),
	}
}

// forces writes into rep the unnormalised repulsion Σⱼ wᵢⱼ²(yᵢ - yⱼ) of
// each point of the n×2 layout y (row-major), where wᵢⱼ = 1/(1+|yᵢ-yⱼ|²),
// and returns Z = Σ_{i≠j} wᵢⱼ. The force on i is then rep[i]/Z.
func (f *fftRepulsion) forces(y, rep []float64) float64 {
	n := len(y) / 2
	lo, boxW, boxes := gridBounds(y)
	h := boxW / interpNodes
	m := 2 * boxes * interpNodes
	f.prepare(boxes, h, m)
	f.weights(y, lo, boxW, boxes)
	parallel.Ranges(2, f.threads, func(_, c0, c1 int) {
		for c := c0; c < c1; c++ {
			f.convolve(c, y, boxes*interpNodes, m)
		}
	})
	f.gather(boxes*interpNodes, m)
	z := 0.0
	for i := range n {
		y0, y1 := y[2*i], y[2*i+1]
		p := f.phi[4*i : 4*i+4]
		z += (1+y0*y0+y1*y1)*p[0] - 2*(y0*p[1]+y1*p[2]) + p[3]
		rep[2*i] = y0*p[0] - p[1]
		rep[2*i+1] = y1*p[0] - p[2]
	}
	return z - float64(n) // remove the self-interactions, w_ii = 1
}

// gridBounds returns the square domain's lower corner, box width and
// number of boxes a side for layout y.
func gridBounds(y []float64) (lo, boxW float64, boxes int) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range y {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	span := math.Max(hi-lo, 1e-9)
	boxes = smooth5(max(minBoxes, int(math.Ceil(span))))
	if boxes > maxBoxes {
		boxes = maxBoxes
	}
	boxW = span / float64(boxes)
	if span > float64(minBoxes) && span <= float64(maxBoxes) {
		boxW = 1 // a fixed spacing lets the kernel's spectrum be reused
	}
	// Widen a hair so the largest coordinate falls inside the last box.
	return lo, boxW * (1 + 1e-12), boxes
}

// smooth5 returns the smallest integer ≥ n with no prime factor above 5,
// so the FFT sizes factor well.
func smooth5(n int) int {
	for ; ; n++ {
		r := n
		for _, p := range []int{2, 3, 5} {
			for r%p == 0 {
				r /= p
			}
		}
		if r == 1 {
			return n
		}
	}
}

// prepare sizes the grids and recomputes the kernel's spectrum when the
// grid changed.
func (f *fftRepulsion) prepare(boxes int, h float64, m int) {
	if len(f.grids[0]) != m*m {
		for c := range f.grids {
			f.grids[c] = make([]complex128, m*m)
			f.ffts[c] = fourier.NewCmplxFFT(m)
			f.bufs[c] = make([]complex128, m)
		}
	}
	if boxes == f.kerBoxes && h == f.kerH {
		return
	}
	f.kerBoxes, f.kerH = boxes, h
	f.kerHat = kernelSpectrum(m, boxes*interpNodes, h, f.ffts[0], f.bufs[0])
}

// kernelSpectrum returns the 2-D FFT of the kernel 1/(1+r²)² sampled at
// the grid offsets, embedded in an m×m circulant (m = 2·nodes).
func kernelSpectrum(m, nodes int, h float64, fft *fourier.CmplxFFT, buf []complex128) []complex128 {
	k := make([]complex128, m*m)
	for r := range m {
		dy := wrapOffset(r, m, nodes)
		for c := range m {
			dx := wrapOffset(c, m, nodes)
			if dx == math.MaxInt || dy == math.MaxInt {
				continue
			}
			d2 := h * h * float64(dx*dx+dy*dy)
			k[r*m+c] = complex(1/((1+d2)*(1+d2)), 0)
		}
	}
	fft2(k, m, m, fft, buf, false)
	return k
}

// wrapOffset maps a circulant index to its signed offset, or MaxInt for
// the unused middle entry.
func wrapOffset(i, m, nodes int) int {
	switch {
	case i < nodes:
		return i
	case i > nodes:
		return i - m
	}
	return math.MaxInt
}

// weights finds each point's box and its Lagrange weights at the box's
// nodes, placed at (t+½)/interpNodes of the box.
func (f *fftRepulsion) weights(y []float64, lo, boxW float64, boxes int) {
	n := len(y) / 2
	nodes := boxes * interpNodes
	parallel.Ranges(n, f.threads, func(_, a, b int) {
		for i := a; i < b; i++ {
			bx, ux := boxOf(y[2*i], lo, boxW, boxes)
			by, uy := boxOf(y[2*i+1], lo, boxW, boxes)
			f.base[i] = by*interpNodes*2*nodes + bx*interpNodes
			lagrange3(ux, f.wx[3*i:3*i+3])
			lagrange3(uy, f.wy[3*i:3*i+3])
		}
	})
}

// boxOf returns the box holding v and v's position in it, in [0, 1].
func boxOf(v, lo, boxW float64, boxes int) (int, float64) {
	t := (v - lo) / boxW
	b := min(int(t), boxes-1)
	return b, t - float64(b)
}

// lagrange3 writes the three Lagrange basis polynomials with nodes 1/6,
// 1/2 and 5/6 evaluated at u.
func lagrange3(u float64, w []float64) {
	const t0, t1, t2 = 1.0 / 6, 0.5, 5.0 / 6
	w[0] = (u - t1) * (u - t2) / ((t0 - t1) * (t0 - t2))
	w[1] = (u - t0) * (u - t2) / ((t1 - t0) * (t1 - t2))
	w[2] = (u - t0) * (u - t1) / ((t2 - t0) * (t2 - t1))
}

// convolve spreads charge pair c onto its grid, convolves it with the
// kernel and leaves the potentials at the nodes in the grid.
func (f *fftRepulsion) convolve(c int, y []float64, nodes, m int) {
	g := f.grids[c]
	clear(g)
	n := len(y) / 2
	for i := range n {
		y0, y1 := y[2*i], y[2*i+1]
		q := complex(1, y0)
		if c == 1 {
			q = complex(y1, y0*y0+y1*y1)
		}
		wx, wy := f.wx[3*i:3*i+3], f.wy[3*i:3*i+3]
		for b := range interpNodes {
			row := g[f.base[i]+b*m:]
			for a := range interpNodes {
				row[a] += complex(wx[a]*wy[b], 0) * q
			}
		}
	}
	fft2(g, m, nodes, f.ffts[c], f.bufs[c], false)
	for i, k := range f.kerHat {
		g[i] *= k
	}
	fft2(g, m, nodes, f.ffts[c], f.bufs[c], true)
	scale := complex(1/float64(m*m), 0)
	for r := range nodes {
		for i := range g[r*m : r*m+nodes] {
			g[r*m+i] *= scale
		}
	}
}

// fft2 transforms the m×m grid g in place, rows then columns (forward) or
// columns then rows (inverse, unnormalised). Only the first live rows are
// non-zero on the way in (forward) or needed on the way out (inverse).
func fft2(g []complex128, m, live int, fft *fourier.CmplxFFT, buf []complex128, inverse bool) {
	rows := func() {
		for r := range live {
			row := g[r*m : (r+1)*m]
			copy(buf, row)
			if inverse {
				fft.Sequence(row, buf)
			} else {
				fft.Coefficients(row, buf)
			}
		}
	}
	cols := func() {
		col := make([]complex128, m)
		for c := range m {
			for r := range m {
				buf[r] = g[r*m+c]
			}
			if inverse {
				fft.Sequence(col, buf)
			} else {
				fft.Coefficients(col, buf)
			}
			for r := range m {
				g[r*m+c] = col[r]
			}
		}
	}
	if inverse {
		cols()
		rows()
	} else {
		rows()
		cols()
	}
}

// gather interpolates the four potentials from the grids to the points.
func (f *fftRepulsion) gather(nodes, m int) {
	n := len(f.base)
	parallel.Ranges(n, f.threads, func(_, a, b int) {
		for i := a; i < b; i++ {
			var p0, p1 complex128
			wx, wy := f.wx[3*i:3*i+3], f.wy[3*i:3*i+3]
			for bb := range interpNodes {
				off := f.base[i] + bb*m
				r0, r1 := f.grids[0][off:off+3], f.grids[1][off:off+3]
				for a := range interpNodes {
					w := complex(wx[a]*wy[bb], 0)
					p0 += w * r0[a]
					p1 += w * r1[a]
				}
			}
			f.phi[4*i], f.phi[4*i+1] = real(p0), imag(p0)
			f.phi[4*i+2], f.phi[4*i+3] = real(p1), imag(p1)
		}
	})
}
