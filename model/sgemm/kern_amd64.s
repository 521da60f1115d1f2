#include "textflag.h"

// ZERO6x16 clears the accumulators of a 6×16 tile, Y0–Y11 (row r in
// Y(2r) and Y(2r+1)).
#define ZERO6x16 \
	VXORPS Y0, Y0, Y0 \
	VXORPS Y1, Y1, Y1 \
	VXORPS Y2, Y2, Y2 \
	VXORPS Y3, Y3, Y3 \
	VXORPS Y4, Y4, Y4 \
	VXORPS Y5, Y5, Y5 \
	VXORPS Y6, Y6, Y6 \
	VXORPS Y7, Y7, Y7 \
	VXORPS Y8, Y8, Y8 \
	VXORPS Y9, Y9, Y9 \
	VXORPS Y10, Y10, Y10 \
	VXORPS Y11, Y11, Y11

// STEP6x16 is one depth of a 6×16 tile: a row of the B panel at DI times
// the six A elements at SI, into Y0–Y11; then SI and DI step on.
#define STEP6x16 \
	VMOVUPS (DI), Y12 \
	VMOVUPS 32(DI), Y13 \
	VBROADCASTSS (SI), Y14 \
	VFMADD231PS Y12, Y14, Y0 \
	VFMADD231PS Y13, Y14, Y1 \
	VBROADCASTSS 4(SI), Y15 \
	VFMADD231PS Y12, Y15, Y2 \
	VFMADD231PS Y13, Y15, Y3 \
	VBROADCASTSS 8(SI), Y14 \
	VFMADD231PS Y12, Y14, Y4 \
	VFMADD231PS Y13, Y14, Y5 \
	VBROADCASTSS 12(SI), Y15 \
	VFMADD231PS Y12, Y15, Y6 \
	VFMADD231PS Y13, Y15, Y7 \
	VBROADCASTSS 16(SI), Y14 \
	VFMADD231PS Y12, Y14, Y8 \
	VFMADD231PS Y13, Y14, Y9 \
	VBROADCASTSS 20(SI), Y15 \
	VFMADD231PS Y12, Y15, Y10 \
	VFMADD231PS Y13, Y15, Y11 \
	ADDQ $24, SI \
	ADDQ $64, DI

// func kern6x16(k int, a, b, c *float32, ldc int, acc bool)
// C[6×16] += A·B (C = A·B when acc is false), A packed as k groups of 6,
// B as k groups of 16, C rows ldc apart.
TEXT ·kern6x16(SB), NOSPLIT, $0-41
	MOVQ k+0(FP), CX
	MOVQ a+8(FP), SI
	MOVQ b+16(FP), DI
	MOVQ c+24(FP), DX
	MOVQ ldc+32(FP), R8
	MOVBQZX acc+40(FP), R9
	SHLQ $2, R8
	ZERO6x16
	TESTQ CX, CX
	JE store6

loop6:
	STEP6x16
	DECQ CX
	JNE loop6

store6:
	TESTQ R9, R9
	JE set6
	VADDPS (DX), Y0, Y0
	VMOVUPS Y0, (DX)
	VADDPS 32(DX), Y1, Y1
	VMOVUPS Y1, 32(DX)
	ADDQ R8, DX
	VADDPS (DX), Y2, Y2
	VMOVUPS Y2, (DX)
	VADDPS 32(DX), Y3, Y3
	VMOVUPS Y3, 32(DX)
	ADDQ R8, DX
	VADDPS (DX), Y4, Y4
	VMOVUPS Y4, (DX)
	VADDPS 32(DX), Y5, Y5
	VMOVUPS Y5, 32(DX)
	ADDQ R8, DX
	VADDPS (DX), Y6, Y6
	VMOVUPS Y6, (DX)
	VADDPS 32(DX), Y7, Y7
	VMOVUPS Y7, 32(DX)
	ADDQ R8, DX
	VADDPS (DX), Y8, Y8
	VMOVUPS Y8, (DX)
	VADDPS 32(DX), Y9, Y9
	VMOVUPS Y9, 32(DX)
	ADDQ R8, DX
	VADDPS (DX), Y10, Y10
	VMOVUPS Y10, (DX)
	VADDPS 32(DX), Y11, Y11
	VMOVUPS Y11, 32(DX)
	VZEROUPPER
	RET

