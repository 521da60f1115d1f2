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

// The four rows of the AVX-512 row kernels below are n floats apart: at
// (P), (P)(R12*1), (P)(R12*2) and (P)(R13*1), R12 = 4n, R13 = 12n.

// FOLD8 folds a float64 accumulator as sumSqAVX2 and centerSqAVX2 do
// (Zacc's lanes 0–3 and 4–7 are their Y0 and Y1): the sum in X0 (X1
// clobbered).
#define FOLD8(Zacc, Yacc) \
	VEXTRACTF64X4 $1, Zacc, Y1; \
	VMOVAPD Yacc, Y0; \
	VADDPD Y1, Y0, Y0; \
	VEXTRACTF128 $1, Y0, X1; \
	VADDPD X1, X0, X0; \
	VHADDPD X0, X0, X0

// FOLDSUM is FOLD8 plus normalize's three zero partial sums (X2 holds 0;
// X3 clobbered).
#define FOLDSUM(Zacc, Yacc) \
	FOLD8(Zacc, Yacc); \
	VADDSD X2, X0, X0; \
	VADDSD X2, X2, X3; \
	VADDSD X3, X0, X0

// LNSUM adds a row's 16 floats at p (and p32, 32 bytes on) to acc, in
// float64 as sumSqAVX2 does; LNSQ adds their squares about mean as
// centerSqAVX2 does (Z0, Z1 clobbered).
#define LNSUM(p, p32, acc) \
	VCVTPS2PD p, Z0; \
	VCVTPS2PD p32, Z1; \
	VADDPD Z0, acc, acc; \
	VADDPD Z1, acc, acc

#define LNSQ(p, p32, mean, acc) \
	VCVTPS2PD p, Z0; \
	VCVTPS2PD p32, Z1; \
	VSUBPD mean, Z0, Z0; \
	VSUBPD mean, Z1, Z1; \
	VFMADD231PD Z0, Z0, acc; \
	VFMADD231PD Z1, Z1, acc

// LNMEAN makes a row's mean, sum/n (X4 holds n), stores it at out and
// broadcasts it into zmean; LNINV makes 1/√(sum²/n + ε) (X5 holds 1, X6
// ε), stores it and broadcasts it into zinv.
#define LNMEAN(acc, yacc, out, zmean) \
	FOLDSUM(acc, yacc); \
	VDIVSD X4, X0, X0; \
	VMOVSD X0, out; \
	VBROADCASTSD X0, zmean

#define LNINV(acc, yacc, out, zinv) \
	FOLDSUM(acc, yacc); \
	VDIVSD X4, X0, X0; \
	VADDSD X6, X0, X0; \
	VSQRTSD X0, X0, X0; \
	VDIVSD X0, X5, X1; \
	VMOVSD X1, out; \
	VBROADCASTSD X1, zinv

// LNNORM writes normAVX2's float32((x − mean)·inv)·scale + bias for 16
// floats at p (p32) to d, the scale in Z14 and the bias in Z15.
#define LNNORM(p, p32, mean, inv, d) \
	VCVTPS2PD p, Z0; \
	VCVTPS2PD p32, Z1; \
	VSUBPD mean, Z0, Z0; \
	VSUBPD mean, Z1, Z1; \
	VMULPD inv, Z0, Z0; \
	VMULPD inv, Z1, Z1; \
	VCVTPD2PS Z0, Y0; \
	VCVTPD2PS Z1, Y1; \
	VINSERTF64X4 $1, Y1, Z0, Z0; \
	VMULPS Z14, Z0, Z0; \
	VADDPS Z15, Z0, Z0; \
	VMOVUPS Z0, d

// func layerNormRows512(dst, x *float32, n int, eps float64, scale, bias *float32, stats *[8]float64)
// For four rows of n (≥ 16, a multiple of 16) one after the other in x
// and dst: normalize's AVX2 path for rows with a scale and a bias per
// element, in AVX-512 and the rows' steps interleaved (so that their
// sums' chains of additions overlap), the same bits: the sum of x and
// then of (x − mean)² in float64 as sumSqAVX2 and centerSqAVX2 sum them,
// mean = sum/n, inv = 1/√(sum²/n + ε), then normAVX2's
// float32((x − mean)·inv)·scale + bias. stats gets each row's mean (0–3)
// and inv (4–7).
TEXT ·layerNormRows512(SB), NOSPLIT, $0-56
	MOVQ dst+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ n+16(FP), CX
	MOVQ scale+32(FP), R8
	MOVQ bias+40(FP), R9
	MOVQ stats+48(FP), DX
	MOVQ CX, R12
	SHLQ $2, R12
	LEAQ (R12)(R12*2), R13
	VPXORQ Z16, Z16, Z16
	VPXORQ Z17, Z17, Z17
	VPXORQ Z18, Z18, Z18
	VPXORQ Z19, Z19, Z19
	MOVQ SI, R10
	MOVQ CX, R11

