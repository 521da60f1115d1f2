#include "textflag.h"

// Elementwise float32 arithmetic, eight lanes at a time, for n a
// multiple of 8: dst = a OP b over whole vectors (VV), or against the
// scalar b (VS). Each result is rounded once, as Go's float32 arithmetic.

#define VV(NAME, OP) \
TEXT NAME(SB), NOSPLIT, $0-32 \
	MOVQ dst+0(FP), DI \
	MOVQ a+8(FP), SI \
	MOVQ b+16(FP), DX \
	MOVQ n+24(FP), CX \
	TESTQ CX, CX \
	JE vvdone \
vvloop: \
	VMOVUPS (SI), Y0 \
	OP (DX), Y0, Y0 \
	VMOVUPS Y0, (DI) \
	ADDQ $32, SI \
	ADDQ $32, DX \
	ADDQ $32, DI \
	SUBQ $8, CX \
	JNE vvloop \
vvdone: \
	VZEROUPPER \
	RET

#define VS(NAME, OP) \
TEXT NAME(SB), NOSPLIT, $0-32 \
	MOVQ dst+0(FP), DI \
	MOVQ a+8(FP), SI \
	VBROADCASTSS b+16(FP), Y1 \
	MOVQ n+24(FP), CX \
	TESTQ CX, CX \
	JE vsdone \
vsloop: \
	VMOVUPS (SI), Y0 \
	OP Y1, Y0, Y0 \
	VMOVUPS Y0, (DI) \
	ADDQ $32, SI \
	ADDQ $32, DI \
	SUBQ $8, CX \
	JNE vsloop \
vsdone: \
	VZEROUPPER \
	RET

// func addVV(dst, a, b *float32, n int)
VV(·addVV, VADDPS)

// func subVV(dst, a, b *float32, n int)
VV(·subVV, VSUBPS)

// func mulVV(dst, a, b *float32, n int)
VV(·mulVV, VMULPS)

// func divVV(dst, a, b *float32, n int)
VV(·divVV, VDIVPS)

// func addVS(dst, a *float32, b float32, n int)
VS(·addVS, VADDPS)

// func subVS(dst, a *float32, b float32, n int)
VS(·subVS, VSUBPS)

// func mulVS(dst, a *float32, b float32, n int)
VS(·mulVS, VMULPS)

// func divVS(dst, a *float32, b float32, n int)
VS(·divVS, VDIVPS)

// func leakyAVX2(dst, src *float32, n int, alpha float32)
// dst = src < 0 ? src·alpha : src, for n a multiple of 8: the product
// selected where the input is negative (NaN and −0 pass through), as
// LeakyRelu's Go loop.
TEXT ·leakyAVX2(SB), NOSPLIT, $0-28
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	VBROADCASTSS alpha+24(FP), Y1
	VXORPS Y2, Y2, Y2
	TESTQ CX, CX
	JE leakydone
leakyloop:
	VMOVUPS (SI), Y0
	VMULPS Y1, Y0, Y3
	VCMPPS $1, Y2, Y0, Y4
	VBLENDVPS Y4, Y3, Y0, Y0
	VMOVUPS Y0, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
	SUBQ $8, CX
	JNE leakyloop
leakydone:
	VZEROUPPER
	RET

// func lerpAVX2(dst, a, b *float32, n int, w float32)
// dst = a + (b − a)·w for n a multiple of 8, each operation rounded as
// Go's float32 arithmetic.
TEXT ·lerpAVX2(SB), NOSPLIT, $0-36
	MOVQ dst+0(FP), DI
	MOVQ a+8(FP), SI
	MOVQ b+16(FP), DX
	MOVQ n+24(FP), CX
	VBROADCASTSS w+32(FP), Y1
	TESTQ CX, CX
	JE lerpdone
lerploop:
	VMOVUPS (SI), Y0
	VMOVUPS (DX), Y2
	VSUBPS Y0, Y2, Y2
	VMULPS Y1, Y2, Y2
	VADDPS Y2, Y0, Y0
	VMOVUPS Y0, (DI)
	ADDQ $32, SI
	ADDQ $32, DX
	ADDQ $32, DI
	SUBQ $8, CX
	JNE lerploop
lerpdone:
	VZEROUPPER
	RET

// func lineAVX2(dst, r *float32, x0, x1 *int32, w *float32, n int)
// dst[i] = r[x0[i]] + (r[x1[i]] − r[x0[i]])·w[i] for n a multiple of 8,
// the two neighbours gathered, each operation rounded as Go's float32
// arithmetic (linear Resize along a row).
TEXT ·lineAVX2(SB), NOSPLIT, $0-48
	MOVQ dst+0(FP), DI
	MOVQ r+8(FP), SI
	MOVQ x0+16(FP), R8
	MOVQ x1+24(FP), R9
	MOVQ w+32(FP), R10
	MOVQ n+40(FP), CX
	TESTQ CX, CX
	JE linedone
lineloop:
	VMOVDQU (R8), Y1
	VMOVDQU (R9), Y2
	VPCMPEQD Y3, Y3, Y3
	VGATHERDPS Y3, (SI)(Y1*4), Y4
	VPCMPEQD Y3, Y3, Y3
	VGATHERDPS Y3, (SI)(Y2*4), Y5
	VSUBPS Y4, Y5, Y5
	VMULPS (R10), Y5, Y5
	VADDPS Y5, Y4, Y4
	VMOVUPS Y4, (DI)
	ADDQ $32, R8
	ADDQ $32, R9
	ADDQ $32, R10
	ADDQ $32, DI
	SUBQ $8, CX
	JNE lineloop
linedone:
	VZEROUPPER
	RET
