#!/usr/bin/python3
"""Make the decoder-family fixtures of model/onnx/testdata/families.

Small seeded random-weight models of the architectures practitioners export
today, each exported with torch.onnx.export at opsets 11 and 17 with a
dynamic batch axis (except the grouped StyleGAN2 forms, whose Conv `group`
is the batch size and so fixes it). For each fixture NAME_opsetK it writes:

    NAME_opsetK.onnx             the model
    NAME_opsetK.bB.inI.npy       input I at batch B (1 and 8): float32, or
                                 int64 for class labels
    NAME_opsetK.bB.outJ.npy      output J at batch B: PyTorch 1.13's
    NAME_opsetK.TAG.bB.*         the same for other values of the inputs
                                 other than the latent (stylegan2's noise
                                 all 0 and all 0.5, the conditional
                                 decoders' class all 7)

Also unsupported_opset17.onnx, a graph of two operator types no opset
defines (three nodes), for latent info's list of refusals.

A model whose batch is fixed at F (the grouped StyleGAN2 forms) has its
inputs and outputs saved at batch 1 and 8 all the same: the reference is
PyTorch run at batch F on consecutive groups of F items, the last group
padded with zeros, so a runtime runs it the same way.

Run with Debian's Python (python3-torch 1.13, python3-onnx 1.12):

    /usr/bin/python3 tools/onnx/make_families.py [OUTDIR]

Every model and input is seeded, so the fixtures are reproducible.
"""
import math
import os
import sys

import numpy as np
import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "model", "onnx", "testdata", "families")
OPSETS = (11, 17)
BATCHES = (1, 8)


# --- Stable-Diffusion-style VAE (AutoencoderKL pattern, narrow) -------------

class ResnetBlock(nn.Module):
    """GroupNorm(32) → SiLU → Conv, twice, plus the (1×1-projected) input."""

    def __init__(self, cin, cout):
        super().__init__()
        self.norm1, self.conv1 = nn.GroupNorm(32, cin, eps=1e-6), nn.Conv2d(cin, cout, 3, padding=1)
        self.norm2, self.conv2 = nn.GroupNorm(32, cout, eps=1e-6), nn.Conv2d(cout, cout, 3, padding=1)
        self.skip = nn.Conv2d(cin, cout, 1) if cin != cout else nn.Identity()

    def forward(self, x):
        h = self.conv1(F.silu(self.norm1(x)))
        h = self.conv2(F.silu(self.norm2(h)))
        return self.skip(x) + h


class AttnBlock(nn.Module):
    """Single-head self-attention over the h·w positions, as diffusers' mid block."""

    def __init__(self, c):
        super().__init__()
        self.norm = nn.GroupNorm(32, c, eps=1e-6)
        self.q, self.k, self.v, self.proj = (nn.Linear(c, c) for _ in range(4))

    def forward(self, x):
        b, c, h, w = x.shape
        t = self.norm(x).view(b, c, h * w).transpose(1, 2)  # [b, hw, c]
        q, k, v = self.q(t), self.k(t), self.v(t)
        a = torch.softmax(torch.bmm(q, k.transpose(1, 2)) / math.sqrt(c), dim=-1)
        o = self.proj(torch.bmm(a, v)).transpose(1, 2).reshape(b, c, h, w)
        return x + o


class SDDecoder(nn.Module):
    """post_quant_conv → conv_in → mid (resnet, attention, resnet) → up
    (resnet, nearest 2× + conv) → resnet → GroupNorm, SiLU, conv_out."""

    def __init__(self, zc=4, c=32, oc=3):
        super().__init__()
        self.post_quant_conv = nn.Conv2d(zc, zc, 1)
        self.conv_in = nn.Conv2d(zc, c, 3, padding=1)
        self.mid1, self.attn, self.mid2 = ResnetBlock(c, c), AttnBlock(c), ResnetBlock(c, c)
        self.up_block = ResnetBlock(c, c)
        self.upsample = nn.Conv2d(c, c, 3, padding=1)
        self.out_block = ResnetBlock(c, c)
        self.norm_out, self.conv_out = nn.GroupNorm(32, c, eps=1e-6), nn.Conv2d(c, oc, 3, padding=1)

    def forward(self, z):
        h = self.conv_in(self.post_quant_conv(z))
        h = self.mid2(self.attn(self.mid1(h)))
        h = self.up_block(h)
        h = self.upsample(F.interpolate(h, scale_factor=2.0, mode="nearest"))
        h = self.out_block(h)
        return self.conv_out(F.silu(self.norm_out(h)))


