#include "textflag.h"

#define BCAST(imm, X, Y) MOVL imm, AX; VMOVD AX, X; VBROADCASTSS X, Y

// EXPCONSTS loads the constants of EXPY0: log2 e, ln 2 in two parts and
// the clamps ±88 into Y8–Y12, 1 into Y13, the Taylor coefficients 1/2 …
// 1/5040 into Y2–Y7, and 127 (the exponent bias) into Y14's lanes.
#define EXPCONSTS \
	BCAST($0x3fb8aa3b, X8, Y8) \
	BCAST($0x3f317200, X9, Y9) \
	BCAST($0x35bfbe8e, X10, Y10) \
	BCAST($0x42b00000, X11, Y11) \
	BCAST($0xc2b00000, X12, Y12) \
	BCAST($0x3f800000, X13, Y13) \
	BCAST($0x3f000000, X2, Y2) \
	BCAST($0x3e2aaaab, X3, Y3) \
	BCAST($0x3d2aaaab, X4, Y4) \
	BCAST($0x3c088889, X5, Y5) \
	BCAST($0x3ab60b61, X6, Y6) \
	BCAST($0x39500d01, X7, Y7) \
	MOVL $127, AX \
	VMOVD AX, X14 \
	VPBROADCASTD X14, Y14

// EXPY0 computes Y15 = e^Y0 for Y0 clamped to ±88 (Y0 and Y1 are
// clobbered): k = round(x·log2 e), r = x − k·ln2 in two parts, e^r by
// its degree-7 Taylor polynomial, times 2^k built in the exponent bits.
#define EXPY0 \
	VMULPS Y8, Y0, Y1 \
	VROUNDPS $0, Y1, Y1 \
	VFNMADD231PS Y9, Y1, Y0 \
	VFNMADD231PS Y10, Y1, Y0 \
	VMOVAPS Y7, Y15 \
	VFMADD213PS Y6, Y0, Y15 \
	VFMADD213PS Y5, Y0, Y15 \
	VFMADD213PS Y4, Y0, Y15 \
	VFMADD213PS Y3, Y0, Y15 \
	VFMADD213PS Y2, Y0, Y15 \
	VFMADD213PS Y13, Y0, Y15 \
	VFMADD213PS Y13, Y0, Y15 \
	VCVTPS2DQ Y1, Y1 \
	VPADDD Y14, Y1, Y1 \
	VPSLLD $23, Y1, Y1 \
	VMULPS Y1, Y15, Y15

// func actAVX2(dst, src *float32, n int, tanh bool)
// For n a multiple of 8: dst = sigmoid(src), or tanh(src) when tanh is
// set, through e^x = 2^k·p(r), x = k·ln2 + r, p the degree-7 Taylor
// polynomial, as expFast in exp.go.
TEXT ·actAVX2(SB), NOSPLIT, $0-25
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	MOVBQZX tanh+24(FP), DX
	EXPCONSTS
	TESTQ CX, CX
	JE done

loop:
	VMOVUPS (SI), Y0
	TESTQ DX, DX
	JNE double
	VXORPS Y15, Y15, Y15
	VSUBPS Y0, Y15, Y0 // x = -v for sigmoid
	JMP clamp

double:
	VADDPS Y0, Y0, Y0 // x = 2v for tanh

clamp:
	VMINPS Y11, Y0, Y0
	VMAXPS Y12, Y0, Y0
	EXPY0      // e = e^x
	VADDPS Y13, Y15, Y1      // 1 + e
	TESTQ DX, DX
	JNE tanhout
	VDIVPS Y1, Y13, Y0       // sigmoid = 1/(1+e^−v)
	JMP store

tanhout:
	VSUBPS Y13, Y15, Y15     // e − 1
	VDIVPS Y1, Y15, Y0       // tanh = (e^2v − 1)/(e^2v + 1)

store:
	VMOVUPS Y0, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
	SUBQ $8, CX
	JNE loop

done:
	VZEROUPPER
	RET

