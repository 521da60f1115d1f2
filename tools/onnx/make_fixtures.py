#!/usr/bin/python3
"""Make the ONNX test fixtures of model/onnx.

Exports small PyTorch models with torch.onnx.export across opsets 9-17 and
builds graphs with onnx.helper for operators the exporter does not emit. For
each fixture NAME it writes, under model/onnx/testdata/:

    NAME.onnx           the model
    NAME.in0.npy ...    its inputs (float32, batch of 3)
    NAME.out0.npy ...   the reference outputs: PyTorch 1.13's for exported
                        models, NumPy's (or PyTorch's functional form) for
                        hand-built graphs

Run with Debian's Python (python3-torch 1.13, python3-onnx 1.12):

    /usr/bin/python3 tools/onnx/make_fixtures.py [OUTDIR]

Every model is seeded, so the fixtures are reproducible.
"""
import os
import sys

import numpy as np
import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F
from onnx import TensorProto, helper, numpy_helper

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "model", "onnx", "testdata")
BATCH = 3


def save(name, inputs, outputs):
    for i, a in enumerate(inputs):
        np.save(os.path.join(OUT, f"{name}.in{i}.npy"), np.ascontiguousarray(a))
    for i, a in enumerate(outputs):
        np.save(os.path.join(OUT, f"{name}.out{i}.npy"), np.ascontiguousarray(a, dtype=np.float32))


def export(name, model, inputs, opset, in_names=("z",), out_names=("y",), dynamic=True):
    """Exports model at opset with a dynamic batch axis and saves PyTorch's outputs."""
    model.eval()
    path = os.path.join(OUT, name + ".onnx")
    axes = {n: {0: "batch"} for n in list(in_names) + list(out_names)} if dynamic else None
    with torch.no_grad():
        torch.onnx.export(model, tuple(inputs), path, opset_version=opset,
                          input_names=list(in_names), output_names=list(out_names),
                          dynamic_axes=axes, do_constant_folding=True)
        outs = model(*inputs)
    if isinstance(outs, torch.Tensor):
        outs = (outs,)
    save(name, [x.numpy() for x in inputs], [o.numpy() for o in outs])
    print(f"{name}: opset {opset}, {sum(p.numel() for p in model.parameters())} parameters")


def randomize_bn(model, gen):
    """Gives every BatchNorm non-trivial running statistics."""
    for m in model.modules():
        if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)):
            m.running_mean.copy_(torch.randn(m.num_features, generator=gen) * 0.1)
            m.running_var.copy_(torch.rand(m.num_features, generator=gen) + 0.5)
            m.weight.data.copy_(torch.rand(m.num_features, generator=gen) + 0.5)
            m.bias.data.copy_(torch.randn(m.num_features, generator=gen) * 0.1)


class View(nn.Module):
    def __init__(self, *shape):
        super().__init__()
        self.shape = shape

    def forward(self, x):
        return x.view(x.size(0), *self.shape)


def mlp(d, hidden, out, act):
    layers, prev = [], d
    for h in hidden:
        layers += [nn.Linear(prev, h), act()]
        prev = h
    layers.append(nn.Linear(prev, out))
    return nn.Sequential(*layers)


class MLPImage(nn.Module):
    """16→512→784 MLP decoder with a sigmoid, reshaped to 1×28×28."""

    def __init__(self, d=16, h=512):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(d, h), nn.ReLU(), nn.Linear(h, 784), nn.Sigmoid())

    def forward(self, z):
        return self.net(z).view(z.size(0), 1, 28, 28)


class MLPActs(nn.Module):
    """A vector decoder that passes through many activations."""

    def __init__(self):
        super().__init__()
        self.l1, self.l2, self.l3, self.l4 = nn.Linear(6, 24), nn.Linear(24, 24), nn.Linear(24, 24), nn.Linear(24, 10)

    def forward(self, z):
        h = F.leaky_relu(self.l1(z), 0.2)
        h = F.elu(self.l2(h)) + F.selu(h)
        h = torch.tanh(self.l3(h)) * F.softplus(h) + F.hardsigmoid(h)
        return self.l4(h)