class SDEncoder(nn.Module):
    """conv_in → resnet → stride-2 conv → mid (resnet, attention) → norm,
    SiLU, conv_out → quant_conv, split into mean and log-variance."""

    def __init__(self, ic=3, c=32, zc=4):
        super().__init__()
        self.conv_in = nn.Conv2d(ic, c, 3, padding=1)
        self.down_block = ResnetBlock(c, c)
        self.downsample = nn.Conv2d(c, c, 3, stride=2, padding=1)
        self.mid, self.attn = ResnetBlock(c, c), AttnBlock(c)
        self.norm_out, self.conv_out = nn.GroupNorm(32, c, eps=1e-6), nn.Conv2d(c, 2 * zc, 3, padding=1)
        self.quant_conv = nn.Conv2d(2 * zc, 2 * zc, 1)

    def forward(self, x):
        h = self.downsample(self.down_block(self.conv_in(x)))
        h = self.attn(self.mid(h))
        moments = self.quant_conv(self.conv_out(F.silu(self.norm_out(h))))
        mean, logvar = torch.chunk(moments, 2, dim=1)
        return mean, torch.clamp(logvar, -30.0, 20.0)


# --- StyleGAN2 synthesis ---------------------------------------------------

class Mapping(nn.Module):
    """Pixel norm, then an MLP with leaky ReLU: z → w."""

    def __init__(self, d=16, layers=2):
        super().__init__()
        self.fcs = nn.ModuleList(nn.Linear(d, d) for _ in range(layers))

    def forward(self, z):
        x = z * torch.rsqrt(torch.mean(z * z, dim=1, keepdim=True) + 1e-8)
        for fc in self.fcs:
            x = F.leaky_relu(fc(x), 0.2) * math.sqrt(2)
        return x


class ModConv(nn.Module):
    """A modulated, demodulated 3×3 convolution (Karras et al. 2020) with a
    constant noise buffer. fused: the weight is computed per item and the
    batch run as one grouped convolution (group = batch); otherwise the
    activations are modulated and demodulated around a constant weight."""

    def __init__(self, w_dim, cin, cout, res, fused, gen):
        super().__init__()
        self.affine = nn.Linear(w_dim, cin)
        nn.init.ones_(self.affine.bias)
        self.weight = nn.Parameter(torch.randn(cout, cin, 3, 3, generator=gen))
        self.bias = nn.Parameter(torch.randn(cout, generator=gen) * 0.1)
        self.register_buffer("noise_const", torch.randn(1, 1, res, res, generator=gen))
        self.noise_strength = nn.Parameter(torch.tensor(0.1))
        self.fused = fused

    def forward(self, x, w, noise=None):
        b, cin, h, wd = x.shape
        s = self.affine(w)  # [b, cin]
        if self.fused:
            wt = self.weight[None] * s[:, None, :, None, None]  # [b, cout, cin, 3, 3]
            wt = wt * torch.rsqrt(wt.pow(2).sum(dim=[2, 3, 4], keepdim=True) + 1e-8)
            y = F.conv2d(x.reshape(1, b * cin, h, wd), wt.reshape(-1, cin, 3, 3), padding=1, groups=b)
            y = y.reshape(b, -1, h, wd)
        else:
            d = torch.rsqrt((self.weight[None] * s[:, None, :, None, None]).pow(2).sum(dim=[2, 3, 4]) + 1e-8)
            y = F.conv2d(x * s[:, :, None, None], self.weight, padding=1) * d[:, :, None, None]
        y = y + (self.noise_const if noise is None else noise) * self.noise_strength
        return F.leaky_relu(y + self.bias[None, :, None, None], 0.2) * math.sqrt(2)


class ToRGB(nn.Module):
    """A modulated 1×1 convolution to RGB, without demodulation."""

    def __init__(self, w_dim, cin):
        super().__init__()
        self.affine = nn.Linear(w_dim, cin)
        self.conv = nn.Conv2d(cin, 3, 1)

    def forward(self, x, w):
        return self.conv(x * self.affine(w)[:, :, None, None])


