// Command prof runs t-SNE (or PCA, with -pca K) on a codes file with a CPU
// profile and per-stage timings, to find where the time goes.
//
//	go run ./tools/bench_projection/prof -codes mnist50_10000.npy -cpu cpu.pprof
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"runtime"
	"runtime/pprof"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/latent-explorer/latent/model"
	"github.com/latent-explorer/latent/viz/projection"
)

func main() {
	codes := flag.String("codes", "", "codes .npy")
	cpu := flag.String("cpu", "", "write a CPU profile here")
	gradient := flag.String("gradient", "", "t-SNE gradient: bh, fft or exact")
	threads := flag.Int("threads", 2, "threads")
	pcaDims := flag.Int("pca", 0, "run PCA to this many dimensions instead of t-SNE")
	flag.Parse()
	x, err := readNPY(*codes)
	if err != nil {
		log.Fatal(err)
	}
	n, d := x.Dims()
	if *cpu != "" {
		f, err := os.Create(*cpu)
		if err != nil {
			log.Fatal(err)
		}
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	if *pcaDims > 0 {
		start := time.Now()
		p := projection.NewPCA(projection.Options{Threads: *threads})
		if err := p.FitComponents(context.Background(), x, *pcaDims, nil); err != nil {
			log.Fatal(err)
		}
		fit := time.Since(start)
		p.Transform(nil, x)
		fmt.Printf("PCA of %d×%d to %d: fit %.2f s, with scores %.2f s\n", n, d, *pcaDims, fit.Seconds(), time.Since(start).Seconds())
		return
	}
	t, err := projection.NewTSNE(projection.Options{Seed: 1, Threads: *threads, Gradient: *gradient})
	if err != nil {
		log.Fatal(err)
	}
	start := time.Now()
	last := 0.0
	_, err = t.Fit(context.Background(), x, func(f float64, _ *mat.Dense) {
		for _, mark := range []float64{0.2, 0.22, 0.25, 0.5, 0.75} {
			if last < mark && f >= mark {
				fmt.Fprintf(os.Stderr, "%.2f at %.1f s\n", mark, time.Since(start).Seconds())
			}
		}
		last = f
	})
	if err != nil {
		log.Fatal(err)
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Printf("t-SNE of %d×%d: %.2f s, heap peak-ish %d MB\n", n, d, time.Since(start).Seconds(), ms.HeapSys>>20)
}

// readNPY reads a 2-D .npy file with the project's reader.
func readNPY(path string) (*mat.Dense, error) {
	a, err := model.ReadArray(path, "")
	if err != nil {
		return nil, err
	}
	if len(a.Shape) != 2 {
		return nil, fmt.Errorf("%s: want a 2-D array, have shape %v", path, a.Shape)
	}
	return mat.NewDense(a.Shape[0], a.Shape[1], a.Data), nil
}
