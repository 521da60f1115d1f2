"""The decoders tools/bench_ort/bench.py times, at benchmark scale.

Each is a PyTorch module with seeded random weights, exported with
torch.onnx.export at opset 17 with a dynamic batch axis. The small test
fixtures of tools/onnx share their architectures where they have one
(make_fixtures.py); the rest are written here at the sizes practitioners
use, so that the timings mean something:

  mlp        MLP 16→512→784 (make_fixtures.MLPImage)
  convbn     Linear + 2×(ConvTranspose + BatchNorm + ReLU), 28×28, c=32
  dcgan64    DCGAN 64×64 generator, nz=100, ngf=64 (Radford et al. 2016)
  upsample   nearest 2× upsampling + conv, 3×64×64
  stylegan2  StyleGAN2-style synthesis, 4×4 → 64×64, modulation applied to
             the activations (the constant-weight export form)
  pixshuf    pixel-shuffle decoder, 3×64×64
  audio      1-D decoder: ConvTranspose1d, Conv1d, Tanh; 16,384 samples
  sdvae      Stable-Diffusion-VAE-style decoder, 4×32×32 → 3×256×256
             (ResNet blocks with GroupNorm(32) + SiLU, mid self-attention,
             nearest 2× upsampling + conv)
  stylegan2mod  StyleGAN2 with modulated convolutions in the fused-weight
             form (weights computed per item, one grouped conv; batch fixed
             at 1: its Conv group is the batch), c=128, 4×4 → 16×16
             (make_families.StyleGAN2)
  vqvae      VQ-VAE decoder: nearest of 512 codebook entries, conv,
             2×ConvTranspose, 64×8×8 → 3×32×32 (make_families.VQDecoder)
  transformer  transformer decoder: 64 latent tokens of 256, two pre-norm
             blocks (4-head attention, GELU MLP), each token a 4×4 patch of
             a 1×32×32 image
  conditional  class-conditional decoder: z of 64 and an int64 label
             through an Embedding, Linear, 2×ConvTranspose, 1×16×16
             (make_families.ConditionalDecoder)
"""
import math
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "onnx"))
from make_fixtures import DCGAN, ConvVAEDecoder, MLPImage, randomize_bn  # noqa: E402
import make_families  # noqa: E402

OPSET = 17


class UpsampleConv(nn.Module):
    def __init__(self, d=32, c=64):
        super().__init__()
        self.c = c
        self.fc = nn.Linear(d, c * 8 * 8)
        self.convs = nn.ModuleList([nn.Conv2d(c, c, 3, padding=1) for _ in range(3)])
        self.out = nn.Conv2d(c, 3, 3, padding=1)

    def forward(self, z):
        h = self.fc(z).view(-1, self.c, 8, 8)
        for conv in self.convs:
            h = F.relu(conv(F.interpolate(h, scale_factor=2, mode="nearest")))
        return torch.tanh(self.out(h))


class ModConv(nn.Module):
    """StyleGAN2's modulated 3×3 convolution with demodulation, applied to
    the activations: x·s, conv with the constant weight, ·d."""

    def __init__(self, cin, cout, wdim):
        super().__init__()
        self.affine = nn.Linear(wdim, cin)
        self.weight = nn.Parameter(torch.randn(cout, cin, 3, 3))
        self.noise = nn.Parameter(torch.randn(1, 1, 1, 1) * 0.1)

    def forward(self, x, w):
        s = self.affine(w) + 1
        d = torch.rsqrt((self.weight[None] ** 2 * s[:, None, :, None, None] ** 2).sum([2, 3, 4]) + 1e-8)
        x = F.conv2d(x * s[:, :, None, None], self.weight, padding=1) * d[:, :, None, None]
        return F.leaky_relu(x + self.noise, 0.2)


class StyleGAN2(nn.Module):
    def __init__(self, zdim=64, wdim=64, chans=(128, 128, 64, 32, 16)):
        super().__init__()
        self.mapping = nn.Sequential(nn.Linear(zdim, wdim), nn.LeakyReLU(0.2), nn.Linear(wdim, wdim),
                                     nn.LeakyReLU(0.2))
        self.const = nn.Parameter(torch.randn(1, chans[0], 4, 4))
        self.convs = nn.ModuleList([ModConv(a, b, wdim) for a, b in zip(chans[:-1], chans[1:])])
        self.rgb = nn.Conv2d(chans[-1], 3, 1)

    def forward(self, z):
        z = z * torch.rsqrt((z ** 2).mean(1, keepdim=True) + 1e-8)
        w = self.mapping(z)
        x = self.const.expand(z.shape[0], -1, -1, -1)
        for i, conv in enumerate(self.convs):
            if i:
                x = F.interpolate(x, scale_factor=2, mode="bilinear", align_corners=False)
            x = conv(x, w)
        return torch.tanh(self.rgb(x))


