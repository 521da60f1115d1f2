package outlier

import (
	"context"
	"fmt"

	"gonum.org/v1/gonum/mat"

	"github.com/latent-explorer/latent/viz/cluster"
	"github.com/latent-explorer/latent/viz/neighbors"
)

// Methods are the scores Score computes from the codes alone, by name.
var Methods = []string{"knn", "lof", "glosh", "prior"}

// Defaults for Options' zero fields, shared by `latent outliers` and the
// window's Analyse menu.
const (
	DefaultK              = 20
	DefaultMinClusterSize = 5
)

// Options are the parameters of Score; the zero value is the default of
// every method.
type Options struct {
	// K is the neighbours of knn and lof; 0 means DefaultK.
	K int
	// MinClusterSize is HDBSCAN's for glosh; 0 means DefaultMinClusterSize.
	MinClusterSize int
	// Prior is "gaussian" (N(0, I), the default when empty) or "uniform"
	// on [Low, High]^d, for prior.
	Prior     string
	Low, High float64
	// Seed seeds the approximate neighbour search of large inputs.
	Seed uint64
	// Threads bounds the parallelism; 0 means every core.
	Threads int
	// Progress, when not nil, is called with the fraction done.
	Progress func(float64)
}

// Score computes the named score (one of Methods) for every row of x:
// knn is KthNeighborDistance and lof LOF over the K nearest neighbours,
// glosh is GLOSH, prior is GaussianPrior or UniformPrior.
func Score(ctx context.Context, x *mat.Dense, method string, opt Options) ([]float64, error) {
	switch method {
	case "prior":
		return priorScore(x, opt)
	case "glosh":
		size := or(opt.MinClusterSize, DefaultMinClusterSize)
		return GLOSH(ctx, x, cluster.HDBSCANOptions{MinClusterSize: size, Threads: opt.Threads, Progress: opt.Progress})
	case "knn", "lof":
		g, err := neighbors.KNN(ctx, x, or(opt.K, DefaultK), neighbors.Options{Threads: opt.Threads, Seed: opt.Seed, Progress: opt.Progress})
		if err != nil {
			return nil, err
		}
		if method == "lof" {
			return LOF(g, nil), nil
		}
		return KthNeighborDistance(g, nil), nil
	}
	return nil, fmt.Errorf("outlier: unknown score %q; want knn, lof, glosh or prior", method)
}

func priorScore(x *mat.Dense, opt Options) ([]float64, error) {
	switch opt.Prior {
	case "", "gaussian":
		return GaussianPrior(x, nil), nil
	case "uniform":
		return UniformPrior(x, opt.Low, opt.High, nil)
	}
	return nil, fmt.Errorf("outlier: unknown prior %q; want gaussian or uniform", opt.Prior)
}

func or(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}
