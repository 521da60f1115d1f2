package outlier

import (
	"context"

	"gonum.org/v1/gonum/mat"

	"github.com/latent-explorer/latent/viz/cluster"
)

// GLOSH returns the GLOSH score of each row of x (Campello, Moulavi,
// Zimek & Sander 2015): 1 − eps_max/eps(x), where eps(x) is the distance
// at which x leaves its cluster in the HDBSCAN hierarchy and eps_max the
// smallest such distance in the densest part of that cluster. Scores lie
// in [0, 1); 0 is as dense as the cluster's core. It runs HDBSCAN with opt
// (see cluster.HDBSCAN for its errors); when the clustering is wanted too,
// use cluster.HDBSCAN's OutlierScores instead.
func GLOSH(ctx context.Context, x *mat.Dense, opt cluster.HDBSCANOptions) ([]float64, error) {
	res, err := cluster.HDBSCAN(ctx, x, opt)
	if err != nil {
		return nil, err
	}
	return res.OutlierScores, nil
}
