#!/usr/bin/python3
"""Make one space folder per image decoder family, to open in the explorer.

The architectures are make_families.py's (the fixtures of
model/onnx/testdata/families), here trained for a few hundred steps on the
embedded demo's MNIST digits (resized) so that a decode is a picture worth
looking at: random weights decode to an almost flat grey. Each space is
made the way a user makes one for a decoder they bring:

    decoder.onnx, encoder.onnx   torch.onnx.export, opset 17, dynamic batch
                                 (the fused and grouped StyleGAN2 forms fix it)
    images.npy, labels.npy       the digits (uint8) and their labels
    codes.npy                    `latent encode --encoder encoder.onnx --data
                                 images.npy` for a family with an encoder;
                                 otherwise the codes learned with the decoder
                                 (GLO: codes and weights fitted together)
    latent.toml                  the manifest

Spaces written to OUTDIR (default /tmp/latent-family-spaces):

    sd_vae      Stable-Diffusion-VAE style (AutoencoderKL pattern), latent
                [4, 8, 8], 3×16×16 images, with its encoder
    sd_vae_32   the same at latent [4, 32, 32] (4096 values), 3×64×64 images:
                the size of a real SD-VAE latent for 256-pixel images
    stylegan2, stylegan2_fused, stylegan2_grouped
                StyleGAN2 synthesis with a noise input (drawn, seeded), and
                its fused (batch 1) and grouped (batch 8) exports
    vqvae       VQ-VAE decoder with its codebook lookup, latent z_e [8, 4, 4]
    pixelshuffle  pixel-shuffle decoder with its pixel-unshuffle encoder
    conditional, conditional_onehot
                class-conditional decoders (int64 label / one-hot class),
                with class names for the picker

Each space's first codes are decoded by `latent decode` and compared with
PyTorch (the largest difference is printed). Run from the repository root
after `go build -o latent .`:

    /usr/bin/python3 tools/onnx/make_family_spaces.py [OUTDIR] [--steps N]

Everything is seeded; about two minutes on two cores.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_families as fam  # noqa: E402

LATENT = os.path.abspath("latent")
DESCRIBED = "Made by tools/onnx/make_family_spaces.py: the architecture of make_families.py, trained briefly on MNIST digits."
NAMES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def mnist(n):
    """The first n digits of the embedded demo ([n, 1, 28, 28] uint8) and labels."""
    with tempfile.TemporaryDirectory() as d:
        subprocess.run([LATENT, "demo", "export", d], check=True, stdout=subprocess.DEVNULL)
        x = np.load(os.path.join(d, "images.npy"))[:n]
        y = np.load(os.path.join(d, "labels.npy"))[:n]
    return x.reshape(n, 1, 28, 28), y.astype(np.int64)


def resized(x, size, channels):
    """uint8 digits → float [0, 1] tensors of [n, channels, size, size]."""
    t = torch.from_numpy(x.astype(np.float32) / 255)
    t = F.interpolate(t, size=(size, size), mode="area" if size < 28 else "bilinear", align_corners=None if size < 28 else False)
    return t.clamp(0, 1).repeat(1, channels, 1, 1)


def batches(n, steps, size, seed):
    g = torch.Generator().manual_seed(seed)
    for _ in range(steps):
        yield torch.randint(0, n, (size,), generator=g)


def train_vae(enc, dec, x, steps, beta=1e-3, target=None, bs=64, log=""):
    """A VAE (mean, log-variance encoder) fitted to reconstruct target (x)."""
    target = x if target is None else target
    opt = torch.optim.Adam(list(enc.parameters()) + list(dec.parameters()), lr=2e-3)
    g = torch.Generator().manual_seed(0)
    for step, idx in enumerate(batches(len(x), steps, bs, 1)):
        mu, logvar = enc(x[idx])
        z = mu + torch.randn(mu.shape, generator=g) * torch.exp(0.5 * logvar)
        rec = F.mse_loss(dec(z), target[idx], reduction="sum") / len(idx)
        kl = 0.5 * (mu ** 2 + logvar.exp() - 1 - logvar).sum() / len(idx)
        loss = rec + beta * kl
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step % 100 == 0 or step == steps - 1:
            print(f"  {log} step {step}: reconstruction {rec.item():.2f}, KL {kl.item():.1f}", flush=True)


def train_glo(dec, target, d, steps, labels=None, onehot=False, bs=64, log=""):
    """Codes and decoder fitted together (generative latent optimisation):
    returns the codes, kept near the unit Gaussian by a penalty."""
    n = len(target)
    z = torch.nn.Parameter(torch.randn(n, d, generator=torch.Generator().manual_seed(2)))
    opt = torch.optim.Adam([{"params": dec.parameters(), "lr": 2e-3}, {"params": [z], "lr": 1e-2}])
    for step, idx in enumerate(batches(n, steps, bs, 3)):
        args = [z[idx]]
        if labels is not None:
            y = labels[idx]
            args.append(F.one_hot(y, 10).float() if onehot else y)
        rec = F.mse_loss(dec(*args), target[idx], reduction="sum") / len(idx)
        loss = rec + 0.01 * (z[idx] ** 2).sum() / len(idx)
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step % 100 == 0 or step == steps - 1:
            print(f"  {log} step {step}: reconstruction {rec.item():.2f}", flush=True)
    return z.detach()


def export(model, path, trace, in_names, out_names, fixed=False):
    axes = None if fixed else {k: {0: "batch"} for k in list(in_names) + list(out_names)}
    model.eval()
    with torch.no_grad():
        torch.onnx.export(model, tuple(trace), path, opset_version=17, input_names=list(in_names),
                          output_names=list(out_names), dynamic_axes=axes, do_constant_folding=True)


def toml_value(v):
    if isinstance(v, str):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    return repr(v)


def write_manifest(d, top, sections):
    with open(os.path.join(d, "latent.toml"), "w") as f:
        for k, v in top.items():
            f.write(f"{k} = {toml_value(v)}\n")
        for name, kv in sections.items():
            f.write(f"\n[{name}]\n")
            for k, v in kv.items():
                f.write(f"{k} = {toml_value(v)}\n")


def check(d, torch_out, extra=()):
    """Decodes the space's first 8 codes with latent decode: its largest
    difference from PyTorch's output on the same codes."""
    with tempfile.TemporaryDirectory() as t:
        codes = np.load(os.path.join(d, "codes.npy"))[:8].astype(np.float32)
        np.save(os.path.join(t, "z.npy"), codes)
        out = os.path.join(t, "out.npy")
        subprocess.run([LATENT, "decode", "--decoder", os.path.join(d, "decoder.onnx"), "--z",
                        os.path.join(t, "z.npy"), "-o", out, *extra], check=True)
        got = np.load(out)
    with torch.no_grad():
        want = torch_out(torch.from_numpy(codes)).numpy()
    err = np.abs(got - want).max()
    print(f"  latent decode vs PyTorch on 8 codes: max error {err:.2e} (outputs up to {np.abs(want).max():.2f})")
    if err > 1e-4 * max(1.0, np.abs(want).max()):
        sys.exit(f"{d}: latent decode differs from PyTorch by {err}")


