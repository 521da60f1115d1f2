package cmd

import (
	"flag"
	"strings"

	"github.com/latent-explorer/latent/viz/projection"
)

// projectionFlags are the flags of a projection run, shared by latent
// project and latent plot --codes.
type projectionFlags struct {
	codes, method   string
	seed            uint64
	perplexity      float64
	neighbors       int
	minDist, spread float64
	iterations      int
	threads         int
}

// projectionMethodFlags names the flags that apply to only some methods.
var projectionMethodFlags = map[string]string{
	"perplexity": "tsne",
	"neighbors":  "umap",
	"min-dist":   "umap",
	"spread":     "umap",
	"iterations": "tsne umap",
	"seed":       "tsne umap pca",
	"threads":    "tsne umap pca",
	"method":     "tsne umap pca",
}

// define defines the flags; prefix starts each help text ("with --codes: ").
func (p *projectionFlags) define(flags *flag.FlagSet, prefix string) {
	flags.StringVar(&p.codes, "codes", "", "latent codes (.npy, .npz, .csv, .tsv, .parquet; .npy, .csv and .tsv also gzipped)")
	flags.StringVar(&p.method, "method", "pca", prefix+"pca, tsne or umap")
	flags.Uint64Var(&p.seed, "seed", 0, prefix+"random seed; results are reproducible for a seed and thread count")
	flags.Float64Var(&p.perplexity, "perplexity", 30, "tsne: perplexity (effective number of neighbours)")
	flags.IntVar(&p.neighbors, "neighbors", 15, "umap: n_neighbors")
	flags.Float64Var(&p.minDist, "min-dist", 0.1, "umap: min_dist")
	flags.Float64Var(&p.spread, "spread", 1, "umap: spread")
	flags.IntVar(&p.iterations, "iterations", 0, "tsne: iterations after early exaggeration (0: 500); umap: epochs (0: by size)")
	flags.IntVar(&p.threads, "threads", 0, prefix+"threads (0: all cores)")
}

// check validates the method and its parameters; a flag set for another
// method is a usage error.
func (p *projectionFlags) check(flags *flag.FlagSet) error {
	switch p.method {
	case "pca", "tsne", "umap":
	default:
		return usagef("--method %q: want pca, tsne or umap", p.method)
	}
	var bad error
	flags.Visit(func(fl *flag.Flag) {
		if methods, ok := projectionMethodFlags[fl.Name]; ok && !strings.Contains(methods, p.method) && bad == nil {
			bad = usagef("--%s applies to --method %s, not %s", fl.Name, strings.ReplaceAll(methods, " ", " or "), p.method)
		}
	})
	switch {
	case bad != nil:
		return bad
	case p.perplexity < 1:
		return usagef("--perplexity %g: want at least 1", p.perplexity)
	case p.neighbors < 2:
		return usagef("--neighbors %d: want at least 2", p.neighbors)
	case p.minDist < 0 || p.spread <= 0:
		return usagef("--min-dist %g, --spread %g: want min-dist ≥ 0 and spread > 0", p.minDist, p.spread)
	case p.iterations < 0 || p.threads < 0:
		return usagef("--iterations and --threads must not be negative")
	}
	return nil
}

func (p *projectionFlags) options() projection.Options {
	o := projection.Options{
		Seed: p.seed, Threads: p.threads,
		Perplexity: p.perplexity, Neighbors: p.neighbors,
		Spread: p.spread, Iterations: p.iterations,
	}
	o.SetMinDist(p.minDist)
	return o
}
