#!/usr/bin/python3
"""Make viz/projection/testdata/umap_blobs.json: a small fixture of
well-separated Gaussian blobs with umap-learn's results on it.

Run with Debian's python (umap-learn 0.5.3, scikit-learn 1.2):
    /usr/bin/python3 tools/bench_umap/make_fixture.py
The Go tests read the data, the labels, umap-learn's fitted a and b for
several (min_dist, spread) pairs, and umap-learn's trustworthiness (k = 10,
scikit-learn) and 10-NN label accuracy over several seeds.
"""
import json
import os
import sys

import numpy as np
import sklearn
import umap
from sklearn.datasets import make_blobs
from sklearn.manifold import trustworthiness
from sklearn.neighbors import KNeighborsClassifier

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "viz", "projection", "testdata", "umap_blobs.json")


def knn_accuracy(y, labels, k=10):
    """Leave-one-out k-NN majority-vote accuracy of labels on embedding y."""
    clf = KNeighborsClassifier(n_neighbors=k + 1).fit(y, labels)
    idx = clf.kneighbors(y, return_distance=False)[:, 1:]
    votes = labels[idx]
    pred = np.array([np.bincount(v).argmax() for v in votes])
    return float((pred == labels).mean())


def main():
    x, labels = make_blobs(n_samples=1000, n_features=10, centers=6, cluster_std=1.0,
                           center_box=(-15, 15), random_state=3)
    trust, acc = [], []
    for seed in range(5):
        y = umap.UMAP(n_neighbors=15, min_dist=0.1, random_state=seed).fit_transform(x)
        trust.append(float(trustworthiness(x, y, n_neighbors=10)))
        acc.append(knn_accuracy(y, labels))
    ab = []
    for md, sp in [(0.1, 1.0), (0.0, 1.0), (0.5, 1.0), (0.25, 2.0), (0.001, 0.5)]:
        a, b = umap.umap_.find_ab_params(sp, md)
        ab.append({"min_dist": md, "spread": sp, "a": float(a), "b": float(b)})
    out = {
        "source": f"umap-learn {umap.__version__}, scikit-learn {sklearn.__version__}, "
                  "tools/bench_umap/make_fixture.py",
        "x": np.round(x, 6).tolist(),
        "labels": labels.tolist(),
        "umap_learn_trustworthiness": trust,
        "umap_learn_knn_accuracy": acc,
        "ab": ab,
    }
    with open(OUT, "w") as f:
        json.dump(out, f)
    print("trustworthiness", trust, "accuracy", acc, file=sys.stderr)


if __name__ == "__main__":
    main()
