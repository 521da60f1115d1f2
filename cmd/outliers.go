package cmd

import (
	"context"
	"flag"
	"fmt"
	"io"
	"slices"
	"sort"

	"github.com/latent-explorer/latent/app/session"
	"github.com/latent-explorer/latent/model"
	"github.com/latent-explorer/latent/viz/outlier"
	"gonum.org/v1/gonum/mat"
)

func init() {
	register(&command{
		name:    "outliers",
		args:    "(--codes Z --method knn|lof|glosh|prior|recon | --method roundtrip --encoder E.onnx) [params] -o SCORES.npy|.csv",
		summary: "score how unusual each latent code is (higher = more unusual)",
		run:     runOutliers,
	})
}

// outlierFlags are the flags of latent outliers.
type outlierFlags struct {
	codes, method, out, prior string
	decoder, encoder, data    string
	k, minSize, threads       int
	low, high, scale          float64
	seed                      uint64
}

func (f *outlierFlags) define(flags *flag.FlagSet) {
	flags.StringVar(&f.codes, "codes", "", "latent codes (.npy, .npz, .csv, .tsv, .parquet; .npy, .csv and .tsv also gzipped)")
	flags.StringVar(&f.method, "method", "knn", "knn (distance to k-th neighbour), lof, glosh, prior (negative log-density), recon (reconstruction error of the codes) or roundtrip (error of each data item encoded and decoded; no --codes)")
	flags.StringVar(&f.out, "o", "", "output scores, .npy (float64) or .csv")
	flags.IntVar(&f.k, "k", outlier.DefaultK, "knn, lof: number of neighbours")
	flags.IntVar(&f.minSize, "min-cluster-size", outlier.DefaultMinClusterSize, "glosh: HDBSCAN's min cluster size")
	flags.StringVar(&f.prior, "prior", "gaussian", "prior: gaussian (N(0, I)) or uniform (on [low, high]^d)")
	flags.Float64Var(&f.low, "low", -1, "prior uniform: lower bound of the box")
	flags.Float64Var(&f.high, "high", 1, "prior uniform: upper bound of the box")
	flags.StringVar(&f.decoder, "decoder", "", "recon, roundtrip: the ONNX decoder")
	flags.StringVar(&f.encoder, "encoder", "", "roundtrip: the ONNX encoder (its mean for a VAE)")
	flags.StringVar(&f.data, "data", "", "recon: the data items the codes came from, one per code; roundtrip: the items to score (.npy, MNIST IDX, ...)")
	flags.Float64Var(&f.scale, "data-scale", 0, "recon, roundtrip: multiply the data by this before encoding and comparing; 0 means 1/255 for uint8 data, else 1")
	flags.Uint64Var(&f.seed, "seed", 0, "random seed (approximate neighbours above 2000 codes)")
	flags.IntVar(&f.threads, "threads", 0, "threads (0: all cores)")
}

func runOutliers(ctx context.Context, e *env, flags *flag.FlagSet, args []string) error {
	var f outlierFlags
	f.define(flags)
	if err := parseFlagsOnly(flags, args); err != nil {
		return err
	}
	if _, err := outputKind(f.out, "npy", "csv"); err != nil {
		return err
	}
	if err := f.check(); err != nil {
		return err
	}
	update, done := e.progressBar(f.method)
	scores, err := f.run(ctx, update)
	done()
	if err != nil {
		return err
	}
	printTop(e.stdout, f.method, scores, 10)
	return writeFloats(f.out, scores, f.method)
}

