#include "textflag.h"

// AVX-512 micro-kernels over the packed layout of sgemm.go (panels of
// MR = 6 rows of A, NR = 16 columns of B): each works on two panels of A
// and/or two of B at once, so that one load of a B row and one broadcast
// of an A element feed more multiply-adds than kern6x16's. Every element
// of C is summed in the order kern6x16 sums it, so the results are the
// same bit for bit.
//
// func kernNxM(k int, a *float32, as int, b *float32, bs int, c *float32, ldc int, acc, rows bool, bias *float32, bstep int, pf *float32)
// C[N×M] += A·B (when acc is false, C = A·B, or C = A·B + bias with bias
// the M values of a row): A's rows in panels as bytes apart (or, when
// rows is set, A unpacked, its rows as bytes apart: see STRIDES), B's
// columns in panels bs bytes apart, each panel's rows bstep bytes apart
// (64 when packed; an unpacked B's row stride when it is read in place),
// C's rows ldc floats apart. The bias is added to the finished sum, as
// adding the sum to a C holding it would.

// Arguments into registers: CX k, SI a, R12 as, DI b, R11 bs, DX c,
// R8 ldc in bytes, R9 pf (acc is read at the stores); R10 rows, then
// (in the depth loops) bstep.
#define ARGS \
	MOVQ k+0(FP), CX \
	MOVQ a+8(FP), SI \
	MOVQ as+16(FP), R12 \
	MOVQ b+24(FP), DI \
	MOVQ bs+32(FP), R11 \
	MOVQ c+40(FP), DX \
	MOVQ ldc+48(FP), R8 \
	MOVQ pf+80(FP), R9 \
	SHLQ $2, R8 \
	MOVBQZX rows+57(FP), R10

#define ZERO2(x, y) VPXORD x, x, x; VPXORD y, y, y

// The accumulators of each tile shape, row by row (two registers a row
// with two B panels), each given to OP.
#define EACH12x2(OP) OP(Z0, Z1); OP(Z2, Z3); OP(Z4, Z5); OP(Z6, Z7); OP(Z8, Z9); OP(Z10, Z11); OP(Z12, Z13); OP(Z14, Z15); OP(Z16, Z17); OP(Z18, Z19); OP(Z20, Z21); OP(Z22, Z23)
#define EACH6x2(OP) OP(Z0, Z1); OP(Z2, Z3); OP(Z4, Z5); OP(Z6, Z7); OP(Z8, Z9); OP(Z10, Z11)
#define EACH12x1(OP) OP(Z0); OP(Z1); OP(Z2); OP(Z3); OP(Z4); OP(Z5); OP(Z6); OP(Z7); OP(Z8); OP(Z9); OP(Z10); OP(Z11)
#define EACH6x1(OP) OP(Z0); OP(Z1); OP(Z2); OP(Z3); OP(Z4); OP(Z5)
#define EACH8x2(OP) OP(Z0, Z1); OP(Z2, Z3); OP(Z4, Z5); OP(Z6, Z7); OP(Z8, Z9); OP(Z10, Z11); OP(Z12, Z13); OP(Z14, Z15)
#define EACH8x1(OP) OP(Z0); OP(Z1); OP(Z2); OP(Z3); OP(Z4); OP(Z5); OP(Z6); OP(Z7)
#define ZERO1(x) VPXORD x, x, x

// Row r of a micro-tile: broadcast A's element at src into t, multiply it
// by B's row (Z24, and Z25 for the second panel) into the accumulators.
#define FMA2(src, t, x, y) VBROADCASTSS src, t; VFMADD231PS Z24, t, x; VFMADD231PS Z25, t, y
#define FMA1(src, t, x) VBROADCASTSS src, t; VFMADD231PS Z24, t, x