class StyleGAN2(nn.Module):
    """Mapping → constant 4×4 input → modulated convs at 4, 8, 16 with
    nearest upsampling → ToRGB. With noise_input the 8×8 layer's noise is a
    model input; outputs are (image, w) when with_w."""

    def __init__(self, fused, gen, d=16, c=16, noise_input=False, with_w=False):
        super().__init__()
        self.mapping = Mapping(d)
        self.const = nn.Parameter(torch.randn(1, c, 4, 4, generator=gen))
        self.conv4 = ModConv(d, c, c, 4, fused, gen)
        self.conv8 = ModConv(d, c, c, 8, fused, gen)
        self.conv16 = ModConv(d, c, c, 16, fused, gen)
        self.torgb = ToRGB(d, c)
        self.noise_input, self.with_w = noise_input, with_w

    def forward(self, z, noise=None):
        w = self.mapping(z)
        x = self.const.expand(z.shape[0], -1, -1, -1)
        x = self.conv4(x, w)
        x = self.conv8(F.interpolate(x, scale_factor=2.0, mode="nearest"), w, noise)
        x = self.conv16(F.interpolate(x, scale_factor=2.0, mode="nearest"), w)
        img = torch.tanh(self.torgb(x, w))
        return (img, w) if self.with_w else img


# --- VQ-VAE ----------------------------------------------------------------

class VQDecoder(nn.Module):
    """Nearest-codebook-entry quantisation (argmin of squared distances,
    gather) of z_e [b, D, 4, 4], then ConvTranspose upsampling to 3×16×16."""

    def __init__(self, gen, D=8, K=32, c=16):
        super().__init__()
        self.codebook = nn.Parameter(torch.randn(K, D, generator=gen))
        self.conv = nn.Conv2d(D, c, 3, padding=1)
        self.up1 = nn.ConvTranspose2d(c, c, 4, stride=2, padding=1)
        self.up2 = nn.ConvTranspose2d(c, 3, 4, stride=2, padding=1)
        self.D = D

    def forward(self, z):
        b, D, h, w = z.shape
        flat = z.permute(0, 2, 3, 1).reshape(-1, D)
        dist = (flat * flat).sum(1, keepdim=True) - 2 * flat @ self.codebook.t() + (self.codebook ** 2).sum(1)[None]
        idx = torch.argmin(dist, dim=1)
        q = self.codebook[idx].reshape(b, h, w, D).permute(0, 3, 1, 2)
        x = F.relu(self.conv(q))
        x = F.relu(self.up1(x))
        return torch.sigmoid(self.up2(x))


class VQEncoder(nn.Module):
    """Two stride-2 convolutions: 3×16×16 → z_e [b, 8, 4, 4]."""

    def __init__(self, D=8, c=16):
        super().__init__()
        self.c1, self.c2 = nn.Conv2d(3, c, 4, 2, 1), nn.Conv2d(c, D, 4, 2, 1)

    def forward(self, x):
        return self.c2(F.relu(self.c1(x)))


# --- pixel shuffle ---------------------------------------------------------

class PixelShuffleDecoder(nn.Module):
    """Linear → [32, 4, 4] → (conv, PixelShuffle(2)) twice → conv, sigmoid: 1×16×16."""

    def __init__(self, d=16, c=32):
        super().__init__()
        self.fc = nn.Linear(d, c * 16)
        self.c1, self.c2 = nn.Conv2d(c, 4 * 16, 3, padding=1), nn.Conv2d(16, 4 * 8, 3, padding=1)
        self.out = nn.Conv2d(8, 1, 3, padding=1)
        self.c = c

    def forward(self, z):
        h = F.relu(self.fc(z)).view(-1, self.c, 4, 4)
        h = F.relu(F.pixel_shuffle(self.c1(h), 2))
        h = F.relu(F.pixel_shuffle(self.c2(h), 2))
        return torch.sigmoid(self.out(h))


class PixelUnshuffleEncoder(nn.Module):
    """(conv, PixelUnshuffle(2)) twice → Linear heads: mean and log-variance."""

    def __init__(self, d=16, c=8):
        super().__init__()
        self.c1, self.c2 = nn.Conv2d(1, c, 3, padding=1), nn.Conv2d(4 * c, c, 3, padding=1)
        self.mu, self.logvar = nn.Linear(4 * c * 16, d), nn.Linear(4 * c * 16, d)

    def forward(self, x):
        h = F.pixel_unshuffle(F.relu(self.c1(x)), 2)
        h = F.pixel_unshuffle(F.relu(self.c2(h)), 2).flatten(1)
        return self.mu(h), self.logvar(h)


