// Command bench_cluster times this project's k-means and HDBSCAN on the
// arrays prepare.py writes, prints the adjusted Rand index against the
// digit labels and the process's peak memory. bench.sh runs it beside
// scikit-learn and R's dbscan; see README.md.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"codeberg.org/sbinet/npyio"
	"github.com/latent-explorer/latent/viz/cluster"
	"gonum.org/v1/gonum/mat"
)

func main() {
	codes := flag.String("codes", "", "float64 .npy, one code per row")
	labelsPath := flag.String("labels", "", "int64 .npy of digit labels")
	method := flag.String("method", "kmeans", "kmeans or hdbscan")
	n := flag.Int("n", 0, "use only the first n rows (0: all)")
	k := flag.Int("k", 10, "k-means clusters")
	minSize := flag.Int("min-cluster-size", 15, "HDBSCAN min cluster size (R's minPts)")
	threads := flag.Int("threads", 0, "threads (0: all cores)")
	profile := flag.String("cpuprofile", "", "write a CPU profile to this file")
	flag.Parse()
	if *profile != "" {
		f, err := os.Create(*profile)
		if err != nil {
			log.Fatal(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			log.Fatal(err)
		}
		defer pprof.StopCPUProfile()
	}
	x := readMatrix(*codes, *n)
	truth := readLabels(*labelsPath, x.RawMatrix().Rows)
	cpu0 := cpuSeconds()
	start := time.Now()
	labels, info := run(x, *method, *k, *minSize, *threads)
	elapsed := time.Since(start)
	cpu := time.Duration(cpuSeconds() * float64(time.Second))
	ari, err := cluster.AdjustedRandIndex(labels, truth)
	if err != nil {
		log.Fatal(err)
	}
	r, c := x.Dims()
	fmt.Printf("go %s n=%d d=%d: %.3f s wall, %.3f s CPU, %s, ARI vs digits %.4f, peak RSS %s\n",
		*method, r, c, elapsed.Seconds(), cpu.Seconds()-cpu0, info, ari, peakRSS())
}

// run clusters x and describes the result.
func run(x *mat.Dense, method string, k, minSize, threads int) ([]int, string) {
	ctx := context.Background()
	if method == "kmeans" {
		res, err := cluster.KMeans(ctx, x, cluster.KMeansOptions{K: k, Seed: 1, Threads: threads})
		if err != nil {
			log.Fatal(err)
		}
		return res.Labels, fmt.Sprintf("inertia %.6g", res.Inertia)
	}
	res, err := cluster.HDBSCAN(ctx, x, cluster.HDBSCANOptions{MinClusterSize: minSize, Threads: threads})
	if err != nil {
		log.Fatal(err)
	}
	noise := 0
	for _, l := range res.Labels {
		if l < 0 {
			noise++
		}
	}
	return res.Labels, fmt.Sprintf("%d clusters, %d noise", res.NumClusters, noise)
}

func readMatrix(path string, n int) *mat.Dense {
	f, err := os.Open(path)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	var m mat.Dense
	if err := npyio.Read(bufio.NewReader(f), &m); err != nil {
		log.Fatalf("%s: %v", path, err)
	}
	if r, c := m.Dims(); n > 0 && n < r {
		return mat.DenseCopyOf(m.Slice(0, n, 0, c))
	}
	return &m
}

func readLabels(path string, n int) []int {
	f, err := os.Open(path)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	var v []int64
	if err := npyio.Read(bufio.NewReader(f), &v); err != nil {
		log.Fatalf("%s: %v", path, err)
	}
	out := make([]int, n)
	for i := range out {
		out[i] = int(v[i])
	}
	return out
}

// cpuSeconds returns the process's user plus system CPU time.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

// peakRSS returns the process's peak resident set size (VmHWM).
func peakRSS() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			return strings.TrimSpace(strings.TrimPrefix(line, "VmHWM:"))
		}
	}
	return "unknown"
}