// Stores of one row of C: add to it (ADD), set it (SET) or set it to the
// sum plus the bias in Z24 (and Z25) (BIAS), then step to the next row.
#define ADD2(x, y) VADDPS (DX), x, x; VMOVUPS x, (DX); VADDPS 64(DX), y, y; VMOVUPS y, 64(DX); ADDQ R8, DX
#define SET2(x, y) VMOVUPS x, (DX); VMOVUPS y, 64(DX); ADDQ R8, DX
#define ADD1(x) VADDPS (DX), x, x; VMOVUPS x, (DX); ADDQ R8, DX
#define SET1(x) VMOVUPS x, (DX); ADDQ R8, DX
#define BIAS2(x, y) VADDPS Z24, x, x; VMOVUPS x, (DX); VADDPS Z25, y, y; VMOVUPS y, 64(DX); ADDQ R8, DX
#define BIAS1(x) VADDPS Z24, x, x; VMOVUPS x, (DX); ADDQ R8, DX

// The six rows of the lower A panel (at SI) and of the upper one (R12
// bytes on), into row r's accumulators: Z(2r), Z(2r+1) with two B panels,
// Zr with one.
#define LO2 \
	FMA2(0(SI), Z26, Z0, Z1) \
	FMA2(4(SI), Z27, Z2, Z3) \
	FMA2(8(SI), Z28, Z4, Z5) \
	FMA2(12(SI), Z29, Z6, Z7) \
	FMA2(16(SI), Z30, Z8, Z9) \
	FMA2(20(SI), Z31, Z10, Z11)

#define HI2 \
	FMA2(0(SI)(R12*1), Z26, Z12, Z13) \
	FMA2(4(SI)(R12*1), Z27, Z14, Z15) \
	FMA2(8(SI)(R12*1), Z28, Z16, Z17) \
	FMA2(12(SI)(R12*1), Z29, Z18, Z19) \
	FMA2(16(SI)(R12*1), Z30, Z20, Z21) \
	FMA2(20(SI)(R12*1), Z31, Z22, Z23)

#define LO1 \
	FMA1(0(SI), Z26, Z0) \
	FMA1(4(SI), Z27, Z1) \
	FMA1(8(SI), Z28, Z2) \
	FMA1(12(SI), Z29, Z3) \
	FMA1(16(SI), Z30, Z4) \
	FMA1(20(SI), Z31, Z5)

#define HI1 \
	FMA1(0(SI)(R12*1), Z26, Z6) \
	FMA1(4(SI)(R12*1), Z27, Z7) \
	FMA1(8(SI)(R12*1), Z28, Z8) \
	FMA1(12(SI)(R12*1), Z29, Z9) \
	FMA1(16(SI)(R12*1), Z30, Z10) \
	FMA1(20(SI)(R12*1), Z31, Z11)

// Step to the next depth and loop while depth is left.
#define NEXT(label) ADDQ $24, SI; ADDQ R10, DI; DECQ CX; JNE label

// NEXT for packed B panels (MulSetPanels).
#define NEXTP(label) ADDQ $24, SI; ADDQ $64, DI; DECQ CX; JNE label

// An unpacked A (sgemm.Matrix, rows set): each element is broadcast from
// its row in place, so A is never packed. Row r of the tile is at SI + r·lda: R12 = as, R13 = 3·as,
// R14 = 5·as, R15 = 7·as,
// AX = 9·as, BX = 11·as.
#define STRIDES \
	LEAQ (R12)(R12*2), R13 \
	LEAQ (R12)(R12*4), R14 \
	LEAQ (R13)(R12*4), R15 \
	LEAQ (R12)(R12*8), AX \
	LEAQ (AX)(R12*2), BX

#define LO2S \
	FMA2((SI), Z26, Z0, Z1) \
	FMA2((SI)(R12*1), Z27, Z2, Z3) \
	FMA2((SI)(R12*2), Z28, Z4, Z5) \
	FMA2((SI)(R13*1), Z29, Z6, Z7) \
	FMA2((SI)(R12*4), Z30, Z8, Z9) \
	FMA2((SI)(R14*1), Z31, Z10, Z11)