class PixelShuffleDecoder(nn.Module):
    def __init__(self, d=32, c=64):
        super().__init__()
        self.c = c
        self.fc = nn.Linear(d, c * 8 * 8)
        self.convs = nn.ModuleList([nn.Conv2d(c, 4 * c, 3, padding=1) for _ in range(2)])
        self.last = nn.Conv2d(c, 12, 3, padding=1)

    def forward(self, z):
        h = F.relu(self.fc(z)).view(-1, self.c, 8, 8)
        for conv in self.convs:
            h = F.relu(F.pixel_shuffle(conv(h), 2))
        return torch.tanh(F.pixel_shuffle(self.last(h), 2))


class AudioDecoder(nn.Module):
    def __init__(self, d=64, c=32):
        super().__init__()
        self.c = c
        self.fc = nn.Linear(d, c * 64)
        self.ups = nn.ModuleList([nn.ConvTranspose1d(c, c, 8, stride=4, padding=2) for _ in range(4)])
        self.convs = nn.ModuleList([nn.Conv1d(c, c, 7, padding=3) for _ in range(4)])
        self.out = nn.Conv1d(c, 1, 7, padding=3)

    def forward(self, z):
        h = self.fc(z).view(-1, self.c, 64)
        for up, conv in zip(self.ups, self.convs):
            h = F.leaky_relu(conv(F.leaky_relu(up(h), 0.1)), 0.1)
        return torch.tanh(self.out(h))