# --- 1-D audio -------------------------------------------------------------

class AudioDecoder(nn.Module):
    """Linear → [32, 16] → ConvTranspose1d ×2 (stride 2) → Conv1d → Tanh: [1, 64]."""

    def __init__(self, d=16, c=32):
        super().__init__()
        self.fc = nn.Linear(d, c * 16)
        self.up1 = nn.ConvTranspose1d(c, 16, 4, stride=2, padding=1)
        self.up2 = nn.ConvTranspose1d(16, 8, 4, stride=2, padding=1)
        self.out = nn.Conv1d(8, 1, 7, padding=3)
        self.c = c

    def forward(self, z):
        h = F.leaky_relu(self.fc(z), 0.2).view(-1, self.c, 16)
        h = F.leaky_relu(self.up1(h), 0.2)
        h = F.leaky_relu(self.up2(h), 0.2)
        return torch.tanh(self.out(h))


class AudioEncoder(nn.Module):
    """Conv1d ×2 (stride 2) → Linear heads: mean and log-variance."""

    def __init__(self, d=16, c=16):
        super().__init__()
        self.c1, self.c2 = nn.Conv1d(1, c, 5, 2, 2), nn.Conv1d(c, c, 5, 2, 2)
        self.mu, self.logvar = nn.Linear(c * 16, d), nn.Linear(c * 16, d)

    def forward(self, x):
        h = F.leaky_relu(self.c2(F.leaky_relu(self.c1(x), 0.2)), 0.2).flatten(1)
        return self.mu(h), self.logvar(h)


# --- transformer -----------------------------------------------------------

class TransformerDecoder(nn.Module):
    """A pre-norm transformer block over a latent sequence [b, 16, 8]
    (LayerNorm, 2-head self-attention, LayerNorm, GELU MLP), each token then
    a 4×4 patch of a 1×16×16 image."""

    def __init__(self, L=16, D=8, heads=2):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(D), nn.LayerNorm(D)
        self.qkv, self.proj = nn.Linear(D, 3 * D), nn.Linear(D, D)
        self.fc1, self.fc2 = nn.Linear(D, 4 * D), nn.Linear(4 * D, D)
        self.head = nn.Linear(D, 16)
        self.pos = nn.Parameter(torch.randn(1, L, D) * 0.1)
        self.L, self.D, self.h = L, D, heads

    def attention(self, x):
        b, L, D = x.shape
        dh = D // self.h
        q, k, v = self.qkv(x).reshape(b, L, 3, self.h, dh).permute(2, 0, 3, 1, 4)
        a = torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(dh), dim=-1)  # [b, h, L, L]
        return self.proj((a @ v).transpose(1, 2).reshape(b, L, D))

    def forward(self, z):
        x = z + self.pos
        x = x + self.attention(self.ln1(x))
        x = x + self.fc2(F.gelu(self.fc1(self.ln2(x))))
        p = torch.sigmoid(self.head(x))  # [b, 16 tokens, 16 pixels]
        p = p.reshape(-1, 4, 4, 4, 4).permute(0, 1, 3, 2, 4)  # token row, pixel row, token col, pixel col
        return p.reshape(-1, 1, 16, 16)


# --- class-conditional -----------------------------------------------------

class ConditionalDecoder(nn.Module):
    """z [b, 8] and a class: an int64 label [b] through an Embedding, or a
    one-hot float vector [b, 10] through a Linear; concatenated with z,
    then Linear → ConvTranspose ×2 → sigmoid: 1×16×16."""

    def __init__(self, onehot, d=8, classes=10, e=8, c=8):
        super().__init__()
        self.embed = nn.Linear(classes, e, bias=False) if onehot else nn.Embedding(classes, e)
        self.fc = nn.Linear(d + e, c * 16)
        self.up1 = nn.ConvTranspose2d(c, c, 4, 2, 1)
        self.up2 = nn.ConvTranspose2d(c, 1, 4, 2, 1)
        self.c = c

    def forward(self, z, y):
        h = torch.cat([z, self.embed(y)], dim=1)
        h = F.relu(self.fc(h)).view(-1, self.c, 4, 4)
        return torch.sigmoid(self.up2(F.relu(self.up1(h))))


