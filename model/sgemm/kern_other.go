//go:build !amd64

package sgemm

const (
	hasAsm = false
	has512 = false
)

var (
	useAsm = false
	use512 = false
)

func kern6x16(k int, a, b, c *float32, ldc int, acc bool) { panic("sgemm: no assembly kernel") }

func kern1x16(k int, a, b, c *float32) { panic("sgemm: no assembly kernel") }

func kern12x32(k int, a *float32, as int, b *float32, bs int, c *float32, ldc int, acc, rows bool, bias *float32, bstep int, pf *float32) {
	panic("sgemm: no assembly kernel")
}

func kern6x32(k int, a *float32, as int, b *float32, bs int, c *float32, ldc int, acc, rows bool, bias *float32, bstep int, pf *float32) {
	panic("sgemm: no assembly kernel")
}

func kern12x16(k int, a *float32, as int, b *float32, bs int, c *float32, ldc int, acc, rows bool, bias *float32, bstep int, pf *float32) {
	panic("sgemm: no assembly kernel")
}

func kern6x16w(k int, a *float32, as int, b *float32, bs int, c *float32, ldc int, acc, rows bool, bias *float32, bstep int, pf *float32) {
	panic("sgemm: no assembly kernel")
}

func panelsAVX2(a *panelArgs) { panic("sgemm: no assembly kernel") }

func panels512(a *panelArgs) { panic("sgemm: no assembly kernel") }

func transpose16(dst, src *float32, lds int) { panic("sgemm: no assembly kernel") }

func kern8x32(k int, a *float32, as int, b *float32, bs int, c *float32, ldc int, acc, rows bool, bias *float32, bstep int, pf *float32) {
	panic("sgemm: no assembly kernel")
}

func kern8x16(k int, a *float32, as int, b *float32, bs int, c *float32, ldc int, acc, rows bool, bias *float32, bstep int, pf *float32) {
	panic("sgemm: no assembly kernel")
}

func prefetchRows(c *float32, ldc, rows int) { panic("sgemm: no assembly kernel") }
