#include "textflag.h"

// wino4Narrow512's arguments (wino4NarrowArgs).
#define NA_U 0
#define NA_V 8
#define NA_M 16
#define NA_LDU 24
#define NA_US 32
#define NA_VS 40
#define NA_MS 48
#define NA_ROWS 56
#define NA_CIN 64

// Each block of 16·N output channels (N = 3, 2, 1) sums over the CX
// input channels, from the rows of Uᵀ at BX (R11 bytes apart) and of V at
// DX, its products with 4 tiles: accumulator Z(4j+t) holds channels
// 16j..16j+15 of tile t.
#define NZERO(a, b, c, d) \
	VPXORD a, a, a \
	VPXORD b, b, b \
	VPXORD c, c, c \
	VPXORD d, d, d

#define NFMA(u, a, b, c, d) \
	VFMADD231PS u, Z28, a \
	VFMADD231PS u, Z29, b \
	VFMADD231PS u, Z30, c \
	VFMADD231PS u, Z31, d

// NSTORE writes the accumulators a..d (tiles 0–3 of 16 channels) to the
// 16 product rows at off(R10), 64 bytes apart, 4 floats (the tiles) each:
// a 4×4 transpose in each 128-bit lane, then lane l holds rows 4l..4l+3.
#define NSTORE(a, b, c, d, off) \
	VUNPCKLPS b, a, Z12 \
	VUNPCKHPS b, a, Z13 \
	VUNPCKLPS d, c, Z14 \
	VUNPCKHPS d, c, Z15 \
	VUNPCKLPD Z14, Z12, Z16 \
	VUNPCKHPD Z14, Z12, Z17 \
	VUNPCKLPD Z15, Z13, Z18 \
	VUNPCKHPD Z15, Z13, Z19 \
	VMOVUPS X16, (off+0)(R10) \
	VMOVUPS X17, (off+64)(R10) \
	VMOVUPS X18, (off+128)(R10) \
	VMOVUPS X19, (off+192)(R10) \
	VEXTRACTF32X4 $1, Z16, (off+256)(R10) \
	VEXTRACTF32X4 $1, Z17, (off+320)(R10) \
	VEXTRACTF32X4 $1, Z18, (off+384)(R10) \
	VEXTRACTF32X4 $1, Z19, (off+448)(R10) \
	VEXTRACTF32X4 $2, Z16, (off+512)(R10) \
	VEXTRACTF32X4 $2, Z17, (off+576)(R10) \
	VEXTRACTF32X4 $2, Z18, (off+640)(R10) \
	VEXTRACTF32X4 $2, Z19, (off+704)(R10) \
	VEXTRACTF32X4 $3, Z16, (off+768)(R10) \
	VEXTRACTF32X4 $3, Z17, (off+832)(R10) \
	VEXTRACTF32X4 $3, Z18, (off+896)(R10) \
	VEXTRACTF32X4 $3, Z19, (off+960)(R10)

// NLOAD broadcasts the 4 tiles of V's row at DX.
#define NLOAD \
	VBROADCASTSS 0(DX), Z28 \
	VBROADCASTSS 4(DX), Z29 \
	VBROADCASTSS 8(DX), Z30 \
	VBROADCASTSS 12(DX), Z31

// func wino4Narrow512(a *wino4NarrowArgs)
// For each of the 36 positions ξ: products[ξ] (rows output channels,
// 16 floats apart, of which the first 4, tiles 0–3, are written) =
// Uᵀ[ξ]ᵀ · V[ξ] (V: cin rows of 16 tiles, the first 4 read), each sum
// from 0 over the input channels in order by FMA, as sgemm's kernels sum
// it. rows ≥ 16.
TEXT ·wino4Narrow512(SB), NOSPLIT, $0-8
	MOVQ a+0(FP), AX
	MOVQ NA_U(AX), SI
	MOVQ NA_V(AX), DI
	MOVQ NA_M(AX), R10
	MOVQ NA_LDU(AX), R11
	MOVQ $36, R12

nxi:
	MOVQ SI, R13
	MOVQ R10, R14
	MOVQ NA_ROWS(AX), R9

nrows:
	CMPQ R9, $48
	JB nrows32
	NZERO(Z0, Z1, Z2, Z3)
	NZERO(Z4, Z5, Z6, Z7)
	NZERO(Z8, Z9, Z10, Z11)
	MOVQ SI, BX
	MOVQ DI, DX
	MOVQ NA_CIN(AX), CX

nsum48:
	NLOAD
	VMOVUPS (BX), Z24
	VMOVUPS 64(BX), Z25
	VMOVUPS 128(BX), Z26
	NFMA(Z24, Z0, Z1, Z2, Z3)
	NFMA(Z25, Z4, Z5, Z6, Z7)
	NFMA(Z26, Z8, Z9, Z10, Z11)
	ADDQ R11, BX
	ADDQ $64, DX
	DECQ CX
	JNZ nsum48
	NSTORE(Z0, Z1, Z2, Z3, 0)
	NSTORE(Z4, Z5, Z6, Z7, 1024)
	NSTORE(Z8, Z9, Z10, Z11, 2048)
	ADDQ $192, SI
	ADDQ $3072, R10
	SUBQ $48, R9
	JMP nrows

nrows32:
	CMPQ R9, $32
	JB nrows16
	NZERO(Z0, Z1, Z2, Z3)
	NZERO(Z4, Z5, Z6, Z7)
	MOVQ SI, BX
	MOVQ DI, DX
	MOVQ NA_CIN(AX), CX

nsum32:
	NLOAD
	VMOVUPS (BX), Z24
	VMOVUPS 64(BX), Z25
	NFMA(Z24, Z0, Z1, Z2, Z3)
	NFMA(Z25, Z4, Z5, Z6, Z7)
	ADDQ R11, BX
	ADDQ $64, DX
	DECQ CX
	JNZ nsum32
	NSTORE(Z0, Z1, Z2, Z3, 0)
	NSTORE(Z4, Z5, Z6, Z7, 1024)
	ADDQ $128, SI
	ADDQ $2048, R10
	SUBQ $32, R9
	JMP nrows

nrows16:
	TESTQ R9, R9
	JZ nnext
	CMPQ R9, $16
	JAE nblock16
	// Fewer than 16 channels left: the last 16 of the range, overlapping
	// channels done already (the same sums again, the same bits).
	MOVQ $16, BX
	SUBQ R9, BX
	SHLQ $2, BX
	SUBQ BX, SI
	SHLQ $4, BX
	SUBQ BX, R10
	MOVQ $16, R9

nblock16:
	NZERO(Z0, Z1, Z2, Z3)
	MOVQ SI, BX
	MOVQ DI, DX
	MOVQ NA_CIN(AX), CX

nsum16:
	NLOAD
	VMOVUPS (BX), Z24
	NFMA(Z24, Z0, Z1, Z2, Z3)
	ADDQ R11, BX
	ADDQ $64, DX
	DECQ CX
	JNZ nsum16
	NSTORE(Z0, Z1, Z2, Z3, 0)
	ADDQ $64, SI
	ADDQ $1024, R10
	SUBQ $16, R9
	JMP nrows

nnext:
	MOVQ R13, SI
	MOVQ R14, R10
	ADDQ NA_US(AX), SI
	ADDQ NA_VS(AX), DI
	ADDQ NA_MS(AX), R10
	DECQ R12
	JNZ nxi
	VZEROUPPER
	RET