lnrsum:
	LNSUM((R10), 32(R10), Z16)
	LNSUM((R10)(R12*1), 32(R10)(R12*1), Z17)
	LNSUM((R10)(R12*2), 32(R10)(R12*2), Z18)
	LNSUM((R10)(R13*1), 32(R10)(R13*1), Z19)
	ADDQ $64, R10
	SUBQ $16, R11
	JNE lnrsum
	VXORPD X2, X2, X2
	VCVTSI2SDQ CX, X4, X4 // n
	LNMEAN(Z16, Y16, 0(DX), Z20)
	LNMEAN(Z17, Y17, 8(DX), Z21)
	LNMEAN(Z18, Y18, 16(DX), Z22)
	LNMEAN(Z19, Y19, 24(DX), Z23)
	VPXORQ Z16, Z16, Z16
	VPXORQ Z17, Z17, Z17
	VPXORQ Z18, Z18, Z18
	VPXORQ Z19, Z19, Z19
	MOVQ SI, R10
	MOVQ CX, R11

lnrsq:
	LNSQ((R10), 32(R10), Z20, Z16)
	LNSQ((R10)(R12*1), 32(R10)(R12*1), Z21, Z17)
	LNSQ((R10)(R12*2), 32(R10)(R12*2), Z22, Z18)
	LNSQ((R10)(R13*1), 32(R10)(R13*1), Z23, Z19)
	ADDQ $64, R10
	SUBQ $16, R11
	JNE lnrsq
	VXORPD X2, X2, X2
	VCVTSI2SDQ CX, X4, X4
	MOVQ $0x3ff0000000000000, AX
	VMOVQ AX, X5
	VMOVSD eps+24(FP), X6
	LNINV(Z16, Y16, 32(DX), Z24)
	LNINV(Z17, Y17, 40(DX), Z25)
	LNINV(Z18, Y18, 48(DX), Z26)
	LNINV(Z19, Y19, 56(DX), Z27)
	MOVQ DI, R14

lnrnorm:
	VMOVUPS (R8), Z14
	VMOVUPS (R9), Z15
	LNNORM((SI), 32(SI), Z20, Z24, (R14))
	LNNORM((SI)(R12*1), 32(SI)(R12*1), Z21, Z25, (R14)(R12*1))
	LNNORM((SI)(R12*2), 32(SI)(R12*2), Z22, Z26, (R14)(R12*2))
	LNNORM((SI)(R13*1), 32(SI)(R13*1), Z23, Z27, (R14)(R13*1))
	ADDQ $64, SI
	ADDQ $64, R14
	ADDQ $64, R8
	ADDQ $64, R9
	SUBQ $16, CX
	JNE lnrnorm
	VZEROUPPER
	RET

// ZEXPCONSTS loads EXPCONSTS's constants into Z8–Z14 and Z2–Z7, for
// EXPZ0.
#define ZEXPCONSTS \
	BCASTZ($0x3fb8aa3b, X8, Z8) \
	BCASTZ($0x3f317200, X9, Z9) \
	BCASTZ($0x35bfbe8e, X10, Z10) \
	BCASTZ($0x42b00000, X11, Z11) \
	BCASTZ($0xc2b00000, X12, Z12) \
	BCASTZ($0x3f800000, X13, Z13) \
	BCASTZ($0x3f000000, X2, Z2) \
	BCASTZ($0x3e2aaaab, X3, Z3) \
	BCASTZ($0x3d2aaaab, X4, Z4) \
	BCASTZ($0x3c088889, X5, Z5) \
	BCASTZ($0x3ab60b61, X6, Z6) \
	BCASTZ($0x39500d01, X7, Z7) \
	MOVL $127, AX \
	VPBROADCASTD AX, Z14