// func expAVX2(dst, src *float32, n int, m float32)
// For n a multiple of 8: dst = e^(src − m), as actAVX2's exponential; the
// clamps keep a NaN (min and max return their second source then).
TEXT ·expAVX2(SB), NOSPLIT, $0-28
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	EXPCONSTS
	TESTQ CX, CX
	JE expdone

exploop:
	VMOVUPS (SI), Y0
	VBROADCASTSS m+24(FP), Y1
	VSUBPS Y1, Y0, Y0        // x = v − m
	VMINPS Y0, Y11, Y0
	VMAXPS Y0, Y12, Y0
	EXPY0      // e^x
	VMOVUPS Y15, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
	SUBQ $8, CX
	JNE exploop

expdone:
	VZEROUPPER
	RET

// func affineAVX2(dst, src *float32, n int, alpha, beta float32, silu bool)
// For n a multiple of 8: v = src·alpha + beta (one rounding), and dst = v,
// or v·sigmoid(v) = v/(1 + e^−v) when silu is set (actAVX2's exponential).
// v is kept in dst between the two steps, as every register is taken.
TEXT ·affineAVX2(SB), NOSPLIT, $0-33
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	MOVBQZX silu+32(FP), DX
	EXPCONSTS
	TESTQ CX, CX
	JE affdone

affloop:
	VMOVUPS (SI), Y0
	VBROADCASTSS alpha+24(FP), Y1
	VBROADCASTSS beta+28(FP), Y15
	VFMADD213PS Y15, Y1, Y0 // v = x·alpha + beta
	TESTQ DX, DX
	JE affstore
	VMOVUPS Y0, (DI)
	VXORPS Y15, Y15, Y15
	VSUBPS Y0, Y15, Y0 // −v
	VMINPS Y11, Y0, Y0
	VMAXPS Y12, Y0, Y0
	EXPY0      // e^−v
	VADDPS Y13, Y15, Y1      // 1 + e^−v
	VMOVUPS (DI), Y0
	VDIVPS Y1, Y0, Y0        // v/(1 + e^−v)

affstore:
	VMOVUPS Y0, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
	SUBQ $8, CX
	JNE affloop

affdone:
	VZEROUPPER
	RET

// func sumSqAVX2(x *float32, n int) (s, q float64)
// For n a multiple of 8: the sum of x and of its squares, in float64.
TEXT ·sumSqAVX2(SB), NOSPLIT, $0-32
	MOVQ x+0(FP), SI
	MOVQ n+8(FP), CX
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1
	VXORPD Y2, Y2, Y2
	VXORPD Y3, Y3, Y3
	TESTQ CX, CX
	JE sqdone

sqloop:
	VCVTPS2PD (SI), Y4
	VCVTPS2PD 16(SI), Y5
	VADDPD Y4, Y0, Y0
	VADDPD Y5, Y1, Y1
	VFMADD231PD Y4, Y4, Y2
	VFMADD231PD Y5, Y5, Y3
	ADDQ $32, SI
	SUBQ $8, CX
	JNE sqloop

sqdone:
	VADDPD Y1, Y0, Y0
	VADDPD Y3, Y2, Y2
	VEXTRACTF128 $1, Y0, X1
	VADDPD X1, X0, X0
	VHADDPD X0, X0, X0
	VEXTRACTF128 $1, Y2, X3
	VADDPD X3, X2, X2
	VHADDPD X2, X2, X2
	MOVSD X0, s+16(FP)
	MOVSD X2, q+24(FP)
	VZEROUPPER
	RET

// func maxAVX2(x *float32, n int) float32
// For n ≥ 8 a multiple of 8: the largest of x, ignoring NaNs (max returns
// its second source, the running maximum, when either is NaN); −Inf when
// every value is NaN.
TEXT ·maxAVX2(SB), NOSPLIT, $0-20
	MOVQ x+0(FP), SI
	MOVQ n+8(FP), CX
	BCAST($0xff800000, X0, Y0) // −Inf
	VMOVAPS Y0, Y1

maxloop:
	VMOVUPS (SI), Y2
	VMAXPS Y0, Y2, Y0
	SUBQ $8, CX
	JE maxfold
	VMOVUPS 32(SI), Y3
	VMAXPS Y1, Y3, Y1
	ADDQ $64, SI
	SUBQ $8, CX
	JNE maxloop