def space(out, name):
    d = os.path.join(out, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    print(name, flush=True)
    return d


def encode(d):
    subprocess.run([LATENT, "encode", "--encoder", os.path.join(d, "encoder.onnx"), "--data",
                    os.path.join(d, "images.npy"), "-o", os.path.join(d, "codes.npy")],
                   check=True, stdout=subprocess.DEVNULL)


def save_data(d, x, y):
    """The digits as the space's data (uint8, the encoder's input size) and labels."""
    np.save(os.path.join(d, "images.npy"), np.ascontiguousarray((x.numpy() * 255).round().astype(np.uint8)))
    np.save(os.path.join(d, "labels.npy"), y)


def image_output(shape, rng):
    return {"kind": "image", "shape": list(shape), "range": list(rng), "channels": "rgb" if shape[0] == 3 else "gray"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out", nargs="?", default="/tmp/latent-family-spaces")
    ap.add_argument("--steps", type=int, default=400)
    ap.add_argument("-n", type=int, default=2000, help="digits per space")
    ap.add_argument("--only", default="", help="comma-separated groups to make: sd_vae, stylegan2, vqvae, pixelshuffle, conditional")
    a = ap.parse_args()
    want = lambda group: not a.only or group in a.only.split(",")
    os.makedirs(a.out, exist_ok=True)
    torch.set_num_threads(2)
    raw, y = mnist(a.n)
    x1, x3 = resized(raw, 16, 1), resized(raw, 16, 3)
    gen = lambda s: torch.Generator().manual_seed(s)
    enc_mean = lambda enc: (lambda x: enc(x)[0])


    # Stable-Diffusion-VAE style, latent [4, 8, 8] and [4, 32, 32].
    for name, size, steps in (("sd_vae", 16, a.steps), ("sd_vae_32", 64, max(a.steps // 4, 1))) if want("sd_vae") else ():
        d = space(a.out, name)
        n = a.n if size == 16 else min(a.n, 500)
        xs = x3[:n] if size == 16 else resized(raw[:n], size, 3)
        torch.manual_seed(1)
        dec, enc = fam.SDDecoder(), fam.SDEncoder()
        train_vae(enc, dec, xs, steps, target=xs * 2 - 1, bs=64 if size == 16 else 16, log=name)
        lat = (4, size // 2, size // 2)
        export(dec, os.path.join(d, "decoder.onnx"), [torch.zeros(2, *lat)], ["z"], ["sample"])
        export(enc, os.path.join(d, "encoder.onnx"), [xs[:2]], ["x"], ["mean", "logvar"])
        save_data(d, xs, y[:n])
        encode(d)
        write_manifest(d, {"name": f"SD-VAE style, latent {lat[0]}×{lat[1]}×{lat[2]}", "description": DESCRIBED,
                           "decoder": "decoder.onnx", "encoder": "encoder.onnx", "codes": "codes.npy",
                           "labels": "labels.npy", "data": "images.npy"},
                       {"output": image_output((3, size, size), (-1.0, 1.0)), "prior": {"kind": "gaussian"}})
        check(d, lambda z: dec(z))

    # StyleGAN2: trained once (activation-modulated form); the fused and
    # grouped forms take the same weights.
    torch.manual_seed(5)
    sg = fam.StyleGAN2(False, gen(6), noise_input=True)
    codes = train_glo(sg, x3 * 2 - 1, 16, a.steps, log="stylegan2") if want("stylegan2") else None
    for name, fused, fixed in (("stylegan2", False, 0), ("stylegan2_fused", True, 1), ("stylegan2_grouped", True, 8)) if want("stylegan2") else ():
        d = space(a.out, name)
        m = fam.StyleGAN2(fused, gen(6), noise_input=not fused)
        m.load_state_dict(sg.state_dict())
        m.eval()
        trace = [torch.zeros(fixed or 2, 16)] + ([] if fused else [torch.zeros(2, 1, 8, 8)])
        export(m, os.path.join(d, "decoder.onnx"), trace, ["z"] + ([] if fused else ["noise"]), ["img"], fixed=bool(fixed))
        np.save(os.path.join(d, "codes.npy"), codes.numpy())
        save_data(d, x3, y)
        sections = {"output": image_output((3, 16, 16), (-1.0, 1.0)), "prior": {"kind": "gaussian"}}
        if not fused:
            sections["decoding"] = {"latent": "z", "output": "img", "seed": 1}
            sections["decoding.inputs"] = {"noise": "normal"}
        write_manifest(d, {"name": f"StyleGAN2 synthesis ({'fused, batch 1' if fixed == 1 else 'grouped, batch 8' if fixed else 'noise input'})",
                           "description": DESCRIBED, "decoder": "decoder.onnx", "codes": "codes.npy",
                           "labels": "labels.npy", "data": "images.npy"}, sections)
        if fused:
            check(d, lambda z: fam.run_fixed(m, [z], fixed)[0])
        else:
            check(d, lambda z: m(z, torch.zeros(len(z), 1, 8, 8)), extra=["--input", "noise=zeros"])

    if want("vqvae"):
        vqvae(a, x3, y)
    if want("pixelshuffle"):
        pixelshuffle(a, x1, y)
    if want("conditional"):
        conditional(a, x1, y)
    print(f"spaces in {a.out}: open one with latent {a.out}/sd_vae")


def vqvae(a, x3, y):
    """VQ-VAE: straight-through estimator, codebook and commitment losses."""
    gen = lambda s: torch.Generator().manual_seed(s)
    d = space(a.out, "vqvae")
    torch.manual_seed(7)
    vdec, venc = fam.VQDecoder(gen(8)), fam.VQEncoder()
    opt = torch.optim.Adam(list(vdec.parameters()) + list(venc.parameters()), lr=2e-3)
    with torch.no_grad():  # codebook from encoder outputs, so every entry is used
        ze = venc(x3[:256]).permute(0, 2, 3, 1).reshape(-1, 8)
        vdec.codebook.copy_(ze[torch.randperm(len(ze), generator=gen(9))[:32]])
    for step, idx in enumerate(batches(a.n, a.steps, 64, 4)):
        ze = venc(x3[idx])
        b, D, h, w = ze.shape
        flat = ze.permute(0, 2, 3, 1).reshape(-1, D)
        q = vdec.codebook[torch.cdist(flat, vdec.codebook).argmin(1)].reshape(b, h, w, D).permute(0, 3, 1, 2)
        st = ze + (q - ze).detach()
        xr = torch.sigmoid(vdec.up2(F.relu(vdec.up1(F.relu(vdec.conv(st))))))
        rec = F.mse_loss(xr, x3[idx], reduction="sum") / b
        loss = rec + ((q - ze.detach()) ** 2).sum() / b + 0.25 * ((ze - q.detach()) ** 2).sum() / b
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step % 100 == 0 or step == a.steps - 1:
            print(f"  vqvae step {step}: reconstruction {rec.item():.2f}", flush=True)
    export(vdec, os.path.join(d, "decoder.onnx"), [torch.zeros(2, 8, 4, 4)], ["z_e"], ["x"])
    export(venc, os.path.join(d, "encoder.onnx"), [x3[:2]], ["x"], ["z_e"])
    save_data(d, x3, y)
    encode(d)
    write_manifest(d, {"name": "VQ-VAE, latent z_e 8×4×4 (codebook of 32)", "description": DESCRIBED,
                       "decoder": "decoder.onnx", "encoder": "encoder.onnx", "codes": "codes.npy",
                       "labels": "labels.npy", "data": "images.npy"},
                   {"output": image_output((3, 16, 16), (0.0, 1.0)), "prior": {"kind": "gaussian"}})
    check(d, lambda z: vdec(z))



def pixelshuffle(a, x1, y):
    d = space(a.out, "pixelshuffle")
    torch.manual_seed(10)
    pdec, penc = fam.PixelShuffleDecoder(), fam.PixelUnshuffleEncoder()
    train_vae(penc, pdec, x1, a.steps, beta=0.05, log="pixelshuffle")
    export(pdec, os.path.join(d, "decoder.onnx"), [torch.zeros(2, 16)], ["z"], ["x"])
    export(penc, os.path.join(d, "encoder.onnx"), [x1[:2]], ["x"], ["mean", "logvar"])
    save_data(d, x1, y)
    encode(d)
    write_manifest(d, {"name": "Pixel-shuffle VAE (16-d)", "description": DESCRIBED, "decoder": "decoder.onnx",
                       "encoder": "encoder.onnx", "codes": "codes.npy", "labels": "labels.npy", "data": "images.npy"},
                   {"output": image_output((1, 16, 16), (0.0, 1.0)), "prior": {"kind": "gaussian"}})
    check(d, lambda z: pdec(z))



def conditional(a, x1, y):
    """Class-conditional: codes fitted with the digit's label as the class."""
    yt = torch.from_numpy(y)
    for name, onehot, inp in (("conditional", False, "label"), ("conditional_onehot", True, "class")):
        d = space(a.out, name)
        torch.manual_seed(16)
        cdec = fam.ConditionalDecoder(onehot)
        codes = train_glo(cdec, x1, 8, a.steps, labels=yt, onehot=onehot, log=name)
        cls = torch.zeros(2, 10) if onehot else torch.zeros(2, dtype=torch.int64)
        export(cdec, os.path.join(d, "decoder.onnx"), [torch.zeros(2, 8), cls], ["z", inp], ["x"])
        np.save(os.path.join(d, "codes.npy"), codes.numpy())
        save_data(d, x1, y)
        dec_spec = {"latent": "z", "class": inp, "class_names": NAMES}
        if not onehot:
            dec_spec["classes"] = 10
        write_manifest(d, {"name": f"Class-conditional decoder ({'one-hot class' if onehot else 'int64 label'}, 8-d)",
                           "description": DESCRIBED, "decoder": "decoder.onnx", "codes": "codes.npy",
                           "labels": "labels.npy", "data": "images.npy"},
                       {"output": image_output((1, 16, 16), (0.0, 1.0)), "prior": {"kind": "gaussian"},
                        "decoding": dec_spec})
        c3 = torch.full((8,), 3)
        check(d, lambda z: cdec(z, F.one_hot(c3, 10).float() if onehot else c3), extra=["--class", "3"] + (["--class-input", inp] if onehot else ["--classes", "10"]))


if __name__ == "__main__":
    main()
