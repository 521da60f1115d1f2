package projection_test

import (
	"context"
	"fmt"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/latent-explorer/latent/viz/projection"
)

// Two clouds of 8-dimensional codes, laid out by UMAP; a new code near the
// first cloud is placed beside it, and the map position of a code of the
// second cloud inverts to a code of that cloud.
func ExampleUMAP() {
	r := rand.New(rand.NewPCG(1, 2))
	x := mat.NewDense(400, 8, nil)
	for i := range 400 {
		for j := range 8 {
			x.Set(i, j, r.NormFloat64()+10*float64(i%2)) // odd rows: cloud B
		}
	}
	u := projection.NewUMAP(projection.Options{Seed: 1, Iterations: 100})
	y, err := u.Fit(context.Background(), x, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	// Centres of the two clouds on the map.
	var ax, ay, bx, by float64
	for i := range 400 {
		if i%2 == 0 {
			ax, ay = ax+y.At(i, 0)/200, ay+y.At(i, 1)/200
		} else {
			bx, by = bx+y.At(i, 0)/200, by+y.At(i, 1)/200
		}
	}
	near := func(px, py float64) string {
		if (px-ax)*(px-ax)+(py-ay)*(py-ay) < (px-bx)*(px-bx)+(py-by)*(py-by) {
			return "A"
		}
		return "B"
	}
	px, py := u.Place(make([]float64, 8)) // the centre of cloud A
	fmt.Println("new code placed by cloud", near(px, py))
	z := u.Invert(y.At(1, 0), y.At(1, 1), nil)
	fmt.Printf("inverse of a cloud B position has first value ≈ %.0f\n", z[0]/10)
	// Output:
	// new code placed by cloud A
	// inverse of a cloud B position has first value ≈ 1
}