maxfold:
	VMAXPS Y1, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VMAXPS X1, X0, X0
	VPERMILPS $0x4e, X0, X1
	VMAXPS X1, X0, X0
	VPERMILPS $0xb1, X0, X1
	VMAXPS X1, X0, X0
	MOVSS X0, ret+16(FP)
	VZEROUPPER
	RET

// func scaleAVX2(x *float32, n int, s float64)
// For n a multiple of 8: x = float32(float64(x)·s), as the Go loop does.
TEXT ·scaleAVX2(SB), NOSPLIT, $0-24
	MOVQ x+0(FP), SI
	MOVQ n+8(FP), CX
	VBROADCASTSD s+16(FP), Y4
	TESTQ CX, CX
	JE scdone

scloop:
	VCVTPS2PD (SI), Y0
	VCVTPS2PD 16(SI), Y1
	VMULPD Y4, Y0, Y0
	VMULPD Y4, Y1, Y1
	VCVTPD2PSY Y0, X0
	VCVTPD2PSY Y1, X1
	VMOVUPS X0, (SI)
	VMOVUPS X1, 16(SI)
	ADDQ $32, SI
	SUBQ $8, CX
	JNE scloop

scdone:
	VZEROUPPER
	RET

// func scaleToAVX2(dst, src *float32, n int, c float32, div bool)
// For n a multiple of 8: dst = src·c, or src/c when div is set, rounded
// once as float32 arithmetic does.
TEXT ·scaleToAVX2(SB), NOSPLIT, $0-29
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	VBROADCASTSS c+24(FP), Y1
	MOVBQZX div+28(FP), DX
	TESTQ CX, CX
	JE stdone
	TESTQ DX, DX
	JNE stdiv

stmul:
	VMULPS (SI), Y1, Y0
	VMOVUPS Y0, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
	SUBQ $8, CX
	JNE stmul
	JMP stdone

stdiv:
	VMOVUPS (SI), Y0
	VDIVPS Y1, Y0, Y0
	VMOVUPS Y0, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
	SUBQ $8, CX
	JNE stdiv

stdone:
	VZEROUPPER
	RET