# --- a model the runtime refuses ---------------------------------------------

def unsupported_model():
    """x [b, 4, 4] through two operator types no opset defines (so no
    runtime will ever run them; the interpreter keeps gaining real ones):
    latent info must list every node at once."""
    from onnx import TensorProto, helper
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 4, 4])
    outs = [helper.make_tensor_value_info(n, TensorProto.FLOAT, ["batch"]) for n in ("d1", "d2")]
    nodes = [helper.make_node("NoSuchReduce", ["x"], ["d1"], name="reduce_a"),
             helper.make_node("NoSuchMix", ["x"], ["h"], name="mix"),
             helper.make_node("NoSuchReduce", ["h"], ["d2"], name="reduce_b")]
    g = helper.make_graph(nodes, "unsupported", [x], outs)
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)], producer_name="make_families.py")
    onnx.save(m, os.path.join(OUT, "unsupported_opset17.onnx"))


# --- export ----------------------------------------------------------------

def randomize_norms(model, gen):
    """Gives every GroupNorm and LayerNorm a non-trivial affine transform."""
    for m in model.modules():
        if isinstance(m, (nn.GroupNorm, nn.LayerNorm)):
            m.weight.data.copy_(torch.rand(m.weight.shape, generator=gen) + 0.5)
            m.bias.data.copy_(torch.randn(m.bias.shape, generator=gen) * 0.1)


def save(name, batch, inputs, outputs):
    for i, a in enumerate(inputs):
        np.save(os.path.join(OUT, f"{name}.b{batch}.in{i}.npy"), np.ascontiguousarray(a))
    for i, a in enumerate(outputs):
        np.save(os.path.join(OUT, f"{name}.b{batch}.out{i}.npy"), np.ascontiguousarray(a, dtype=np.float32))


def run_fixed(model, inputs, fixed):
    """Runs model on groups of `fixed` items, the last padded with zeros."""
    n = inputs[0].shape[0]
    groups = []
    for lo in range(0, n, fixed):
        part = []
        for x in inputs:
            p = x[lo:lo + fixed]
            if p.shape[0] < fixed:
                p = torch.cat([p, torch.zeros((fixed - p.shape[0],) + tuple(p.shape[1:]), dtype=p.dtype)])
            part.append(p)
        outs = model(*part)
        outs = (outs,) if isinstance(outs, torch.Tensor) else outs
        groups.append([o[:min(fixed, n - lo)] for o in outs])
    return [torch.cat([g[k] for g in groups]) for k in range(len(groups[0]))]


def export(name, model, make_inputs, in_names, out_names, fixed=None, variants=None):
    """Exports model at every opset and saves inputs and PyTorch's outputs at
    batch 1 and 8. fixed is the batch a model is traced at when its graph
    depends on the batch size (then it is not dynamic). variants maps a tag
    to a function of the inputs giving other inputs, saved as
    NAME_opsetK.TAG.bB.*: references for the ways a decoder fills inputs
    other than the latent."""
    model.eval()
    for opset in OPSETS:
        fname = f"{name}_opset{opset}"
        path = os.path.join(OUT, fname + ".onnx")
        axes = None if fixed else {n: {0: "batch"} for n in list(in_names) + list(out_names)}
        trace = make_inputs(fixed or 2, 999)
        with torch.no_grad():
            torch.onnx.export(model, tuple(trace), path, opset_version=opset,
                              input_names=list(in_names), output_names=list(out_names),
                              dynamic_axes=axes, do_constant_folding=True)
            for b in BATCHES:
                inputs = make_inputs(b, b)
                if fixed:
                    outs = run_fixed(model, inputs, fixed)
                else:
                    outs = model(*inputs)
                    outs = (outs,) if isinstance(outs, torch.Tensor) else outs
                save(fname, b, [x.numpy() for x in inputs], [o.numpy() for o in outs])
                for tag, vary in (variants or {}).items():
                    vin = vary(inputs)
                    vout = model(*vin)
                    vout = (vout,) if isinstance(vout, torch.Tensor) else vout
                    save(f"{fname}.{tag}", b, [x.numpy() for x in vin], [o.numpy() for o in vout])
    size = os.path.getsize(os.path.join(OUT, f"{name}_opset{OPSETS[-1]}.onnx"))
    print(f"{name}: {sum(p.numel() for p in model.parameters())} parameters, {size} bytes")