class ConvVAEDecoder(nn.Module):
    """The demo's decoder shape: Linear → 2×(ConvTranspose+BN+ReLU) → Sigmoid, 28×28."""

    def __init__(self, d=8, c=8):
        super().__init__()
        self.fc = nn.Linear(d, 2 * c * 7 * 7)
        self.c = c
        self.up1 = nn.ConvTranspose2d(2 * c, c, 4, stride=2, padding=1)
        self.bn1 = nn.BatchNorm2d(c)
        self.up2 = nn.ConvTranspose2d(c, c, 3, stride=2, padding=1, output_padding=1)
        self.bn2 = nn.BatchNorm2d(c)
        self.out = nn.Conv2d(c, 1, 3, padding=1)

    def forward(self, z):
        h = F.relu(self.fc(z)).view(z.size(0), 2 * self.c, 7, 7)
        h = F.relu(self.bn1(self.up1(h)))
        h = F.relu(self.bn2(self.up2(h)))
        return torch.sigmoid(self.out(h))


class UpsampleDecoder(nn.Module):
    """Linear → Upsample (nearest or bilinear) + Conv, 3×16×16."""

    def __init__(self, mode, align=None, d=6, c=6):
        super().__init__()
        self.fc = nn.Linear(d, c * 4 * 4)
        self.c = c
        self.up1 = nn.Upsample(scale_factor=2, mode=mode, align_corners=align)
        self.conv1 = nn.Conv2d(c, c, 3, padding=1)
        self.up2 = nn.Upsample(scale_factor=2, mode=mode, align_corners=align)
        self.conv2 = nn.Conv2d(c, 3, 3, padding=1)

    def forward(self, z):
        h = self.fc(z).view(-1, self.c, 4, 4)
        h = F.leaky_relu(self.conv1(self.up1(h)), 0.1)
        return torch.tanh(self.conv2(self.up2(h)))


class DCGAN(nn.Module):
    """The DCGAN generator of Radford et al. (2016), 64×64 output."""

    def __init__(self, nz=100, ngf=64, nc=3):
        super().__init__()
        self.main = nn.Sequential(
            nn.ConvTranspose2d(nz, ngf * 8, 4, 1, 0, bias=False), nn.BatchNorm2d(ngf * 8), nn.ReLU(True),
            nn.ConvTranspose2d(ngf * 8, ngf * 4, 4, 2, 1, bias=False), nn.BatchNorm2d(ngf * 4), nn.ReLU(True),
            nn.ConvTranspose2d(ngf * 4, ngf * 2, 4, 2, 1, bias=False), nn.BatchNorm2d(ngf * 2), nn.ReLU(True),
            nn.ConvTranspose2d(ngf * 2, ngf, 4, 2, 1, bias=False), nn.BatchNorm2d(ngf), nn.ReLU(True),
            nn.ConvTranspose2d(ngf, nc, 4, 2, 1, bias=False), nn.Tanh())

    def forward(self, z):
        return self.main(z)


class LNGeluDecoder(nn.Module):
    """Linear → LayerNorm → GELU → Linear, reshaped to a 1×6×6 image."""

    def __init__(self, d=5, h=32):
        super().__init__()
        self.l1, self.ln, self.l2 = nn.Linear(d, h), nn.LayerNorm(h), nn.Linear(h, 36)

    def forward(self, z):
        return torch.sigmoid(self.l2(F.gelu(self.ln(self.l1(z))))).reshape(z.shape[0], 6, 6)


class TabularDecoder(nn.Module):
    """A vector decoder: numeric columns and a softmax over a categorical one."""

    def __init__(self, d=4):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(d, 16), nn.ELU(), nn.Linear(16, 16), nn.Softplus())
        self.num, self.cat = nn.Linear(16, 5), nn.Linear(16, 3)

    def forward(self, z):
        h = self.body(z)
        return torch.cat([self.num(h), torch.softmax(self.cat(h), dim=1)], dim=1)


