package projection_test

import (
	"context"
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/latent-explorer/latent/viz/projection"
)

// PCA maps codes to the plane of their two main directions and back.
func ExamplePCA() {
	x := mat.NewDense(4, 3, []float64{
		1, 0, 0,
		-1, 0, 0,
		0, 2, 0,
		0, -2, 0,
	})
	p := projection.NewPCA(projection.Options{})
	y, err := p.Fit(context.Background(), x, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("first code at (%.1f, %.1f)\n", y.At(0, 0), y.At(0, 1))
	fmt.Printf("variance explained: %.2f, %.2f\n", p.VarianceRatio[0], p.VarianceRatio[1])
	fmt.Println("map (1, 0.5) is the code", p.Invert(1, 0.5, nil))
	// Output:
	// first code at (0.0, 1.0)
	// variance explained: 0.80, 0.20
	// map (1, 0.5) is the code [0.5 1 0]
}

// Custom axes put each code at its dot products with two directions.
func ExampleCustomAxes() {
	a, err := projection.NewCustomAxes([]float64{1, 0, 0}, []float64{0, 1, 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(a.Place([]float64{2, 3, 4}))
	// Output:
	// 2 7
}