set6:
	VMOVUPS Y0, (DX)
	VMOVUPS Y1, 32(DX)
	ADDQ R8, DX
	VMOVUPS Y2, (DX)
	VMOVUPS Y3, 32(DX)
	ADDQ R8, DX
	VMOVUPS Y4, (DX)
	VMOVUPS Y5, 32(DX)
	ADDQ R8, DX
	VMOVUPS Y6, (DX)
	VMOVUPS Y7, 32(DX)
	ADDQ R8, DX
	VMOVUPS Y8, (DX)
	VMOVUPS Y9, 32(DX)
	ADDQ R8, DX
	VMOVUPS Y10, (DX)
	VMOVUPS Y11, 32(DX)
	VZEROUPPER
	RET

// func kern1x16(k int, a, b, c *float32)
// c[16] += a[0:k]·B, B packed as k groups of 16.
TEXT ·kern1x16(SB), NOSPLIT, $0-32
	MOVQ k+0(FP), CX
	MOVQ a+8(FP), SI
	MOVQ b+16(FP), DI
	MOVQ c+24(FP), DX
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	CMPQ CX, $2
	JL tail1

loop1:
	VBROADCASTSS (SI), Y14
	VBROADCASTSS 4(SI), Y15
	VFMADD231PS (DI), Y14, Y0
	VFMADD231PS 32(DI), Y14, Y1
	VFMADD231PS 64(DI), Y15, Y2
	VFMADD231PS 96(DI), Y15, Y3
	ADDQ $8, SI
	ADDQ $128, DI
	SUBQ $2, CX
	CMPQ CX, $2
	JGE loop1

tail1:
	TESTQ CX, CX
	JE store1
	VBROADCASTSS (SI), Y14
	VFMADD231PS (DI), Y14, Y0
	VFMADD231PS 32(DI), Y14, Y1

store1:
	VADDPS Y2, Y0, Y0
	VADDPS Y3, Y1, Y1
	VADDPS (DX), Y0, Y0
	VMOVUPS Y0, (DX)
	VADDPS 32(DX), Y1, Y1
	VMOVUPS Y1, 32(DX)
	VZEROUPPER
	RET

// The kernels of MulSetPanels (panels.go): count products C[x] = A[x]·B[x],
// A[x] rows×k packed in panels of 6 rows, B[x] one packed panel (k×16),
// C[x] rows×16 with rows 64 bytes apart. Looping over panels and products
// here saves a Go call per micro-tile on products whose depth is short
// (Winograd's, over the input channels).
//
// The arguments (panelArgs) at BX: 0 A[0], 8 B[0], 16 C[0], 24 k,
// 32 panels, 40 count, 48/56/64 bytes from A[x], B[x], C[x] to the next.

// func panelsAVX2(a *panelArgs)
// The 6×16 step is kern6x16's.
TEXT ·panelsAVX2(SB), NOSPLIT, $0-8
	MOVQ a+0(FP), BX
	MOVQ 0(BX), R10  // A[0]
	MOVQ 8(BX), R11  // B[0]
	MOVQ 16(BX), R12 // C[0]
	MOVQ 40(BX), R13 // products
pos:
	MOVQ R10, SI
	MOVQ R12, DX
	MOVQ 32(BX), R14 // row panels
panel:
	MOVQ R11, DI
	MOVQ 24(BX), CX // k
	ZERO6x16

depth:
	STEP6x16
	DECQ CX
	JNE depth

	VMOVUPS Y0, (DX)
	VMOVUPS Y1, 32(DX)
	VMOVUPS Y2, 64(DX)
	VMOVUPS Y3, 96(DX)
	VMOVUPS Y4, 128(DX)
	VMOVUPS Y5, 160(DX)
	VMOVUPS Y6, 192(DX)
	VMOVUPS Y7, 224(DX)
	VMOVUPS Y8, 256(DX)
	VMOVUPS Y9, 288(DX)
	VMOVUPS Y10, 320(DX)
	VMOVUPS Y11, 352(DX)
	ADDQ $384, DX
	DECQ R14
	JNE panel

	ADDQ 48(BX), R10
	ADDQ 56(BX), R11
	ADDQ 64(BX), R12
	DECQ R13
	JNE pos
	VZEROUPPER
	RET
