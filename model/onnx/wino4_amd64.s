#include "textflag.h"

// The 8-tile kernels of winograd4.go (F(4×4, 3×3)), AVX2 and FMA. Eight
// tiles anywhere (each with its own row pointer, row stride and channel
// stride, so border tiles can come from zero-padded copies) are the eight
// lanes of a vector, in order. Both kernels loop over channels; a pass
// over the rows of the 6×6 (input) or 6×4 (output) block writes 36 or 24
// vectors to tmp, and a pass over its columns finishes the transform.

// Offsets into wino4In and wino4Out (winograd4.go).
#define PTR 0
#define LD 64
#define CS 128
#define MAT 192
#define MS 200
#define MCS 208
#define NCH 216
#define TMP 224
#define BIAS 232
#define BCS 240
#define PF 248

#define BCAST(imm, X, Y) MOVL imm, AX; VMOVD AX, X; VBROADCASTSS X, Y

// LOADPAIR puts columns 0..3 of the rows at P and Q into the halves of X
// (and of Y the name of the same register) and columns 4..7 into XH/YH.
#define LOADPAIR(P, Q, X, Y, XH, YH) \
	VMOVUPS (P), X; \
	VINSERTF128 $1, (Q), Y, Y; \
	VMOVUPS 16(P), XH; \
	VINSERTF128 $1, 16(Q), YH, YH

// NEXTROW advances the eight row pointers by their row strides.
#define NEXTROW \
	ADDQ LD+0(BX), AX; \
	ADDQ LD+8(BX), CX; \
	ADDQ LD+16(BX), DX; \
	ADDQ LD+24(BX), SI; \
	ADDQ LD+32(BX), R8; \
	ADDQ LD+40(BX), R10; \
	ADDQ LD+48(BX), R11; \
	ADDQ LD+56(BX), R12

// BT applies Bᵀ (Lavin and Gray's F(4, 3), points 0, ±1, ±2, ∞) to d0..d5
// in Y0..Y5 (clobbered); Y12 = 4, Y13 = 5, Y14 = 2. The six results are
// in Y6, Y9, Y10, Y11, Y4, Y5.
#define BT \
	VMOVAPS Y4, Y6; \
	VFMADD231PS Y12, Y0, Y6; \
	VFNMADD231PS Y13, Y2, Y6; \
	VFMADD231PS Y12, Y1, Y5; \
	VFNMADD231PS Y13, Y3, Y5; \
	VMOVAPS Y4, Y7; \
	VFNMADD231PS Y12, Y2, Y7; \
	VMOVAPS Y3, Y8; \
	VFNMADD231PS Y12, Y1, Y8; \
	VADDPS Y8, Y7, Y9; \
	VSUBPS Y8, Y7, Y10; \
	VSUBPS Y2, Y4, Y4; \
	VSUBPS Y1, Y3, Y3; \
	VMOVAPS Y4, Y11; \
	VFMADD231PS Y14, Y3, Y11; \
	VFNMADD231PS Y14, Y3, Y4

// INROW loads one row of the eight tiles, splits it into the six columns
// of each (lanes = tiles), applies Bᵀ along the row and stores the six
// vectors at tmp+OFF.
#define INROW(OFF) \
	LOADPAIR(AX, R8, X0, Y0, X4, Y4); \
	LOADPAIR(CX, R10, X1, Y1, X5, Y5); \
	LOADPAIR(DX, R11, X2, Y2, X6, Y6); \
	LOADPAIR(SI, R12, X3, Y3, X7, Y7); \
	VUNPCKLPS Y1, Y0, Y8; \
	VUNPCKHPS Y1, Y0, Y9; \
	VUNPCKLPS Y3, Y2, Y10; \
	VUNPCKHPS Y3, Y2, Y11; \
	VSHUFPS $0x44, Y10, Y8, Y0; \
	VSHUFPS $0xEE, Y10, Y8, Y1; \
	VSHUFPS $0x44, Y11, Y9, Y2; \
	VSHUFPS $0xEE, Y11, Y9, Y3; \
	VUNPCKLPS Y5, Y4, Y8; \
	VUNPCKLPS Y7, Y6, Y10; \
	VSHUFPS $0x44, Y10, Y8, Y4; \
	VSHUFPS $0xEE, Y10, Y8, Y5; \
	BT; \
	VMOVUPS Y6, (OFF+0)(R13); \
	VMOVUPS Y9, (OFF+32)(R13); \
	VMOVUPS Y10, (OFF+64)(R13); \
	VMOVUPS Y11, (OFF+96)(R13); \
	VMOVUPS Y4, (OFF+128)(R13); \
	VMOVUPS Y5, (OFF+160)(R13); \
	PREFETCHT0 (AX)(DI*1); \
	PREFETCHT0 (R8)(DI*1); \
	PREFETCHT0 16(R12)(DI*1); \
	NEXTROW

