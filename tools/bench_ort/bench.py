#!/usr/bin/python3
"""Time latent's ONNX interpreter against ONNX Runtime on the same decoders.

The anchor for issue #13: ONNX Runtime (the onnxruntime-node package from
npm, CPU execution provider, all graph optimisations, intra-op threads set,
one inter-op thread) beside latent's own interpreter (model/onnx, with
GOMAXPROCS set to the same thread count), on the same ONNX files and the
same inputs, in one run.

  1. installs onnxruntime-node into the scratch folder
     (`npm install onnxruntime-node --ignore-scripts`: the CPU library ships
     inside the package; the install script only fetches GPU parts);
  2. exports the decoders of models.py with PyTorch (seeded random weights)
     and writes their inputs at each batch size;
  3. for every model, batch and thread count, starts both engines as
     long-lived processes (tools/bench_ort/gorun and ort.js), warms them up,
     then alternates rounds of calls between them until each has made
     --calls calls, resting --rest seconds before each round (ONNX
     Runtime's threads spin for tens of milliseconds after a run: on two
     cores the engine timed right after it lost a core), and reads each
     process's peak resident memory (VmHWM);
  4. prints a Markdown table of median and p99 milliseconds per call, the
     ratio latent/ONNX Runtime of the medians (below 1.00, latent is
     faster) and their geometric mean, and writes the figures as JSON.

    /usr/bin/python3 tools/bench_ort/bench.py [--scratch DIR] [--calls 200]
        [--round 25] [--rest 0.1] [--threads 1,2] [--batches 1,64] [--only NAME,...]

Needs Debian's python3-torch and python3-numpy, node and npm, and Go. CI
does not run it.
"""
import argparse
import json
import math
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)


def install_ort(scratch):
    mod = os.path.join(scratch, "node_modules", "onnxruntime-node")
    if not os.path.isdir(mod):
        os.makedirs(scratch, exist_ok=True)
        subprocess.run(["npm", "install", "--prefix", scratch, "--ignore-scripts", "--no-audit", "--no-fund",
                        "onnxruntime-node"], check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(mod, "package.json")) as f:
        return mod, json.load(f)["version"]


def build_gorun(scratch):
    exe = os.path.join(scratch, "gorun")
    subprocess.run(["go", "build", "-o", exe, "./tools/bench_ort/gorun"], cwd=ROOT, check=True)
    return exe


class Engine:
    """One engine process serving timed runs over a line protocol."""

    def __init__(self, argv, env):
        self.p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, text=True)
        line = self.p.stdout.readline().strip()
        if line != "ready":
            self.p.kill()
            raise RuntimeError(f"{os.path.basename(argv[0])} did not start (see its message above)")

    def time(self, n):
        self.p.stdin.write(f"{n}\n")
        self.p.stdin.flush()
        line = self.p.stdout.readline()
        if not line:
            raise RuntimeError("engine exited")
        return json.loads(line)

    def peak_mib(self):
        with open(f"/proc/{self.p.pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        return float("nan")

    def close(self):
        self.p.stdin.close()
        self.p.wait()


def quantile(xs, q):
    xs = sorted(xs)
    i = min(len(xs) - 1, max(0, math.ceil(q * len(xs)) - 1))
    return xs[i]


def measure(case, batch, threads, gorun, ortmod, args):
    feeds = [f"{name}={path}" for name, path in case.inputs(batch)]
    env = dict(os.environ, GOMAXPROCS=str(threads), ORT_MODULE=ortmod, OMP_NUM_THREADS=str(threads))
    engines = {"latent": Engine([gorun, "-threads", str(threads), case.path] + feeds, env),
               "ort": Engine(["node", os.path.join(HERE, "ort.js"), str(threads), case.path] + feeds, env)}
    times = {k: [] for k in engines}
    try:
        for e in engines.values():  # warm-up
            e.time(args.warmup)
        while min(len(t) for t in times.values()) < args.calls:
            for k, e in engines.items():
                # Let the other engine's threads go idle first: ONNX
                # Runtime's keep spinning for tens of milliseconds after a
                # run, and on two cores take one from the engine timed next.
                time.sleep(args.rest)
                times[k] += e.time(args.round)
        peaks = {k: e.peak_mib() for k, e in engines.items()}
    finally:
        for e in engines.values():
            e.close()
    row = {"model": case.name, "batch": batch, "threads": threads}
    for k, t in times.items():
        row[k] = {"median_ms": quantile(t, 0.5), "p99_ms": quantile(t, 0.99), "calls": len(t), "peak_mib": peaks[k]}
    row["ratio"] = row["latent"]["median_ms"] / row["ort"]["median_ms"]
    return row


def configs(args):
    for batch in args.batches:
        for threads in args.threads:
            if batch > 1 and threads < max(args.threads):
                continue  # batch > 1 is a throughput figure: all threads
            yield batch, threads


def print_table(rows, version):
    print(f"\nONNX Runtime {version} (onnxruntime-node, CPU EP) vs latent; median / p99 ms per call;"
          " ratio = latent/ORT medians\n")
    print("| decoder | batch | threads | ORT median | ORT p99 | latent median | latent p99 | ratio |"
          " ORT peak MiB | latent peak MiB |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        o, g = r["ort"], r["latent"]
        print(f"| {r['title']} | {r['batch']} | {r['threads']} | {o['median_ms']:.3f} | {o['p99_ms']:.3f} |"
              f" {g['median_ms']:.3f} | {g['p99_ms']:.3f} | {r['ratio']:.2f} | {o['peak_mib']:.0f} |"
              f" {g['peak_mib']:.0f} |")
    geo = math.exp(sum(math.log(r["ratio"]) for r in rows) / len(rows))
    print(f"\ngeometric mean of the ratios over {len(rows)} configurations: {geo:.2f}")
    return geo


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scratch", default="/tmp/latent-bench-ort")
    ap.add_argument("--calls", type=int, default=200, help="timed calls per engine and configuration")
    ap.add_argument("--round", type=int, default=25, help="calls per engine before switching")
    ap.add_argument("--warmup", type=int, default=10)
    ap.add_argument("--rest", type=float, default=0.1,
                    help="seconds of rest before each round, so that the other engine's threads are idle")
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--batches", default="1,64")
    ap.add_argument("--only", default="", help="comma-separated model names")
    ap.add_argument("--json", default="", help="write the figures here")
    args = ap.parse_args()
    args.threads = [int(t) for t in args.threads.split(",")]
    args.batches = [int(b) for b in args.batches.split(",")]
    import models
    ortmod, version = install_ort(args.scratch)
    gorun = build_gorun(args.scratch)
    cases = models.export_all(os.path.join(args.scratch, "models"), args.batches,
                              [n for n in args.only.split(",") if n])
    rows, failed = [], []
    for case in cases:
        for batch, threads in configs(args):
            if batch > case.max_batch:
                continue
            try:
                row = measure(case, batch, threads, gorun, ortmod, args)
            except RuntimeError as e:
                failed.append(f"{case.title}, batch {batch}, {threads} threads: {e}")
                print(failed[-1], file=sys.stderr)
                continue
            row["title"] = case.title
            rows.append(row)
            print(f"{case.name} b{batch} t{threads}: ort {row['ort']['median_ms']:.3f} ms,"
                  f" latent {row['latent']['median_ms']:.3f} ms, ratio {row['ratio']:.2f}", file=sys.stderr)
    geo = print_table(rows, version)
    for f in failed:
        print(f"not timed: {f}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"ort_version": version, "rows": rows, "geomean": geo}, f, indent=1)


if __name__ == "__main__":
    main()