def normal(*shape):
    """An input maker drawing standard normal values of [b, *shape]."""
    def make(b, seed):
        g = torch.Generator().manual_seed(seed)
        return [torch.randn((b,) + shape, generator=g)]
    return make


def images(*shape):
    """An input maker drawing uniform [0, 1) images of [b, *shape]."""
    def make(b, seed):
        g = torch.Generator().manual_seed(seed)
        return [torch.rand((b,) + shape, generator=g)]
    return make


def with_labels(d, classes, onehot):
    """An input maker for z [b, d] and a class label per item."""
    def make(b, seed):
        g = torch.Generator().manual_seed(seed)
        z = torch.randn(b, d, generator=g)
        y = torch.randint(0, classes, (b,), generator=g)
        if b >= 2:
            y[:2] = torch.tensor([3, 7])
        return [z, F.one_hot(y, classes).float() if onehot else y]
    return make


def with_noise(d, res):
    """An input maker for z [b, d] and a noise image [b, 1, res, res]."""
    def make(b, seed):
        g = torch.Generator().manual_seed(seed)
        return [torch.randn(b, d, generator=g), torch.randn(b, 1, res, res, generator=g)]
    return make


def main():
    os.makedirs(OUT, exist_ok=True)
    gen = lambda s: torch.Generator().manual_seed(s)

    torch.manual_seed(1)
    m = SDDecoder()
    randomize_norms(m, gen(2))
    export("sd_vae_decoder", m, normal(4, 8, 8), ["z"], ["sample"])
    torch.manual_seed(3)
    m = SDEncoder()
    randomize_norms(m, gen(4))
    export("sd_vae_encoder", m, images(3, 16, 16), ["x"], ["mean", "logvar"])

    torch.manual_seed(5)
    export("stylegan2", StyleGAN2(False, gen(6), noise_input=True, with_w=True),
           with_noise(16, 8), ["z", "noise"], ["img", "w"],
           variants={"noise0": lambda x: [x[0], torch.zeros_like(x[1])],
                     "noise0.5": lambda x: [x[0], torch.full_like(x[1], 0.5)]})
    torch.manual_seed(5)
    export("stylegan2_fused", StyleGAN2(True, gen(6)), normal(16), ["z"], ["img"], fixed=1)
    torch.manual_seed(5)
    export("stylegan2_grouped", StyleGAN2(True, gen(6)), normal(16), ["z"], ["img"], fixed=8)

    torch.manual_seed(7)
    export("vqvae_decoder", VQDecoder(gen(8)), normal(8, 4, 4), ["z_e"], ["x"])
    torch.manual_seed(9)
    export("vqvae_encoder", VQEncoder(), images(3, 16, 16), ["x"], ["z_e"])

    torch.manual_seed(10)
    export("pixelshuffle_decoder", PixelShuffleDecoder(), normal(16), ["z"], ["x"])
    torch.manual_seed(11)
    export("pixelshuffle_encoder", PixelUnshuffleEncoder(), images(1, 16, 16), ["x"], ["mean", "logvar"])

    torch.manual_seed(12)
    export("audio_decoder", AudioDecoder(), normal(16), ["z"], ["audio"])
    torch.manual_seed(13)
    export("audio_encoder", AudioEncoder(), normal(1, 64), ["audio"], ["mean", "logvar"])

    torch.manual_seed(14)
    m = TransformerDecoder()
    randomize_norms(m, gen(15))
    export("transformer_decoder", m, normal(16, 8), ["z"], ["x"])

    torch.manual_seed(16)
    export("conditional_decoder", ConditionalDecoder(False), with_labels(8, 10, False), ["z", "label"], ["x"],
           variants={"class7": lambda x: [x[0], torch.full_like(x[1], 7)]})
    torch.manual_seed(16)
    export("conditional_onehot_decoder", ConditionalDecoder(True), with_labels(8, 10, True), ["z", "class"], ["x"],
           variants={"class7": lambda x: [x[0], F.one_hot(torch.full((x[1].shape[0],), 7), 10).float()]})

    unsupported_model()


if __name__ == "__main__":
    main()