// func reluAVX2(dst, src *float32, n int)
// For n a multiple of 8: dst = max(src, 0) as Go's max gives it: VMAXPS
// returns its second source, x, when either is NaN or both are zeros,
// and adding 0 then turns −0 into 0 (as the col2im gather's Relu does).
TEXT ·reluAVX2(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	VXORPS Y0, Y0, Y0
	CMPQ CX, $32
	JL relu8

relu32:
	VMAXPS (SI), Y0, Y1
	VMAXPS 32(SI), Y0, Y2
	VMAXPS 64(SI), Y0, Y3
	VMAXPS 96(SI), Y0, Y4
	VADDPS Y0, Y1, Y1
	VADDPS Y0, Y2, Y2
	VADDPS Y0, Y3, Y3
	VADDPS Y0, Y4, Y4
	VMOVUPS Y1, (DI)
	VMOVUPS Y2, 32(DI)
	VMOVUPS Y3, 64(DI)
	VMOVUPS Y4, 96(DI)
	ADDQ $128, SI
	ADDQ $128, DI
	SUBQ $32, CX
	CMPQ CX, $32
	JGE relu32

relu8:
	TESTQ CX, CX
	JE reluDone
	VMAXPS (SI), Y0, Y1
	VADDPS Y0, Y1, Y1
	VMOVUPS Y1, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
	SUBQ $8, CX
	JMP relu8

reluDone:
	VZEROUPPER
	RET

// func centerSqAVX2(x *float32, n int, mean float64) float64
// For n ≥ 8 a multiple of 8: Σ (x − mean)² in float64, four partial sums.
TEXT ·centerSqAVX2(SB), NOSPLIT, $0-32
	MOVQ x+0(FP), SI
	MOVQ n+8(FP), CX
	VBROADCASTSD mean+16(FP), Y6
	VXORPD Y0, Y0, Y0
	VXORPD Y1, Y1, Y1

csqloop:
	VCVTPS2PD (SI), Y4
	VCVTPS2PD 16(SI), Y5
	VSUBPD Y6, Y4, Y4
	VSUBPD Y6, Y5, Y5
	VFMADD231PD Y4, Y4, Y0
	VFMADD231PD Y5, Y5, Y1
	ADDQ $32, SI
	SUBQ $8, CX
	JNE csqloop

	VADDPD Y1, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPD X1, X0, X0
	VHADDPD X0, X0, X0
	MOVSD X0, ret+24(FP)
	VZEROUPPER
	RET

// func normAVX2(dst, x *float32, n int, mean, inv float64, scale, bias *float32)
// For n a multiple of 8: dst = float32((x − mean)·inv)·scale + bias, per
// element, rounding as the Go loop of normalize does (a multiply, then an
// add, each rounded).
TEXT ·normAVX2(SB), NOSPLIT, $0-56
	MOVQ dst+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ n+16(FP), CX
	VBROADCASTSD mean+24(FP), Y6
	VBROADCASTSD inv+32(FP), Y7
	MOVQ scale+40(FP), R8
	MOVQ bias+48(FP), R9
	TESTQ CX, CX
	JE normdone

normloop:
	VCVTPS2PD (SI), Y4
	VCVTPS2PD 16(SI), Y5
	VSUBPD Y6, Y4, Y4
	VSUBPD Y6, Y5, Y5
	VMULPD Y7, Y4, Y4
	VMULPD Y7, Y5, Y5
	VCVTPD2PSY Y4, X4
	VCVTPD2PSY Y5, X5
	VINSERTF128 $1, X5, Y4, Y4
	VMULPS (R8), Y4, Y4
	VADDPS (R9), Y4, Y4
	VMOVUPS Y4, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
	ADDQ $32, R8
	ADDQ $32, R9
	SUBQ $8, CX
	JNE normloop

normdone:
	VZEROUPPER
	RET

#define BCASTZ(imm, X, Z) MOVL imm, AX; VMOVD AX, X; VBROADCASTSS X, Z

// func softmaxRow512(y, x *float32, n int, c float32, mode int)
// For n ≥ 16 a multiple of 16: y = softmax(v), v = x (mode 0), x·c (1)
// or x/c (2), by the operations of softmax.strided's AVX2 path in
// AVX-512, so the same bits: v into y and its largest element m
// (scaleToAVX2, maxAVX2), e^(v − m) into y as expAVX2 and its sum in
// float64 as sumSqAVX2 (Z19's lanes 0–3 and 4–7 are sumSqAVX2's Y0 and
// Y1), then y = float32(float64(y)·(1/sum)) as scaleAVX2.
TEXT ·softmaxRow512(SB), NOSPLIT, $0-40
	MOVQ y+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ n+16(FP), CX
	VBROADCASTSS c+24(FP), Z18
	MOVQ mode+32(FP), DX
	BCASTZ($0xff800000, X16, Z16) // −Inf
	MOVQ SI, R8
	MOVQ DI, R9
	MOVQ CX, R10

smpass1:
	VMOVUPS (R8), Z0
	CMPQ DX, $1
	JB smmax
	JE smmul
	VDIVPS Z18, Z0, Z0
	JMP smstore

smmul:
	VMULPS Z18, Z0, Z0

smstore:
	VMOVUPS Z0, (R9)

smmax:
	VMAXPS Z16, Z0, Z16
	ADDQ $64, R8
	ADDQ $64, R9
	SUBQ $16, R10
	JNE smpass1

	// m, broadcast into Z17 (the accumulator holds no NaN: a NaN is
	// never taken, as maxAVX2 never takes one).
	VEXTRACTF64X4 $1, Z16, Y17
	VMAXPS Y17, Y16, Y16
	VEXTRACTF32X4 $1, Y16, X17
	VMAXPS X17, X16, X16
	VPERMILPS $0x4e, X16, X17
	VMAXPS X17, X16, X16
	VPERMILPS $0xb1, X16, X17
	VMAXPS X17, X16, X16
	VBROADCASTSS X16, Z17

	// e^(v − m), EXPY0's operations in sixteen lanes.
	BCASTZ($0x3fb8aa3b, X8, Z8)
	BCASTZ($0x3f317200, X9, Z9)
	BCASTZ($0x35bfbe8e, X10, Z10)
	BCASTZ($0x42b00000, X11, Z11)
	BCASTZ($0xc2b00000, X12, Z12)
	BCASTZ($0x3f800000, X13, Z13)
	BCASTZ($0x3f000000, X2, Z2)
	BCASTZ($0x3e2aaaab, X3, Z3)
	BCASTZ($0x3d2aaaab, X4, Z4)
	BCASTZ($0x3c088889, X5, Z5)
	BCASTZ($0x3ab60b61, X6, Z6)
	BCASTZ($0x39500d01, X7, Z7)
	MOVL $127, AX
	VPBROADCASTD AX, Z14
	VPXORQ Z19, Z19, Z19
	MOVQ SI, R8
	TESTQ DX, DX
	JE smsrc
	MOVQ DI, R8 // the scaled values

smsrc:
	MOVQ DI, R9
	MOVQ CX, R10

smpass2:
	VMOVUPS (R8), Z0
	VSUBPS Z17, Z0, Z0
	VMINPS Z0, Z11, Z0
	VMAXPS Z0, Z12, Z0
	VMULPS Z8, Z0, Z1
	VRNDSCALEPS $0, Z1, Z1
	VFNMADD231PS Z9, Z1, Z0
	VFNMADD231PS Z10, Z1, Z0
	VMOVAPS Z7, Z15
	VFMADD213PS Z6, Z0, Z15
	VFMADD213PS Z5, Z0, Z15
	VFMADD213PS Z4, Z0, Z15
	VFMADD213PS Z3, Z0, Z15
	VFMADD213PS Z2, Z0, Z15
	VFMADD213PS Z13, Z0, Z15
	VFMADD213PS Z13, Z0, Z15
	VCVTPS2DQ Z1, Z1
	VPADDD Z14, Z1, Z1
	VPSLLD $23, Z1, Z1
	VMULPS Z1, Z15, Z15
	VMOVUPS Z15, (R9)
	VCVTPS2PD Y15, Z21
	VADDPD Z21, Z19, Z19
	VEXTRACTF64X4 $1, Z15, Y22
	VCVTPS2PD Y22, Z22
	VADDPD Z22, Z19, Z19
	ADDQ $64, R8
	ADDQ $64, R9
	SUBQ $16, R10
	JNE smpass2

	// sum as sumSqAVX2 folds it, then 1/sum.
	VEXTRACTF64X4 $1, Z19, Y1
	VMOVAPD Y19, Y0
	VADDPD Y1, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPD X1, X0, X0
	VHADDPD X0, X0, X0
	MOVQ $0x3ff0000000000000, AX
	VMOVQ AX, X1
	VDIVSD X0, X1, X1
	VBROADCASTSD X1, Z24
	MOVQ DI, R9
	MOVQ CX, R10

smpass3:
	VCVTPS2PD (R9), Z0
	VCVTPS2PD 32(R9), Z1
	VMULPD Z24, Z0, Z0
	VMULPD Z24, Z1, Z1
	VCVTPD2PS Z0, Y0
	VCVTPD2PS Z1, Y1
	VMOVUPS Y0, (R9)
	VMOVUPS Y1, 32(R9)
	ADDQ $64, R9
	SUBQ $16, R10
	JNE smpass3
	VZEROUPPER
	RET

// func layerNormRow512(dst, x *float32, n int, eps float64, scale, bias *float32) (mean, inv float64)
// For n ≥ 16 a multiple of 16: normalize's AVX2 path for a row with a
// scale and a bias per element, in AVX-512 and one call, so the same
// bits: the sum of x and then of (x − mean)² in float64 as sumSqAVX2 and
// centerSqAVX2 sum them (Z19's lanes 0–3 and 4–7 are their Y0 and Y1),
// mean = sum/n, inv = 1/√(sum²/n + ε), then normAVX2's
// float32((x − mean)·inv)·scale + bias.
TEXT ·layerNormRow512(SB), NOSPLIT, $0-64
	MOVQ dst+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ n+16(FP), CX
	MOVQ scale+32(FP), R8
	MOVQ bias+40(FP), R9
	VPXORQ Z19, Z19, Z19
	MOVQ SI, R10
	MOVQ CX, R11

lnsum:
	VCVTPS2PD (R10), Z0
	VCVTPS2PD 32(R10), Z1
	VADDPD Z0, Z19, Z19
	VADDPD Z1, Z19, Z19
	ADDQ $64, R10
	SUBQ $16, R11
	JNE lnsum

	// mean: sumSqAVX2's fold, plus normalize's three zero partial sums.
	VEXTRACTF64X4 $1, Z19, Y1
	VMOVAPD Y19, Y0
	VADDPD Y1, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPD X1, X0, X0
	VHADDPD X0, X0, X0
	VXORPD X2, X2, X2
	VADDSD X2, X0, X0
	VADDSD X2, X2, X3
	VADDSD X3, X0, X0
	VCVTSI2SDQ CX, X4, X4
	VDIVSD X4, X0, X0
	VBROADCASTSD X0, Z20
	VMOVSD X0, mean+48(FP)

	VPXORQ Z19, Z19, Z19
	MOVQ SI, R10
	MOVQ CX, R11

lnsq:
	VCVTPS2PD (R10), Z0
	VCVTPS2PD 32(R10), Z1
	VSUBPD Z20, Z0, Z0
	VSUBPD Z20, Z1, Z1
	VFMADD231PD Z0, Z0, Z19
	VFMADD231PD Z1, Z1, Z19
	ADDQ $64, R10
	SUBQ $16, R11
	JNE lnsq

	VEXTRACTF64X4 $1, Z19, Y1
	VMOVAPD Y19, Y0
	VADDPD Y1, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VADDPD X1, X0, X0
	VHADDPD X0, X0, X0
	VXORPD X2, X2, X2
	VADDSD X2, X0, X0
	VADDSD X2, X2, X3
	VADDSD X3, X0, X0
	VDIVSD X4, X0, X0
	VADDSD eps+24(FP), X0, X0
	VSQRTSD X0, X0, X0
	MOVQ $0x3ff0000000000000, AX
	VMOVQ AX, X1
	VDIVSD X0, X1, X1
	VBROADCASTSD X1, Z21
	VMOVSD X1, inv+56(FP)

lnnorm:
	VCVTPS2PD (SI), Z0
	VCVTPS2PD 32(SI), Z1
	VSUBPD Z20, Z0, Z0
	VSUBPD Z20, Z1, Z1
	VMULPD Z21, Z0, Z0
	VMULPD Z21, Z1, Z1
	VCVTPD2PS Z0, Y0
	VCVTPD2PS Z1, Y1
	VINSERTF64X4 $1, Y1, Z0, Z0
	VMULPS (R8), Z0, Z0
	VADDPS (R9), Z0, Z0
	VMOVUPS Z0, (DI)
	ADDQ $64, SI
	ADDQ $64, DI
	ADDQ $64, R8
	ADDQ $64, R9
	SUBQ $16, CX
	JNE lnnorm
	VZEROUPPER
	RET

// FOLDSUM folds a float64 accumulator as sumSqAVX2 and centerSqAVX2 do
// (Zacc's lanes 0–3 and 4–7 their Y0 and Y1), then adds normalize's
// three zero partial sums (X2 holds 0): the sum in X0 (X1, X3 clobbered).
#define FOLDSUM(Zacc, Yacc) \
	VEXTRACTF64X4 $1, Zacc, Y1 \
	VMOVAPD Yacc, Y0 \
	VADDPD Y1, Y0, Y0 \
	VEXTRACTF128 $1, Y0, X1 \
	VADDPD X1, X0, X0 \
	VHADDPD X0, X0, X0 \
	VADDSD X2, X0, X0 \
	VADDSD X2, X2, X3 \
	VADDSD X3, X0, X0

// func layerNormRows512(dst, x *float32, n int, eps float64, scale, bias *float32, stats *[8]float64)
// layerNormRow512 for four rows of n (≥ 16, a multiple of 16) one after
// the other in x and dst, their steps interleaved so that the four sums'
// chains of additions overlap: the same bits as four calls. stats gets
// each row's mean (0–3) and 1/σ (4–7).
TEXT ·layerNormRows512(SB), NOSPLIT, $0-56
	MOVQ dst+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ n+16(FP), CX
	MOVQ scale+32(FP), R8
	MOVQ bias+40(FP), R9
	MOVQ stats+48(FP), DX
	MOVQ CX, R12
	SHLQ $2, R12          // a row's bytes
	LEAQ (R12)(R12*2), R13
	VPXORQ Z16, Z16, Z16
	VPXORQ Z17, Z17, Z17
	VPXORQ Z18, Z18, Z18
	VPXORQ Z19, Z19, Z19
	MOVQ SI, R10
	MOVQ CX, R11

lnrsum:
	VCVTPS2PD (R10), Z0
	VCVTPS2PD 32(R10), Z1
	VCVTPS2PD (R10)(R12*1), Z2
	VCVTPS2PD 32(R10)(R12*1), Z3
	VCVTPS2PD (R10)(R12*2), Z4
	VCVTPS2PD 32(R10)(R12*2), Z5
	VCVTPS2PD (R10)(R13*1), Z6
	VCVTPS2PD 32(R10)(R13*1), Z7
	VADDPD Z0, Z16, Z16
	VADDPD Z2, Z17, Z17
	VADDPD Z4, Z18, Z18
	VADDPD Z6, Z19, Z19
	VADDPD Z1, Z16, Z16
	VADDPD Z3, Z17, Z17
	VADDPD Z5, Z18, Z18
	VADDPD Z7, Z19, Z19
	ADDQ $64, R10
	SUBQ $16, R11
	JNE lnrsum
	VXORPD X2, X2, X2
	VCVTSI2SDQ CX, X4, X4 // n

	FOLDSUM(Z16, Y16)
	VDIVSD X4, X0, X0
	VMOVSD X0, 0(DX)
	VBROADCASTSD X0, Z20
	FOLDSUM(Z17, Y17)
	VDIVSD X4, X0, X0
	VMOVSD X0, 8(DX)
	VBROADCASTSD X0, Z21
	FOLDSUM(Z18, Y18)
	VDIVSD X4, X0, X0
	VMOVSD X0, 16(DX)
	VBROADCASTSD X0, Z22
	FOLDSUM(Z19, Y19)
	VDIVSD X4, X0, X0
	VMOVSD X0, 24(DX)
	VBROADCASTSD X0, Z23
	VPXORQ Z16, Z16, Z16
	VPXORQ Z17, Z17, Z17
	VPXORQ Z18, Z18, Z18
	VPXORQ Z19, Z19, Z19
	MOVQ SI, R10
	MOVQ CX, R11

lnrsq:
	VCVTPS2PD (R10), Z0
	VCVTPS2PD 32(R10), Z1
	VCVTPS2PD (R10)(R12*1), Z2
	VCVTPS2PD 32(R10)(R12*1), Z3
	VCVTPS2PD (R10)(R12*2), Z4
	VCVTPS2PD 32(R10)(R12*2), Z5
	VCVTPS2PD (R10)(R13*1), Z6
	VCVTPS2PD 32(R10)(R13*1), Z7
	VSUBPD Z20, Z0, Z0
	VSUBPD Z20, Z1, Z1
	VSUBPD Z21, Z2, Z2
	VSUBPD Z21, Z3, Z3
	VSUBPD Z22, Z4, Z4
	VSUBPD Z22, Z5, Z5
	VSUBPD Z23, Z6, Z6
	VSUBPD Z23, Z7, Z7
	VFMADD231PD Z0, Z0, Z16
	VFMADD231PD Z2, Z2, Z17
	VFMADD231PD Z4, Z4, Z18
	VFMADD231PD Z6, Z6, Z19
	VFMADD231PD Z1, Z1, Z16
	VFMADD231PD Z3, Z3, Z17
	VFMADD231PD Z5, Z5, Z18
	VFMADD231PD Z7, Z7, Z19
	ADDQ $64, R10
	SUBQ $16, R11
	JNE lnrsq
	VXORPD X2, X2, X2
	VCVTSI2SDQ CX, X4, X4

	MOVQ $0x3ff0000000000000, AX
	VMOVQ AX, X5
	FOLDSUM(Z16, Y16)
	VDIVSD X4, X0, X0
	VADDSD eps+24(FP), X0, X0
	VSQRTSD X0, X0, X0
	VDIVSD X0, X5, X1
	VMOVSD X1, 32(DX)
	VBROADCASTSD X1, Z24
	FOLDSUM(Z17, Y17)
	VDIVSD X4, X0, X0
	VADDSD eps+24(FP), X0, X0
	VSQRTSD X0, X0, X0
	VDIVSD X0, X5, X1
	VMOVSD X1, 40(DX)
	VBROADCASTSD X1, Z25
	FOLDSUM(Z18, Y18)
	VDIVSD X4, X0, X0
	VADDSD eps+24(FP), X0, X0
	VSQRTSD X0, X0, X0
	VDIVSD X0, X5, X1
	VMOVSD X1, 48(DX)
	VBROADCASTSD X1, Z26
	FOLDSUM(Z19, Y19)
	VDIVSD X4, X0, X0
	VADDSD eps+24(FP), X0, X0
	VSQRTSD X0, X0, X0
	VDIVSD X0, X5, X1
	VMOVSD X1, 56(DX)
	VBROADCASTSD X1, Z27
	MOVQ DI, R14

lnrnorm:
	VMOVUPS (R8), Z14
	VMOVUPS (R9), Z15
	VCVTPS2PD (SI), Z0
	VCVTPS2PD 32(SI), Z1
	VSUBPD Z20, Z0, Z0
	VSUBPD Z20, Z1, Z1
	VMULPD Z24, Z0, Z0
	VMULPD Z24, Z1, Z1
	VCVTPD2PS Z0, Y0
	VCVTPD2PS Z1, Y1
	VINSERTF64X4 $1, Y1, Z0, Z0
	VMULPS Z14, Z0, Z0
	VADDPS Z15, Z0, Z0
	VMOVUPS Z0, (R14)
	VCVTPS2PD (SI)(R12*1), Z0
	VCVTPS2PD 32(SI)(R12*1), Z1
	VSUBPD Z21, Z0, Z0
	VSUBPD Z21, Z1, Z1
	VMULPD Z25, Z0, Z0
	VMULPD Z25, Z1, Z1
	VCVTPD2PS Z0, Y0
	VCVTPD2PS Z1, Y1
	VINSERTF64X4 $1, Y1, Z0, Z0
	VMULPS Z14, Z0, Z0
	VADDPS Z15, Z0, Z0
	VMOVUPS Z0, (R14)(R12*1)
	VCVTPS2PD (SI)(R12*2), Z0
	VCVTPS2PD 32(SI)(R12*2), Z1
	VSUBPD Z22, Z0, Z0
	VSUBPD Z22, Z1, Z1
	VMULPD Z26, Z0, Z0
	VMULPD Z26, Z1, Z1
	VCVTPD2PS Z0, Y0
	VCVTPD2PS Z1, Y1
	VINSERTF64X4 $1, Y1, Z0, Z0
	VMULPS Z14, Z0, Z0
	VADDPS Z15, Z0, Z0
	VMOVUPS Z0, (R14)(R12*2)
	VCVTPS2PD (SI)(R13*1), Z0
	VCVTPS2PD 32(SI)(R13*1), Z1
	VSUBPD Z23, Z0, Z0
	VSUBPD Z23, Z1, Z1
	VMULPD Z27, Z0, Z0
	VMULPD Z27, Z1, Z1
	VCVTPD2PS Z0, Y0
	VCVTPD2PS Z1, Y1
	VINSERTF64X4 $1, Y1, Z0, Z0
	VMULPS Z14, Z0, Z0
	VADDPS Z15, Z0, Z0
	VMOVUPS Z0, (R14)(R13*1)
	ADDQ $64, SI
	ADDQ $64, R14
	ADDQ $64, R8
	ADDQ $64, R9
	SUBQ $16, CX
	JNE lnrnorm
	VZEROUPPER
	RET
