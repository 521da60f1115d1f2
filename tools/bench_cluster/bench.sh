#!/bin/sh
# Benchmarks of viz/cluster against scikit-learn 1.2.1 (KMeans) and R's
# dbscan 1.1-11 (hdbscan), in one run. From the repository root:
#     nice sh tools/bench_cluster/bench.sh [DIR]
# The inputs (MNIST PCA-50 and its 2-D UMAP map) are made once and kept in
# DIR. Peak memory is GNU time's maximum resident set size per process.
set -e
DIR=${1:-/tmp/bench_cluster}
[ -f "$DIR/mnist_pca50.npy" ] || /usr/bin/python3 tools/bench_cluster/prepare.py "$DIR"
[ -f "$DIR/mnist_umap2.npy" ] || /usr/bin/python3 tools/bench_cluster/umap_map.py "$DIR"
go build -o "$DIR/bench_cluster" ./tools/bench_cluster
B="$DIR/bench_cluster -labels $DIR/digits.npy"
mem() { /usr/bin/time -f "  peak RSS %M kB" "$@"; }
uptime
/usr/bin/python3 tools/bench_cluster/sklearn_kmeans.py "$DIR" mnist_pca50 mnist_umap2
$B -codes "$DIR/mnist_pca50.npy" -method kmeans -k 10
$B -codes "$DIR/mnist_umap2.npy" -method kmeans -k 10
$B -codes "$DIR/mnist_umap2.npy" -method hdbscan -min-cluster-size 15
mem $B -codes "$DIR/mnist_umap2.npy" -method hdbscan -min-cluster-size 15 -n 20000
mem Rscript tools/bench_cluster/bench_r.R "$DIR/mnist_umap2_20k.csv" 15 "$DIR/digits.txt"
mem $B -codes "$DIR/mnist_pca50.npy" -method hdbscan -min-cluster-size 15 -n 20000
mem Rscript tools/bench_cluster/bench_r.R "$DIR/mnist_pca50_20k.csv" 15 "$DIR/digits.txt"
uptime