#define HI2S \
	FMA2((SI)(R13*2), Z26, Z12, Z13) \
	FMA2((SI)(R15*1), Z27, Z14, Z15) \
	FMA2((SI)(R12*8), Z28, Z16, Z17) \
	FMA2((SI)(AX*1), Z29, Z18, Z19) \
	FMA2((SI)(R14*2), Z30, Z20, Z21) \
	FMA2((SI)(BX*1), Z31, Z22, Z23)

#define LO1S \
	FMA1((SI), Z26, Z0) \
	FMA1((SI)(R12*1), Z27, Z1) \
	FMA1((SI)(R12*2), Z28, Z2) \
	FMA1((SI)(R13*1), Z29, Z3) \
	FMA1((SI)(R12*4), Z30, Z4) \
	FMA1((SI)(R14*1), Z31, Z5)

#define HI1S \
	FMA1((SI)(R13*2), Z26, Z6) \
	FMA1((SI)(R15*1), Z27, Z7) \
	FMA1((SI)(R12*8), Z28, Z8) \
	FMA1((SI)(AX*1), Z29, Z9) \
	FMA1((SI)(R14*2), Z30, Z10) \
	FMA1((SI)(BX*1), Z31, Z11)

// (Each step also prefetches a line from R9 on into the second-level
// cache: the B panels the next tiles will read, or lines already at hand.)
#define NEXTS(label) PREFETCHT1 (R9); ADDQ $64, R9; ADDQ $4, SI; ADDQ R10, DI; DECQ CX; JNE label

// func kern12x32(k int, a *float32, as int, b *float32, bs int, c *float32, ldc int, acc, rows bool, bias *float32, bstep int, pf *float32)
TEXT ·kern12x32(SB), NOSPLIT, $0-88
	ARGS
	EACH12x2(ZERO2)
	TESTQ CX, CX
	JE store
	TESTQ R10, R10
	MOVQ bstep+72(FP), R10
	JNE unpacked

packed:
	VMOVUPS (DI), Z24
	VMOVUPS (DI)(R11*1), Z25
	LO2
	HI2
	NEXT(packed)
	JMP store

unpacked:
	STRIDES

loop:
	VMOVUPS (DI), Z24
	VMOVUPS (DI)(R11*1), Z25
	LO2S
	HI2S
	NEXTS(loop)

store:
	MOVBQZX acc+56(FP), R9
	TESTQ R9, R9
	JE set
	EACH12x2(ADD2)
	VZEROUPPER
	RET

set:
	MOVQ bias+64(FP), R10
	TESTQ R10, R10
	JNE bias
	EACH12x2(SET2)
	VZEROUPPER
	RET

bias:
	VMOVUPS (R10), Z24
	VMOVUPS 64(R10), Z25
	EACH12x2(BIAS2)
	VZEROUPPER
	RET

// func kern6x32(k int, a *float32, as int, b *float32, bs int, c *float32, ldc int, acc, rows bool, bias *float32, bstep int, pf *float32)
TEXT ·kern6x32(SB), NOSPLIT, $0-88
	ARGS
	EACH6x2(ZERO2)
	TESTQ CX, CX
	JE store
	TESTQ R10, R10
	MOVQ bstep+72(FP), R10
	JNE unpacked

packed:
	VMOVUPS (DI), Z24
	VMOVUPS (DI)(R11*1), Z25
	LO2
	NEXT(packed)
	JMP store

unpacked:
	STRIDES

loop:
	VMOVUPS (DI), Z24
	VMOVUPS (DI)(R11*1), Z25
	LO2S
	NEXTS(loop)

store:
	MOVBQZX acc+56(FP), R9
	TESTQ R9, R9
	JE set
	EACH6x2(ADD2)
	VZEROUPPER
	RET

set:
	MOVQ bias+64(FP), R10
	TESTQ R10, R10
	JNE bias
	EACH6x2(SET2)
	VZEROUPPER
	RET

