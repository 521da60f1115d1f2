#!/usr/bin/python3
"""Benchmark latent's projections against scikit-learn on MNIST.

    /usr/bin/python3 tools/bench_projection/prepare.py /tmp/benchdata
    go build -o /tmp/latent .
    nice /usr/bin/python3 tools/bench_projection/bench.py --latent /tmp/latent \\
        --data /tmp/benchdata [--sizes 10000,70000] [--skip-sklearn-70k]

Every run is a separate process with 2 threads (OMP/OpenBLAS/MKL limited to 2
for the references), so its wall time and peak resident memory (getrusage's
ru_maxrss of the child) are its own. Quality (trustworthiness, continuity,
kNN recall, 10-NN label accuracy) of both layouts is measured by the same
code, `latent quality` (exact below 10,000 points, over a seeded sample of
10,000 points ranked against all above), so the columns compare.

Prints one table row per (task, n) with our time, the reference's, their
ratio (ours / reference; below 1 is faster), the peak-memory ratio and both
layouts' quality. Times are wall-clock times of the fit; "cpu" is CPU time
(all threads): for the references that of the fit, measured in-process
(time.process_time), for ours that of the whole `latent project` process,
reading and writing included. On a busy machine the CPU times compare more
fairly than the wall times.
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import time

import numpy as np

ENV2 = dict(os.environ, OMP_NUM_THREADS="2", OPENBLAS_NUM_THREADS="2", MKL_NUM_THREADS="2")

SK_TSNE = r"""
import sys, time, numpy as np
from sklearn.manifold import TSNE
x = np.load(sys.argv[1]).astype(np.float64)
t, cpu0 = time.time(), time.process_time()
y = TSNE(n_components=2, perplexity=30, init="pca", learning_rate="auto",
         random_state=1, n_jobs=2).fit_transform(x)
