#include "textflag.h"

// AVX-512 micro-kernels over the packed layout of sgemm.go (panels of
// MR = 6 rows of A, NR = 16 columns of B): each works on two panels of A
// and/or two of B at once, so that one load of a B row and one broadcast
// of an A element feed more multiply-adds than kern6x16's. Every element
// of C is summed in the order kern6x16 sums it, so the results are the
// same bit for bit.
//
// func kernNxM(k int, a *float32, as int, b *float32, bs int, c *float32, ldc int, acc, rows bool, bias *float32)
// C[N×M] += A·B (when acc is false, C = A·B, or C = A·B + bias with bias
// the M values of a row): A's rows in panels as bytes apart (or, when
// rows is set, A unpacked, its rows as bytes apart: see STRIDES), B's
// columns in panels bs bytes apart, C's rows ldc floats apart. The bias
// is added to the finished sum, as adding the sum to a C holding it would.

// Arguments into registers: CX k, SI a, R12 as, DI b, R11 bs, DX c,
// R8 ldc in bytes, R9 acc.
#define ARGS \
	MOVQ k+0(FP), CX \
	MOVQ a+8(FP), SI \
	MOVQ as+16(FP), R12 \
	MOVQ b+24(FP), DI \
	MOVQ bs+32(FP), R11 \
	MOVQ c+40(FP), DX \
	MOVQ ldc+48(FP), R8 \
	MOVBQZX acc+56(FP), R9 \
	SHLQ $2, R8 \
	MOVBQZX rows+57(FP), R10

#define ZERO2(x, y) VPXORD x, x, x; VPXORD y, y, y

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
#define NEXT(label) ADDQ $24, SI; ADDQ $64, DI; DECQ CX; JNE label

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

#define NEXTS(label) ADDQ $4, SI; ADDQ $64, DI; DECQ CX; JNE label

// func kern12x32(k int, a *float32, as int, b *float32, bs int, c *float32, ldc int, acc, rows bool, bias *float32)
TEXT ·kern12x32(SB), NOSPLIT, $0-72
	ARGS
	ZERO2(Z0, Z1)
	ZERO2(Z2, Z3)
	ZERO2(Z4, Z5)
	ZERO2(Z6, Z7)
	ZERO2(Z8, Z9)
	ZERO2(Z10, Z11)
	ZERO2(Z12, Z13)
	ZERO2(Z14, Z15)
	ZERO2(Z16, Z17)
	ZERO2(Z18, Z19)
	ZERO2(Z20, Z21)
	ZERO2(Z22, Z23)
	TESTQ CX, CX
	JE store
	TESTQ R10, R10
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
	TESTQ R9, R9
	JE set
	ADD2(Z0, Z1)
	ADD2(Z2, Z3)
	ADD2(Z4, Z5)
	ADD2(Z6, Z7)
	ADD2(Z8, Z9)
	ADD2(Z10, Z11)
	ADD2(Z12, Z13)
	ADD2(Z14, Z15)
	ADD2(Z16, Z17)
	ADD2(Z18, Z19)
	ADD2(Z20, Z21)
	ADD2(Z22, Z23)
	VZEROUPPER
	RET

set:
	MOVQ bias+64(FP), R10
	TESTQ R10, R10
	JNE bias
	SET2(Z0, Z1)
	SET2(Z2, Z3)
	SET2(Z4, Z5)
	SET2(Z6, Z7)
	SET2(Z8, Z9)
	SET2(Z10, Z11)
	SET2(Z12, Z13)
	SET2(Z14, Z15)
	SET2(Z16, Z17)
	SET2(Z18, Z19)
	SET2(Z20, Z21)
	SET2(Z22, Z23)
	VZEROUPPER
	RET

bias:
	VMOVUPS (R10), Z24
	VMOVUPS 64(R10), Z25
	BIAS2(Z0, Z1)
	BIAS2(Z2, Z3)
	BIAS2(Z4, Z5)
	BIAS2(Z6, Z7)
	BIAS2(Z8, Z9)
	BIAS2(Z10, Z11)
	BIAS2(Z12, Z13)
	BIAS2(Z14, Z15)
	BIAS2(Z16, Z17)
	BIAS2(Z18, Z19)
	BIAS2(Z20, Z21)
	BIAS2(Z22, Z23)
	VZEROUPPER
	RET

