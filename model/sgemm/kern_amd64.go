package sgemm

import "golang.org/x/sys/cpu"

// hasAsm reports whether the AVX2/FMA kernels of kern_amd64.s can run;
// useAsm whether they do.
var hasAsm = cpu.X86.HasAVX2 && cpu.X86.HasFMA

var useAsm = hasAsm

//go:noescape
func kern6x16(k int, a, b, c *float32, ldc int, acc bool)

//go:noescape
func kern1x16(k int, a, b, c *float32)
