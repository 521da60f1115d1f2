#include "textflag.h"

// func wino4Gemm(a *wino4GemmArgs)
// The 36 products of a panel of F(4×4, 3×3) (winograd4.go): for each
// position ξ, C[ξ] = U[ξ]·V[ξ], U[ξ] rows·k packed in panels of 6 rows
// (sgemm.PackA's layout), V[ξ] k×16 (one sgemm.PackB panel), C[ξ] rows×16
// with rows 64 bytes apart. The 6×16 micro-kernel is sgemm's kern6x16;
// looping over panels and positions here saves a Go call per micro-tile
// on GEMMs whose depth (the input channels) is short.
TEXT ·wino4Gemm(SB), NOSPLIT, $0-8
	MOVQ a+0(FP), BX
	MOVQ 0(BX), R10  // U[0]
	MOVQ 8(BX), R11  // V[0]
	MOVQ 16(BX), R12 // C[0]
	MOVQ 40(BX), R13 // positions
pos:
	MOVQ R10, SI
	MOVQ R12, DX
	MOVQ 32(BX), R14 // row panels
panel:
	MOVQ R11, DI
	MOVQ 24(BX), CX // k
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	VXORPS Y2, Y2, Y2
	VXORPS Y3, Y3, Y3
	VXORPS Y4, Y4, Y4
	VXORPS Y5, Y5, Y5
	VXORPS Y6, Y6, Y6
	VXORPS Y7, Y7, Y7
	VXORPS Y8, Y8, Y8
	VXORPS Y9, Y9, Y9
	VXORPS Y10, Y10, Y10
	VXORPS Y11, Y11, Y11

depth:
	VMOVUPS (DI), Y12
	VMOVUPS 32(DI), Y13
	VBROADCASTSS (SI), Y14
	VFMADD231PS Y12, Y14, Y0
	VFMADD231PS Y13, Y14, Y1
	VBROADCASTSS 4(SI), Y15
	VFMADD231PS Y12, Y15, Y2
	VFMADD231PS Y13, Y15, Y3
	VBROADCASTSS 8(SI), Y14
	VFMADD231PS Y12, Y14, Y4
	VFMADD231PS Y13, Y14, Y5
	VBROADCASTSS 12(SI), Y15
	VFMADD231PS Y12, Y15, Y6
	VFMADD231PS Y13, Y15, Y7
	VBROADCASTSS 16(SI), Y14
	VFMADD231PS Y12, Y14, Y8
	VFMADD231PS Y13, Y14, Y9
	VBROADCASTSS 20(SI), Y15
	VFMADD231PS Y12, Y15, Y10
	VFMADD231PS Y13, Y15, Y11
	ADDQ $24, SI
	ADDQ $64, DI
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