class ResBlock(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.n1, self.c1 = nn.GroupNorm(32, cin), nn.Conv2d(cin, cout, 3, padding=1)
        self.n2, self.c2 = nn.GroupNorm(32, cout), nn.Conv2d(cout, cout, 3, padding=1)
        self.skip = nn.Conv2d(cin, cout, 1) if cin != cout else nn.Identity()

    def forward(self, x):
        h = self.c1(F.silu(self.n1(x)))
        return self.skip(x) + self.c2(F.silu(self.n2(h)))


class Attention(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.norm = nn.GroupNorm(32, c)
        self.q, self.k, self.v, self.proj = (nn.Linear(c, c) for _ in range(4))

    def forward(self, x):
        b, c, h, w = x.shape
        t = self.norm(x).view(b, c, h * w).transpose(1, 2)
        a = torch.softmax(self.q(t) @ self.k(t).transpose(1, 2) / c ** 0.5, dim=-1)
        return x + self.proj(a @ self.v(t)).transpose(1, 2).reshape(b, c, h, w)


class SDVAEDecoder(nn.Module):
    def __init__(self, chans=(64, 64, 32, 32)):
        super().__init__()
        self.conv_in = nn.Conv2d(4, chans[0], 3, padding=1)
        self.mid = nn.ModuleList([ResBlock(chans[0], chans[0]), Attention(chans[0]), ResBlock(chans[0], chans[0])])
        self.up = nn.ModuleList()
        for a, b in zip(chans[:-1], chans[1:]):
            self.up.append(nn.ModuleList([ResBlock(a, b), nn.Conv2d(b, b, 3, padding=1)]))
        self.norm_out = nn.GroupNorm(32, chans[-1])
        self.conv_out = nn.Conv2d(chans[-1], 3, 3, padding=1)

    def forward(self, z):
        h = self.conv_in(z)
        for m in self.mid:
            h = m(h)
        for res, conv in self.up:
            h = conv(F.interpolate(res(h), scale_factor=2.0, mode="nearest"))
        return self.conv_out(F.silu(self.norm_out(h)))


class TransformerBlock(nn.Module):
    def __init__(self, D, heads):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(D), nn.LayerNorm(D)
        self.qkv, self.proj = nn.Linear(D, 3 * D), nn.Linear(D, D)
        self.fc1, self.fc2 = nn.Linear(D, 4 * D), nn.Linear(4 * D, D)
        self.h = heads

    def attention(self, x):
        b, L, D = x.shape
        dh = D // self.h
        q, k, v = self.qkv(x).reshape(b, L, 3, self.h, dh).permute(2, 0, 3, 1, 4)
        a = torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(dh), dim=-1)
        return self.proj((a @ v).transpose(1, 2).reshape(b, L, D))

    def forward(self, x):
        x = x + self.attention(self.ln1(x))
        return x + self.fc2(F.gelu(self.fc1(self.ln2(x))))


class TransformerDecoder(nn.Module):
    """make_families.TransformerDecoder at benchmark scale: a g×g grid of
    latent tokens, blocks of pre-norm attention, each token a p×p patch."""

    def __init__(self, g=8, D=256, heads=4, blocks=2, p=4):
        super().__init__()
        self.pos = nn.Parameter(torch.randn(1, g * g, D) * 0.1)
        self.blocks = nn.ModuleList(TransformerBlock(D, heads) for _ in range(blocks))
        self.head = nn.Linear(D, p * p)
        self.g, self.p = g, p

    def forward(self, z):
        x = z + self.pos
        for blk in self.blocks:
            x = blk(x)
        g, p = self.g, self.p
        img = torch.sigmoid(self.head(x)).reshape(-1, g, g, p, p).permute(0, 1, 3, 2, 4)
        return img.reshape(-1, 1, g * p, g * p)


def gen(seed):
    return torch.Generator().manual_seed(seed)


# name: (title, module factory, latent shape per item, largest batch timed,
# other inputs as (name, classes) int64 labels)
MODELS = {
    "mlp": ("MLP 16→512→784", lambda: MLPImage(), (16,), 64),
    "convbn": ("conv + BatchNorm", lambda: ConvVAEDecoder(d=16, c=32), (16,), 64),
    "dcgan64": ("DCGAN-64 generator", lambda: DCGAN(nz=100, ngf=64), (100, 1, 1), 64),
    "upsample": ("nearest-upsample + conv", lambda: UpsampleConv(), (32,), 64),
    "stylegan2": ("StyleGAN2-style (constant-weight form)", lambda: StyleGAN2(), (64,), 64),
    "pixshuf": ("pixel-shuffle decoder", lambda: PixelShuffleDecoder(), (32,), 64),
    "audio": ("1-D audio decoder", lambda: AudioDecoder(), (64,), 64),
    "sdvae": ("SD-VAE-style decoder, 4×32×32 → 3×256×256", lambda: SDVAEDecoder(), (4, 32, 32), 1),
    "stylegan2mod": ("StyleGAN2 modulated conv (fused weights, grouped)",
                     lambda: make_families.StyleGAN2(True, gen(6), d=64, c=128), (64,), 1),
    "vqvae": ("VQ-VAE decoder, 64×8×8 → 3×32×32", lambda: make_families.VQDecoder(gen(8), D=64, K=512, c=128),
              (64, 8, 8), 64),
    "transformer": ("transformer decoder, 64 tokens of 256", lambda: TransformerDecoder(), (64, 256), 64),
    "conditional": ("class-conditional decoder (int64 label)",
                    lambda: make_families.ConditionalDecoder(False, d=64, classes=10, e=32, c=64), (64,), 64,
                    [("label", 10)]),
}


class Case:
    def __init__(self, name, title, path, folder, max_batch, labels):
        self.name, self.title, self.path, self.folder, self.max_batch = name, title, path, folder, max_batch
        self.labels = labels

    def inputs(self, batch):
        return [("z", os.path.join(self.folder, f"{self.name}.b{batch}.npy"))] + [
            (label, os.path.join(self.folder, f"{self.name}.{label}.b{batch}.npy")) for label, _ in self.labels]


def export_all(folder, batches, only):
    os.makedirs(folder, exist_ok=True)
    cases = []
    for name, (title, make, shape, max_batch, *rest) in MODELS.items():
        if only and name not in only:
            continue
        labels = rest[0] if rest else []
        path = os.path.join(folder, name + ".onnx")
        torch.manual_seed(0)
        m = make().eval()
        randomize_bn(m, torch.Generator().manual_seed(0))
        z = torch.randn(1, *shape)
        args = (z,) + tuple(torch.zeros(1, dtype=torch.int64) for _ in labels)
        names = ["z"] + [label for label, _ in labels]
        # A model timed at batch 1 alone keeps it fixed: the fused StyleGAN2
        # form's Conv group is the batch.
        dynamic = {**{n: {0: "batch"} for n in names}, "y": {0: "batch"}} if max_batch > 1 else None
        if not os.path.exists(path):
            with torch.no_grad():
                torch.onnx.export(m, args, path, opset_version=OPSET, input_names=names, output_names=["y"],
                                  dynamic_axes=dynamic)
        rng = np.random.default_rng(0)
        for b in batches:
            np.save(os.path.join(folder, f"{name}.b{b}.npy"), rng.standard_normal((b, *shape)).astype(np.float32))
            for label, classes in labels:
                np.save(os.path.join(folder, f"{name}.{label}.b{b}.npy"), rng.integers(0, classes, b).astype(np.int64))
        cases.append(Case(name, title, path, folder, max_batch, labels))
    return cases