// EXPZ0 is EXPY0 in sixteen lanes: Z15 = e^Z0, Z0 clamped to ±88 first
// as expAVX2 clamps it (Z0 and Z1 clobbered).
#define EXPZ0 \
	VMINPS Z0, Z11, Z0 \
	VMAXPS Z0, Z12, Z0 \
	VMULPS Z8, Z0, Z1 \
	VRNDSCALEPS $0, Z1, Z1 \
	VFNMADD231PS Z9, Z1, Z0 \
	VFNMADD231PS Z10, Z1, Z0 \
	VMOVAPS Z7, Z15 \
	VFMADD213PS Z6, Z0, Z15 \
	VFMADD213PS Z5, Z0, Z15 \
	VFMADD213PS Z4, Z0, Z15 \
	VFMADD213PS Z3, Z0, Z15 \
	VFMADD213PS Z2, Z0, Z15 \
	VFMADD213PS Z13, Z0, Z15 \
	VFMADD213PS Z13, Z0, Z15 \
	VCVTPS2DQ Z1, Z1 \
	VPADDD Z14, Z1, Z1 \
	VPSLLD $23, Z1, Z1 \
	VMULPS Z1, Z15, Z15

// SMMAX folds a row's running maximum as maxAVX2 does and broadcasts it
// into zm (the accumulator holds no NaN: maxAVX2 never takes one).
#define SMMAX(zacc, yacc, zm) \
	VEXTRACTF64X4 $1, zacc, Y0; \
	VMAXPS Y0, yacc, Y1; \
	VEXTRACTF32X4 $1, Y1, X0; \
	VMAXPS X0, X1, X1; \
	VPERMILPS $0x4e, X1, X0; \
	VMAXPS X0, X1, X1; \
	VPERMILPS $0xb1, X1, X0; \
	VMAXPS X0, X1, X1; \
	VBROADCASTSS X1, zm

// SMEXP writes e^(v − m) for 16 values at p to d and adds them to acc in
// float64 as sumSqAVX2 adds (acc's lanes 0–3 and 4–7 its Y0 and Y1).
#define SMEXP(p, zm, d, acc) \
	VMOVUPS p, Z0; \
	VSUBPS zm, Z0, Z0; \
	EXPZ0; \
	VMOVUPS Z15, d; \
	VCVTPS2PD Y15, Z0; \
	VADDPD Z0, acc, acc; \
	VEXTRACTF64X4 $1, Z15, Y1; \
	VCVTPS2PD Y1, Z1; \
	VADDPD Z1, acc, acc

// SMINV broadcasts 1/sum (X2 holds 1) into zinv, the sum folded as
// sumSqAVX2 folds it.
#define SMINV(acc, yacc, zinv) \
	FOLD8(acc, yacc); \
	VDIVSD X0, X2, X1; \
	VBROADCASTSD X1, zinv

// SMNORM scales 16 values at p (p32) in place as scaleAVX2 does:
// float32(float64(y)·inv).
#define SMNORM(p, p32, zinv) \
	VCVTPS2PD p, Z0; \
	VCVTPS2PD p32, Z1; \
	VMULPD zinv, Z0, Z0; \
	VMULPD zinv, Z1, Z1; \
	VCVTPD2PS Z0, Y0; \
	VCVTPD2PS Z1, Y1; \
	VMOVUPS Y0, p; \
	VMOVUPS Y1, p32

// func softmaxRows512(y, x *float32, n int, c float32, mode int)
// For four rows of n (≥ 16, a multiple of 16) one after the other in x
// and y: y = softmax(v), v = x (mode 0), x·c (1) or x/c (2), by the
// operations of softmax.strided's AVX2 path in AVX-512, the rows' steps
// interleaved so that each one's folds and division overlap the
// others', so the same bits: v into y and its largest element m
// (scaleToAVX2, maxAVX2), e^(v − m) into y as expAVX2 and its sum in
// float64 as sumSqAVX2, then y = float32(float64(y)·(1/sum)) as
// scaleAVX2.
TEXT ·softmaxRows512(SB), NOSPLIT, $0-40
	MOVQ y+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ n+16(FP), CX
	VBROADCASTSS c+24(FP), Z2
	MOVQ mode+32(FP), DX
	MOVQ CX, R12
	SHLQ $2, R12
	LEAQ (R12)(R12*2), R13
	BCASTZ($0xff800000, X16, Z16) // −Inf
	VMOVAPS Z16, Z17
	VMOVAPS Z16, Z18
	VMOVAPS Z16, Z19
	MOVQ SI, R8
	MOVQ DI, R9
	MOVQ CX, R10

