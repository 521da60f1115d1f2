#include "textflag.h"

// The constants of erfAVX2, each repeated in eight lanes (32 bytes) so
// that arithmetic may take them from memory.
DATA erfk<>+0(SB)/4, $0x7fffffff
DATA erfk<>+4(SB)/4, $0x7fffffff
DATA erfk<>+8(SB)/4, $0x7fffffff
DATA erfk<>+12(SB)/4, $0x7fffffff
DATA erfk<>+16(SB)/4, $0x7fffffff
DATA erfk<>+20(SB)/4, $0x7fffffff
DATA erfk<>+24(SB)/4, $0x7fffffff
DATA erfk<>+28(SB)/4, $0x7fffffff
DATA erfk<>+32(SB)/4, $0x80000000
DATA erfk<>+36(SB)/4, $0x80000000
DATA erfk<>+40(SB)/4, $0x80000000
DATA erfk<>+44(SB)/4, $0x80000000
DATA erfk<>+48(SB)/4, $0x80000000
DATA erfk<>+52(SB)/4, $0x80000000
DATA erfk<>+56(SB)/4, $0x80000000
DATA erfk<>+60(SB)/4, $0x80000000
DATA erfk<>+64(SB)/4, $0x3f800000
DATA erfk<>+68(SB)/4, $0x3f800000
DATA erfk<>+72(SB)/4, $0x3f800000
DATA erfk<>+76(SB)/4, $0x3f800000
DATA erfk<>+80(SB)/4, $0x3f800000
DATA erfk<>+84(SB)/4, $0x3f800000
DATA erfk<>+88(SB)/4, $0x3f800000
DATA erfk<>+92(SB)/4, $0x3f800000
DATA erfk<>+96(SB)/4, $0x40800000
DATA erfk<>+100(SB)/4, $0x40800000
DATA erfk<>+104(SB)/4, $0x40800000
DATA erfk<>+108(SB)/4, $0x40800000
DATA erfk<>+112(SB)/4, $0x40800000
DATA erfk<>+116(SB)/4, $0x40800000
DATA erfk<>+120(SB)/4, $0x40800000
DATA erfk<>+124(SB)/4, $0x40800000
DATA erfk<>+128(SB)/4, $0x3f2aaaab
DATA erfk<>+132(SB)/4, $0x3f2aaaab
DATA erfk<>+136(SB)/4, $0x3f2aaaab
DATA erfk<>+140(SB)/4, $0x3f2aaaab
DATA erfk<>+144(SB)/4, $0x3f2aaaab
DATA erfk<>+148(SB)/4, $0x3f2aaaab
DATA erfk<>+152(SB)/4, $0x3f2aaaab
DATA erfk<>+156(SB)/4, $0x3f2aaaab
DATA erfk<>+160(SB)/4, $0xbfd55555
DATA erfk<>+164(SB)/4, $0xbfd55555
DATA erfk<>+168(SB)/4, $0xbfd55555
DATA erfk<>+172(SB)/4, $0xbfd55555
DATA erfk<>+176(SB)/4, $0xbfd55555
DATA erfk<>+180(SB)/4, $0xbfd55555
DATA erfk<>+184(SB)/4, $0xbfd55555
DATA erfk<>+188(SB)/4, $0xbfd55555
DATA erfk<>+192(SB)/4, $0x3f906ebb
DATA erfk<>+196(SB)/4, $0x3f906ebb
DATA erfk<>+200(SB)/4, $0x3f906ebb
DATA erfk<>+204(SB)/4, $0x3f906ebb
DATA erfk<>+208(SB)/4, $0x3f906ebb
DATA erfk<>+212(SB)/4, $0x3f906ebb
DATA erfk<>+216(SB)/4, $0x3f906ebb
DATA erfk<>+220(SB)/4, $0x3f906ebb
DATA erfk<>+224(SB)/4, $0xbec093a3
DATA erfk<>+228(SB)/4, $0xbec093a3
DATA erfk<>+232(SB)/4, $0xbec093a3
DATA erfk<>+236(SB)/4, $0xbec093a3
DATA erfk<>+240(SB)/4, $0xbec093a3
DATA erfk<>+244(SB)/4, $0xbec093a3
DATA erfk<>+248(SB)/4, $0xbec093a3
DATA erfk<>+252(SB)/4, $0xbec093a3
DATA erfk<>+256(SB)/4, $0x3de71786
DATA erfk<>+260(SB)/4, $0x3de71786
DATA erfk<>+264(SB)/4, $0x3de71786
DATA erfk<>+268(SB)/4, $0x3de71786
DATA erfk<>+272(SB)/4, $0x3de71786
DATA erfk<>+276(SB)/4, $0x3de71786
DATA erfk<>+280(SB)/4, $0x3de71786
DATA erfk<>+284(SB)/4, $0x3de71786
DATA erfk<>+288(SB)/4, $0xbcdc14fc
DATA erfk<>+292(SB)/4, $0xbcdc14fc
DATA erfk<>+296(SB)/4, $0xbcdc14fc
DATA erfk<>+300(SB)/4, $0xbcdc14fc
DATA erfk<>+304(SB)/4, $0xbcdc14fc
DATA erfk<>+308(SB)/4, $0xbcdc14fc
DATA erfk<>+312(SB)/4, $0xbcdc14fc
DATA erfk<>+316(SB)/4, $0xbcdc14fc
DATA erfk<>+320(SB)/4, $0x3bab1616
DATA erfk<>+324(SB)/4, $0x3bab1616
DATA erfk<>+328(SB)/4, $0x3bab1616
DATA erfk<>+332(SB)/4, $0x3bab1616
DATA erfk<>+336(SB)/4, $0x3bab1616
DATA erfk<>+340(SB)/4, $0x3bab1616
DATA erfk<>+344(SB)/4, $0x3bab1616
DATA erfk<>+348(SB)/4, $0x3bab1616
DATA erfk<>+352(SB)/4, $0xba5e70d1
DATA erfk<>+356(SB)/4, $0xba5e70d1
DATA erfk<>+360(SB)/4, $0xba5e70d1
DATA erfk<>+364(SB)/4, $0xba5e70d1
DATA erfk<>+368(SB)/4, $0xba5e70d1
DATA erfk<>+372(SB)/4, $0xba5e70d1
DATA erfk<>+376(SB)/4, $0xba5e70d1
DATA erfk<>+380(SB)/4, $0xba5e70d1
DATA erfk<>+384(SB)/4, $0x38ec72ca
DATA erfk<>+388(SB)/4, $0x38ec72ca
DATA erfk<>+392(SB)/4, $0x38ec72ca
DATA erfk<>+396(SB)/4, $0x38ec72ca
DATA erfk<>+400(SB)/4, $0x38ec72ca
DATA erfk<>+404(SB)/4, $0x38ec72ca
DATA erfk<>+408(SB)/4, $0x38ec72ca
DATA erfk<>+412(SB)/4, $0x38ec72ca
DATA erfk<>+416(SB)/4, $0xb722911f
DATA erfk<>+420(SB)/4, $0xb722911f
DATA erfk<>+424(SB)/4, $0xb722911f
DATA erfk<>+428(SB)/4, $0xb722911f
DATA erfk<>+432(SB)/4, $0xb722911f
DATA erfk<>+436(SB)/4, $0xb722911f
DATA erfk<>+440(SB)/4, $0xb722911f
DATA erfk<>+444(SB)/4, $0xb722911f
DATA erfk<>+448(SB)/4, $0x3e57dd9f
DATA erfk<>+452(SB)/4, $0x3e57dd9f
DATA erfk<>+456(SB)/4, $0x3e57dd9f
DATA erfk<>+460(SB)/4, $0x3e57dd9f
DATA erfk<>+464(SB)/4, $0x3e57dd9f
DATA erfk<>+468(SB)/4, $0x3e57dd9f
DATA erfk<>+472(SB)/4, $0x3e57dd9f
DATA erfk<>+476(SB)/4, $0x3e57dd9f
DATA erfk<>+480(SB)/4, $0xbde46525
DATA erfk<>+484(SB)/4, $0xbde46525
DATA erfk<>+488(SB)/4, $0xbde46525
DATA erfk<>+492(SB)/4, $0xbde46525
DATA erfk<>+496(SB)/4, $0xbde46525
DATA erfk<>+500(SB)/4, $0xbde46525
DATA erfk<>+504(SB)/4, $0xbde46525
DATA erfk<>+508(SB)/4, $0xbde46525
DATA erfk<>+512(SB)/4, $0x3d65d488
DATA erfk<>+516(SB)/4, $0x3d65d488
DATA erfk<>+520(SB)/4, $0x3d65d488
DATA erfk<>+524(SB)/4, $0x3d65d488
DATA erfk<>+528(SB)/4, $0x3d65d488
DATA erfk<>+532(SB)/4, $0x3d65d488
DATA erfk<>+536(SB)/4, $0x3d65d488
DATA erfk<>+540(SB)/4, $0x3d65d488
DATA erfk<>+544(SB)/4, $0xbcdd398b
DATA erfk<>+548(SB)/4, $0xbcdd398b
DATA erfk<>+552(SB)/4, $0xbcdd398b
DATA erfk<>+556(SB)/4, $0xbcdd398b
DATA erfk<>+560(SB)/4, $0xbcdd398b
DATA erfk<>+564(SB)/4, $0xbcdd398b
DATA erfk<>+568(SB)/4, $0xbcdd398b
DATA erfk<>+572(SB)/4, $0xbcdd398b
DATA erfk<>+576(SB)/4, $0x3c4c8c30
DATA erfk<>+580(SB)/4, $0x3c4c8c30
DATA erfk<>+584(SB)/4, $0x3c4c8c30
DATA erfk<>+588(SB)/4, $0x3c4c8c30
DATA erfk<>+592(SB)/4, $0x3c4c8c30
DATA erfk<>+596(SB)/4, $0x3c4c8c30
DATA erfk<>+600(SB)/4, $0x3c4c8c30
DATA erfk<>+604(SB)/4, $0x3c4c8c30
DATA erfk<>+608(SB)/4, $0xbbb6923f
DATA erfk<>+612(SB)/4, $0xbbb6923f
DATA erfk<>+616(SB)/4, $0xbbb6923f
DATA erfk<>+620(SB)/4, $0xbbb6923f
DATA erfk<>+624(SB)/4, $0xbbb6923f
DATA erfk<>+628(SB)/4, $0xbbb6923f
DATA erfk<>+632(SB)/4, $0xbbb6923f
DATA erfk<>+636(SB)/4, $0xbbb6923f
DATA erfk<>+640(SB)/4, $0x3b1ee0d7
DATA erfk<>+644(SB)/4, $0x3b1ee0d7
DATA erfk<>+648(SB)/4, $0x3b1ee0d7
DATA erfk<>+652(SB)/4, $0x3b1ee0d7
DATA erfk<>+656(SB)/4, $0x3b1ee0d7
DATA erfk<>+660(SB)/4, $0x3b1ee0d7
DATA erfk<>+664(SB)/4, $0x3b1ee0d7
DATA erfk<>+668(SB)/4, $0x3b1ee0d7
DATA erfk<>+672(SB)/4, $0xba840061
DATA erfk<>+676(SB)/4, $0xba840061
DATA erfk<>+680(SB)/4, $0xba840061
DATA erfk<>+684(SB)/4, $0xba840061
DATA erfk<>+688(SB)/4, $0xba840061
DATA erfk<>+692(SB)/4, $0xba840061
DATA erfk<>+696(SB)/4, $0xba840061
DATA erfk<>+700(SB)/4, $0xba840061
DATA erfk<>+704(SB)/4, $0x39c1d690
DATA erfk<>+708(SB)/4, $0x39c1d690
DATA erfk<>+712(SB)/4, $0x39c1d690
DATA erfk<>+716(SB)/4, $0x39c1d690
DATA erfk<>+720(SB)/4, $0x39c1d690
DATA erfk<>+724(SB)/4, $0x39c1d690
DATA erfk<>+728(SB)/4, $0x39c1d690
DATA erfk<>+732(SB)/4, $0x39c1d690
DATA erfk<>+736(SB)/4, $0xb9219ea9
DATA erfk<>+740(SB)/4, $0xb9219ea9
DATA erfk<>+744(SB)/4, $0xb9219ea9
DATA erfk<>+748(SB)/4, $0xb9219ea9
DATA erfk<>+752(SB)/4, $0xb9219ea9
DATA erfk<>+756(SB)/4, $0xb9219ea9
DATA erfk<>+760(SB)/4, $0xb9219ea9
DATA erfk<>+764(SB)/4, $0xb9219ea9
DATA erfk<>+768(SB)/4, $0x38c89b8f
DATA erfk<>+772(SB)/4, $0x38c89b8f
DATA erfk<>+776(SB)/4, $0x38c89b8f
DATA erfk<>+780(SB)/4, $0x38c89b8f
DATA erfk<>+784(SB)/4, $0x38c89b8f
DATA erfk<>+788(SB)/4, $0x38c89b8f
DATA erfk<>+792(SB)/4, $0x38c89b8f
DATA erfk<>+796(SB)/4, $0x38c89b8f
DATA erfk<>+800(SB)/4, $0xb80b2962
DATA erfk<>+804(SB)/4, $0xb80b2962
DATA erfk<>+808(SB)/4, $0xb80b2962
DATA erfk<>+812(SB)/4, $0xb80b2962
DATA erfk<>+816(SB)/4, $0xb80b2962
DATA erfk<>+820(SB)/4, $0xb80b2962
DATA erfk<>+824(SB)/4, $0xb80b2962
DATA erfk<>+828(SB)/4, $0xb80b2962
DATA erfk<>+832(SB)/4, $0x3fb8aa3b
DATA erfk<>+836(SB)/4, $0x3fb8aa3b
DATA erfk<>+840(SB)/4, $0x3fb8aa3b
DATA erfk<>+844(SB)/4, $0x3fb8aa3b
DATA erfk<>+848(SB)/4, $0x3fb8aa3b
DATA erfk<>+852(SB)/4, $0x3fb8aa3b
DATA erfk<>+856(SB)/4, $0x3fb8aa3b
DATA erfk<>+860(SB)/4, $0x3fb8aa3b
DATA erfk<>+864(SB)/4, $0x3f317200
DATA erfk<>+868(SB)/4, $0x3f317200
DATA erfk<>+872(SB)/4, $0x3f317200
DATA erfk<>+876(SB)/4, $0x3f317200
DATA erfk<>+880(SB)/4, $0x3f317200
DATA erfk<>+884(SB)/4, $0x3f317200
DATA erfk<>+888(SB)/4, $0x3f317200
DATA erfk<>+892(SB)/4, $0x3f317200
DATA erfk<>+896(SB)/4, $0x35bfbe8e
DATA erfk<>+900(SB)/4, $0x35bfbe8e
DATA erfk<>+904(SB)/4, $0x35bfbe8e
DATA erfk<>+908(SB)/4, $0x35bfbe8e
DATA erfk<>+912(SB)/4, $0x35bfbe8e
DATA erfk<>+916(SB)/4, $0x35bfbe8e
DATA erfk<>+920(SB)/4, $0x35bfbe8e
DATA erfk<>+924(SB)/4, $0x35bfbe8e
DATA erfk<>+928(SB)/4, $0x3f000000
DATA erfk<>+932(SB)/4, $0x3f000000
DATA erfk<>+936(SB)/4, $0x3f000000
DATA erfk<>+940(SB)/4, $0x3f000000
DATA erfk<>+944(SB)/4, $0x3f000000
DATA erfk<>+948(SB)/4, $0x3f000000
DATA erfk<>+952(SB)/4, $0x3f000000
DATA erfk<>+956(SB)/4, $0x3f000000
DATA erfk<>+960(SB)/4, $0x3e2aaaab
DATA erfk<>+964(SB)/4, $0x3e2aaaab
DATA erfk<>+968(SB)/4, $0x3e2aaaab
DATA erfk<>+972(SB)/4, $0x3e2aaaab
DATA erfk<>+976(SB)/4, $0x3e2aaaab
DATA erfk<>+980(SB)/4, $0x3e2aaaab
DATA erfk<>+984(SB)/4, $0x3e2aaaab
DATA erfk<>+988(SB)/4, $0x3e2aaaab
DATA erfk<>+992(SB)/4, $0x3d2aaaab
DATA erfk<>+996(SB)/4, $0x3d2aaaab
DATA erfk<>+1000(SB)/4, $0x3d2aaaab
DATA erfk<>+1004(SB)/4, $0x3d2aaaab
DATA erfk<>+1008(SB)/4, $0x3d2aaaab
DATA erfk<>+1012(SB)/4, $0x3d2aaaab
DATA erfk<>+1016(SB)/4, $0x3d2aaaab
DATA erfk<>+1020(SB)/4, $0x3d2aaaab
DATA erfk<>+1024(SB)/4, $0x3c088889
DATA erfk<>+1028(SB)/4, $0x3c088889
DATA erfk<>+1032(SB)/4, $0x3c088889
DATA erfk<>+1036(SB)/4, $0x3c088889
DATA erfk<>+1040(SB)/4, $0x3c088889
DATA erfk<>+1044(SB)/4, $0x3c088889
DATA erfk<>+1048(SB)/4, $0x3c088889
DATA erfk<>+1052(SB)/4, $0x3c088889
DATA erfk<>+1056(SB)/4, $0x3ab60b61
DATA erfk<>+1060(SB)/4, $0x3ab60b61
DATA erfk<>+1064(SB)/4, $0x3ab60b61
DATA erfk<>+1068(SB)/4, $0x3ab60b61
DATA erfk<>+1072(SB)/4, $0x3ab60b61
DATA erfk<>+1076(SB)/4, $0x3ab60b61
DATA erfk<>+1080(SB)/4, $0x3ab60b61
DATA erfk<>+1084(SB)/4, $0x3ab60b61
DATA erfk<>+1088(SB)/4, $0x39500d01
DATA erfk<>+1092(SB)/4, $0x39500d01
DATA erfk<>+1096(SB)/4, $0x39500d01
DATA erfk<>+1100(SB)/4, $0x39500d01
DATA erfk<>+1104(SB)/4, $0x39500d01
DATA erfk<>+1108(SB)/4, $0x39500d01
DATA erfk<>+1112(SB)/4, $0x39500d01
DATA erfk<>+1116(SB)/4, $0x39500d01
DATA erfk<>+1120(SB)/4, $0x0000007f
DATA erfk<>+1124(SB)/4, $0x0000007f
DATA erfk<>+1128(SB)/4, $0x0000007f
DATA erfk<>+1132(SB)/4, $0x0000007f
DATA erfk<>+1136(SB)/4, $0x0000007f
DATA erfk<>+1140(SB)/4, $0x0000007f
DATA erfk<>+1144(SB)/4, $0x0000007f
DATA erfk<>+1148(SB)/4, $0x0000007f
GLOBL erfk<>(SB), RODATA|NOPTR, $1152