print(time.time() - t, time.process_time() - cpu0)
np.save(sys.argv[2], y)
"""

SK_PCA = r"""
import sys, time, numpy as np
from sklearn.decomposition import PCA
x = np.load(sys.argv[1]).astype(np.float64)
t, cpu0 = time.time(), time.process_time()
y = PCA(n_components=50, random_state=1).fit_transform(x)
print(time.time() - t, time.process_time() - cpu0)
np.save(sys.argv[2], y)
"""

NP_PCA = r"""
import sys, time, numpy as np
x = np.load(sys.argv[1]).astype(np.float64)
t, cpu0 = time.time(), time.process_time()
mu = x.mean(axis=0)
c = np.cov(x, rowvar=False)
w, v = np.linalg.eigh(c)
v = v[:, ::-1][:, :50]
y = (x - mu) @ v
print(time.time() - t, time.process_time() - cpu0)
np.save(sys.argv[2], y)
"""


def timed(cmd):
    """Runs cmd in a fresh process and returns (stdout, wall s, peak RSS MB).
    ru_maxrss of RUSAGE_CHILDREN is the maximum over all children so far,
    so each measurement runs under its own intermediate Python process."""
    probe = [sys.executable, "-c",
             "import resource,subprocess,sys,time,json;"
             "t=time.time();p=subprocess.run(sys.argv[1:],capture_output=True,text=True);"
             "w=time.time()-t;"
             "print(json.dumps({'rc':p.returncode,'out':p.stdout,'err':p.stderr,'wall':w,"
             "'rss':resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss/1024,"
             "'cpu':resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime+resource.getrusage(resource.RUSAGE_CHILDREN).ru_stime}))"] + cmd
    p = subprocess.run(probe, capture_output=True, text=True, env=ENV2, check=True)
    r = json.loads(p.stdout)
    if r["rc"] != 0:
        sys.exit("%s failed:\n%s" % (" ".join(cmd), r["err"]))
    return r["out"], r["wall"], r["rss"], r["cpu"]


def latent_seconds(out):
    """The fit time latent project prints: '... in 12.345 s'."""
    for line in out.splitlines():
        if " in " in line and line.endswith(" s"):
            return float(line.rsplit(" in ", 1)[1][:-2])
    raise ValueError("no time in latent output:\n" + out)


def quality(latent, codes, coords, labels):
    out, _, _, _ = timed([latent, "quality", "--codes", codes, "--coords", coords,
                       "--labels", labels, "--threads", "2", "--sample", "10000"])
    q = {}
    for line in out.splitlines():
        parts = line.rsplit(None, 1)
        if len(parts) == 2:
            try:
                q[parts[0].strip()] = float(parts[1])
            except ValueError:
                pass
    return q


def row(task, n, ours, ref, refname, qo=None, qr=None):
    t_o, m_o, c_o = ours
    t_r, m_r, c_r = ref
    s = ("%-5s %6d  ours %7.2f s (cpu %7.2f s) %6.0f MB | %-18s %7.2f s (cpu %7.2f s) %6.0f MB"
         " | time ×%.3f  cpu ×%.3f  memory ×%.2f") % (
        task, n, t_o, c_o, m_o, refname, t_r, c_r, m_r, t_o / t_r, c_o / c_r, m_o / m_r)
    if qo:
        s += "\n       quality ours: T %.4f C %.4f recall %.4f acc %.4f | ref: T %.4f C %.4f recall %.4f acc %.4f" % (
            qo["trustworthiness"], qo["continuity"], qo["knn recall"], qo["knn accuracy"],
            qr["trustworthiness"], qr["continuity"], qr["knn recall"], qr["knn accuracy"])
    print(s, flush=True)


def bench_tsne(a, n):
    d = a.data
    codes = os.path.join(d, "mnist50.npy" if n == 70000 else "mnist50_%d.npy" % n)
    labels = os.path.join(d, "labels.npy" if n == 70000 else "labels_%d.npy" % n)
    if not os.path.exists(codes):
        z = np.load(os.path.join(d, "mnist50.npy"))[:n]
        np.save(codes, z)
        np.save(labels, np.load(os.path.join(d, "labels.npy"))[:n])
    ours_xy = os.path.join(d, "ours_tsne_%d.npy" % n)
    out, wall, rss, cpu = timed([a.latent, "project", "--codes", codes, "--method", "tsne",
                                 "--threads", "2", "--seed", "1", "-o", ours_xy])
    ours = (latent_seconds(out), rss, cpu)
    qo = quality(a.latent, codes, ours_xy, labels)
    if n == 70000 and a.skip_sklearn_70k:
        print("tsne  %6d  ours %7.2f s (cpu %7.2f s) %6.0f MB | scikit-learn: not run; the issue quotes 817 s "
              "(trustworthiness 0.98, accuracy 0.98): time ×%.3f" % (n, ours[0], cpu, rss, ours[0] / 817), flush=True)
        print("       quality ours: %s" % json.dumps(qo), flush=True)
        return
    ref_xy = os.path.join(d, "sk_tsne_%d.npy" % n)
    out, wall, rss, cpu = timed([sys.executable, "-c", SK_TSNE, codes, ref_xy])
    ref = tuple(map(float, out.strip().splitlines()[-1].split()))
    ref = (ref[0], rss, ref[1])
    qr = quality(a.latent, codes, ref_xy, labels)
    row("tsne", n, ours, ref, "scikit-learn TSNE", qo, qr)


def bench_pca(a):
    d = a.data
    codes = os.path.join(d, "mnist784.npy")
    ours_xy = os.path.join(d, "ours_pca50.npy")
    out, wall, rss, cpu = timed([a.latent, "project", "--codes", codes, "--method", "pca",
                                 "--dims", "50", "--threads", "2", "-o", ours_xy])
    ours = (latent_seconds(out), rss, cpu)
    for name, script in (("scikit-learn PCA", SK_PCA), ("numpy cov+eigh", NP_PCA)):
        ref_xy = os.path.join(d, "ref_pca50.npy")
        out, wall, rss, cpu = timed([sys.executable, "-c", script, codes, ref_xy])
        ref = tuple(map(float, out.strip().splitlines()[-1].split()))
        ref = (ref[0], rss, ref[1])
        row("pca", 70000, ours, ref, name)
    # The two agree up to the signs of the components.
    a50, b50 = np.load(ours_xy), np.load(ref_xy)
    err = np.max(np.abs(np.abs(a50) - np.abs(b50))) / np.max(np.abs(b50))
    print("       pca scores: largest |ours| - |numpy| difference %.2e of the largest score" % err)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--latent", required=True)
    p.add_argument("--data", required=True)
    p.add_argument("--sizes", default="10000,70000")
    p.add_argument("--tasks", default="pca,tsne")
    p.add_argument("--skip-sklearn-70k", action="store_true",
                   help="do not run scikit-learn's t-SNE on 70,000 points (about 14 minutes)")
    a = p.parse_args()
    tasks = a.tasks.split(",")
    if "pca" in tasks:
        bench_pca(a)
    if "tsne" in tasks:
        for n in map(int, a.sizes.split(",")):
            bench_tsne(a, n)


if __name__ == "__main__":
    main()
