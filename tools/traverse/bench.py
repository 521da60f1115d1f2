#!/usr/bin/python3
"""Benchmark `latent traverse` against the same work in PyTorch and Pillow.

The task: the demo space assets/demo/mnist-16 (a 16-d conv VAE on MNIST),
a traversal of all 16 dimensions x 9 steps from the codes' mean over
-3..3 standard deviations, each 28x28 digit upscaled by nearest neighbour
into a 56-pixel cell with 2-pixel gutters and labels, written as a PNG
grid and as a 9-frame GIF.

Go: BenchmarkTraverseDemo in ./cmd, with GOMAXPROCS 1 and 2 (-cpu 1,2):
  command  the whole `latent traverse SPACE --dims all --steps 9 -o x.png`
           in-process (open the space with all its files, load the decoder,
           decode, draw, write)
  decode   decoding the 144 vectors into cell images
  png      drawing the labelled grid and encoding the PNG
  gif      drawing the 9 frames and encoding the GIF

Python (reference), the same parts with torch.set_num_threads(T) and
OPENBLAS_NUM_THREADS=T for T = 1, 2:
  command  np.load the codes, rebuild the decoder (tools/demo/train.py's
           Decoder) with the ONNX file's weights, decode, draw, save the PNG
  decode   torch forward of the 144 vectors and the conversion to uint8
  png      numpy grid with gutters, np.repeat 2x upscale, labels with
           PIL.ImageDraw, Image.save(PNG)
  gif      the 9 frames with Pillow, Image.save(GIF, save_all=True)
Both sides take the best of several repeats of each part.

    nice /usr/bin/python3 tools/traverse/bench.py [--repeats 10]
"""
import argparse
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
SPACE = os.path.join(ROOT, "assets", "demo", "mnist-16")

PY_TIMER = r'''
import io, json, sys, time
import numpy as np, onnx, torch
from onnx import numpy_helper
from PIL import Image, ImageDraw
sys.path.insert(0, sys.argv[1])
from train import Decoder
space, threads, repeats = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
torch.set_num_threads(threads)
CELL, GAP, STEPS, LO, HI = 56, 2, 9, -3.0, 3.0

def load():
    codes = np.load(space + "/codes.npy")
    w = {i.name: torch.from_numpy(numpy_helper.to_array(i).copy())
         for i in onnx.load(space + "/decoder.onnx").graph.initializer}
    dec = Decoder(16, 16, 32, 128).eval()
    dec.load_state_dict(w)
    return codes, dec

def vectors(codes):
    mean, std = codes.mean(0), codes.std(0, ddof=1)
    d = codes.shape[1]
    vals = np.linspace(LO, HI, STEPS)
    z = np.repeat(mean[None, None, :], d * STEPS, 0).reshape(d, STEPS, d).copy()
    for i in range(d):
        z[i, :, i] = mean[i] + vals * std[i]
    return z.reshape(-1, d).astype(np.float32), vals

def decode(dec, z):
    with torch.inference_mode():
        x = dec(torch.from_numpy(z)).numpy()
    return np.round(np.clip(x, 0, 1) * 255).astype(np.uint8).reshape(16, STEPS, 28, 28)

def draw_grid(cells, rows, cols):
    left, top = 7 * max(map(len, rows)) + 8, 17
    h, w = len(rows), len(cols)
    img = np.full((top + GAP + h * (CELL + GAP), left + GAP + w * (CELL + GAP)), 255, np.uint8)
    for i in range(h):
        for j in range(w):
            y, x = top + GAP + i * (CELL + GAP), left + GAP + j * (CELL + GAP)
            img[y:y + CELL, x:x + CELL] = cells[i][j].repeat(2, 0).repeat(2, 1)
    im = Image.fromarray(img, "L")
    d = ImageDraw.Draw(im)
    for i, s in enumerate(rows):
        d.text((4, top + GAP + i * (CELL + GAP) + 22), s, fill=32)
    for j, s in enumerate(cols):
        d.text((left + GAP + j * (CELL + GAP) + 20, 2), s, fill=32)
    return im

def png(x, vals):
    im = draw_grid(x, ["z%d" % i for i in range(16)], ["%+.3g" % v for v in vals])
    buf = io.BytesIO()
    im.save(buf, "PNG")
    return buf

def gif(x, vals):
    frames = [draw_grid([[x[i, j] for i in range(16)]], ["%+.3g" % vals[j]], ["z%d" % i for i in range(16)])
              for j in range(STEPS)]
    buf = io.BytesIO()
    frames[0].save(buf, "GIF", save_all=True, append_images=frames[1:], duration=200, loop=0)
    return buf

def best(f):
    ts = []
    for _ in range(repeats):
        t = time.perf_counter()
        f()
        ts.append(time.perf_counter() - t)
    return 1e3 * min(ts)

def command():
    codes, dec = load()
    z, vals = vectors(codes)
    png(decode(dec, z), vals)

codes, dec = load()
z, vals = vectors(codes)
x = decode(dec, z)
print(json.dumps({"command": best(command), "decode": best(lambda: decode(dec, z)),
                  "png": best(lambda: png(x, vals)), "gif": best(lambda: gif(x, vals))}))
'''


def go_bench(repeats):
    out = subprocess.run(["go", "test", "-run", "XXX", "-bench", "TraverseDemo", "-cpu", "1,2",
                          "-benchtime", "%dx" % repeats, "./cmd"],
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout
    res = {}
    for m in re.finditer(r"BenchmarkTraverseDemo/(\w+)(?:-(\d+))?\s+\d+\s+([\d.]+) ns/op", out):
        res[(m.group(1), int(m.group(2) or 1))] = float(m.group(3)) / 1e6
    return res


def py_bench(threads, repeats):
    env = dict(os.environ, OPENBLAS_NUM_THREADS=str(threads), OMP_NUM_THREADS=str(threads))
    out = subprocess.run(["/usr/bin/python3", "-c", PY_TIMER, os.path.join(ROOT, "tools", "demo"), SPACE,
                          str(threads), str(repeats)], env=env, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--repeats", type=int, default=10)
    args = p.parse_args()
    go = go_bench(args.repeats)
    print("| part | threads | latent (ms) | PyTorch + Pillow (ms) | ratio |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for t in (1, 2):
        py = py_bench(t, args.repeats)
        for part in ("command", "decode", "png", "gif"):
            g = go[(part, t)]
            print("| %s | %d | %.1f | %.1f | %.2f |" % (part, t, g, py[part], g / py[part]))


if __name__ == "__main__":
    main()