#define ABS erfk<>+0(SB)
#define SIGN erfk<>+32(SB)
#define ONE erfk<>+64(SB)
#define FOUR erfk<>+96(SB)
#define S1 erfk<>+128(SB)
#define S0 erfk<>+160(SB)
#define A0 erfk<>+192(SB)
#define A1 erfk<>+224(SB)
#define A2 erfk<>+256(SB)
#define A3 erfk<>+288(SB)
#define A4 erfk<>+320(SB)
#define A5 erfk<>+352(SB)
#define A6 erfk<>+384(SB)
#define A7 erfk<>+416(SB)
#define B0 erfk<>+448(SB)
#define B1 erfk<>+480(SB)
#define B2 erfk<>+512(SB)
#define B3 erfk<>+544(SB)
#define B4 erfk<>+576(SB)
#define B5 erfk<>+608(SB)
#define B6 erfk<>+640(SB)
#define B7 erfk<>+672(SB)
#define B8 erfk<>+704(SB)
#define B9 erfk<>+736(SB)
#define B10 erfk<>+768(SB)
#define B11 erfk<>+800(SB)
#define LOG2E erfk<>+832(SB)
#define LN2HI erfk<>+864(SB)
#define LN2LO erfk<>+896(SB)
#define E2 erfk<>+928(SB)
#define E3 erfk<>+960(SB)
#define E4 erfk<>+992(SB)
#define E5 erfk<>+1024(SB)
#define E6 erfk<>+1056(SB)
#define E7 erfk<>+1088(SB)
#define I127 erfk<>+1120(SB)

