package cmd

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/latent-explorer/latent/app/session"
	"github.com/latent-explorer/latent/viz/cluster"
	"gonum.org/v1/gonum/mat"
)

func init() {
	register(&command{
		name:    "cluster",
		args:    "--codes Z --method kmeans|hdbscan [params] -o LABELS.npy|.csv",
		summary: "cluster latent codes (k-means or HDBSCAN) and write one label per code",
		run:     runCluster,
	})
}

// clusterFlags are the flags of latent cluster.
type clusterFlags struct {
	codes, method, out, selection string
	k, nInit, minSize, minSamples int
	threads                       int
	seed                          uint64
	miniBatch                     bool
}

func (f *clusterFlags) define(flags *flag.FlagSet) {
	flags.StringVar(&f.codes, "codes", "", "latent codes (.npy, .npz, .csv, .tsv, .parquet; .npy, .csv and .tsv also gzipped)")
	flags.StringVar(&f.method, "method", "kmeans", "kmeans or hdbscan")
	flags.StringVar(&f.out, "o", "", "output labels, .npy (int64) or .csv; HDBSCAN noise is -1")
	flags.IntVar(&f.k, "k", 8, "k-means: number of clusters")
	flags.IntVar(&f.nInit, "n-init", 10, "k-means: restarts from fresh k-means++ seeds")
	flags.BoolVar(&f.miniBatch, "minibatch", false, "k-means: mini-batch k-means (faster on very large inputs, slightly worse)")
	flags.IntVar(&f.minSize, "min-cluster-size", 5, "hdbscan: fewest points in a cluster")
	flags.IntVar(&f.minSamples, "min-samples", 0, "hdbscan: neighbours (counting the point) for the core distance; 0 means min-cluster-size")
	flags.StringVar(&f.selection, "selection", "eom", "hdbscan: eom (excess of mass) or leaf")
	flags.Uint64Var(&f.seed, "seed", 0, "random seed")
	flags.IntVar(&f.threads, "threads", 0, "threads (0: all cores); results do not depend on it")
}

func runCluster(ctx context.Context, e *env, flags *flag.FlagSet, args []string) error {
	var f clusterFlags
	f.define(flags)
	if err := parseFlagsOnly(flags, args); err != nil {
		return err
	}
	if _, err := outputKind(f.out, "npy", "csv"); err != nil {
		return err
	}
	if f.method != "kmeans" && f.method != "hdbscan" {
		return usagef("--method %q: want kmeans or hdbscan", f.method)
	}
	if f.selection != "eom" && f.selection != "leaf" {
		return usagef("--selection %q: want eom or leaf", f.selection)
	}
	codes, err := loadCodes(f.codes)
	if err != nil {
		return err
	}
	x := session.CodesMatrix(codes)
	update, done := e.progressBar(f.method)
	labels, err := f.run(ctx, e.stdout, x, update)
	done()
	if err != nil {
		return fmt.Errorf("%s: %w", f.codes, err)
	}
	return writeInts(f.out, labels, "cluster")
}

// run clusters x, prints the summary and returns the labels.
func (f *clusterFlags) run(ctx context.Context, w io.Writer, x *mat.Dense, progress func(float64)) ([]int, error) {
	if f.method == "kmeans" {
		opt := cluster.KMeansOptions{K: f.k, NInit: f.nInit, Seed: f.seed, Threads: f.threads, Progress: progress}
		run := cluster.KMeans
		if f.miniBatch {
			run = cluster.MiniBatchKMeans
		}
		res, err := run(ctx, x, opt)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(w, "k-means: %d clusters, inertia %.6g, %d iterations\n", f.k, res.Inertia, res.Iterations)
		return res.Labels, printClusters(w, x, res.Labels)
	}
	opt := cluster.HDBSCANOptions{MinClusterSize: f.minSize, MinSamples: f.minSamples, Threads: f.threads, Progress: progress}
	if f.selection == "leaf" {
		opt.Selection = cluster.Leaf
	}
	res, err := cluster.HDBSCAN(ctx, x, opt)
	if err != nil {
		return nil, err
	}
	noise := 0
	for _, l := range res.Labels {
		if l < 0 {
			noise++
		}
	}
	fmt.Fprintf(w, "hdbscan: %d clusters, %d noise points of %d\n", res.NumClusters, noise, len(res.Labels))
	return res.Labels, printClusters(w, x, res.Labels)
}

// printClusters prints each cluster's size and medoid.
func printClusters(w io.Writer, x *mat.Dense, labels []int) error {
	sums, err := cluster.Summarize(x, labels)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%7s %8s %8s\n", "cluster", "size", "medoid")
	for _, s := range sums {
		fmt.Fprintf(w, "%7d %8d %8d\n", s.Label, s.Size, s.Medoid)
	}
	return nil
}
