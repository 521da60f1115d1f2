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
	"runtime"
	"runtime/pprof"
	"syscall"
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
	place := flag.Int("place", 0, "after the fit, time Place and Invert on this many perturbed codes (printed on stderr)")
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
	if err := run(*in, *out, *threads, *seed, *place); err != nil {
		fmt.Fprintln(os.Stderr, "bench_umap:", err)
		pprof.StopCPUProfile()
		os.Exit(1)
	}
}

func run(in, out string, threads int, seed uint64, place int) error {
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
	u := projection.NewUMAP(projection.Options{Threads: threads, Seed: seed})
	y, err := u.Fit(context.Background(), x, nil)
	if err != nil {
		return err
	}
	fmt.Printf("%.3f\n", time.Since(start).Seconds())
	if place > 0 {
		timePlaceInvert(u, x, y, place)
	}
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

// timePlaceInvert prints the mean time of Place on codes halfway between two
// consecutive training codes, and of Invert at positions halfway between
// their map positions.
func timePlaceInvert(u *projection.UMAP, x, y *mat.Dense, count int) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	n, d := x.Dims()
	count = min(count, n-1)
	z := make([]float64, d)
	start, cpu0 := time.Now(), threadCPU()
	for i := range count {
		a, b := x.RawRowView(i), x.RawRowView(i+1)
		for j := range z {
			z[j] = (a[j] + b[j]) / 2
		}
		u.Place(z)
	}
	placeT, placeCPU := time.Since(start)/time.Duration(count), (threadCPU()-cpu0)/time.Duration(count)
	start, cpu0 = time.Now(), threadCPU()
	for i := range count {
		u.Invert((y.At(i, 0)+y.At(i+1, 0))/2, (y.At(i, 1)+y.At(i+1, 1))/2, z)
	}
	invertT, invertCPU := time.Since(start)/time.Duration(count), (threadCPU()-cpu0)/time.Duration(count)
	fmt.Fprintf(os.Stderr, "Place %v per point (CPU %v), Invert %v per point (CPU %v); %d points, %d training codes\n",
		placeT, placeCPU, invertT, invertCPU, count, n)
}

// threadCPU is the calling OS thread's CPU time (user + system).
func threadCPU() time.Duration {
	const rusageThread = 1 // RUSAGE_THREAD, Linux
	var r syscall.Rusage
	if syscall.Getrusage(rusageThread, &r) != nil {
		return 0
	}
	return time.Duration(r.Utime.Nano() + r.Stime.Nano())
}