// ERFY is erfAVX2's arithmetic: Y9 = erf(Y0), Y0 kept, Y1–Y12 clobbered
// (steps: a = |x|, pA = a·P(a²); b = min(a, 4), R((b − 2.5)/1.5),
// 1 − R·e^(−b²); a ≤ 1 takes pA; the sign of x, and x where it is NaN).
#define ERFY \
	VANDPS ABS, Y0, Y1 \
	VMULPS Y1, Y1, Y2 \
	VMOVUPS A7, Y3 \
	VFMADD213PS A6, Y2, Y3 \
	VFMADD213PS A5, Y2, Y3 \
	VFMADD213PS A4, Y2, Y3 \
	VFMADD213PS A3, Y2, Y3 \
	VFMADD213PS A2, Y2, Y3 \
	VFMADD213PS A1, Y2, Y3 \
	VFMADD213PS A0, Y2, Y3 \
	VMULPS Y1, Y3, Y3 \
	VMOVUPS FOUR, Y4 \
	VMINPS Y1, Y4, Y4 \
	VMOVUPS S1, Y5 \
	VFMADD213PS S0, Y4, Y5 \
	VMOVUPS B11, Y6 \
	VFMADD213PS B10, Y5, Y6 \
	VFMADD213PS B9, Y5, Y6 \
	VFMADD213PS B8, Y5, Y6 \
	VFMADD213PS B7, Y5, Y6 \
	VFMADD213PS B6, Y5, Y6 \
	VFMADD213PS B5, Y5, Y6 \
	VFMADD213PS B4, Y5, Y6 \
	VFMADD213PS B3, Y5, Y6 \
	VFMADD213PS B2, Y5, Y6 \
	VFMADD213PS B1, Y5, Y6 \
	VFMADD213PS B0, Y5, Y6 \
	VMULPS Y4, Y4, Y7 \
	VXORPS Y8, Y8, Y8 \
	VSUBPS Y7, Y8, Y7 \
	VMULPS LOG2E, Y7, Y8 \
	VROUNDPS $0, Y8, Y8 \
	VFNMADD231PS LN2HI, Y8, Y7 \
	VFNMADD231PS LN2LO, Y8, Y7 \
	VMOVUPS E7, Y9 \
	VFMADD213PS E6, Y7, Y9 \
	VFMADD213PS E5, Y7, Y9 \
	VFMADD213PS E4, Y7, Y9 \
	VFMADD213PS E3, Y7, Y9 \
	VFMADD213PS E2, Y7, Y9 \
	VFMADD213PS ONE, Y7, Y9 \
	VFMADD213PS ONE, Y7, Y9 \
	VCVTPS2DQ Y8, Y8 \
	VPADDD I127, Y8, Y8 \
	VPSLLD $23, Y8, Y8 \
	VMULPS Y8, Y9, Y9 \
	VFNMADD213PS ONE, Y6, Y9 \
	VCMPPS $2, ONE, Y1, Y10 \
	VBLENDVPS Y10, Y3, Y9, Y9 \
	VANDPS SIGN, Y0, Y11 \
	VORPS Y11, Y9, Y9 \
	VCMPPS $3, Y0, Y0, Y12 \
	VBLENDVPS Y12, Y0, Y9, Y9

