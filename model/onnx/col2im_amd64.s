#include "textflag.h"

// func gatherAVX2(out, acc, col *float32, prog, idx *int, oh, ow, w, alen, e, o int, b float32)
// col2im's gather of one output channel (gatherPlan.channel in
// col2im.go): for each of the oh output rows, clear the alen floats of
// the phase rows acc, add the w floats of each tap's input row
// col[src:] into acc[dst:] (prog: the row's tap count, then src, dst per
// tap), then write the ow floats of the output row, b plus a phase row
// element: acc[e+ox] when o = −1 (stride 1), acc[e+i] and acc[o+i]
// alternating when o ≥ 0 (stride 2), acc[idx[ox]] when o = −2. The sums
// are rounded in the order of the Go loop.
TEXT ·gatherAVX2(SB), NOSPLIT, $0-92
	MOVQ out+0(FP), DI
	MOVQ acc+8(FP), SI
	MOVQ col+16(FP), DX
	MOVQ prog+24(FP), R8
	MOVQ oh+40(FP), R9
	VBROADCASTSS b+88(FP), Y15
	VXORPS Y14, Y14, Y14
	TESTQ R9, R9
	JE done

row:
	MOVQ alen+64(FP), CX
	MOVQ SI, R10
zero:
	VMOVUPS Y14, (R10)
	ADDQ $32, R10
	SUBQ $8, CX
	JG zero
	MOVQ (R8), R11
	ADDQ $8, R8
	TESTQ R11, R11
	JE emit

tap:
	MOVQ (R8), R12
	MOVQ 8(R8), R13
	ADDQ $16, R8
	LEAQ (DX)(R12*4), R12
	LEAQ (SI)(R13*4), R13
	MOVQ w+56(FP), CX
add8:
	CMPQ CX, $8
	JLT add4
	VMOVUPS (R13), Y0
	VADDPS (R12), Y0, Y0
	VMOVUPS Y0, (R13)
	ADDQ $32, R12
	ADDQ $32, R13
	SUBQ $8, CX
	JMP add8
add4:
	CMPQ CX, $4
	JLT add1
	VMOVUPS (R13), X0
	VADDPS (R12), X0, X0
	VMOVUPS X0, (R13)
	ADDQ $16, R12
	ADDQ $16, R13
	SUBQ $4, CX
add1:
	TESTQ CX, CX
	JE tapdone
	VMOVSS (R13), X0
	VADDSS (R12), X0, X0
	VMOVSS X0, (R13)
	ADDQ $4, R12
	ADDQ $4, R13
	DECQ CX
	JMP add1
tapdone:
	DECQ R11
	JNE tap

emit:
	MOVQ ow+48(FP), CX
	MOVQ o+80(FP), R11
	MOVQ e+72(FP), R10
	LEAQ (SI)(R10*4), R10
	CMPQ R11, $-1
	JE run
	CMPQ R11, $-2
	JE table
	LEAQ (SI)(R11*4), R11

	// Stride 2: out[2i] = b + acc[e+i], out[2i+1] = b + acc[o+i].
pair16:
	CMPQ CX, $16
	JLT pair2
	VADDPS (R10), Y15, Y0
	VADDPS (R11), Y15, Y1
	VUNPCKLPS Y1, Y0, Y2
	VUNPCKHPS Y1, Y0, Y3
	VPERM2F128 $0x20, Y3, Y2, Y4
	VPERM2F128 $0x31, Y3, Y2, Y5
	VMOVUPS Y4, (DI)
	VMOVUPS Y5, 32(DI)
	ADDQ $32, R10
	ADDQ $32, R11
	ADDQ $64, DI
	SUBQ $16, CX
	JMP pair16
pair2:
	CMPQ CX, $2
	JLT pair1
	VADDSS (R10), X15, X0
	VMOVSS X0, (DI)
	VADDSS (R11), X15, X0
	VMOVSS X0, 4(DI)
	ADDQ $4, R10
	ADDQ $4, R11
	ADDQ $8, DI
	SUBQ $2, CX
	JMP pair2
