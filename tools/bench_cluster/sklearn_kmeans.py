#!/usr/bin/python3
"""Time scikit-learn's KMeans(n_clusters=10, n_init=10) on benchmark
arrays: /usr/bin/python3 sklearn_kmeans.py DIR NAME... (NAME.npy in DIR)."""
import sys
import time

import numpy as np
import sklearn
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score

out = sys.argv[1]
y = np.load(f"{out}/digits.npy")
for name in sys.argv[2:]:
    x = np.load(f"{out}/{name}.npy")
    w, c = time.perf_counter(), time.process_time()
    km = KMeans(n_clusters=10, n_init=10, random_state=0).fit(x)
    w, c = time.perf_counter() - w, time.process_time() - c
    print(f"scikit-learn {sklearn.__version__} kmeans {name} n={len(x)} d={x.shape[1]}: {w:.3f} s wall, "
          f"{c:.3f} s CPU, inertia {km.inertia_:.6g}, ARI vs digits {adjusted_rand_score(y, km.labels_):.4f}")
