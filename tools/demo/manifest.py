#!/usr/bin/python3
"""Write a demo space's latent.toml from the figures train.py reported.

Usage: /usr/bin/python3 tools/demo/manifest.py REPORT.json SPACE_DIR

A space with a 2-d latent gets no [map] section: its codes are the map.
Any other gets [map] naming tsne.npy, made by `latent project` (README.md).
"""

import json
import os
import sys


def main():
    report_path, out = sys.argv[1], sys.argv[2]
    with open(report_path) as f:
        r = json.load(f)
    a = r["args"]
    d, n = a["latent"], a["n_data"]
    description = (
        f"A convolutional variational autoencoder (Kingma & Welling, 2014) trained "
        f"on the 60,000 MNIST training digits, with a {d}-dimensional latent space "
        f"and a standard normal prior. The codes are the posterior means of the "
        f"first {n:,} MNIST test digits. Test-set negative ELBO "
        f"{r['test_neg_elbo']:.1f} nats per image (reconstruction {r['test_rec']:.1f} "
        f"+ KL {r['test_kl']:.1f}), Bernoulli likelihood on grey levels in [0, 1]. "
        f"Made by tools/demo/train.py in the Latent Explorer repository.")
    lines = [
        f'name = "MNIST conv VAE ({d}-d)"',
        f'description = "{description}"',
        'decoder = "decoder.onnx"',
        'encoder = "encoder.onnx"',
        'codes = "codes.npy"',
        'labels = "labels.npy"',
        'data = "images.npy"',
        "",
        "[output]",
        'kind = "image"',
        "shape = [1, 28, 28]",
        "range = [0.0, 1.0]",
        'channels = "gray"',
        "",
        "[prior]",
        'kind = "gaussian"',
    ]
    if d > 2:
        lines += ["", "[map]", 'coords = "tsne.npy"', 'method = "tsne"', "seed = 1",
                  "perplexity = 30.0"]
    with open(os.path.join(out, "latent.toml"), "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
