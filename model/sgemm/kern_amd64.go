package sgemm

import "golang.org/x/sys/cpu"

// hasAsm reports whether the AVX2/FMA kernels of kern_amd64.s can run,
// has512 whether the AVX-512 ones of kern512_amd64.s can; useAsm and
// use512 whether they do.
var (
	hasAsm = cpu.X86.HasAVX2 && cpu.X86.HasFMA
	has512 = hasAsm && cpu.X86.HasAVX512F
)

var (
	useAsm = hasAsm
	use512 = has512
)

//go:noescape
func kern6x16(k int, a, b, c *float32, ldc int, acc bool)

//go:noescape
func kern1x16(k int, a, b, c *float32)

// The AVX-512 kernels of kern512_amd64.s: a's rows in packed panels as
// bytes apart, or, when rows is set, a's rows unpacked as bytes apart;
// bias (or nil), added to each row of the sum when acc is false; bstep
// the bytes between B's rows in a panel (bstepPacked when packed); pf
// where to prefetch from, a line each depth step, over an unpacked A
// (the next tiles' B panels, or lines in cache already).

//go:noescape
func kern12x32(k int, a *float32, as int, b *float32, bs int, c *float32, ldc int, acc, rows bool, bias *float32, bstep int, pf *float32)

//go:noescape
func kern6x32(k int, a *float32, as int, b *float32, bs int, c *float32, ldc int, acc, rows bool, bias *float32, bstep int, pf *float32)

//go:noescape
func kern12x16(k int, a *float32, as int, b *float32, bs int, c *float32, ldc int, acc, rows bool, bias *float32, bstep int, pf *float32)

//go:noescape
func kern6x16w(k int, a *float32, as int, b *float32, bs int, c *float32, ldc int, acc, rows bool, bias *float32, bstep int, pf *float32)

//go:noescape
func kern8x32(k int, a *float32, as int, b *float32, bs int, c *float32, ldc int, acc, rows bool, bias *float32, bstep int, pf *float32)

//go:noescape
func kern8x16(k int, a *float32, as int, b *float32, bs int, c *float32, ldc int, acc, rows bool, bias *float32, bstep int, pf *float32)

// The panel kernels of panels_amd64.s (MulSetPanels).

//go:noescape
func panelsAVX2(a *panelArgs)

//go:noescape
func panels512(a *panelArgs)

// transpose16 is the 16×16 block at src (rows lds bytes apart)
// transposed into dst (rows NR floats apart), in AVX-512.
//
//go:noescape
func transpose16(dst, src *float32, lds int)

// prefetchRows prefetches for writing the 32 floats from c on of rows
// rows ldc apart.
//
//go:noescape
func prefetchRows(c *float32, ldc, rows int)
