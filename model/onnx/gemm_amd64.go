package onnx

import "golang.org/x/sys/cpu"

// useAsm reports whether the AVX2/FMA kernels of gemm_amd64.s can run.
var useAsm = cpu.X86.HasAVX2 && cpu.X86.HasFMA

//go:noescape
func kern6x16(k int, a, b, c *float32, ldc int, acc bool)

//go:noescape
func kern1x16(k int, a, b, c *float32)

//go:noescape
func actAVX2(dst, src *float32, n int, tanh bool)