pair1:
	TESTQ CX, CX
	JE next
	VADDSS (R10), X15, X0
	VMOVSS X0, (DI)
	ADDQ $4, DI
	JMP next

	// Stride 1: out[ox] = b + acc[e+ox].
run:
	CMPQ CX, $8
	JLT run1
	VADDPS (R10), Y15, Y0
	VMOVUPS Y0, (DI)
	ADDQ $32, R10
	ADDQ $32, DI
	SUBQ $8, CX
	JMP run
run1:
	TESTQ CX, CX
	JE next
	VADDSS (R10), X15, X0
	VMOVSS X0, (DI)
	ADDQ $4, R10
	ADDQ $4, DI
	DECQ CX
	JMP run1

	// Any stride: out[ox] = b + acc[idx[ox]].
table:
	MOVQ idx+32(FP), R11
table1:
	MOVQ (R11), R12
	VADDSS (SI)(R12*4), X15, X0
	VMOVSS X0, (DI)
	ADDQ $8, R11
	ADDQ $4, DI
	DECQ CX
	JNE table1

next:
	DECQ R9
	JNE row

done:
	VZEROUPPER
	RET

// func gatherPairsAVX2(out, col *float32, rows *int, table *int32, oh, ow, ne, no int, b float32, relu bool)
// col2im's gather of one output channel with stride 2 along the width
// (gatherPairs in col2im.go): for each output row and block of 16 output
// columns, the 8 even ones in Y0 and the 8 odd ones in Y1 sum, over the
// row's kernel rows (rows: their count, then their offsets in col) and
// then over the ne even taps and the no odd ones, masked loads of 8
// input columns (table: per block and tap, 8 mask lanes and the offset,
// in 16 int32s); then b is added (and with relu set, max(v, 0) taken as
// Go's max does: NaN stays, −0 becomes 0), the two interleave and the
// block is stored (its first ow mod 16 floats at the row's end).
TEXT ·gatherPairsAVX2(SB), NOSPLIT, $0-69
	MOVQ out+0(FP), DI
	MOVQ col+8(FP), DX
	MOVQ rows+16(FP), R8
	MOVQ oh+32(FP), R9
	VBROADCASTSS b+64(FP), Y15
	TESTQ R9, R9
	JE pdone

prow:
	MOVQ (R8), R12
	LEAQ 8(R8), R13
	LEAQ 8(R8)(R12*8), R8
	MOVQ table+24(FP), R11
	XORQ BX, BX
	MOVQ ow+40(FP), CX
	MOVQ DI, SI

pblock:
	VXORPS Y0, Y0, Y0
	VXORPS Y1, Y1, Y1
	MOVQ R13, R14
	CMPQ R14, R8
	JAE pstore
pki:
	MOVQ (R14), R15
	LEAQ (DX)(R15*4), R15
	ADDQ BX, R15
	MOVQ R11, R10
	MOVQ ne+48(FP), AX
	TESTQ AX, AX
	JE podd
peven:
	VMOVDQU (R10), Y2
	MOVLQSX 32(R10), R12
	VMASKMOVPS (R15)(R12*4), Y2, Y3
	VADDPS Y3, Y0, Y0
	ADDQ $64, R10
	DECQ AX
	JNE peven
podd:
	MOVQ no+56(FP), AX
	TESTQ AX, AX
	JE pkinext
podd1:
	VMOVDQU (R10), Y2
	MOVLQSX 32(R10), R12
	VMASKMOVPS (R15)(R12*4), Y2, Y3
	VADDPS Y3, Y1, Y1
	ADDQ $64, R10
	DECQ AX
	JNE podd1
pkinext:
	ADDQ $8, R14
	CMPQ R14, R8
	JB pki

