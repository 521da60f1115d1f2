package cmd

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/latent-explorer/latent/app/session"
	"github.com/latent-explorer/latent/viz/projection"
)

func init() {
	register(&command{
		name:    "project",
		args:    "--codes Z --method pca|tsne|umap [--seed N] [--perplexity P] [--neighbors K] [--min-dist M] [--iterations N] [--threads N] -o XY.npy|XY.csv",
		summary: "project latent codes to 2-D (PCA, t-SNE or UMAP) and write the coordinates",
		run:     runProject,
	})
}

// projectFlags are the flags of latent project.
type projectFlags struct {
	projectionFlags
	out  string
	dims int
}

func (f *projectFlags) define(flags *flag.FlagSet) {
	f.projectionFlags.define(flags, "")
	flags.StringVar(&f.out, "o", "", "output coordinates, n×2: .npy (float64) or .csv (columns x, y)")
	flags.IntVar(&f.dims, "dims", 2, "pca: number of components to write (to reduce codes before t-SNE or UMAP, say)")
}

func runProject(ctx context.Context, e *env, flags *flag.FlagSet, args []string) error {
	var f projectFlags
	f.define(flags)
	if err := parse(flags, args); err != nil {
		return err
	}
	if err := f.check(flags); err != nil {
		return err
	}
	codes, err := loadCodes(f.codes)
	if err != nil {
		return err
	}
	x := session.CodesMatrix(codes)
	if !projection.NeedsProjection(codes.D) {
		fmt.Fprintf(e.stderr, "latent project: %s: the codes have %d column(s), so no projection is needed; writing them as the coordinates\n", f.codes, codes.D)
	}
	p, err := projection.New(f.method, f.options())
	if err != nil {
		return usagef("%v", err)
	}
	update, done := e.progressBar(f.method)
	start := time.Now()
	y, err := f.fit(ctx, p, x, func(fr float64, _ *mat.Dense) { update(fr) })
	done()
	if err != nil {
		return fmt.Errorf("%s: %w", f.codes, err)
	}
	if err := writeMatrix(f.out, y, columnNames(y)); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: %d codes of dimension %d → %s in %.3f s\n", f.method, codes.N, codes.D, f.out, time.Since(start).Seconds())
	if pca, ok := p.(*projection.PCA); ok && projection.NeedsProjection(codes.D) {
		printPCA(e.stdout, pca)
	}
	return nil
}

// fit runs the projection; PCA with --dims other than 2 writes that many
// components.
func (f *projectFlags) fit(ctx context.Context, p projection.Projector, x *mat.Dense, progress projection.Progress) (*mat.Dense, error) {
	pca, ok := p.(*projection.PCA)
	if _, d := x.Dims(); !ok || f.dims == 2 || !projection.NeedsProjection(d) {
		return p.Fit(ctx, x, progress)
	}
	if _, d := x.Dims(); f.dims > d {
		return nil, fmt.Errorf("--dims %d: the codes have only %d columns", f.dims, d)
	}
	if err := pca.FitComponents(ctx, x, f.dims, progress); err != nil {
		return nil, err
	}
	return pca.Transform(nil, x), nil
}

// columnNames returns x, y for a map, pc1, pc2, ... for more columns.
func columnNames(y *mat.Dense) []string {
	_, c := y.Dims()
	if c == 2 {
		return []string{"x", "y"}
	}
	names := make([]string, c)
	for j := range names {
		names[j] = fmt.Sprintf("pc%d", j+1)
	}
	return names
}

// check validates the flags before any file is read.
func (f *projectFlags) check(flags *flag.FlagSet) error {
	if flags.NArg() > 0 {
		return usagef("unexpected argument %q", flags.Arg(0))
	}
	if _, err := outputKind(f.out, "npy", "csv"); err != nil {
		return err
	}
	if f.dims < 1 {
		return usagef("--dims %d: want at least 1", f.dims)
	}
	dimsSet := false
	flags.Visit(func(fl *flag.Flag) { dimsSet = dimsSet || fl.Name == "dims" })
	if dimsSet && f.method != "pca" {
		return usagef("--dims applies to --method pca, not %s", f.method)
	}
	return f.projectionFlags.check(flags)
}

// printPCA prints the variance each component explains.
func printPCA(w io.Writer, p *projection.PCA) {
	total := 0.0
	for j, r := range p.VarianceRatio {
		total += r
		fmt.Fprintf(w, "component %d: variance %.6g, %.2f%% of the total\n", j+1, p.Variance[j], 100*r)
	}
	fmt.Fprintf(w, "together: %.2f%% of the variance\n", 100*total)
}