bias:
	VMOVUPS (R10), Z24
	VMOVUPS 64(R10), Z25
	EACH6x2(BIAS2)
	VZEROUPPER
	RET

// func kern12x16(k int, a *float32, as int, b *float32, bs int, c *float32, ldc int, acc, rows bool, bias *float32, bstep int, pf *float32)
// (bs is not used: one B panel.)
TEXT ·kern12x16(SB), NOSPLIT, $0-88
	ARGS
	EACH12x1(ZERO1)
	TESTQ CX, CX
	JE store
	TESTQ R10, R10
	MOVQ bstep+72(FP), R10
	JNE unpacked

packed:
	VMOVUPS (DI), Z24
	LO1
	HI1
	NEXT(packed)
	JMP store

unpacked:
	STRIDES

loop:
	VMOVUPS (DI), Z24
	LO1S
	HI1S
	NEXTS(loop)

store:
	MOVBQZX acc+56(FP), R9
	TESTQ R9, R9
	JE set
	EACH12x1(ADD1)
	VZEROUPPER
	RET

set:
	MOVQ bias+64(FP), R10
	TESTQ R10, R10
	JNE bias
	EACH12x1(SET1)
	VZEROUPPER
	RET

bias:
	VMOVUPS (R10), Z24
	EACH12x1(BIAS1)
	VZEROUPPER
	RET

// func kern6x16w(k int, a *float32, as int, b *float32, bs int, c *float32, ldc int, acc, rows bool, bias *float32, bstep int, pf *float32)
// (bs is not used: one B panel.)
TEXT ·kern6x16w(SB), NOSPLIT, $0-88
	ARGS
	EACH6x1(ZERO1)
	TESTQ CX, CX
	JE store
	TESTQ R10, R10
	MOVQ bstep+72(FP), R10
	JNE unpacked

packed:
	VMOVUPS (DI), Z24
	LO1
	NEXT(packed)
	JMP store

unpacked:
	STRIDES

loop:
	VMOVUPS (DI), Z24
	LO1S
	NEXTS(loop)

store:
	MOVBQZX acc+56(FP), R9
	TESTQ R9, R9
	JE set
	EACH6x1(ADD1)
	VZEROUPPER
	RET

set:
	MOVQ bias+64(FP), R10
	TESTQ R10, R10
	JNE bias
	EACH6x1(SET1)
	VZEROUPPER
	RET

bias:
	VMOVUPS (R10), Z24
	EACH6x1(BIAS1)
	VZEROUPPER
	RET

// func panels512(a *panelArgs)
// MulSetPanels in AVX-512 (panelArgs as for panelsAVX2 in kern_amd64.s):
// two row panels (12×16, LO1 and HI1 with R12 the bytes between them) at
// a time, then a last one (6×16); each element summed as panelsAVX2 sums
// it. C's rows are 64 bytes apart (R8).
TEXT ·panels512(SB), NOSPLIT, $0-8
	MOVQ a+0(FP), BX
	MOVQ 0(BX), R10  // A[0]
	MOVQ 8(BX), R11  // B[0]
	MOVQ 16(BX), AX  // C[0]
	MOVQ 40(BX), R13 // products
	MOVQ 24(BX), R9  // k
	LEAQ (R9)(R9*2), R12
	SHLQ $3, R12     // 24·k: bytes from a row panel to the next
	MOVQ $64, R8

product:
	MOVQ R10, SI
	MOVQ AX, DX
	MOVQ 32(BX), R14 // row panels
	CMPQ R14, $2
	JL single

pair:
	MOVQ R11, DI
	MOVQ R9, CX
	EACH12x1(ZERO1)

pairDepth:
	VMOVUPS (DI), Z24
	LO1
	HI1
	NEXTP(pairDepth)
	EACH12x1(SET1)
	ADDQ R12, SI     // SI walked one panel: skip the second
	SUBQ $2, R14
	CMPQ R14, $2
	JGE pair