// INCOL applies Bᵀ down column J of tmp and stores the six vectors at
// V[i·6+J] = AX + (i·6+J)·vs (R9 = vs, R14 = 6·vs, R15 = 3·6·vs).
#define INCOL(J) \
	VMOVUPS (J*32)(R13), Y0; \
	VMOVUPS (J*32+192)(R13), Y1; \
	VMOVUPS (J*32+384)(R13), Y2; \
	VMOVUPS (J*32+576)(R13), Y3; \
	VMOVUPS (J*32+768)(R13), Y4; \
	VMOVUPS (J*32+960)(R13), Y5; \
	BT; \
	VMOVUPS Y6, (AX); \
	VMOVUPS Y9, (AX)(R14*1); \
	VMOVUPS Y10, (AX)(R14*2); \
	VMOVUPS Y11, (AX)(R15*1); \
	VMOVUPS Y4, (AX)(R14*4); \
	ADDQ R15, AX; \
	VMOVUPS Y5, (AX)(R14*2); \
	SUBQ R15, AX; \
	ADDQ R9, AX

// func wino4In8(a *wino4Args, groups int)
// Transforms the input of groups (1 or 2) groups of eight tiles, at a[0],
// a[1], channel by channel (both groups of a channel write the same cache
// lines of V).
TEXT ·wino4In8(SB), NOSPLIT, $0-16
	MOVQ a+0(FP), BX
	MOVQ groups+8(FP), AX
	SHLQ $8, AX
	ADDQ BX, AX
	MOVQ AX, groups+8(FP) // the end of the groups' arguments
	BCAST($0x40800000, X12, Y12) // 4
	BCAST($0x40a00000, X13, Y13) // 5
	BCAST($0x40000000, X14, Y14) // 2
	MOVQ MS(BX), R9
	MOVQ TMP(BX), R13
	LEAQ (R9)(R9*2), R14
	SHLQ $1, R14           // 6·vs
	LEAQ (R14)(R14*2), R15 // 18·vs
	MOVQ PF(BX), DI
inloop:
	MOVQ a+0(FP), BX
ingroup:
	MOVQ PTR+0(BX), AX
	MOVQ PTR+8(BX), CX
	MOVQ PTR+16(BX), DX
	MOVQ PTR+24(BX), SI
	MOVQ PTR+32(BX), R8
	MOVQ PTR+40(BX), R10
	MOVQ PTR+48(BX), R11
	MOVQ PTR+56(BX), R12
	INROW(0)
	INROW(192)
	INROW(384)
	INROW(576)
	INROW(768)
	INROW(960)
	MOVQ MAT(BX), AX
	INCOL(0)
	INCOL(1)
	INCOL(2)
	INCOL(3)
	INCOL(4)
	INCOL(5)
	MOVQ MCS(BX), AX
	ADDQ AX, MAT(BX)
	MOVQ CS+0(BX), AX
	ADDQ AX, PTR+0(BX)
	MOVQ CS+8(BX), AX
	ADDQ AX, PTR+8(BX)
	MOVQ CS+16(BX), AX
	ADDQ AX, PTR+16(BX)
	MOVQ CS+24(BX), AX
	ADDQ AX, PTR+24(BX)
	MOVQ CS+32(BX), AX
	ADDQ AX, PTR+32(BX)
	MOVQ CS+40(BX), AX
	ADDQ AX, PTR+40(BX)
	MOVQ CS+48(BX), AX
	ADDQ AX, PTR+48(BX)
	MOVQ CS+56(BX), AX
	ADDQ AX, PTR+56(BX)
	ADDQ $256, BX
	CMPQ BX, groups+8(FP)
	JB ingroup
	MOVQ a+0(FP), BX
	DECQ NCH(BX)
	JNZ inloop
	VZEROUPPER
	RET