pstore:
	VADDPS Y15, Y0, Y0
	VADDPS Y15, Y1, Y1
	CMPB relu+68(FP), $0
	JE pmix
	// max(0, v) keeps a NaN v; adding 0 turns −0 into 0.
	VXORPS Y2, Y2, Y2
	VMAXPS Y0, Y2, Y0
	VMAXPS Y1, Y2, Y1
	VADDPS Y2, Y0, Y0
	VADDPS Y2, Y1, Y1
pmix:
	VUNPCKLPS Y1, Y0, Y2
	VUNPCKHPS Y1, Y0, Y3
	VPERM2F128 $0x20, Y3, Y2, Y4
	VPERM2F128 $0x31, Y3, Y2, Y5
	CMPQ CX, $16
	JLT ppart
	VMOVUPS Y4, (SI)
	VMOVUPS Y5, 32(SI)
	JMP padvance
ppart:
	MOVQ SI, R10
	MOVQ CX, AX
	CMPQ AX, $8
	JLT ppart4
	VMOVUPS Y4, (R10)
	VMOVAPS Y5, Y4
	ADDQ $32, R10
	SUBQ $8, AX
ppart4:
	CMPQ AX, $4
	JLT ppart1
	VMOVUPS X4, (R10)
	VEXTRACTF128 $1, Y4, X4
	ADDQ $16, R10
	SUBQ $4, AX
ppart1:
	TESTQ AX, AX
	JE padvance
	VMOVSS X4, (R10)
	VPSRLDQ $4, X4, X4
	ADDQ $4, R10
	DECQ AX
	JMP ppart1
padvance:
	ADDQ $64, SI
	ADDQ $32, BX
	MOVQ ne+48(FP), AX
	ADDQ no+56(FP), AX
	SHLQ $6, AX
	ADDQ AX, R11
	SUBQ $16, CX
	JG pblock

	MOVQ ow+40(FP), AX
	LEAQ (DI)(AX*4), DI
	DECQ R9
	JNE prow

pdone:
	VZEROUPPER
	RET


// func gatherPairs512(out, col *float32, rows *int, table *int32, oh, ow, ne, no int, b float32, relu bool)
// gatherPairsAVX2 in AVX-512, 16 even output columns in Z0 and 16 odd
// ones in Z1 a block of 32: table's entries are 16 bytes, the loads'
// 16-bit mask then the offset. The same sums in the same order.
TEXT ·gatherPairs512(SB), NOSPLIT, $0-69
	MOVQ out+0(FP), DI
	MOVQ col+8(FP), DX
	MOVQ rows+16(FP), R8
	MOVQ oh+32(FP), R9
	VBROADCASTSS b+64(FP), Z15
	VMOVUPS pairLo<>+0(SB), Z13
	VMOVUPS pairHi<>+0(SB), Z14
	VPXORD Z12, Z12, Z12
	TESTQ R9, R9
	JE wdone

wrow:
	MOVQ (R8), R12
	LEAQ 8(R8), R13
	LEAQ 8(R8)(R12*8), R8
	MOVQ table+24(FP), R11
	XORQ BX, BX
	MOVQ ow+40(FP), CX
	MOVQ DI, SI

wblock:
	VPXORD Z0, Z0, Z0
	VPXORD Z1, Z1, Z1
	MOVQ R13, R14
	CMPQ R14, R8
	JAE wstore
wki:
	MOVQ (R14), R15
	LEAQ (DX)(R15*4), R15
	ADDQ BX, R15
	MOVQ R11, R10
	MOVQ ne+48(FP), AX
	TESTQ AX, AX
	JE wodd
weven:
	KMOVW (R10), K1
	MOVLQSX 4(R10), R12
	VMOVUPS.Z (R15)(R12*4), K1, Z3
	VADDPS Z3, Z0, Z0
	ADDQ $16, R10
	DECQ AX
	JNE weven
wodd:
	MOVQ no+56(FP), AX
	TESTQ AX, AX
	JE wkinext
wodd1:
	KMOVW (R10), K1
	MOVLQSX 4(R10), R12
	VMOVUPS.Z (R15)(R12*4), K1, Z3
	VADDPS Z3, Z1, Z1
	ADDQ $16, R10
	DECQ AX
	JNE wodd1
