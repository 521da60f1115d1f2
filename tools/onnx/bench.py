#!/usr/bin/python3
"""Benchmark model/onnx against PyTorch on the same machine, in the same run.

Exports two models with seeded random weights into a temporary folder:
the MLP decoder 16→512→784 and the DCGAN 64×64 generator (nz=100, ngf=64,
Radford et al. 2016), then

  * runs the Go benchmarks BenchmarkDecode* of ./model on them with
    -cpu 1 and -cpu 2 (GOMAXPROCS), and
  * times the same models in PyTorch with torch.set_num_threads(T) and
    OPENBLAS_NUM_THREADS=T (Debian's torch hands matrix work to the system
    OpenBLAS, which ignores set_num_threads), for T = 1 and 2,

and prints a table with the ratios. Single-sample latency is compared at 1
thread, batch-64 throughput at 2 threads (the issue's targets), and
everything else is printed too.

On a shared machine the load changes from second to second, so the Go and
PyTorch measurements alternate for --rounds rounds and each side's best
round (lowest mean time) is kept.

    /usr/bin/python3 tools/onnx/bench.py [--keep DIR] [--benchtime 2s] [--rounds 3]
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)


def export(dirname):
    import torch
    import torch.nn as nn
    from make_fixtures import DCGAN, MLPImage, randomize_bn
    torch.manual_seed(0)
    gen = torch.Generator().manual_seed(0)
    mlp = MLPImage().eval()
    g = DCGAN(nz=100, ngf=64).eval()
    randomize_bn(g, gen)
    with torch.no_grad():
        for name, m, x in [("mlp", mlp, torch.randn(1, 16)), ("dcgan64", g, torch.randn(1, 100, 1, 1))]:
            torch.onnx.export(m, (x,), os.path.join(dirname, name + ".onnx"), opset_version=13,
                              input_names=["z"], output_names=["y"],
                              dynamic_axes={"z": {0: "batch"}, "y": {0: "batch"}})


TORCH_TIMER = r'''
import json, sys, time, torch
sys.path.insert(0, sys.argv[1])
from make_fixtures import DCGAN, MLPImage, randomize_bn
threads = int(sys.argv[2])
torch.set_num_threads(threads)
torch.manual_seed(0)
gen = torch.Generator().manual_seed(0)
models = {"mlp": (MLPImage().eval(), 16, (1, 1)), "dcgan64": (DCGAN(nz=100, ngf=64).eval(), 100, (1, 1))}
randomize_bn(models["dcgan64"][0], gen)
res = {}
with torch.inference_mode():
    for name, (m, d, tail) in models.items():
        for batch in (1, 64):
            z = torch.randn(batch, d, *tail) if name == "dcgan64" else torch.randn(batch, d)
            for _ in range(5):
                m(z)
            lat = []
            t_end = time.perf_counter() + 2.0
            while time.perf_counter() < t_end or len(lat) < 10:
                t0 = time.perf_counter()
                m(z)
                lat.append(time.perf_counter() - t0)
            lat.sort()
            res[f"{name}/batch{batch}"] = {"mean": sum(lat) / len(lat), "p50": lat[len(lat) // 2],
                                           "p99": lat[min(len(lat) - 1, int(0.99 * len(lat)))]}
print(json.dumps(res))
'''


def torch_times(threads):
    env = dict(os.environ, OPENBLAS_NUM_THREADS=str(threads), OMP_NUM_THREADS=str(threads))
    out = subprocess.run(["nice", "/usr/bin/python3", "-c", TORCH_TIMER, HERE, str(threads)],
                         env=env, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def go_times(dirname, benchtime):
    env = dict(os.environ, LATENT_BENCH_DIR=dirname)
    cmd = ["nice", "go", "test", "-run", "^$", "-bench", "^BenchmarkDecode(MLP|DCGAN64)", "-benchtime", benchtime,
           "-cpu", "1,2", "./model"]
    out = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout
    res = {}
    for line in out.splitlines():
        m = re.match(r"BenchmarkDecode(MLP|DCGAN64)/batch(\d+)(?:-(\d+))?\s+\d+\s+([\d.]+) ns/op(.*)", line)
        if not m:
            continue
        name = "mlp" if m.group(1) == "MLP" else "dcgan64"
        threads = int(m.group(3) or 1)
        entry = {"mean": float(m.group(4)) * 1e-9}
        p99 = re.search(r"([\d.]+) p99-ns", m.group(5))
        if p99:
            entry["p99"] = float(p99.group(1)) * 1e-9
        allocs = re.search(r"(\d+) allocs/op", m.group(5))
        if allocs:
            entry["allocs"] = int(allocs.group(1))
        res[(f"{name}/batch{m.group(2)}", threads)] = entry
    return res, out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--keep", help="export the models into this folder and keep them")
    ap.add_argument("--benchtime", default="2s")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    dirname = args.keep or tempfile.mkdtemp(prefix="latent-onnx-bench-")
    os.makedirs(dirname, exist_ok=True)
    export(dirname)
    go, pt = {}, {1: {}, 2: {}}
    best = lambda old, new: new if old is None or new["mean"] < old["mean"] else old
    for _ in range(args.rounds):
        g, _raw = go_times(dirname, args.benchtime)
        for k, v in g.items():
            go[k] = best(go.get(k), v)
        for t in (1, 2):
            for k, v in torch_times(t).items():
                pt[t][k] = best(pt[t].get(k), v)
    print(f"best of {args.rounds} alternating rounds; load average now {os.getloadavg()[0]:.1f}")
    print(f"models in {dirname}; Go: go test -bench BenchmarkDecode -cpu 1,2 ./model; PyTorch {__import__('torch').__version__}")
    print(f"{'model':<16}{'threads':>8}{'Go ms/batch':>13}{'PyTorch ms':>12}{'Go/PyTorch':>12}{'Go p99 ms':>11}{'PT p99 ms':>11}{'allocs':>8}")
    for key in ("mlp/batch1", "mlp/batch64", "dcgan64/batch1", "dcgan64/batch64"):
        for t in (1, 2):
            g = go.get((key, t))
            p = pt[t][key]
            if g is None:
                continue
            p99 = f"{g['p99'] * 1e3:.3f}" if "p99" in g else "-"
            print(f"{key:<16}{t:>8}{g['mean'] * 1e3:>13.3f}{p['mean'] * 1e3:>12.3f}{g['mean'] / p['mean']:>12.2f}"
                  f"{p99:>11}{p['p99'] * 1e3:>11.3f}{g.get('allocs', '-'):>8}")
    print("Go/PyTorch is time per batch: below 1.00 Go is faster.")


if __name__ == "__main__":
    main()