class ConvEncoder(nn.Module):
    """Conv encoder with mean and log-variance heads (1×16×16 → 2×4)."""

    def __init__(self, d=4, c=6):
        super().__init__()
        self.c1 = nn.Conv2d(1, c, 3, stride=2, padding=1)
        self.bn = nn.BatchNorm2d(c)
        self.c2 = nn.Conv2d(c, 2 * c, 3, stride=2, padding=1)
        self.mu, self.logvar = nn.Linear(2 * c * 16, d), nn.Linear(2 * c * 16, d)

    def forward(self, x):
        h = F.leaky_relu(self.bn(self.c1(x)), 0.2)
        h = torch.flatten(F.relu(self.c2(h)), 1)
        return self.mu(h), self.logvar(h)


class Zoo(nn.Module):
    """Many small operators in one graph: pools, grouped/dilated conv, PReLU,
    InstanceNorm, Pad, Clip, Split, Slice, Transpose, Expand, Tile, Where,
    reductions and elementwise math."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 4 * 8 * 8)
        self.gconv = nn.Conv2d(4, 8, 3, padding=2, dilation=2, groups=2)
        self.prelu = nn.PReLU(8)
        self.inorm = nn.InstanceNorm2d(8, affine=True)
        self.ct = nn.ConvTranspose2d(8, 4, 3, stride=2, padding=1, output_padding=1, groups=2)

    def forward(self, z):
        h = self.fc(z).view(z.size(0), 4, 8, 8)
        h = self.prelu(self.gconv(h))
        h = self.inorm(h)
        a, b = torch.chunk(h, 2, dim=1)
        h = torch.cat([F.max_pool2d(a, 2), F.avg_pool2d(b, 2)], dim=1)
        h = F.pad(h, (1, 1, 1, 1), mode="reflect")
        h = self.ct(h)
        h = torch.clamp(h, -1.5, 2.0)
        m = h.mean(dim=(2, 3), keepdim=True)
        s = h.sum(dim=1, keepdim=True)
        h = torch.where(h > m, h - m, torch.abs(h) * 0.5) + torch.sqrt(torch.exp(-s.abs()) + 1).log()
        h = h[:, :, 1:-1, ::2]
        h = h.permute(0, 1, 3, 2).contiguous()
        g = F.adaptive_avg_pool2d(h, 1)
        h = h / (1 + g.pow(2)) - (-h).neg() * 0.1
        t = torch.erf(h[:, :1]).repeat(1, 2, 1, 1)
        return torch.cat([h, t], dim=1), g.squeeze(3).squeeze(2).unsqueeze(1).expand(-1, 3, -1)


def exported():
    gen = torch.Generator().manual_seed(0)
    torch.manual_seed(1)
    z = lambda *s: torch.randn(*s, generator=gen)

    export("mlp_784", MLPImage(), [z(BATCH, 16)], 14)
    export("mlp_acts", MLPActs(), [z(BATCH, 6)], 13)
    export("mlp_relu_opset9", nn.Sequential(mlp(5, [12], 7, nn.ReLU), nn.Sigmoid()), [z(BATCH, 5)], 9)
    vae = ConvVAEDecoder()
    randomize_bn(vae, gen)
    export("conv_vae_decoder", vae, [z(BATCH, 8)], 11)
    export("upsample_nearest_opset9", UpsampleDecoder("nearest"), [z(BATCH, 6)], 9)
    export("resize_nearest", UpsampleDecoder("nearest"), [z(BATCH, 6)], 13)
    export("resize_bilinear", UpsampleDecoder("bilinear", False), [z(BATCH, 6)], 11)
    export("resize_bilinear_aligned", UpsampleDecoder("bilinear", True), [z(BATCH, 6)], 16)
    g = DCGAN(nz=16, ngf=4)
    randomize_bn(g, gen)
    export("dcgan_small", g, [z(BATCH, 16, 1, 1)], 12)
    export("layernorm_gelu", LNGeluDecoder(), [z(BATCH, 5)], 17)
    export("tabular_decoder", TabularDecoder(), [z(BATCH, 4)], 15)
    enc = ConvEncoder()
    randomize_bn(enc, gen)
    export("conv_encoder", enc, [torch.rand(BATCH, 1, 16, 16, generator=gen)], 13,
           in_names=("x",), out_names=("mu", "logvar"))
    zoo = Zoo()
    with torch.no_grad():
        zoo.inorm.weight.copy_(torch.rand(8, generator=gen) + 0.5)
        zoo.inorm.bias.copy_(torch.randn(8, generator=gen) * 0.1)
    export("zoo_opset11", zoo, [z(BATCH, 4)], 11, out_names=("y", "g"))
    export("zoo_opset17", zoo, [z(BATCH, 4)], 17, out_names=("y", "g"))


def graph(name, nodes, inputs, outputs, opset, inits=()):
    """Saves a hand-built graph; inputs and outputs are (name, array)."""
    vi = lambda n, a: helper.make_tensor_value_info(n, helper.np_dtype_to_tensor_dtype(a.dtype) if hasattr(helper, "np_dtype_to_tensor_dtype") else onnx.mapping.NP_TYPE_TO_TENSOR_TYPE[a.dtype], ["batch"] + list(a.shape[1:]))
    g = helper.make_graph(nodes, name, [vi(n, a) for n, a in inputs], [vi(n, a) for n, a in outputs],
                          [numpy_helper.from_array(a, n) for n, a in inits])
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)], producer_name="make_fixtures.py")
    m.ir_version = 8
    onnx.save(m, os.path.join(OUT, name + ".onnx"))
    save(name, [a for _, a in inputs], [a for _, a in outputs])
    print(f"{name}: hand-built, opset {opset}")


def handbuilt():
    rng = np.random.default_rng(7)
    x = rng.standard_normal((BATCH, 6), dtype=np.float32)
    t = torch.from_numpy(x)
    N = helper.make_node

    # Gelu, opset 20 form (exact and tanh approximations); reference: PyTorch's F.gelu.
    graph("gelu_opset20", [N("Gelu", ["x"], ["a"]), N("Gelu", ["x"], ["b"], approximate="tanh"),
                           N("Add", ["a", "b"], ["y"])],
          [("x", x)], [("y", (F.gelu(t) + F.gelu(t, approximate="tanh")).numpy())], 20)

    # Activations with explicit attributes; reference: PyTorch functional forms.
    y = (F.hardsigmoid(t) * 0 + torch.clamp(t * 0.3 + 0.4, 0, 1)
         + F.elu(t, 0.7) + F.leaky_relu(t, 0.05) + 1.5 * torch.where(t > 0, t, 0.8 * (torch.exp(t) - 1)))
    graph("activations_attrs", [
        N("HardSigmoid", ["x"], ["h"], alpha=0.3, beta=0.4),
        N("Elu", ["x"], ["e"], alpha=0.7),
        N("LeakyRelu", ["x"], ["l"], alpha=0.05),
        N("Selu", ["x"], ["s"], alpha=0.8, gamma=1.5),
        N("Sum", ["h", "e"], ["he"]) if False else N("Add", ["h", "e"], ["he"]),
        N("Add", ["he", "l"], ["hel"]),
        N("Add", ["hel", "s"], ["y"]),
    ], [("x", x)], [("y", y.numpy())], 9)

    # Shape arithmetic the exporters emit, built by hand: Shape→Gather→Unsqueeze→Concat→Reshape,
    # ConstantOfShape, Cast, Equal, Where, Identity, Dropout, Squeeze/Unsqueeze with attributes (opset 11).
    i64 = lambda *v: np.array(v, dtype=np.int64)
    y = np.where(x.reshape(BATCH, 2, 3) == x.reshape(BATCH, 2, 3), x.reshape(BATCH, 2, 3) + 1, 0).astype(np.float32)
    graph("shape_chain_opset11", [
        N("Shape", ["x"], ["s"]),
        N("Gather", ["s", "zero"], ["b"], axis=0),
        N("Unsqueeze", ["b"], ["b1"], axes=[0]),
        N("Concat", ["b1", "rest"], ["shape"], axis=0),
        N("Dropout", ["x"], ["xd"]),
        N("Identity", ["xd"], ["xi"]),
        N("Reshape", ["xi", "shape"], ["r"]),
        N("ConstantOfShape", ["shape"], ["ones"], value=helper.make_tensor("v", TensorProto.FLOAT, [1], [1.0])),
        N("Add", ["r", "ones"], ["r1"]),
        N("Equal", ["r", "r"], ["eq"]),
        N("Cast", ["eq"], ["eqf"], to=TensorProto.FLOAT),
        N("Cast", ["eqf"], ["eqb"], to=TensorProto.BOOL),
        N("Unsqueeze", ["r1"], ["u"], axes=[1]),
        N("Squeeze", ["u"], ["sq"], axes=[1]),
        N("Constant", [], ["zerof"], value=helper.make_tensor("c", TensorProto.FLOAT, [], [0.0])),
        N("Where", ["eqb", "sq", "zerof"], ["y"]),
    ], [("x", x)], [("y", y)], 11, inits=[("zero", np.array(0, np.int64)), ("rest", i64(2, 3))])

    # Floor, Ceil, Reciprocal, Less; reference: NumPy.
    y = np.floor(x) + np.ceil(x) + 1 / (x + 10) + (x < 0).astype(np.float32)
    graph("rounding_opset13", [
        N("Floor", ["x"], ["f"]), N("Ceil", ["x"], ["c"]), N("Add", ["x", "ten"], ["x10"]),
        N("Reciprocal", ["x10"], ["r"]), N("Less", ["x", "zero"], ["lt"]), N("Cast", ["lt"], ["ltf"], to=TensorProto.FLOAT),
        N("Add", ["f", "c"], ["fc"]), N("Add", ["fc", "r"], ["fcr"]), N("Add", ["fcr", "ltf"], ["y"]),
    ], [("x", x)], [("y", y.astype(np.float32))], 13,
        inits=[("ten", np.array(10, np.float32)), ("zero", np.array(0, np.float32))])

    # Opset 13 forms: Squeeze/Unsqueeze axes and Split sizes as inputs, Clip min/max as inputs,
    # ReduceSum axes as input, Slice with steps, Pad constant, Expand, Tile, Softmax axis -1,
    # Pow, Sqrt, Log, Exp, Neg, Abs, Sub, Div, Mul, Flatten, MatMul, Gemm with transA/alpha/beta.
    w = rng.standard_normal((6, 4), dtype=np.float32)
    c = rng.standard_normal((4,), dtype=np.float32)
    x3 = x.reshape(BATCH, 1, 6)
    a, b = x[:, :2], x[:, 2:]
    y1 = np.clip(x, -0.5, 0.7)
    s = a.sum(axis=1, keepdims=True)
    sl = x[:, 4:0:-2]
    pad = np.pad(x, ((0, 0), (1, 2)), constant_values=0.25)
    e = np.exp(-np.abs(x))
    sm = np.exp(x - x.max(axis=-1, keepdims=True))
    sm /= sm.sum(axis=-1, keepdims=True)
    ex = np.broadcast_to(c, (BATCH, 2, 4))
    g = 0.5 * (x @ w) + 2.0 * c
    out = np.concatenate([
        y1, s, sl, pad, np.sqrt(e) - np.log(e + 1) / 2, sm, np.tile(b[:, :1], (1, 3)),
        ex.reshape(BATCH, 8), g, np.power(np.abs(x), 1.5) * -1, (x3 @ w).reshape(BATCH, 4),
        b.mean(axis=1, keepdims=True)], axis=1).astype(np.float32)
    graph("ops_opset13", [
        N("Clip", ["x", "lo", "hi"], ["y1"]),
        N("Split", ["x", "split"], ["a", "b"], axis=1),
        N("ReduceSum", ["a", "ax1"], ["s"], keepdims=1),
        N("Slice", ["x", "st", "en", "ax1", "step"], ["sl"]),
        N("Pad", ["x", "pads", "pv"], ["pad"], mode="constant"),
        N("Abs", ["x"], ["ab"]), N("Neg", ["ab"], ["nab"]), N("Exp", ["nab"], ["e"]),
        N("Sqrt", ["e"], ["se"]), N("Add", ["e", "one"], ["e1"]), N("Log", ["e1"], ["le"]),
        N("Div", ["le", "two"], ["le2"]), N("Sub", ["se", "le2"], ["m1"]),
        N("Softmax", ["x"], ["sm"], axis=-1),
        N("Slice", ["b", "z0", "z1", "ax1"], ["b0"]),
        N("Tile", ["b0", "rep"], ["tl"]),
        N("Unsqueeze", ["c", "ax0"], ["c1"]), N("Expand", ["c1", "eshape"], ["ex"]),
        N("Flatten", ["ex"], ["exf"], axis=1),
        N("Gemm", ["xt", "w", "c"], ["g"], transA=1, alpha=0.5, beta=2.0),
        N("Transpose", ["x"], ["xt"], perm=[1, 0]),
        N("Pow", ["ab", "p"], ["pw"]), N("Mul", ["pw", "mone"], ["pwn"]),
        N("Unsqueeze", ["x", "ax1"], ["x3"]), N("MatMul", ["x3", "w"], ["mm"]),
        N("Squeeze", ["mm", "ax1"], ["mms"]),
        N("ReduceMean", ["b"], ["bm"], axes=[1], keepdims=1),
        N("Concat", ["y1", "s", "sl", "pad", "m1", "sm", "tl", "exf", "g", "pwn", "mms", "bm"], ["y"], axis=1),
    ], [("x", x)], [("y", out)], 13, inits=[
        ("lo", np.array(-0.5, np.float32)), ("hi", np.array(0.7, np.float32)),
        ("split", i64(2, 4)), ("ax1", i64(1)), ("ax0", i64(0)), ("st", i64(4)), ("en", i64(0)),
        ("step", i64(-2)), ("pads", i64(0, 1, 0, 2)), ("pv", np.array(0.25, np.float32)),
        ("one", np.array(1, np.float32)), ("two", np.array(2, np.float32)),
        ("z0", i64(0)), ("z1", i64(1)), ("rep", i64(1, 3)), ("eshape", i64(BATCH, 2, 4)),
        ("w", w), ("c", c), ("p", np.array(1.5, np.float32)), ("mone", np.array(-1, np.float32))])

    # Conv with auto_pad SAME_UPPER, MaxPool with pads and strides, AveragePool
    # count_include_pad, GlobalAveragePool; reference: PyTorch functional forms.
    xi = rng.standard_normal((BATCH, 2, 7, 7), dtype=np.float32)
    wk = rng.standard_normal((4, 2, 3, 3), dtype=np.float32)
    ti, tw = torch.from_numpy(xi), torch.from_numpy(wk)
    conv = F.conv2d(F.pad(ti, (1, 1, 1, 1)), tw, stride=2)  # SAME_UPPER, stride 2, 7→4
    mp = F.max_pool2d(conv, 3, stride=2, padding=1)
    ap = F.avg_pool2d(conv, 2, stride=1, padding=1, count_include_pad=True)
    gp = conv.mean(dim=(2, 3), keepdim=True)
    graph("conv_pool_opset10", [
        N("Conv", ["x", "w"], ["c"], auto_pad="SAME_UPPER", strides=[2, 2], kernel_shape=[3, 3]),
        N("MaxPool", ["c"], ["mp"], kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1]),
        N("AveragePool", ["c"], ["ap"], kernel_shape=[2, 2], strides=[1, 1], pads=[1, 1, 1, 1], count_include_pad=1),
        N("GlobalAveragePool", ["c"], ["gp"]),
    ], [("x", xi)], [("mp", mp.numpy()), ("ap", ap.numpy()), ("gp", gp.numpy())], 10, inits=[("w", wk)])

    # Resize linear with half_pixel on a non-integer scale, via sizes (opset 18 form).
    xr = rng.standard_normal((BATCH, 2, 5, 4), dtype=np.float32)
    rr = F.interpolate(torch.from_numpy(xr), size=(7, 9), mode="bilinear", align_corners=False)
    rn = F.interpolate(torch.from_numpy(xr), size=(7, 9), mode="nearest")
    graph("resize_sizes_opset18", [
        N("Resize", ["x", "", "", "sizes"], ["y"], mode="linear", coordinate_transformation_mode="half_pixel"),
        N("Resize", ["x", "", "", "sizes"], ["n"], mode="nearest", coordinate_transformation_mode="asymmetric", nearest_mode="floor"),
    ], [("x", xr)], [("y", rr.numpy()), ("n", rn.numpy())], 18, inits=[("sizes", i64(BATCH, 2, 7, 9))])

    # LayerNormalization and InstanceNormalization as ONNX ops (opset 17), BatchNormalization
    # on a 2-D input; reference: PyTorch functional forms.
    sc = rng.random(6, dtype=np.float32) + 0.5
    bi = rng.standard_normal(6, dtype=np.float32)
    mu = rng.standard_normal(6, dtype=np.float32) * 0.1
    var = rng.random(6, dtype=np.float32) + 0.5
    ln = F.layer_norm(t, (6,), torch.from_numpy(sc), torch.from_numpy(bi), eps=1e-5)
    bn = F.batch_norm(t, torch.from_numpy(mu), torch.from_numpy(var), torch.from_numpy(sc), torch.from_numpy(bi), eps=1e-3)
    graph("norms_opset17", [
        N("LayerNormalization", ["x", "sc", "bi"], ["ln"], axis=-1, epsilon=1e-5),
        N("BatchNormalization", ["x", "sc", "bi", "mu", "var"], ["bn"], epsilon=1e-3),
        N("Add", ["ln", "bn"], ["y"]),
    ], [("x", x)], [("y", (ln + bn).numpy())], 17,
        inits=[("sc", sc), ("bi", bi), ("mu", mu), ("var", var)])


def cubic():
    """Resize in cubic mode: PyTorch's bicubic upsampling exported (A = -0.75,
    half_pixel and align_corners), and hand-built graphs in TensorFlow's form
    (A = -0.5, exclude_outside) up and down and with asymmetric coordinates,
    whose references are onnx 1.12's own numpy implementation
    (onnx.backend.test.case.node.resize.interpolate_nd)."""
    from onnx.backend.test.case.node.resize import interpolate_nd, cubic_coeffs
    gen = torch.Generator().manual_seed(7)
    torch.manual_seed(8)
    z = lambda *s: torch.randn(*s, generator=gen)
    export("resize_bicubic", UpsampleDecoder("bicubic", False), [z(BATCH, 6)], 11)
    export("resize_bicubic_aligned", UpsampleDecoder("bicubic", True), [z(BATCH, 6)], 16)

    rng = np.random.default_rng(9)
    N = helper.make_node
    x = rng.standard_normal((BATCH, 2, 5, 6), dtype=np.float32)

    def ref(scales, **kw):
        out = [interpolate_nd(x[b, c], lambda r: cubic_coeffs(r, A=-0.5), scale_factors=np.array(scales), **kw)
               for b in range(BATCH) for c in range(2)]
        return np.array(out, dtype=np.float32).reshape(BATCH, 2, *out[0].shape)

    up, down = [1.6, 1.5], [0.6, 0.5]
    graph("resize_cubic_tf_opset13", [
        N("Resize", ["x", "", "up"], ["u"], mode="cubic", cubic_coeff_a=-0.5, exclude_outside=1),
        N("Resize", ["x", "", "down"], ["d"], mode="cubic", cubic_coeff_a=-0.5, exclude_outside=1),
        N("Resize", ["x", "", "up"], ["a"], mode="cubic", cubic_coeff_a=-0.5, coordinate_transformation_mode="asymmetric"),
    ], [("x", x)], [
        ("u", ref(up, exclude_outside=True)),
        ("d", ref(down, exclude_outside=True)),
        ("a", ref(up, coordinate_transformation_mode="asymmetric")),
    ], 13, inits=[("up", np.array([1, 1] + up, np.float32)), ("down", np.array([1, 1] + down, np.float32))])


def main():
    os.makedirs(OUT, exist_ok=True)
    exported()
    handbuilt()
    cubic()


if __name__ == "__main__":
    main()