// func kern6x32(k int, a *float32, as int, b *float32, bs int, c *float32, ldc int, acc, rows bool, bias *float32)
TEXT ·kern6x32(SB), NOSPLIT, $0-72
	ARGS
	ZERO2(Z0, Z1)
	ZERO2(Z2, Z3)
	ZERO2(Z4, Z5)
	ZERO2(Z6, Z7)
	ZERO2(Z8, Z9)
	ZERO2(Z10, Z11)
	TESTQ CX, CX
	JE store
	TESTQ R10, R10
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
	TESTQ R9, R9
	JE set
	ADD2(Z0, Z1)
	ADD2(Z2, Z3)
	ADD2(Z4, Z5)
	ADD2(Z6, Z7)
	ADD2(Z8, Z9)
	ADD2(Z10, Z11)
	VZEROUPPER
	RET

set:
	MOVQ bias+64(FP), R10
	TESTQ R10, R10
	JNE bias
	SET2(Z0, Z1)
	SET2(Z2, Z3)
	SET2(Z4, Z5)
	SET2(Z6, Z7)
	SET2(Z8, Z9)
	SET2(Z10, Z11)
	VZEROUPPER
	RET

bias:
	VMOVUPS (R10), Z24
	VMOVUPS 64(R10), Z25
	BIAS2(Z0, Z1)
	BIAS2(Z2, Z3)
	BIAS2(Z4, Z5)
	BIAS2(Z6, Z7)
	BIAS2(Z8, Z9)
	BIAS2(Z10, Z11)
	VZEROUPPER
	RET

// func kern12x16(k int, a *float32, as int, b *float32, bs int, c *float32, ldc int, acc, rows bool, bias *float32)
// (bs is not used: one B panel.)
TEXT ·kern12x16(SB), NOSPLIT, $0-72
	ARGS
	VPXORD Z0, Z0, Z0
	VPXORD Z1, Z1, Z1
	VPXORD Z2, Z2, Z2
	VPXORD Z3, Z3, Z3
	VPXORD Z4, Z4, Z4
	VPXORD Z5, Z5, Z5
	VPXORD Z6, Z6, Z6
	VPXORD Z7, Z7, Z7
	VPXORD Z8, Z8, Z8
	VPXORD Z9, Z9, Z9
	VPXORD Z10, Z10, Z10
	VPXORD Z11, Z11, Z11
	TESTQ CX, CX
	JE store
	TESTQ R10, R10
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
	TESTQ R9, R9
	JE set
	ADD1(Z0)
	ADD1(Z1)
	ADD1(Z2)
	ADD1(Z3)
	ADD1(Z4)
	ADD1(Z5)
	ADD1(Z6)
	ADD1(Z7)
	ADD1(Z8)
	ADD1(Z9)
	ADD1(Z10)
	ADD1(Z11)
	VZEROUPPER
	RET

set:
	MOVQ bias+64(FP), R10
	TESTQ R10, R10
	JNE bias
	SET1(Z0)
	SET1(Z1)
	SET1(Z2)
	SET1(Z3)
	SET1(Z4)
	SET1(Z5)
	SET1(Z6)
	SET1(Z7)
	SET1(Z8)
	SET1(Z9)
	SET1(Z10)
	SET1(Z11)
	VZEROUPPER
	RET

bias:
	VMOVUPS (R10), Z24
	BIAS1(Z0)
	BIAS1(Z1)
	BIAS1(Z2)
	BIAS1(Z3)
	BIAS1(Z4)
	BIAS1(Z5)
	BIAS1(Z6)
	BIAS1(Z7)
	BIAS1(Z8)
	BIAS1(Z9)
	BIAS1(Z10)
	BIAS1(Z11)
	VZEROUPPER
	RET

// func kern6x16w(k int, a *float32, as int, b *float32, bs int, c *float32, ldc int, acc, rows bool, bias *float32)
// (bs is not used: one B panel.)
TEXT ·kern6x16w(SB), NOSPLIT, $0-72
	ARGS
	VPXORD Z0, Z0, Z0
	VPXORD Z1, Z1, Z1
	VPXORD Z2, Z2, Z2
	VPXORD Z3, Z3, Z3
	VPXORD Z4, Z4, Z4
	VPXORD Z5, Z5, Z5
	TESTQ CX, CX
	JE store
	TESTQ R10, R10
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
	TESTQ R9, R9
	JE set
	ADD1(Z0)
	ADD1(Z1)
	ADD1(Z2)
	ADD1(Z3)
	ADD1(Z4)
	ADD1(Z5)
	VZEROUPPER
	RET

set:
	MOVQ bias+64(FP), R10
	TESTQ R10, R10
	JNE bias
	SET1(Z0)
	SET1(Z1)
	SET1(Z2)
	SET1(Z3)
	SET1(Z4)
	SET1(Z5)
	VZEROUPPER
	RET

bias:
	VMOVUPS (R10), Z24
	BIAS1(Z0)
	BIAS1(Z1)
	BIAS1(Z2)
	BIAS1(Z3)
	BIAS1(Z4)
	BIAS1(Z5)
	VZEROUPPER
	RET