// AT applies Aᵀ = [1 1 1 1 1 0; 0 1 -1 2 -2 0; 0 1 1 4 4 0; 0 1 -1 8 -8 1]
// to m0..m5 in Y0..Y5 (clobbered); Y12 = 4, Y13 = 8, Y14 = 2. The four
// results are in Y0, Y1, Y2, Y3.
#define AT \
	VADDPS Y2, Y1, Y6; \
	VSUBPS Y2, Y1, Y7; \
	VADDPS Y4, Y3, Y8; \
	VSUBPS Y4, Y3, Y9; \
	VADDPS Y6, Y0, Y0; \
	VADDPS Y8, Y0, Y0; \
	VMOVAPS Y7, Y1; \
	VFMADD231PS Y14, Y9, Y1; \
	VMOVAPS Y6, Y2; \
	VFMADD231PS Y12, Y8, Y2; \
	VADDPS Y7, Y5, Y3; \
	VFMADD231PS Y13, Y9, Y3

// OUTCOL applies Aᵀ down column J of the 6×6 products (at SI + ξ·ms,
// R9 = ms, R14 = 6·ms, R15 = 18·ms) and stores the four vectors at
// tmp + (k·6+J)·32. Column 1 first gets the bias added to its row 1
// (Aᵀ's column 1 is all ones, so that adds the bias to every output).
#define OUTCOL(J, ADDBIAS) \
	VMOVUPS (SI), Y0; \
	VMOVUPS (SI)(R14*1), Y1; \
	ADDBIAS; \
	VMOVUPS (SI)(R14*2), Y2; \
	VMOVUPS (SI)(R15*1), Y3; \
	VMOVUPS (SI)(R14*4), Y4; \
	ADDQ R15, SI; \
	VMOVUPS (SI)(R14*2), Y5; \
	SUBQ R15, SI; \
	AT; \
	VMOVUPS Y0, (J*32)(R13); \
	VMOVUPS Y1, (J*32+192)(R13); \
	VMOVUPS Y2, (J*32+384)(R13); \
	VMOVUPS Y3, (J*32+576)(R13); \
	ADDQ R9, SI

#define NOBIAS
#define WITHBIAS VADDPS Y15, Y1, Y1

// STOREHALVES stores the halves of Y (X the same register) at P and Q.
#define STOREHALVES(X, Y, P, Q) \
	VMOVUPS X, (P); \
	VEXTRACTF128 $1, Y, (Q)