smrpass1:
	VMOVUPS (R8), Z4
	VMOVUPS (R8)(R12*1), Z5
	VMOVUPS (R8)(R12*2), Z6
	VMOVUPS (R8)(R13*1), Z7
	CMPQ DX, $1
	JB smrmax
	JE smrmul
	VDIVPS Z2, Z4, Z4
	VDIVPS Z2, Z5, Z5
	VDIVPS Z2, Z6, Z6
	VDIVPS Z2, Z7, Z7
	JMP smrstore

smrmul:
	VMULPS Z2, Z4, Z4
	VMULPS Z2, Z5, Z5
	VMULPS Z2, Z6, Z6
	VMULPS Z2, Z7, Z7

smrstore:
	VMOVUPS Z4, (R9)
	VMOVUPS Z5, (R9)(R12*1)
	VMOVUPS Z6, (R9)(R12*2)
	VMOVUPS Z7, (R9)(R13*1)

smrmax:
	VMAXPS Z16, Z4, Z16
	VMAXPS Z17, Z5, Z17
	VMAXPS Z18, Z6, Z18
	VMAXPS Z19, Z7, Z19
	ADDQ $64, R8
	ADDQ $64, R9
	SUBQ $16, R10
	JNE smrpass1
	SMMAX(Z16, Y16, Z20)
	SMMAX(Z17, Y17, Z21)
	SMMAX(Z18, Y18, Z22)
	SMMAX(Z19, Y19, Z23)
	ZEXPCONSTS
	VPXORQ Z24, Z24, Z24
	VPXORQ Z25, Z25, Z25
	VPXORQ Z26, Z26, Z26
	VPXORQ Z27, Z27, Z27
	MOVQ SI, R8
	TESTQ DX, DX
	JE smrsrc
	MOVQ DI, R8 // the scaled values

smrsrc:
	MOVQ DI, R9
	MOVQ CX, R10

smrpass2:
	SMEXP((R8), Z20, (R9), Z24)
	SMEXP((R8)(R12*1), Z21, (R9)(R12*1), Z25)
	SMEXP((R8)(R12*2), Z22, (R9)(R12*2), Z26)
	SMEXP((R8)(R13*1), Z23, (R9)(R13*1), Z27)
	ADDQ $64, R8
	ADDQ $64, R9
	SUBQ $16, R10
	JNE smrpass2
	MOVQ $0x3ff0000000000000, AX
	VMOVQ AX, X2
	SMINV(Z24, Y24, Z28)
	SMINV(Z25, Y25, Z29)
	SMINV(Z26, Y26, Z30)
	SMINV(Z27, Y27, Z31)
	MOVQ DI, R9
	MOVQ CX, R10

smrpass3:
	SMNORM((R9), 32(R9), Z28)
	SMNORM((R9)(R12*1), 32(R9)(R12*1), Z29)
	SMNORM((R9)(R12*2), 32(R9)(R12*2), Z30)
	SMNORM((R9)(R13*1), 32(R9)(R13*1), Z31)
	ADDQ $64, R9
	SUBQ $16, R10
	JNE smrpass3
	VZEROUPPER
	RET

// func addRows512(dst, src *float32, rows, cols, ld int)
// For cols a multiple of 16: dst[r·ld + j] += src[r·ld + j] over rows
// rows of cols, in AVX-512 (each sum rounded once, as addf's).
TEXT ·addRows512(SB), NOSPLIT, $0-40
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ rows+16(FP), DX
	MOVQ ld+32(FP), R8
	SHLQ $2, R8
	TESTQ DX, DX
	JE addrdone

addrrow:
	MOVQ cols+24(FP), CX
	XORQ AX, AX

addrcol:
	VMOVUPS (SI)(AX*1), Z0
	VADDPS (DI)(AX*1), Z0, Z0
	VMOVUPS Z0, (DI)(AX*1)
	ADDQ $64, AX
	SUBQ $16, CX
	JNE addrcol
	ADDQ R8, DI
	ADDQ R8, SI
	DECQ DX
	JNE addrrow

addrdone:
	VZEROUPPER
	RET
