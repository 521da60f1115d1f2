#include "textflag.h"

// The 8-tile kernels of winograd.go (F(2×2, 3×3)), AVX2. Eight
// consecutive tiles of one tile row are eight lanes; their columns are in
// the order winoPos gives ([0 1 4 5 2 3 6 7]), the order VSHUFPS leaves
// them in, so neither kernel permutes lanes.

// TRANSFORM applies the row transform [d0-d2, d1+d2, d2-d1, d1-d3] to
// the 18 floats of a row (A = [0:8], B = [8:16], C = [2:10], D = [10:18];
// clobbered) and stores its four vectors at DST, DST+R9, DST+2·R9,
// DST+R13 (R13 = 3·R9).
#define TRANSFORM(A, B, C, D, T0, T1, T2, DST) \
	VSHUFPS $0x88, B, A, T0; \
	VSHUFPS $0xDD, B, A, T1; \
	VSHUFPS $0x88, D, C, T2; \
	VSHUFPS $0xDD, D, C, A; \
	VSUBPS T2, T0, B; \
	VMOVUPS B, (DST); \
	VADDPS T2, T1, B; \
	VMOVUPS B, (DST)(R9*1); \
	VSUBPS T1, T2, B; \
	VMOVUPS B, (DST)(R9*2); \
	VSUBPS A, T1, B; \
	VMOVUPS B, (DST)(R13*1)

#define LOADROW(P, A, B, C, D) \
	VMOVUPS (P), A; \
	VMOVUPS 32(P), B; \
	VMOVUPS 8(P), C; \
	VMOVUPS 40(P), D

// func winoIn8(src *float32, ld int, v *float32, vs int)
// Transforms the 4×18 input block at src (rows ld floats apart) into the
// 16 vectors V[ξ] = v + ξ·vs of eight tiles.
TEXT ·winoIn8(SB), NOSPLIT, $0-32
	MOVQ src+0(FP), SI
	MOVQ ld+8(FP), R8
	MOVQ v+16(FP), DI
	MOVQ vs+24(FP), R9
	SHLQ $2, R8
	SHLQ $2, R9
	LEAQ (R9)(R9*2), R13
	LEAQ (SI)(R8*1), R10  // row 1
	LEAQ (R10)(R8*1), R11 // row 2
	LEAQ (R11)(R8*1), R12 // row 3
	// ξ row 0: row0 - row2
	LOADROW(SI, Y0, Y1, Y2, Y3)
	LOADROW(R11, Y4, Y5, Y6, Y7)
	VSUBPS Y4, Y0, Y0
	VSUBPS Y5, Y1, Y1
	VSUBPS Y6, Y2, Y2
	VSUBPS Y7, Y3, Y3
	TRANSFORM(Y0, Y1, Y2, Y3, Y8, Y9, Y10, DI)
	LEAQ (DI)(R9*4), DI
	// ξ rows 1 and 2: row1 + row2, row2 - row1
	LOADROW(R10, Y0, Y1, Y2, Y3)
	VADDPS Y4, Y0, Y8
	VADDPS Y5, Y1, Y9
	VADDPS Y6, Y2, Y10
	VADDPS Y7, Y3, Y11
	VSUBPS Y0, Y4, Y4
	VSUBPS Y1, Y5, Y5
	VSUBPS Y2, Y6, Y6
	VSUBPS Y3, Y7, Y7
	TRANSFORM(Y8, Y9, Y10, Y11, Y12, Y13, Y14, DI)
	LEAQ (DI)(R9*4), DI
	TRANSFORM(Y4, Y5, Y6, Y7, Y12, Y13, Y14, DI)
	LEAQ (DI)(R9*4), DI
	// ξ row 3: row1 - row3
	VSUBPS (R12), Y0, Y0
	VSUBPS 32(R12), Y1, Y1
	VSUBPS 8(R12), Y2, Y2
	VSUBPS 40(R12), Y3, Y3
	TRANSFORM(Y0, Y1, Y2, Y3, Y8, Y9, Y10, DI)
	VZEROUPPER
	RET

// func winoOut8(m *float32, ms int, y *float32, ld int, bias float32)
// Transforms the 16 vectors M[ξ] = m + ξ·ms of eight tiles into their
// 2×16 output block at y (rows ld floats apart), adding bias.
TEXT ·winoOut8(SB), NOSPLIT, $0-36
	MOVQ m+0(FP), SI
	MOVQ ms+8(FP), R9
	MOVQ y+16(FP), DI
	MOVQ ld+24(FP), R8
	VBROADCASTSS bias+32(FP), Y15
	SHLQ $2, R9
	SHLQ $2, R8
	LEAQ (R9)(R9*2), R13
	LEAQ (SI)(R9*4), R10  // ξ row 1
	LEAQ (R10)(R9*4), R11 // ξ row 2
	LEAQ (R11)(R9*4), R12 // ξ row 3
	// r0[b] = e[b] + e[4+b] + e[8+b], r1[b] = e[4+b] - e[8+b] - e[12+b]
	VMOVUPS (R10), Y0
	VMOVUPS (R11), Y1
	VADDPS Y1, Y0, Y2
	VSUBPS Y1, Y0, Y3
	VADDPS (SI), Y2, Y2
	VSUBPS (R12), Y3, Y3
	VMOVUPS (R10)(R9*1), Y0
	VMOVUPS (R11)(R9*1), Y1
	VADDPS Y1, Y0, Y4
	VSUBPS Y1, Y0, Y5
	VADDPS (SI)(R9*1), Y4, Y4
	VSUBPS (R12)(R9*1), Y5, Y5
	VMOVUPS (R10)(R9*2), Y0
	VMOVUPS (R11)(R9*2), Y1
	VADDPS Y1, Y0, Y6
	VSUBPS Y1, Y0, Y7
	VADDPS (SI)(R9*2), Y6, Y6
	VSUBPS (R12)(R9*2), Y7, Y7
	VMOVUPS (R10)(R13*1), Y0
	VMOVUPS (R11)(R13*1), Y1
	VADDPS Y1, Y0, Y8
	VSUBPS Y1, Y0, Y9
	VADDPS (SI)(R13*1), Y8, Y8
	VSUBPS (R12)(R13*1), Y9, Y9
	// row 0: y00 = r0[0]+r0[1]+r0[2], y01 = r0[1]-r0[2]-r0[3]
	VADDPS Y4, Y2, Y10
	VADDPS Y6, Y10, Y10
	VADDPS Y15, Y10, Y10
	VSUBPS Y6, Y4, Y11
	VSUBPS Y8, Y11, Y11
	VADDPS Y15, Y11, Y11
	VUNPCKLPS Y11, Y10, Y12 // output columns 0..7: lanes hold tiles 0, 1 and 2, 3
	VUNPCKHPS Y11, Y10, Y13 // 8..15
	VMOVUPS Y12, (DI)
	VMOVUPS Y13, 32(DI)
	// row 1, from r1
	VADDPS Y5, Y3, Y10
	VADDPS Y7, Y10, Y10
	VADDPS Y15, Y10, Y10
	VSUBPS Y7, Y5, Y11
	VSUBPS Y9, Y11, Y11
	VADDPS Y15, Y11, Y11
	VUNPCKLPS Y11, Y10, Y12
	VUNPCKHPS Y11, Y10, Y13
	VMOVUPS Y12, (DI)(R8*1)
	VMOVUPS Y13, 32(DI)(R8*1)
	VZEROUPPER
	RET