// OUTROW applies Aᵀ along row K of tmp, turns the four vectors (lanes =
// tiles) into the eight tiles' rows of four and stores them.
#define OUTROW(K) \
	VMOVUPS (K*192)(R13), Y0; \
	VMOVUPS (K*192+32)(R13), Y1; \
	VMOVUPS (K*192+64)(R13), Y2; \
	VMOVUPS (K*192+96)(R13), Y3; \
	VMOVUPS (K*192+128)(R13), Y4; \
	VMOVUPS (K*192+160)(R13), Y5; \
	AT; \
	VUNPCKLPS Y1, Y0, Y8; \
	VUNPCKHPS Y1, Y0, Y9; \
	VUNPCKLPS Y3, Y2, Y10; \
	VUNPCKHPS Y3, Y2, Y11; \
	VSHUFPS $0x44, Y10, Y8, Y0; \
	VSHUFPS $0xEE, Y10, Y8, Y1; \
	VSHUFPS $0x44, Y11, Y9, Y2; \
	VSHUFPS $0xEE, Y11, Y9, Y3; \
	STOREHALVES(X0, Y0, AX, R8); \
	STOREHALVES(X1, Y1, CX, R10); \
	STOREHALVES(X2, Y2, DX, R11); \
	STOREHALVES(X3, Y3, DI, R12); \
	PREFETCHT0 (AX)(SI*1); \
	PREFETCHT0 (R8)(SI*1); \
	PREFETCHT0 (R12)(SI*1); \
	ADDQ LD+0(BX), AX; \
	ADDQ LD+8(BX), CX; \
	ADDQ LD+16(BX), DX; \
	ADDQ LD+24(BX), DI; \
	ADDQ LD+32(BX), R8; \
	ADDQ LD+40(BX), R10; \
	ADDQ LD+48(BX), R11; \
	ADDQ LD+56(BX), R12

// func wino4Out8(a *wino4Args, groups int)
// Transforms the products of groups (1 or 2) groups of eight tiles, at
// a[0], a[1], into their outputs, channel by channel.
TEXT ·wino4Out8(SB), NOSPLIT, $0-16
	MOVQ a+0(FP), BX
	MOVQ groups+8(FP), AX
	SHLQ $8, AX
	ADDQ BX, AX
	MOVQ AX, groups+8(FP) // the end of the groups' arguments
	BCAST($0x40800000, X12, Y12) // 4
	BCAST($0x41000000, X13, Y13) // 8
	BCAST($0x40000000, X14, Y14) // 2
	MOVQ MS(BX), R9
	MOVQ TMP(BX), R13
	LEAQ (R9)(R9*2), R14
	SHLQ $1, R14           // 6·ms
	LEAQ (R14)(R14*2), R15 // 18·ms
outloop:
	MOVQ a+0(FP), BX
outgroup:
	MOVQ BIAS(BX), AX
	VBROADCASTSS (AX), Y15
	MOVQ BCS(BX), CX
	ADDQ CX, BIAS(BX)
	MOVQ MAT(BX), SI
	OUTCOL(0, NOBIAS)
	OUTCOL(1, WITHBIAS)
	OUTCOL(2, NOBIAS)
	OUTCOL(3, NOBIAS)
	OUTCOL(4, NOBIAS)
	OUTCOL(5, NOBIAS)
	MOVQ MCS(BX), AX
	ADDQ AX, MAT(BX)
	MOVQ PTR+0(BX), AX
	MOVQ PTR+8(BX), CX
	MOVQ PTR+16(BX), DX
	MOVQ PTR+24(BX), DI
	MOVQ PTR+32(BX), R8
	MOVQ PTR+40(BX), R10
	MOVQ PTR+48(BX), R11
	MOVQ PTR+56(BX), R12
	MOVQ PF(BX), SI
	OUTROW(0)
	OUTROW(1)
	OUTROW(2)
	OUTROW(3)
	MOVQ CS+0(BX), AX
	ADDQ AX, PTR+0(BX)
	MOVQ CS+8(BX), AX
	ADDQ AX, PTR+8(BX)
	MOVQ CS+16(BX), AX
	ADDQ AX, PTR+16(BX)
	MOVQ CS+24(BX), AX
	ADDQ AX, PTR+24(BX)
	MOVQ CS+32(BX), AX
	ADDQ AX, PTR+32(BX)
	MOVQ CS+40(BX), AX
	ADDQ AX, PTR+40(BX)
	MOVQ CS+48(BX), AX
	ADDQ AX, PTR+48(BX)
	MOVQ CS+56(BX), AX
	ADDQ AX, PTR+56(BX)
	ADDQ $256, BX
	CMPQ BX, groups+8(FP)
	JB outgroup
	MOVQ a+0(FP), BX
	DECQ NCH(BX)
	JNZ outloop
	VZEROUPPER
	RET
