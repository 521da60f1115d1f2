package cluster_test

import (
	"context"
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/latent-explorer/latent/viz/cluster"
)

func ExampleHDBSCAN() {
	// Two tight groups of five points and one far-away point.
	x := mat.NewDense(11, 2, []float64{
		0, 0, 0, 1, 1, 0, 1, 1, 0.5, 0.5,
		10, 10, 10, 11, 11, 10, 11, 11, 10.5, 10.5,
		50, -50,
	})
	res, err := cluster.HDBSCAN(context.Background(), x, cluster.HDBSCANOptions{MinClusterSize: 4})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.NumClusters, res.Labels)
	// Output: 2 [0 0 0 0 0 1 1 1 1 1 -1]
}

func ExampleKMeans() {
	x := mat.NewDense(6, 1, []float64{1, 2, 3, 10, 11, 12})
	res, err := cluster.KMeans(context.Background(), x, cluster.KMeansOptions{K: 2, Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Labels[0] != res.Labels[3], res.Inertia)
	// Output: true 4
}
