//go:build !amd64

package sgemm

const hasAsm = false

var useAsm = false

func kern6x16(k int, a, b, c *float32, ldc int, acc bool) { panic("sgemm: no assembly kernel") }

func kern1x16(k int, a, b, c *float32) { panic("sgemm: no assembly kernel") }