// ERFZ is ERFY in AVX-512 (erf512): Z9 = erf(Z0), Z0 kept, Z1–Z11 and
// K1, K2 clobbered; Z13 must hold 1 and Z14 0 in every lane.
#define ERFZ \
	VPANDD.BCST ABS, Z0, Z1 \
	VMULPS Z1, Z1, Z2 \
	VBROADCASTSS A7, Z3 \
	VFMADD213PS.BCST A6, Z2, Z3 \
	VFMADD213PS.BCST A5, Z2, Z3 \
	VFMADD213PS.BCST A4, Z2, Z3 \
	VFMADD213PS.BCST A3, Z2, Z3 \
	VFMADD213PS.BCST A2, Z2, Z3 \
	VFMADD213PS.BCST A1, Z2, Z3 \
	VFMADD213PS.BCST A0, Z2, Z3 \
	VMULPS Z1, Z3, Z3 \
	VBROADCASTSS FOUR, Z4 \
	VMINPS Z1, Z4, Z4 \
	VBROADCASTSS S1, Z5 \
	VFMADD213PS.BCST S0, Z4, Z5 \
	VBROADCASTSS B11, Z6 \
	VFMADD213PS.BCST B10, Z5, Z6 \
	VFMADD213PS.BCST B9, Z5, Z6 \
	VFMADD213PS.BCST B8, Z5, Z6 \
	VFMADD213PS.BCST B7, Z5, Z6 \
	VFMADD213PS.BCST B6, Z5, Z6 \
	VFMADD213PS.BCST B5, Z5, Z6 \
	VFMADD213PS.BCST B4, Z5, Z6 \
	VFMADD213PS.BCST B3, Z5, Z6 \
	VFMADD213PS.BCST B2, Z5, Z6 \
	VFMADD213PS.BCST B1, Z5, Z6 \
	VFMADD213PS.BCST B0, Z5, Z6 \
	VMULPS Z4, Z4, Z7 \
	VSUBPS Z7, Z14, Z7 \
	VMULPS.BCST LOG2E, Z7, Z8 \
	VRNDSCALEPS $0, Z8, Z8 \
	VFNMADD231PS.BCST LN2HI, Z8, Z7 \
	VFNMADD231PS.BCST LN2LO, Z8, Z7 \
	VBROADCASTSS E7, Z9 \
	VFMADD213PS.BCST E6, Z7, Z9 \
	VFMADD213PS.BCST E5, Z7, Z9 \
	VFMADD213PS.BCST E4, Z7, Z9 \
	VFMADD213PS.BCST E3, Z7, Z9 \
	VFMADD213PS.BCST E2, Z7, Z9 \
	VFMADD213PS Z13, Z7, Z9 \
	VFMADD213PS Z13, Z7, Z9 \
	VCVTPS2DQ Z8, Z8 \
	VPADDD.BCST I127, Z8, Z8 \
	VPSLLD $23, Z8, Z8 \
	VMULPS Z8, Z9, Z9 \
	VFNMADD213PS Z13, Z6, Z9 \
	VCMPPS $2, Z13, Z1, K1 \
	VBLENDMPS Z3, Z9, K1, Z9 \
	VPANDD.BCST SIGN, Z0, Z11 \
	VPORD Z11, Z9, Z9 \
	VCMPPS $3, Z0, Z0, K2 \
	VBLENDMPS Z0, Z9, K2, Z9

