package cmd

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/latent-explorer/latent/app/session"
	"github.com/latent-explorer/latent/model"
	"github.com/latent-explorer/latent/viz/neighbors"
)

func init() {
	register(&command{
		name:    "neighbors",
		args:    "--codes Z --index I | --z V [--k K] [--metric euclidean|cosine] [--labels L]",
		summary: "list the codes nearest a code or a vector, as the Neighbours panel does",
		run:     runNeighbors,
	})
}

// neighborFlags are the flags of latent neighbors.
type neighborFlags struct {
	codes, z, metric, labels string
	index, k                 int
}

func (f *neighborFlags) define(flags *flag.FlagSet) {
	flags.StringVar(&f.codes, "codes", "", "latent codes (.npy, .npz, .csv, .tsv, .parquet)")
	flags.IntVar(&f.index, "index", -1, "the code (row) whose neighbours to list; it is left out of its own list")
	flags.StringVar(&f.z, "z", "", "a latent vector, comma-separated, instead of --index")
	flags.IntVar(&f.k, "k", 10, "number of neighbours")
	flags.StringVar(&f.metric, "metric", "euclidean", "euclidean or cosine (1 − cosine similarity)")
	flags.StringVar(&f.labels, "labels", "", "labels or metadata; the first column is printed")
}

func runNeighbors(ctx context.Context, e *env, flags *flag.FlagSet, args []string) error {
	var f neighborFlags
	f.define(flags)
	if err := parse(flags, args); err != nil {
		return err
	}
	metric, err := neighbors.ParseMetric(f.metric)
	switch {
	case flags.NArg() > 0:
		return usagef("unexpected argument %q", flags.Arg(0))
	case err != nil:
		return usagef("--metric %q: want euclidean or cosine", f.metric)
	case (f.index >= 0) == (f.z != ""):
		return usagef("give one of --index and --z")
	case f.k < 1:
		return usagef("--k %d: want at least 1", f.k)
	}
	codes, err := loadCodes(f.codes)
	if err != nil {
		return err
	}
	z, err := f.query(codes)
	if err != nil {
		return err
	}
	var labels *model.Column
	if f.labels != "" {
		t, err := loadTable(f.labels)
		if err != nil {
			return err
		}
		if t.Rows() != codes.N {
			return fmt.Errorf("%s: %d rows, %s has %d codes", f.labels, t.Rows(), f.codes, codes.N)
		}
		labels = t.Columns[0]
	}
	idx, dist, err := neighbors.Nearest(ctx, session.CodesMatrix(codes), z, f.k, metric, f.index)
	if err != nil {
		return fmt.Errorf("%s: %w", f.codes, err)
	}
	printNeighbors(e.stdout, idx, dist, labels)
	return nil
}

// query is the vector whose neighbours are listed: code --index or --z.
func (f *neighborFlags) query(codes *model.Codes) ([]float64, error) {
	if f.index >= 0 {
		if f.index >= codes.N {
			return nil, usagef("--index %d: %s has %d codes", f.index, f.codes, codes.N)
		}
		return codes.Vector(f.index), nil
	}
	v, ok := parseVector(f.z)
	if !ok || len(v) != codes.D {
		return nil, usagef("--z %q: want %d comma-separated numbers", f.z, codes.D)
	}
	z := make([]float64, len(v))
	for j, x := range v {
		z[j] = float64(x)
	}
	return z, nil
}

// printNeighbors prints one line per neighbour: row, distance, label.
func printNeighbors(w io.Writer, idx []int, dist []float64, labels *model.Column) {
	fmt.Fprintf(w, "%8s %12s  %s\n", "index", "distance", "label")
	for r, i := range idx {
		fmt.Fprintf(w, "%8d %12.6g  %s\n", i, dist[r], session.CellText(labels, i))
	}
}
