#!/usr/bin/python3
"""Write the 2-D UMAP map of the MNIST PCA-50 codes that prepare.py wrote
(umap-learn, n_neighbors=15, min_dist=0.1, random_state=0):
DIR/mnist_umap2.npy and DIR/mnist_umap2_20k.csv (for R)."""
import sys
import time

import numpy as np
import umap

out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/bench_cluster"
z = np.load(f"{out}/mnist_pca50.npy")
t = time.perf_counter()
m = umap.UMAP(n_neighbors=15, min_dist=0.1, random_state=0).fit_transform(z).astype(np.float64)
print(f"umap-learn {umap.__version__} map of {len(z)} codes: {time.perf_counter() - t:.1f} s")
np.save(f"{out}/mnist_umap2.npy", m)
np.savetxt(f"{out}/mnist_umap2_20k.csv", m[:20000], fmt="%.17g", delimiter=",")
