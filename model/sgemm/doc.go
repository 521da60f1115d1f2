// Package sgemm is single-precision matrix multiplication, C += A·B, in
// the manner of Goto and van de Geijn, "Anatomy of high-performance matrix
// multiplication" (ACM TOMS 34(3), 2008): A is packed into panels of MR
// rows and B into panels of NR columns, each stored k-major, so that a
// register-blocked micro-kernel (6×16 with AVX2/FMA on amd64, see
// kern_amd64.s) streams both from contiguous memory; elsewhere a portable
// Go kernel does the same sums.
//
// The ONNX runtime packs its weights once at load and its activations per
// run; the projections use it for the distance products of exact
// nearest-neighbour graphs.
//
// The package is a leaf: it imports nothing of the project, and must stay
// so. It is the one package of model that viz may import (viz may import
// model/sgemm and nothing else of model; see viz/doc.go).
package sgemm