single:
	TESTQ R14, R14
	JE nextProduct
	MOVQ R11, DI
	MOVQ R9, CX
	EACH6x1(ZERO1)

singleDepth:
	VMOVUPS (DI), Z24
	LO1
	NEXTP(singleDepth)
	EACH6x1(SET1)

nextProduct:
	ADDQ 48(BX), R10
	ADDQ 56(BX), R11
	ADDQ 64(BX), AX
	DECQ R13
	JNE product
	VZEROUPPER
	RET

// func transpose16(dst, src *float32, lds int)
// The 16×16 block of floats at src (rows lds bytes apart) transposed
// into dst (rows 64 bytes apart: PackB's panel rows): element (i, j) to
// (j, i).
TEXT ·transpose16(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ lds+16(FP), BX
	LEAQ (BX)(BX*2), CX
	VMOVUPS (SI), Z0
	VMOVUPS (SI)(BX*1), Z1
	VMOVUPS (SI)(BX*2), Z2
	VMOVUPS (SI)(CX*1), Z3
	LEAQ (SI)(BX*4), SI
	VMOVUPS (SI), Z4
	VMOVUPS (SI)(BX*1), Z5
	VMOVUPS (SI)(BX*2), Z6
	VMOVUPS (SI)(CX*1), Z7
	LEAQ (SI)(BX*4), SI
	VMOVUPS (SI), Z8
	VMOVUPS (SI)(BX*1), Z9
	VMOVUPS (SI)(BX*2), Z10
	VMOVUPS (SI)(CX*1), Z11
	LEAQ (SI)(BX*4), SI
	VMOVUPS (SI), Z12
	VMOVUPS (SI)(BX*1), Z13
	VMOVUPS (SI)(BX*2), Z14
	VMOVUPS (SI)(CX*1), Z15
	// Pairs of rows interleaved: lane l of Z(16+2i) holds rows 2i, 2i+1 at
	// columns 4l, 4l+1; of Z(17+2i), at 4l+2, 4l+3.
	VUNPCKLPS Z1, Z0, Z16
	VUNPCKHPS Z1, Z0, Z17
	VUNPCKLPS Z3, Z2, Z18
	VUNPCKHPS Z3, Z2, Z19
	VUNPCKLPS Z5, Z4, Z20
	VUNPCKHPS Z5, Z4, Z21
	VUNPCKLPS Z7, Z6, Z22
	VUNPCKHPS Z7, Z6, Z23
	VUNPCKLPS Z9, Z8, Z24
	VUNPCKHPS Z9, Z8, Z25
	VUNPCKLPS Z11, Z10, Z26
	VUNPCKHPS Z11, Z10, Z27
	VUNPCKLPS Z13, Z12, Z28
	VUNPCKHPS Z13, Z12, Z29
	VUNPCKLPS Z15, Z14, Z30
	VUNPCKHPS Z15, Z14, Z31
	// Lane l of Z(4g+q) holds rows 4g to 4g+3 at column 4l+q.
	VSHUFPS $0x44, Z18, Z16, Z0
	VSHUFPS $0xEE, Z18, Z16, Z1
	VSHUFPS $0x44, Z19, Z17, Z2
	VSHUFPS $0xEE, Z19, Z17, Z3
	VSHUFPS $0x44, Z22, Z20, Z4
	VSHUFPS $0xEE, Z22, Z20, Z5
	VSHUFPS $0x44, Z23, Z21, Z6
	VSHUFPS $0xEE, Z23, Z21, Z7
	VSHUFPS $0x44, Z26, Z24, Z8
	VSHUFPS $0xEE, Z26, Z24, Z9
	VSHUFPS $0x44, Z27, Z25, Z10
	VSHUFPS $0xEE, Z27, Z25, Z11
	VSHUFPS $0x44, Z30, Z28, Z12
	VSHUFPS $0xEE, Z30, Z28, Z13
	VSHUFPS $0x44, Z31, Z29, Z14
	VSHUFPS $0xEE, Z31, Z29, Z15
	// Column 4l+q: lane l of Z(q), Z(4+q), Z(8+q), Z(12+q).
	VSHUFF32X4 $0x88, Z4, Z0, Z16
	VSHUFF32X4 $0xDD, Z4, Z0, Z17
	VSHUFF32X4 $0x88, Z12, Z8, Z18
	VSHUFF32X4 $0xDD, Z12, Z8, Z19
	VSHUFF32X4 $0x88, Z18, Z16, Z20
	VSHUFF32X4 $0x88, Z19, Z17, Z21
	VSHUFF32X4 $0xDD, Z18, Z16, Z22
	VSHUFF32X4 $0xDD, Z19, Z17, Z23
	VMOVUPS Z20, 0(DI)
	VMOVUPS Z21, 256(DI)
	VMOVUPS Z22, 512(DI)
	VMOVUPS Z23, 768(DI)
	VSHUFF32X4 $0x88, Z5, Z1, Z16
	VSHUFF32X4 $0xDD, Z5, Z1, Z17
	VSHUFF32X4 $0x88, Z13, Z9, Z18
	VSHUFF32X4 $0xDD, Z13, Z9, Z19
	VSHUFF32X4 $0x88, Z18, Z16, Z20
	VSHUFF32X4 $0x88, Z19, Z17, Z21
	VSHUFF32X4 $0xDD, Z18, Z16, Z22
	VSHUFF32X4 $0xDD, Z19, Z17, Z23
	VMOVUPS Z20, 64(DI)
	VMOVUPS Z21, 320(DI)
	VMOVUPS Z22, 576(DI)
	VMOVUPS Z23, 832(DI)
	VSHUFF32X4 $0x88, Z6, Z2, Z16
	VSHUFF32X4 $0xDD, Z6, Z2, Z17
	VSHUFF32X4 $0x88, Z14, Z10, Z18
	VSHUFF32X4 $0xDD, Z14, Z10, Z19
	VSHUFF32X4 $0x88, Z18, Z16, Z20
	VSHUFF32X4 $0x88, Z19, Z17, Z21
	VSHUFF32X4 $0xDD, Z18, Z16, Z22
	VSHUFF32X4 $0xDD, Z19, Z17, Z23
	VMOVUPS Z20, 128(DI)
	VMOVUPS Z21, 384(DI)
	VMOVUPS Z22, 640(DI)
	VMOVUPS Z23, 896(DI)
	VSHUFF32X4 $0x88, Z7, Z3, Z16
	VSHUFF32X4 $0xDD, Z7, Z3, Z17
	VSHUFF32X4 $0x88, Z15, Z11, Z18
	VSHUFF32X4 $0xDD, Z15, Z11, Z19
	VSHUFF32X4 $0x88, Z18, Z16, Z20
	VSHUFF32X4 $0x88, Z19, Z17, Z21
	VSHUFF32X4 $0xDD, Z18, Z16, Z22
	VSHUFF32X4 $0xDD, Z19, Z17, Z23
	VMOVUPS Z20, 192(DI)
	VMOVUPS Z21, 448(DI)
	VMOVUPS Z22, 704(DI)
	VMOVUPS Z23, 960(DI)
	VZEROUPPER
	RET

// The eight rows of an unpacked A's tile (STRIDES) into row r's
// accumulators: Z(2r), Z(2r+1) with two B panels, Zr with one.
#define ROWS8x2 \
	FMA2((SI), Z26, Z0, Z1) \
	FMA2((SI)(R12*1), Z27, Z2, Z3) \
	FMA2((SI)(R12*2), Z28, Z4, Z5) \
	FMA2((SI)(R13*1), Z29, Z6, Z7) \
	FMA2((SI)(R12*4), Z30, Z8, Z9) \
	FMA2((SI)(R14*1), Z31, Z10, Z11) \
	FMA2((SI)(R13*2), Z26, Z12, Z13) \
	FMA2((SI)(R15*1), Z27, Z14, Z15)

#define ROWS8x1 \
	FMA1((SI), Z26, Z0) \
	FMA1((SI)(R12*1), Z27, Z1) \
	FMA1((SI)(R12*2), Z28, Z2) \
	FMA1((SI)(R13*1), Z29, Z3) \
	FMA1((SI)(R12*4), Z30, Z4) \
	FMA1((SI)(R14*1), Z31, Z5) \
	FMA1((SI)(R13*2), Z26, Z6) \
	FMA1((SI)(R15*1), Z27, Z7)

// func kern8x32(k int, a *float32, as int, b *float32, bs int, c *float32, ldc int, acc, rows bool, bias *float32, bstep int, pf *float32)
// An 8×32 tile of an unpacked A only (rows is ignored: always set), as
// the other kernels sum it: with the 12- and 6-row tiles it covers a
// block of any even number of rows from 6 on but 10 exactly.
TEXT ·kern8x32(SB), NOSPLIT, $0-88
	ARGS
	EACH8x2(ZERO2)
	TESTQ CX, CX
	JE store
	MOVQ bstep+72(FP), R10
	STRIDES

loop:
	VMOVUPS (DI), Z24
	VMOVUPS (DI)(R11*1), Z25
	ROWS8x2
	NEXTS(loop)

store:
	MOVBQZX acc+56(FP), R9
	TESTQ R9, R9
	JE set
	EACH8x2(ADD2)
	VZEROUPPER
	RET

set:
	MOVQ bias+64(FP), R10
	TESTQ R10, R10
	JNE bias
	EACH8x2(SET2)
	VZEROUPPER
	RET

bias:
	VMOVUPS (R10), Z24
	VMOVUPS 64(R10), Z25
	EACH8x2(BIAS2)
	VZEROUPPER
	RET

// func kern8x16(k int, a *float32, as int, b *float32, bs int, c *float32, ldc int, acc, rows bool, bias *float32, bstep int, pf *float32)
// kern8x32 over one B panel (bs is not used).
TEXT ·kern8x16(SB), NOSPLIT, $0-88
	ARGS
	EACH8x1(ZERO1)
	TESTQ CX, CX
	JE store
	MOVQ bstep+72(FP), R10
	STRIDES

loop:
	VMOVUPS (DI), Z24
	ROWS8x1
	NEXTS(loop)

store:
	MOVBQZX acc+56(FP), R9
	TESTQ R9, R9
	JE set
	EACH8x1(ADD1)
	VZEROUPPER
	RET

set:
	MOVQ bias+64(FP), R10
	TESTQ R10, R10
	JNE bias
	EACH8x1(SET1)
	VZEROUPPER
	RET

bias:
	VMOVUPS (R10), Z24
	EACH8x1(BIAS1)
	VZEROUPPER
	RET

// func prefetchRows(c *float32, ldc, rows int)
// Prefetches for writing the 128 bytes from c on (three lines when
// unaligned) of rows rows ldc floats apart: a tile's C, whose stores
// come once its sums are done.
TEXT ·prefetchRows(SB), NOSPLIT, $0-24
	MOVQ c+0(FP), AX
	MOVQ ldc+8(FP), R8
	SHLQ $2, R8
	MOVQ rows+16(FP), CX

prefloop:
	// PREFETCHW (AX), 64(AX), 127(AX): 0F 0D /1, which Go's assembler lacks.
	BYTE $0x0F; BYTE $0x0D; BYTE $0x08
	BYTE $0x0F; BYTE $0x0D; BYTE $0x48; BYTE $0x40
	BYTE $0x0F; BYTE $0x0D; BYTE $0x48; BYTE $0x7F
	ADDQ R8, AX
	DECQ CX
	JNE prefloop
	RET
