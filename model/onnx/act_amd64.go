package onnx

import "golang.org/x/sys/cpu"

// useAsm reports whether the AVX2/FMA activation kernel of act_amd64.s
// runs (tests turn it off to check the Go path).
var useAsm = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// use512 reports whether the AVX-512 kernels run (erf512).
var use512 = useAsm && cpu.X86.HasAVX512F

//go:noescape
func actAVX2(dst, src *float32, n int, tanh bool)

//go:noescape
func expAVX2(dst, src *float32, n int, m float32)

//go:noescape
func affineAVX2(dst, src *float32, n int, alpha, beta float32, silu bool)

//go:noescape
func sumSqAVX2(x *float32, n int) (s, q float64)

//go:noescape
func maxAVX2(x *float32, n int) float32

//go:noescape
func scaleAVX2(x *float32, n int, s float64)

//go:noescape
func scaleToAVX2(dst, src *float32, n int, c float32, div bool)

//go:noescape
func erfAVX2(dst, src *float32, n int)

//go:noescape
func reluAVX2(dst, src *float32, n int)

//go:noescape
func centerSqAVX2(x *float32, n int, mean float64) float64

//go:noescape
func normAVX2(dst, x *float32, n int, mean, inv float64, scale, bias *float32)

//go:noescape
func erf512(dst, src *float32, n int)

//go:noescape
func geluAVX2(y, x *float32, n int, c *[3]float32)

//go:noescape
func gelu512(y, x *float32, n int, c *[3]float32)

//go:noescape
func layerNormRows512(dst, x *float32, n int, eps float64, scale, bias *float32, stats *[8]float64)

//go:noescape
func softmaxRows512(y, x *float32, n int, c float32, mode int)

//go:noescape
func addRows512(dst, src *float32, rows, cols, ld int)