wkinext:
	ADDQ $8, R14
	CMPQ R14, R8
	JB wki

wstore:
	VADDPS Z15, Z0, Z0
	VADDPS Z15, Z1, Z1
	CMPB relu+68(FP), $0
	JE wmix
	VMAXPS Z0, Z12, Z0
	VMAXPS Z1, Z12, Z1
	VADDPS Z12, Z0, Z0
	VADDPS Z12, Z1, Z1
wmix:
	VMOVAPS Z0, Z4
	VPERMT2PS Z1, Z13, Z4
	VMOVAPS Z0, Z5
	VPERMT2PS Z1, Z14, Z5
	CMPQ CX, $32
	JLT wpart
	VMOVUPS Z4, (SI)
	VMOVUPS Z5, 64(SI)
	JMP wadvance
wpart:
	// The first CX mod 32 floats: masks of min(CX, 16) and CX − 16 lanes.
	MOVQ CX, AX
	CMPQ AX, $16
	JLE wpart1
	MOVQ $16, AX
wpart1:
	MOVQ $1, R12
	SHLXQ AX, R12, R12
	DECQ R12
	KMOVW R12, K2
	VMOVUPS Z4, K2, (SI)
	MOVQ CX, AX
	SUBQ $16, AX
	JLE wadvance
	MOVQ $1, R12
	SHLXQ AX, R12, R12
	DECQ R12
	KMOVW R12, K2
	VMOVUPS Z5, K2, 64(SI)
wadvance:
	ADDQ $128, SI
	ADDQ $64, BX
	MOVQ ne+48(FP), AX
	ADDQ no+56(FP), AX
	SHLQ $4, AX
	ADDQ AX, R11
	SUBQ $32, CX
	JG wblock

	MOVQ ow+40(FP), AX
	LEAQ (DI)(AX*4), DI
	DECQ R9
	JNE wrow

wdone:
	VZEROUPPER
	RET

// The lanes of the even (0–15) and odd (16–31) sums in output order.
DATA pairLo<>+0(SB)/4, $0
DATA pairLo<>+4(SB)/4, $16
DATA pairLo<>+8(SB)/4, $1
DATA pairLo<>+12(SB)/4, $17
DATA pairLo<>+16(SB)/4, $2
DATA pairLo<>+20(SB)/4, $18
DATA pairLo<>+24(SB)/4, $3
DATA pairLo<>+28(SB)/4, $19
DATA pairLo<>+32(SB)/4, $4
DATA pairLo<>+36(SB)/4, $20
DATA pairLo<>+40(SB)/4, $5
DATA pairLo<>+44(SB)/4, $21
DATA pairLo<>+48(SB)/4, $6
DATA pairLo<>+52(SB)/4, $22
DATA pairLo<>+56(SB)/4, $7
DATA pairLo<>+60(SB)/4, $23
GLOBL pairLo<>(SB), RODATA|NOPTR, $64
DATA pairHi<>+0(SB)/4, $8
DATA pairHi<>+4(SB)/4, $24
DATA pairHi<>+8(SB)/4, $9
DATA pairHi<>+12(SB)/4, $25
DATA pairHi<>+16(SB)/4, $10
DATA pairHi<>+20(SB)/4, $26
DATA pairHi<>+24(SB)/4, $11
DATA pairHi<>+28(SB)/4, $27
DATA pairHi<>+32(SB)/4, $12
DATA pairHi<>+36(SB)/4, $28
DATA pairHi<>+40(SB)/4, $13
DATA pairHi<>+44(SB)/4, $29
DATA pairHi<>+48(SB)/4, $14
DATA pairHi<>+52(SB)/4, $30
DATA pairHi<>+56(SB)/4, $15
DATA pairHi<>+60(SB)/4, $31
GLOBL pairHi<>(SB), RODATA|NOPTR, $64
