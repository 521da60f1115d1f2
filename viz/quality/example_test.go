package quality_test

import (
	"context"
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/latent-explorer/latent/viz/quality"
)

// A map that keeps every neighbourhood scores 1 on all metrics.
func ExampleEvaluate() {
	x := mat.NewDense(8, 3, []float64{
		0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 1, 1,
		9, 0, 0, 9, 0, 1, 9, 1, 0, 9, 1, 1,
	})
	y := mat.NewDense(8, 2, []float64{0, 0, 0, 1, 1, 0, 1, 1, 9, 0, 9, 1, 10, 0, 10, 1})
	labels := []int{0, 0, 0, 0, 1, 1, 1, 1}
	r, err := quality.Evaluate(context.Background(), x, y, labels, quality.Options{K: 3})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("trustworthiness %.2f, continuity %.2f, recall %.2f, accuracy %.2f\n",
		r.Trustworthiness, r.Continuity, r.Recall, r.Accuracy)
	// Output:
	// trustworthiness 1.00, continuity 1.00, recall 1.00, accuracy 1.00
}
