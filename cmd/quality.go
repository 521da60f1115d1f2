package cmd

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math"

	"github.com/latent-explorer/latent/app/session"
	"github.com/latent-explorer/latent/model"
	"github.com/latent-explorer/latent/viz/quality"
)

func init() {
	register(&command{
		name:    "quality",
		args:    "--codes Z --coords XY [--labels L] [--k 10] [--sample N]",
		summary: "measure how well a 2-D map keeps the codes' neighbourhoods (trustworthiness, continuity, kNN recall and accuracy)",
		run:     runQuality,
	})
}

// qualityFlags are the flags of latent quality.
type qualityFlags struct {
	codes, coords, labels, column string
	k, sample, threads            int
	seed                          uint64
}

func (f *qualityFlags) define(flags *flag.FlagSet) {
	flags.StringVar(&f.codes, "codes", "", "latent codes (.npy, .npz, .csv, .tsv, .parquet; .npy, .csv and .tsv also gzipped)")
	flags.StringVar(&f.coords, "coords", "", "their map coordinates, n×2 (as written by latent project)")
	flags.StringVar(&f.labels, "labels", "", "labels for the kNN accuracy: an integer .npy or a table (CSV/TSV)")
	flags.StringVar(&f.column, "label-column", "", "the labels' column in a table (default: \"label\", else the first)")
	flags.IntVar(&f.k, "k", 10, "neighbourhood size")
	flags.IntVar(&f.sample, "sample", 10000, "average over this many random points, ranked against all (0: every point; exact either way when n is smaller)")
	flags.Uint64Var(&f.seed, "seed", 0, "seed of the sample")
	flags.IntVar(&f.threads, "threads", 0, "threads (0: all cores)")
}

func runQuality(ctx context.Context, e *env, flags *flag.FlagSet, args []string) error {
	var f qualityFlags
	f.define(flags)
	if err := parseFlagsOnly(flags, args); err != nil {
		return err
	}
	switch {
	case f.codes == "" || f.coords == "":
		return usagef("--codes and --coords are required")
	case f.k < 1 || f.sample < 0 || f.threads < 0:
		return usagef("--k must be positive, --sample and --threads not negative")
	}
	codes, err := loadCodes(f.codes)
	if err != nil {
		return err
	}
	coords, err := model.ReadCodes(f.coords)
	if err != nil {
		return err
	}
	if coords.N != codes.N {
		return fmt.Errorf("%s: %d points, but %s has %d codes", f.coords, coords.N, f.codes, codes.N)
	}
	labels, err := f.readLabels(codes)
	if err != nil {
		return err
	}
	update, done := e.progressBar("quality")
	r, err := quality.Evaluate(ctx, session.CodesMatrix(codes), session.CodesMatrix(coords), labels,
		quality.Options{K: f.k, Sample: f.sample, Seed: f.seed, Threads: f.threads, Progress: update})
	done()
	if err != nil {
		return fmt.Errorf("%s, %s: %w", f.codes, f.coords, err)
	}
	printQuality(e.stdout, r)
	return nil
}

// readLabels returns the labels as integers (model.ColumnCategories'
// numbering; missing values are -1, one more label), or nil without --labels.
func (f *qualityFlags) readLabels(codes *model.Codes) ([]int, error) {
	if f.labels == "" {
		return nil, nil
	}
	t, err := loadTable(f.labels)
	if err != nil {
		return nil, err
	}
	if err := model.CheckRows(f.codes, codes, f.labels, t); err != nil {
		return nil, err
	}
	col := t.Column(f.column)
	switch {
	case f.column != "" && col == nil:
		return nil, fmt.Errorf("%s: no column %q", f.labels, f.column)
	case col == nil && t.Column("label") != nil:
		col = t.Column("label")
	case col == nil:
		col = t.Columns[0]
	}
	return model.ColumnCategories(col, 0).Index, nil
}

func printQuality(w io.Writer, r *quality.Report) {
	if r.Evaluated < r.N {
		fmt.Fprintf(w, "points           %d (averaged over a random sample of %d)\n", r.N, r.Evaluated)
	} else {
		fmt.Fprintf(w, "points           %d\n", r.N)
	}
	fmt.Fprintf(w, "k                %d\n", r.K)
	fmt.Fprintf(w, "trustworthiness  %.4f\n", r.Trustworthiness)
	fmt.Fprintf(w, "continuity       %.4f\n", r.Continuity)
	fmt.Fprintf(w, "knn recall       %.4f\n", r.Recall)
	if !math.IsNaN(r.Accuracy) {
		fmt.Fprintf(w, "knn accuracy     %.4f\n", r.Accuracy)
	}
}