// func erfAVX2(dst, src *float32, n int)
// For n a multiple of 8: dst = erf(src), to within 3 float32 units:
// a·P(a²) for a = |x| ≤ 1, and 1 − e^(−a²)·R((a − 2.5)/1.5) for
// 1 < a ≤ 4 (a clamped to 4 beyond, where erf rounds to 1), the sign of
// x put back; erfFast's polynomials (exp.go) in float32, e^(−a²) as
// actAVX2's exponential. NaN stays NaN.
TEXT ·erfAVX2(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	TESTQ CX, CX
	JE erfdone

erfloop:
	VMOVUPS (SI), Y0          // x
	ERFY
	VMOVUPS Y9, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
	SUBQ $8, CX
	JNE erfloop

erfdone:
	VZEROUPPER
	RET

// func erf512(dst, src *float32, n int)
// For n a multiple of 16: erfAVX2's operations in AVX-512, sixteen lanes
// at a time, each constant broadcast from its first lane, the blends by
// mask registers: the same bits as erfAVX2.
TEXT ·erf512(SB), NOSPLIT, $0-24
	MOVQ dst+0(FP), DI
	MOVQ src+8(FP), SI
	MOVQ n+16(FP), CX
	TESTQ CX, CX
	JE erf512done
	VBROADCASTSS ONE, Z13
	VPXORD Z14, Z14, Z14

erf512loop:
	VMOVUPS (SI), Z0
	ERFZ
	VMOVUPS Z9, (DI)
	ADDQ $64, SI
	ADDQ $64, DI
	SUBQ $16, CX
	JNE erf512loop

erf512done:
	VZEROUPPER
	RET

// func geluAVX2(y, x *float32, n int, c *[3]float32)
// For n a multiple of 8: y = ((erf(x/c[0]) + c[1])·x)·c[2], each step the
// float32 operation the separate operators do (divf, erf, addf, mulf),
// in one pass; y may be x.
TEXT ·geluAVX2(SB), NOSPLIT, $0-32
	MOVQ y+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ n+16(FP), CX
	MOVQ c+24(FP), DX
	VBROADCASTSS 0(DX), Y13
	VBROADCASTSS 4(DX), Y14
	VBROADCASTSS 8(DX), Y15
	TESTQ CX, CX
	JE geludone

geluloop:
	VMOVUPS (SI), Y0
	VDIVPS Y13, Y0, Y0
	ERFY
	VADDPS Y14, Y9, Y9
	VMULPS (SI), Y9, Y9
	VMULPS Y15, Y9, Y9
	VMOVUPS Y9, (DI)
	ADDQ $32, SI
	ADDQ $32, DI
	SUBQ $8, CX
	JNE geluloop

geludone:
	VZEROUPPER
	RET

// func gelu512(y, x *float32, n int, c *[3]float32)
// geluAVX2 in AVX-512 for n a multiple of 16: the same bits.
TEXT ·gelu512(SB), NOSPLIT, $0-32
	MOVQ y+0(FP), DI
	MOVQ x+8(FP), SI
	MOVQ n+16(FP), CX
	MOVQ c+24(FP), DX
	VBROADCASTSS 0(DX), Z15
	VBROADCASTSS 4(DX), Z16
	VBROADCASTSS 8(DX), Z17
	VBROADCASTSS ONE, Z13
	VPXORD Z14, Z14, Z14
	TESTQ CX, CX
	JE gelu512done

gelu512loop:
	VMOVUPS (SI), Z0
	VDIVPS Z15, Z0, Z0
	ERFZ
	VADDPS Z16, Z9, Z9
	VMULPS (SI), Z9, Z9
	VMULPS Z17, Z9, Z9
	VMOVUPS Z9, (DI)
	ADDQ $64, SI
	ADDQ $64, DI
	SUBQ $16, CX
	JNE gelu512loop

gelu512done:
	VZEROUPPER
	RET
