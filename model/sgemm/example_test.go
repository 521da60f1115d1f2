package sgemm_test

import (
	"fmt"

	"github.com/latent-explorer/latent/model/sgemm"
)

// Multiply a 2×3 matrix by a 3×2 one: pack both (A by rows, B by rows,
// i.e. element (p, j) at b[p*2+j]), then C = A·B.
func Example() {
	a := []float32{1, 2, 3, 4, 5, 6}
	b := []float32{1, 0, 0, 1, 1, 1}
	pa := sgemm.PackA(make([]float32, sgemm.PackedASize(2, 3)), a, 3, 1, 2, 3)
	pb := sgemm.PackB(make([]float32, sgemm.PackedBSize(3, 2)), b, 2, 1, 3, 2)
	c := make([]float32, 4)
	sgemm.MulSet(pa, pb, c, 2)
	fmt.Println(c)
	// Output: [4 5 10 11]
}