// check refuses flags that do not fit together.
func (f *outlierFlags) check() error {
	switch {
	case !slices.Contains(outlierMethods, f.method):
		return usagef("--method %q: want knn, lof, glosh, prior, recon or roundtrip", f.method)
	case f.method == "recon" && (f.decoder == "" || f.data == ""):
		return usagef("--method recon needs --decoder and --data")
	case f.method == "roundtrip" && (f.encoder == "" || f.decoder == "" || f.data == ""):
		return usagef("--method roundtrip needs --encoder, --decoder and --data")
	case f.method == "roundtrip" && f.codes != "":
		return usagef("--method roundtrip scores the data's own encodings: no --codes")
	case f.method != "roundtrip" && f.encoder != "":
		return usagef("--encoder is for --method roundtrip")
	case f.prior != "gaussian" && f.prior != "uniform":
		return usagef("--prior %q: want gaussian or uniform", f.prior)
	case f.k < 1:
		return usagef("--k %d: want at least 1", f.k)
	}
	return nil
}

// outlierMethods are --method's values.
var outlierMethods = []string{"knn", "lof", "glosh", "prior", "recon", "roundtrip"}

// run computes the chosen score.
func (f *outlierFlags) run(ctx context.Context, progress func(float64)) ([]float64, error) {
	if f.method == "roundtrip" {
		return f.roundTrip(ctx, progress)
	}
	codes, err := loadCodes(f.codes)
	if err != nil {
		return nil, err
	}
	if f.method == "recon" {
		return f.reconstruction(ctx, codes, progress)
	}
	scores, err := f.score(ctx, session.CodesMatrix(codes), progress)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.codes, err)
	}
	return scores, nil
}

// roundTrip scores each data item by the mean squared error between it
// and the decoding of its encoding.
func (f *outlierFlags) roundTrip(ctx context.Context, progress func(float64)) ([]float64, error) {
	enc, err := model.LoadEncoder(f.encoder)
	if err != nil {
		return nil, err
	}
	dec, err := model.LoadDecoder(f.decoder)
	if err != nil {
		return nil, err
	}
	if f.threads > 0 {
		enc.Threads, dec.Threads = f.threads, f.threads
	}
	a, err := model.ReadArray(f.data, "")
	if err != nil {
		return nil, err
	}
	scores, err := session.RoundTripErrors(ctx, a, f.data, f.scale, enc, dec, progress)
	if err != nil {
		return nil, fmt.Errorf("%s through %s and %s: %w", f.data, f.encoder, f.decoder, err)
	}
	return scores, nil
}

// score computes the chosen score for every row of x.
func (f *outlierFlags) score(ctx context.Context, x *mat.Dense, progress func(float64)) ([]float64, error) {
	return outlier.Score(ctx, x, f.method, outlier.Options{K: f.k, MinClusterSize: f.minSize, Prior: f.prior,
		Low: f.low, High: f.high, Seed: f.seed, Threads: f.threads, Progress: progress})
}

// reconstruction scores each code by the mean squared error between its
// data item and its decoding.
func (f *outlierFlags) reconstruction(ctx context.Context, codes *model.Codes, progress func(float64)) ([]float64, error) {
	dec, err := model.LoadDecoder(f.decoder)
	if err != nil {
		return nil, err
	}
	if err := dec.CheckCodes(codes); err != nil {
		return nil, fmt.Errorf("%s: %s: %w", f.decoder, f.codes, err)
	}
	a, err := model.ReadArray(f.data, "")
	if err != nil {
		return nil, err
	}
	if len(a.Shape) == 0 || a.Shape[0] != codes.N {
		return nil, fmt.Errorf("%s: shape %v, but %s has %d codes", f.data, a.Shape, f.codes, codes.N)
	}
	scores, err := session.ReconstructionErrors(ctx, codes, a, f.data, f.scale, dec, progress)
	if err != nil {
		return nil, fmt.Errorf("%s with %s: %w", f.data, f.decoder, err)
	}
	return scores, nil
}

// printTop prints the n highest-scoring rows.
func printTop(w io.Writer, method string, scores []float64, n int) {
	idx := make([]int, len(scores))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return scores[idx[a]] > scores[idx[b]] })
	fmt.Fprintf(w, "%s scores for %d codes; most unusual:\n%8s %12s\n", method, len(scores), "row", "score")
	for _, i := range idx[:min(n, len(idx))] {
		fmt.Fprintf(w, "%8d %12.6g\n", i, scores[i])
	}
}
