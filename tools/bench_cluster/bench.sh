#!/bin/sh
# Benchmarks of viz/cluster against scikit-learn 1.2.1 (KMeans) and R's
# dbscan 1.1-11 (hdbscan), all in one run. From the repository root:
#     nice sh tools/bench_cluster/bench.sh [DIR]
# Peak memory is GNU time's "Maximum resident set size" of each process.
set -e
DIR=${1:-/tmp/bench_cluster}
/usr/bin/python3 tools/bench_cluster/prepare.py "$DIR"
/usr/bin/python3 -c "import numpy as np; np.savetxt('$DIR/digits.txt', np.load('$DIR/digits.npy'), fmt='%d')"
go build -o "$DIR/bench_cluster" ./tools/bench_cluster
B="$DIR/bench_cluster -labels $DIR/digits.npy"
mem() { /usr/bin/time -f "  peak RSS %M kB, wall %e s" "$@"; }
mem $B -codes "$DIR/mnist_pca50.npy" -method kmeans -k 10
mem $B -codes "$DIR/mnist_pca2.npy" -method kmeans -k 10
mem $B -codes "$DIR/mnist_pca2.npy" -method hdbscan -min-cluster-size 15
mem $B -codes "$DIR/mnist_pca2.npy" -method hdbscan -min-cluster-size 15 -n 20000
mem $B -codes "$DIR/mnist_pca50.npy" -method hdbscan -min-cluster-size 15 -n 20000
mem Rscript tools/bench_cluster/bench_r.R "$DIR/mnist_pca2_20k.csv" 15 "$DIR/digits.txt"
mem Rscript tools/bench_cluster/bench_r.R "$DIR/mnist_pca50_20k.csv" 15 "$DIR/digits.txt"
