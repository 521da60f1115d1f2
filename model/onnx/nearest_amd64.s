#include "textflag.h"

// Lane numbers 0–15, the first indices of a 16-column block.
DATA nearestLanes<>+0x00(SB)/8, $0x0000000100000000
DATA nearestLanes<>+0x08(SB)/8, $0x0000000300000002
DATA nearestLanes<>+0x10(SB)/8, $0x0000000500000004
DATA nearestLanes<>+0x18(SB)/8, $0x0000000700000006
DATA nearestLanes<>+0x20(SB)/8, $0x0000000900000008
DATA nearestLanes<>+0x28(SB)/8, $0x0000000b0000000a
DATA nearestLanes<>+0x30(SB)/8, $0x0000000d0000000c
DATA nearestLanes<>+0x38(SB)/8, $0x0000000f0000000e
GLOBL nearestLanes<>(SB), RODATA|NOPTR, $64

// func nearest512(r float32, p, n *float32, k int) int
// The index of the least (r − p[c]) + n[c], c < k (k ≥ 1), the first of
// equal ones, as one scan with "less than" finds it: each of 16 lanes
// keeps its least value and the first column giving it (a lane starts at
// column 0's value, so a NaN, never less, is never taken), then of the
// lanes holding the least value the one of the lowest column wins. A NaN
// at column 0 gives 0.
TEXT ·nearest512(SB), NOSPLIT, $0-40
	VBROADCASTSS r+0(FP), Z0
	MOVQ p+8(FP), SI
	MOVQ n+16(FP), DI
	MOVQ k+24(FP), CX
	XORQ AX, AX
	VMOVSS (SI), X1
	VSUBSS X1, X0, X1
	VADDSS (DI), X1, X1
	VUCOMISS X1, X1
	JPS ndone
	VBROADCASTSS X1, Z1           // each lane's least value
	VPXORD Z2, Z2, Z2             // and its column
	VMOVDQU32 nearestLanes<>(SB), Z3
	MOVL $16, BX
	VPBROADCASTD BX, Z4
	XORQ DX, DX

nloop:
	LEAQ 16(DX), R8
	CMPQ R8, CX
	JA ntail
	VMOVUPS (SI)(DX*4), Z5
	VSUBPS Z5, Z0, Z5
	VADDPS (DI)(DX*4), Z5, Z5
	VCMPPS $0x11, Z1, Z5, K1      // LT_OQ: v < least
	VMOVAPS Z5, K1, Z1
	VMOVDQA32 Z3, K1, Z2
	VPADDD Z4, Z3, Z3
	MOVQ R8, DX
	JMP nloop

ntail:
	CMPQ DX, CX
	JE nmerge
	SUBQ DX, CX
	MOVL $1, R9
	SHLL CX, R9
	DECL R9
	KMOVW R9, K2
	VMOVUPS.Z (SI)(DX*4), K2, Z5
	VMOVUPS.Z (DI)(DX*4), K2, Z6
	VSUBPS Z5, Z0, Z5
	VADDPS Z6, Z5, Z5
	VCMPPS $0x11, Z1, Z5, K2, K1
	VMOVAPS Z5, K1, Z1
	VMOVDQA32 Z3, K1, Z2

nmerge:
	// The least value (no lane holds a NaN), broadcast.
	VEXTRACTF64X4 $1, Z1, Y5
	VMINPS Y5, Y1, Y5
	VEXTRACTF128 $1, Y5, X6
	VMINPS X6, X5, X5
	VPERMILPS $0x4e, X5, X6
	VMINPS X6, X5, X5
	VPERMILPS $0xb1, X5, X6
	VMINPS X6, X5, X5
	VBROADCASTSS X5, Z5
	// The lowest column of the lanes equal to it.
	VCMPPS $0x00, Z5, Z1, K1      // EQ_OQ
	VPTERNLOGD $0xff, Z6, Z6, Z6
	VMOVDQA32 Z2, K1, Z6
	VEXTRACTI64X4 $1, Z6, Y7
	VPMINUD Y7, Y6, Y6
	VEXTRACTI128 $1, Y6, X7
	VPMINUD X7, X6, X6
	VPSHUFD $0x4e, X6, X7
	VPMINUD X7, X6, X6
	VPSHUFD $0xb1, X6, X7
	VPMINUD X7, X6, X6
	VMOVD X6, AX

ndone:
	VZEROUPPER
	MOVQ AX, ret+32(FP)
	RET
