#!/usr/bin/python3
"""Make the reference fixtures of viz/projection and viz/quality.

Run from the repository root with Debian's Python (scikit-learn 1.2.1,
numpy 1.24.2):

    /usr/bin/python3 tools/bench_projection/make_fixtures.py

It writes small JSON files under viz/projection/testdata and
viz/quality/testdata; the Go tests read them and name this script as the
source of their reference numbers.
"""
import json
import numpy as np
import sklearn
from sklearn.decomposition import PCA
from sklearn.manifold import TSNE, trustworthiness
from sklearn.neighbors import NearestNeighbors


def blobs(rng, n, d, centers, spread):
    c = rng.normal(size=(centers, d)) * 4
    labels = rng.integers(0, centers, size=n)
    x = c[labels] + rng.normal(size=(n, d)) * spread
    return x, labels


def knn(a, k):
    nn = NearestNeighbors(n_neighbors=k + 1).fit(a)
    idx = nn.kneighbors(a, return_distance=False)
    return idx[:, 1:]


def recall(x, y, k):
    hx, hy = knn(x, k), knn(y, k)
    return float(np.mean([len(set(a) & set(b)) / k for a, b in zip(hx, hy)]))


def accuracy(y, labels, k):
    """Leave-one-out k-NN majority vote; a tie goes to the tied label whose
    nearest member is closest (the first met in distance order)."""
    idx = knn(y, k)
    right = 0
    for i, nb in enumerate(idx):
        votes = {}
        for l in labels[nb]:
            votes[l] = votes.get(l, 0) + 1
        best = max(votes.values())
        pred = next(l for l in labels[nb] if votes[l] == best)
        right += pred == labels[i]
    return right / len(labels)


def pca_fixture(rng):
    n, d = 200, 12
    scales = np.array([9, 7, 5, 3, 2, 1.5, 1, .8, .5, .3, .2, .1])
    x = rng.normal(size=(n, d)) * scales @ np.linalg.qr(rng.normal(size=(d, d)))[0] + 3
    p = PCA(n_components=4, svd_solver="full").fit(x)
    return {
        "source": "scikit-learn %s PCA(n_components=4, svd_solver='full')" % sklearn.__version__,
        "x": x.tolist(),
        "components": p.components_.tolist(),
        "explained_variance": p.explained_variance_.tolist(),
        "explained_variance_ratio": p.explained_variance_ratio_.tolist(),
        "mean": p.mean_.tolist(),
        "scores": p.transform(x)[:, :2].tolist(),
    }


def quality_fixture(rng):
    x, labels = blobs(rng, 300, 10, 4, 1.5)
    y = PCA(n_components=2, svd_solver="full").fit_transform(x)
    y = y + rng.normal(size=y.shape) * 0.5  # an imperfect map
    out = {
        "source": "scikit-learn %s sklearn.manifold.trustworthiness; recall and accuracy by make_fixtures.py" % sklearn.__version__,
        "x": x.tolist(), "y": y.tolist(), "labels": labels.tolist(),
    }
    for k in (5, 10):
        out["trustworthiness_%d" % k] = float(trustworthiness(x, y, n_neighbors=k))
        out["continuity_%d" % k] = float(trustworthiness(y, x, n_neighbors=k))
        out["recall_%d" % k] = recall(x, y, k)
        out["accuracy_%d" % k] = accuracy(y, labels, k)
    return out


def tsne_fixture(rng):
    x, labels = blobs(rng, 500, 10, 5, 1.0)
    y = TSNE(n_components=2, perplexity=30, init="pca", learning_rate="auto",
             random_state=0, method="barnes_hut").fit_transform(x)
    return {
        "source": "scikit-learn %s TSNE(perplexity=30, init='pca', learning_rate='auto', random_state=0)" % sklearn.__version__,
        "x": x.tolist(), "labels": labels.tolist(),
        "trustworthiness_10": float(trustworthiness(x, y, n_neighbors=10)),
        "accuracy_10": accuracy(y, labels, 10),
    }


def main():
    rng = np.random.default_rng(7)
    with open("viz/projection/testdata/pca.json", "w") as f:
        json.dump(pca_fixture(rng), f)
    with open("viz/projection/testdata/tsne_blobs.json", "w") as f:
        json.dump(tsne_fixture(rng), f)
    with open("viz/quality/testdata/quality.json", "w") as f:
        json.dump(quality_fixture(rng), f)


if __name__ == "__main__":
    main()
