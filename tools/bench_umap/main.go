// Command bench_umap runs the project's UMAP on codes from a .npy file and
// writes the layout, for bench.py to compare with umap-learn. It prints
// one line: the fit's wall-clock seconds.
//
//	go run ./tools/bench_umap -in X.npy -out Y.npy -threads 2 -seed 1
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"runtime/pprof"
	"time"

	"codeberg.org/sbinet/npyio"
	"gonum.org/v1/gonum/mat"

	"github.com/latent-explorer/latent/model"
	"github.com/latent-explorer/latent/viz/projection"
)

func main() {
	in := flag.String("in", "", "codes, N×d .npy")
	out := flag.String("out", "", "layout to write, N×2 .npy (float64)")
	threads := flag.Int("threads", 2, "threads")
	seed := flag.Uint64("seed", 1, "seed")
	profile := flag.String("cpuprofile", "", "write a CPU profile of the fit to this file")
	flag.Parse()
	if *profile != "" {
		f, err := os.Create(*profile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench_umap:", err)
			os.Exit(1)
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	if err := run(*in, *out, *threads, *seed); err != nil {
		fmt.Fprintln(os.Stderr, "bench_umap:", err)
		pprof.StopCPUProfile()
		os.Exit(1)
	}
}

func run(in, out string, threads int, seed uint64) error {
	c, err := model.ReadCodes(in)
	if err != nil {
		return err
	}
	x := mat.NewDense(c.N, c.D, nil)
	for i, v := range c.Data {
		x.RawMatrix().Data[i] = float64(v)
	}
	c = nil
	start := time.Now()
	y, err := projection.NewUMAP(projection.Options{Threads: threads, Seed: seed}).Fit(context.Background(), x, nil)
	if err != nil {
		return err
	}
	fmt.Printf("%.3f\n", time.Since(start).Seconds())
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	if err := npyio.Write(w, y); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", out, err)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", out, err)
	}
	return f.Close()
}
