#!/usr/bin/python3
"""Make the runtime-correctness fixtures of model/onnx (issue 12).

Hand-built graphs (onnx.helper 1.12) and small PyTorch 1.13 modules for what
the runtime must get right beyond single-input float decoders: models with
several inputs of mixed types and several outputs, batched MatMul in every
broadcasting form, convolutions whose weights are computed in the graph,
and weights stored as external data. For each fixture NAME it writes, under
model/onnx/testdata/runtime/:

    NAME.onnx           the model (NAME.data beside it for external data)
    NAME.in0.npy ...    its inputs, in their own dtypes (float32, int64, bool)
    NAME.out0.npy ...   the reference outputs, in their own dtypes: NumPy's,
                        or torch.nn.functional's where the docstring says so

Run with Debian's Python (python3-torch 1.13, python3-onnx 1.12):

    /usr/bin/python3 tools/onnx/make_runtime_fixtures.py [OUTDIR [threaded | heads | residual | qkv | gelu]]

(with "threaded", only the threaded_opset17 and scaled_softmax fixtures;
with "heads", "residual", "qkv" or "gelu", only matmul_heads_out,
matmul_residual, matmul_qkv or matmul_gelu, which have generators of
their own).

Every array comes from a seeded generator, so the fixtures are reproducible.
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "model", "onnx", "testdata", "runtime")
RNG = np.random.default_rng(12)


def f32(*shape):
    return RNG.standard_normal(shape).astype(np.float32)


def save(name, inputs, outputs):
    for i, a in enumerate(inputs):
        np.save(os.path.join(OUT, f"{name}.in{i}.npy"), np.array(a, order="C"))
    for i, a in enumerate(outputs):
        np.save(os.path.join(OUT, f"{name}.out{i}.npy"), np.array(a, order="C"))


def value_info(n, a, batch):
    dtype = onnx.mapping.NP_TYPE_TO_TENSOR_TYPE[a.dtype]
    shape = list(a.shape)
    if batch and shape:
        shape[0] = "batch"
    return helper.make_tensor_value_info(n, dtype, shape)


def model(name, nodes, inputs, outputs, opset, inits=(), batch=True):
    g = helper.make_graph(nodes, name, [value_info(n, a, batch) for n, a in inputs],
                          [value_info(n, a, batch) for n, a in outputs],
                          [numpy_helper.from_array(a, n) for n, a in inits])
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)],
                          producer_name="make_runtime_fixtures.py")
    m.ir_version = 8
    onnx.checker.check_model(m)
    return m


def graph(name, nodes, inputs, outputs, opset, inits=(), batch=True):
    """Saves a hand-built graph; inputs and outputs are (name, array)."""
    m = model(name, nodes, inputs, outputs, opset, inits, batch)
    onnx.save(m, os.path.join(OUT, name + ".onnx"))
    save(name, [a for _, a in inputs], [a for _, a in outputs])
    print(f"{name}: opset {opset}")


def multi_io():
    """A class-conditional toy: float32 z, int64 label and a bool mask in;
    a float output, an int64 output and a second float output out."""
    n, d, classes = 3, 4, 5
    z = f32(n, d)
    label = np.array([4, 0, 2], dtype=np.int64)
    mask = RNG.random((n, d)) > 0.5
    table = f32(classes, d)
    one = np.array(1, dtype=np.int64)
    h = z + table[label]
    y = (h * mask.astype(np.float32)).astype(np.float32)
    nxt = label + one
    kept = np.where(mask, h, np.float32(0)).astype(np.float32)
    graph("multi_io_opset13", [
        helper.make_node("Gather", ["table", "label"], ["emb"], axis=0),
        helper.make_node("Add", ["z", "emb"], ["h"]),
        helper.make_node("Cast", ["mask"], ["maskf"], to=TensorProto.FLOAT),
        helper.make_node("Mul", ["h", "maskf"], ["y"]),
        helper.make_node("Add", ["label", "one"], ["next"]),
        helper.make_node("Where", ["mask", "h", "zero"], ["kept"]),
    ], [("z", z), ("label", label), ("mask", mask)],
        [("y", y), ("next", nxt), ("kept", kept)], 13,
        inits=[("table", table), ("one", one), ("zero", np.array(0, dtype=np.float32))])


# MatMul operand shapes: 1-D promotion on either side, broadcast batch
# dimensions, ranks 1 to 6, a batch of single rows (the GEMV path) and
# matrices larger than the 6×16 micro-kernel.
MATMUL_CASES = [
    ((4,), (4,)), ((4,), (4, 3)), ((3, 4), (4,)), ((2, 3, 4), (4,)), ((4,), (2, 4, 3)),
    ((2, 3, 4), (4, 5)), ((3, 4), (2, 4, 5)), ((2, 1, 3, 4), (5, 4, 6)), ((1, 4), (2, 2, 4, 3)),
    ((2, 3, 1, 2, 3, 4), (3, 1, 4, 2)), ((1, 1, 3, 4), (1, 4, 2)), ((2, 1, 3, 4), (1, 2, 4, 5)),
    ((1, 5, 1, 2), (6, 5, 1, 2, 3)), ((2, 17, 33), (2, 33, 19)), ((7, 1, 9, 20), (1, 3, 20, 18)),
]


def matmul_broadcast():
    """One MatMul node per case of MATMUL_CASES; reference np.matmul."""
    nodes, inputs, outputs = [], [], []
    for i, (sa, sb) in enumerate(MATMUL_CASES):
        a, b = f32(*sa), f32(*sb)
        nodes.append(helper.make_node("MatMul", [f"a{i}", f"b{i}"], [f"y{i}"]))
        inputs += [(f"a{i}", a), (f"b{i}", b)]
        outputs.append((f"y{i}", np.matmul(a, b)))
    graph("matmul_broadcast_opset13", nodes, inputs, outputs, 13, batch=False)


def matmul_transposed():
    """MatMul operands made by Transpose: fused when the last two axes are
    swapped (attention's Q·Kᵀ, Aᵀ·B batched and 2-D, a constant Wᵀ), not
    fused for other permutations or a Transpose read twice; reference
    NumPy."""
    q, k, x, y = f32(2, 3, 7, 4), f32(2, 3, 9, 4), f32(2, 5, 3), f32(2, 5, 4)
    u, v, w = f32(5, 3), f32(5, 4), f32(4, 3)
    p = f32(3, 2, 4)
    sw = lambda t: np.swapaxes(t, -1, -2)
    tr = lambda i, o, perm: helper.make_node("Transpose", [i], [o], perm=perm)
    mm = lambda a, b, o: helper.make_node("MatMul", [a, b], [o])
    nodes = [
        tr("k", "kt", [0, 1, 3, 2]), mm("q", "kt", "scores"),
        tr("x", "xt", [0, 2, 1]), mm("xt", "y", "xty"),
        tr("u", "ut", [1, 0]), mm("ut", "v", "utv"),
        tr("w", "wt", [1, 0]), mm("u", "wt", "uwt"),
        tr("p", "pt", [1, 0, 2]), mm("pt", "v4", "ptv"),
        tr("v", "vt", [1, 0]), mm("vt", "v", "vtv"), helper.make_node("Relu", ["vt"], ["vt_relu"]),
    ]
    v4 = f32(4, 2)
    outs = [("scores", q @ sw(k)), ("xty", sw(x) @ y), ("utv", u.T @ v), ("uwt", u @ w.T),
            ("ptv", np.transpose(p, (1, 0, 2)) @ v4), ("vtv", v.T @ v), ("vt_relu", np.maximum(v.T, 0))]
    graph("matmul_transposed_opset13", nodes,
          [("q", q), ("k", k), ("x", x), ("y", y), ("u", u), ("v", v), ("p", p), ("v4", v4)], outs, 13,
          inits=[("w", w)], batch=False)


def matmul_heads_out():
    """Batched MatMuls whose output a Transpose swaps with the axis before
    their rows (perm [0 2 1 3], attention's heads back beside each other):
    fused into the MatMul for small products (shared out whole), large
    ones (split by columns), a broadcast batch and a rank-5 product; not
    fused when the Transpose is read twice; fused but run unfused when a
    1-D operand changes the output's rank (perm [1 0 2]). Reference NumPy;
    its own generator (seed 31)."""
    rng = np.random.default_rng(31)
    g = lambda *shape: rng.standard_normal(shape).astype(np.float32)
    heads = lambda t: np.swapaxes(t, -3, -2)
    tr = lambda i, o, perm: helper.make_node("Transpose", [i], [o], perm=perm)
    mm = lambda a, b, o: helper.make_node("MatMul", [a, b], [o])
    s, v = g(2, 3, 7, 4), g(2, 3, 4, 5)        # small products
    p, q = g(1, 2, 70, 80), g(1, 2, 80, 95)    # above the small-product bound
    a, b = g(3, 6, 5), g(2, 1, 5, 4)           # batch broadcast to [2 3]
    c, d = g(2, 2, 3, 4, 5), g(2, 2, 3, 5, 3)  # rank 5
    e, f = g(2, 3, 4, 5), g(2, 3, 5, 2)        # the Transpose read twice
    u, w = g(5), g(2, 3, 5, 6)                 # 1-D A: output [2 3 6]
    nodes = [
        mm("s", "v", "sv"), tr("sv", "y0", [0, 2, 1, 3]),
        mm("p", "q", "pq"), tr("pq", "y1", [0, 2, 1, 3]),
        mm("a", "b", "ab"), tr("ab", "y2", [0, 2, 1, 3]),
        mm("c", "d", "cd"), tr("cd", "y3", [0, 1, 3, 2, 4]),
        mm("e", "f", "ef"), tr("ef", "y4", [0, 2, 1, 3]), helper.make_node("Relu", ["ef"], ["y5"]),
        mm("u", "w", "uw"), tr("uw", "y6", [1, 0, 2]),
    ]
    outs = [("y0", heads(s @ v)), ("y1", heads(p @ q)), ("y2", heads(np.matmul(a, b))),
            ("y3", heads(c @ d)), ("y4", heads(e @ f)), ("y5", np.maximum(e @ f, 0)),
            ("y6", np.transpose(np.matmul(u, w), (1, 0, 2)))]
    graph("matmul_heads_out_opset13", nodes,
          [("s", s), ("v", v), ("p", p), ("q", q), ("a", a), ("b", b), ("c", c), ("d", d),
           ("e", e), ("f", f), ("u", u), ("w", w)], outs, 13, batch=False)


def matmul_residual():
    """MatMuls whose output an Add of another value follows (a
    transformer's skip connection, x + (x·W + b)): fused into the MatMul
    after its bias, without a bias, on a product split by rows (more rows
    than columns); added after the product for a batched MatMul and a
    residual that broadcasts; not fused when the residual is made after
    the MatMul or the Add adds the product to itself. Reference NumPy;
    its own generator (seed 32)."""
    rng = np.random.default_rng(32)
    g = lambda *shape: rng.standard_normal(shape).astype(np.float32)
    mm = lambda a, b, o: helper.make_node("MatMul", [a, b], [o])
    add = lambda a, b, o: helper.make_node("Add", [a, b], [o])
    x, w, bias = g(2, 7, 16), g(16, 16), g(16)
    t, u = g(300, 16), g(16, 8)
    r300 = g(300, 8)
    p, q = g(3, 5, 6), g(3, 6, 4)
    r35 = g(3, 5, 4)
    rb = g(4)
    nodes = [
        mm("x", "w", "xw"), add("xw", "bias", "xwb"), add("x", "xwb", "y0"),
        mm("x", "w", "xw2"), add("xw2", "x", "y1"),
        mm("t", "u", "tu"), add("r300", "tu", "y2"),
        mm("p", "q", "pq"), add("pq", "r35", "y3"),
        mm("x", "w", "xw3"), add("xw3", "rb16", "y4"),
        mm("x", "w", "xw4"), helper.make_node("Neg", ["x"], ["nx"]), add("nx", "xw4", "y5"),
        mm("x", "w", "xw5"), add("xw5", "xw5", "y6"),
        mm("p", "q", "pq2"), add("pq2", "rb", "y7"),
    ]
    rb16 = g(16)
    xw = x @ w
    outs = [("y0", x + (xw + bias)), ("y1", xw + x), ("y2", r300 + t @ u), ("y3", p @ q + r35),
            ("y4", xw + rb16), ("y5", -x + xw), ("y6", xw + xw), ("y7", p @ q + rb)]
    graph("matmul_residual_opset13", nodes,
          [("x", x), ("t", t), ("u", u), ("r300", r300), ("p", p), ("q", q), ("r35", r35), ("rb", rb)], outs, 13,
          inits=[("w", w), ("bias", bias), ("rb16", rb16)], batch=False)


def matmul_qkv():
    """Attention's queries, keys and values as PyTorch exports them: a
    MatMul by a constant (plus a bias), Reshape [b L 3 h d], Transpose
    [2 0 3 1 4], Split along axis 0, Squeeze: fused into one step that
    writes each head's block of the product into its part (d 16 and 32,
    shapes with 0 and -1, a rank-2 input, split sizes given), and run as
    the separate steps where it does not fit (d 4, a computed W).
    Reference NumPy; its own generator (seed 33)."""
    rng = np.random.default_rng(33)
    g = lambda *shape: rng.standard_normal(shape).astype(np.float32)
    cases = [  # name, x shape, heads, d, reshape target (0 and -1 allowed), constant W, split sizes given
        ("a", (2, 5, 8), 2, 16, [0, 0, 3, 2, -1], True, False),
        ("b", (3, 7, 12), 1, 32, [3, 7, 3, 1, 32], True, True),
        ("c", (6, 8), 3, 16, [1, 6, 3, 3, 16], True, False),
        ("d", (2, 4, 6), 2, 4, [2, 4, 3, 2, 4], True, False),
        ("e", (2, 3, 5), 2, 16, [2, 3, 3, 2, 16], False, False),
    ]
    nodes, inputs, outputs, inits = [], [], [], []
    for name, xs, h, d, target, const_w, given in cases:
        x, w, bias = g(*xs), g(xs[-1], 3 * h * d), g(3 * h * d)
        inputs.append((f"x{name}", x))
        (inits if const_w else inputs).append((f"w{name}", w))
        inits += [(f"bias{name}", bias), (f"shape{name}", np.array(target, dtype=np.int64))]
        split = [f"split{name}"] if given else []
        if given:
            inits.append((f"split{name}", np.array([1, 1, 1], dtype=np.int64)))
        nodes += [
            helper.make_node("MatMul", [f"x{name}", f"w{name}"], [f"xw{name}"]),
            helper.make_node("Add", [f"xw{name}", f"bias{name}"], [f"y{name}"]),
            helper.make_node("Reshape", [f"y{name}", f"shape{name}"], [f"r{name}"]),
            helper.make_node("Transpose", [f"r{name}"], [f"t{name}"], perm=[2, 0, 3, 1, 4]),
            helper.make_node("Split", [f"t{name}"] + split, [f"s{name}{i}" for i in range(3)], axis=0),
        ]
        nodes += [helper.make_node("Squeeze", [f"s{name}{i}", "axis0"], [f"{name}{i}"]) for i in range(3)]
        rows = int(np.prod(xs[:-1]))
        b = rows // xs[-2] if len(xs) > 2 else 1
        l = rows // b
        full = (x.reshape(rows, xs[-1]) @ w + bias).reshape(b, l, 3, h, d).transpose(2, 0, 3, 1, 4)
        outputs += [(f"{name}{i}", full[i]) for i in range(3)]
    inits.append(("axis0", np.array([0], dtype=np.int64)))
    graph("matmul_qkv_opset13", nodes, inputs, outputs, 13, inits=inits, batch=False)


def matmul_gelu():
    """GELU as PyTorch exports nn.GELU (Div by √2, Erf, Add 1, Mul by x,
    Mul by 0.5) after MatMuls: fused into a Linear layer's MatMul (with
    its bias, rows of 37 values: a partial vector), run after a batched
    MatMul and after a MatMul by a computed matrix, and not fused when the
    MatMul's output has another reader. Reference: float64 math.erf."""
    import math
    rng = np.random.default_rng(34)
    g = lambda *shape: rng.standard_normal(shape).astype(np.float32)
    erf = np.vectorize(math.erf)
    gelu = lambda t: (0.5 * t.astype(np.float64) * (1 + erf(t.astype(np.float64) / math.sqrt(2)))).astype(np.float32)
    x, w, bias = g(5, 9), g(9, 37), g(37)
    p, q = g(2, 3, 4), g(2, 4, 5)
    u, v = g(6, 3), g(3, 7)
    nodes, outs = [], []

    def chain(src, name):
        return [
            helper.make_node("Div", [src, "sqrt2"], [f"{name}_d"]),
            helper.make_node("Erf", [f"{name}_d"], [f"{name}_e"]),
            helper.make_node("Add", [f"{name}_e", "one"], [f"{name}_a"]),
            helper.make_node("Mul", [src, f"{name}_a"], [f"{name}_m"]),
            helper.make_node("Mul", [f"{name}_m", "half"], [name]),
        ]
    nodes += [helper.make_node("MatMul", ["x", "w"], ["xw"]), helper.make_node("Add", ["xw", "bias"], ["xwb"])]
    nodes += chain("xwb", "y0")
    nodes += [helper.make_node("MatMul", ["p", "q"], ["pq"])] + chain("pq", "y1")
    nodes += [helper.make_node("MatMul", ["u", "v"], ["uv"])] + chain("uv", "y2")
    nodes += [helper.make_node("MatMul", ["x", "w"], ["xw2"])] + chain("xw2", "y3") + [helper.make_node("Neg", ["xw2"], ["y4"])]
    xw = x @ w
    outs = [("y0", gelu(xw + bias)), ("y1", gelu(p @ q)), ("y2", gelu(u @ v)), ("y3", gelu(xw)), ("y4", -xw)]
    graph("matmul_gelu_opset13", nodes, [("x", x), ("p", p), ("q", q), ("u", u), ("v", v)], outs, 13,
          inits=[("w", w), ("bias", bias), ("sqrt2", np.array(math.sqrt(2), dtype=np.float32)),
                 ("one", np.array(1, dtype=np.float32)), ("half", np.array(0.5, dtype=np.float32))], batch=False)


def export(name, module, inputs, opset):
    """Exports a PyTorch module (fixed shapes) and saves its outputs: the
    reference is PyTorch 1.13's torch.nn.functional."""
    import torch
    module.eval()
    names = [f"x{i}" for i in range(len(inputs))]
    with torch.no_grad():
        torch.onnx.export(module, tuple(inputs), os.path.join(OUT, name + ".onnx"), opset_version=opset,
                          input_names=names, output_names=["y"], do_constant_folding=True)
        y = module(*inputs)
    save(name, [x.numpy() for x in inputs], [y.numpy()])
    print(f"{name}: exported at opset {opset}")


def modulated():
    """StyleGAN2-style modulated/demodulated convolutions (Karras et al.,
    "Analyzing and improving the image quality of StyleGAN", 2020), whose
    weights are computed from a style input: the grouped form (group =
    batch), the fused batch-1 form, with a computed bias, and the
    transposed (upsampling) grouped form."""
    import torch
    import torch.nn.functional as F
    torch.manual_seed(12)

    def modulate(weight, style, transposed=False):
        # weight [Cout, Cin, k, k] (transposed: [Cin, Cout, k, k]); style [N, Cin].
        if transposed:
            w = weight[None] * style[:, :, None, None, None]
            d = torch.rsqrt((w * w).sum(dim=[1, 3, 4]) + 1e-8)
            return w * d[:, None, :, None, None]
        w = weight[None] * style[:, None, :, None, None]
        d = torch.rsqrt((w * w).sum(dim=[2, 3, 4]) + 1e-8)
        return w * d[:, :, None, None, None]

    class Grouped(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.weight = torch.nn.Parameter(torch.randn(5, 4, 3, 3))
            self.bias = torch.nn.Parameter(torch.randn(5))

        def forward(self, x, style):
            n, c, h, w = x.shape
            wt = modulate(self.weight, style).reshape(n * 5, c, 3, 3)
            y = F.conv2d(x.reshape(1, n * c, h, w), wt, padding=1, groups=n)
            return y.reshape(n, 5, h, w) + self.bias[None, :, None, None]

    class Fused(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.weight = torch.nn.Parameter(torch.randn(6, 4, 3, 3))
            self.to_style = torch.nn.Linear(8, 4)
            self.to_bias = torch.nn.Linear(8, 6)

        def forward(self, x, z):
            wt = modulate(self.weight, self.to_style(z) + 1)[0]
            return F.conv2d(x, wt, bias=self.to_bias(z)[0], stride=2, padding=1)

    class GroupedUp(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.weight = torch.nn.Parameter(torch.randn(4, 3, 3, 3))

        def forward(self, x, style):
            n, c, h, w = x.shape
            wt = modulate(self.weight, style, transposed=True).reshape(n * c, 3, 3, 3)
            y = F.conv_transpose2d(x.reshape(1, n * c, h, w), wt, stride=2, padding=1, output_padding=1, groups=n)
            return y.reshape(n, 3, 2 * h, 2 * w)

    x, style = torch.randn(3, 4, 6, 6), torch.randn(3, 4) + 1
    for opset in (11, 17):
        export(f"modconv_grouped_opset{opset}", Grouped(), [x, style], opset)
        export(f"modconv_transposed_opset{opset}", GroupedUp(), [x, style], opset)
    export("modconv_fused_opset17", Fused(), [torch.randn(1, 4, 7, 7), torch.randn(1, 8)], 17)


def spec_cases():
    """Resize coordinate modes (reference: onnx 1.12's own interpolate_nd,
    the reference of its backend node tests), Pow with mixed base and
    exponent types (NumPy) and ConvTranspose with output_shape
    (torch.nn.functional.conv_transpose2d with the equivalent
    output_padding)."""
    from onnx.backend.test.case.node.resize import cubic_coeffs, interpolate_nd, linear_coeffs
    x = f32(1, 2, 4, 5)
    empty = np.array([], dtype=np.float32)
    down = np.array([1, 1, 0.6, 0.7], dtype=np.float32)
    up = np.array([1, 1, 1.5, 2], dtype=np.float32)
    roi = np.array([0, 0, 0.2, 0.3, 1, 1, 0.9, 1.2], dtype=np.float32)
    sizes = np.array([1, 2, 3, 7], dtype=np.int64)
    one = np.array([1, 2, 1, 3], dtype=np.int64)
    lin, cub = linear_coeffs, lambda r: cubic_coeffs(r, A=-0.75)
    cases = [
        ("linear", "align_corners", down, None, lin),
        ("cubic", "align_corners", up, None, cub),
        ("cubic", "asymmetric", up, None, cub),
        ("linear", "pytorch_half_pixel", None, one, lin),
        ("cubic", "pytorch_half_pixel", None, one, cub),
        ("linear", "tf_crop_and_resize", None, sizes, lin),
    ]
    nodes, outs, inits = [], [], [("roi", roi), ("empty", empty)]
    for i, (mode, coord, scales, size, coeffs) in enumerate(cases):
        ins = ["x", "roi" if coord == "tf_crop_and_resize" else "empty"]
        if scales is not None:
            inits.append((f"scales{i}", scales))
            ins.append(f"scales{i}")
        else:
            inits.append((f"sizes{i}", size))
            ins += ["", f"sizes{i}"]
        extra = {"extrapolation_value": 10.0} if coord == "tf_crop_and_resize" else {}
        nodes.append(helper.make_node("Resize", ins, [f"y{i}"], mode=mode, coordinate_transformation_mode=coord, **extra))
        kw = {"roi": roi, "extrapolation_value": 10.0} if coord == "tf_crop_and_resize" else {}
        y = interpolate_nd(x, coeffs, output_size=size, scale_factors=scales,
                           coordinate_transformation_mode=coord, **kw).astype(np.float32)
        outs.append((f"y{i}", y))
    graph("resize_modes_opset13", nodes, [("x", x)], outs, 13, inits=inits, batch=False)

    base, exp = f32(3, 4), RNG.integers(0, 4, (3, 4)).astype(np.int64)
    ibase, fexp = RNG.integers(-3, 4, (4,)).astype(np.int64), np.array([0, 1, 2, 0.5], dtype=np.float32)
    graph("pow_mixed_opset15", [
        helper.make_node("Pow", ["base", "exp"], ["y"]),
        helper.make_node("Pow", ["ibase", "fexp"], ["iy"]),
    ], [("base", base), ("exp", exp)], [("y", np.power(base, exp).astype(np.float32)),
                                        ("iy", np.power(np.abs(ibase), fexp).astype(np.int64))], 15,
        inits=[("ibase", np.abs(ibase)), ("fexp", fexp)], batch=False)

    import torch
    import torch.nn.functional as F
    xt, wt = f32(1, 2, 3, 3), f32(2, 3, 3, 3)
    yt = F.conv_transpose2d(torch.from_numpy(xt), torch.from_numpy(wt), stride=(3, 2), output_padding=(1, 1)).numpy()
    graph("convtranspose_output_shape_opset13", [
        helper.make_node("ConvTranspose", ["x", "w"], ["y"], strides=[3, 2], output_shape=[10, 8]),
    ], [("x", xt)], [("y", yt)], 13, inits=[("w", wt)], batch=False)


def external():
    """A small MLP decoder whose weights onnx.save_model writes to
    external_mlp.data beside the model (save_as_external_data), and copies
    whose locations point outside the folder (absolute, and through "..")
    or back inside it through "..".
    Reference: NumPy."""
    from onnx.external_data_helper import convert_model_to_external_data
    z = f32(3, 4)
    w1, b1, w2 = f32(4, 8), f32(8), f32(8, 5)
    y = np.maximum(z @ w1 + b1, 0) @ w2
    m = model("external_mlp", [
        helper.make_node("MatMul", ["z", "w1"], ["h0"]), helper.make_node("Add", ["h0", "b1"], ["h1"]),
        helper.make_node("Relu", ["h1"], ["h"]), helper.make_node("MatMul", ["h", "w2"], ["y"]),
    ], [("z", z)], [("y", y.astype(np.float32))], 13, inits=[("w1", w1), ("b1", b1), ("w2", w2)])
    data = os.path.join(OUT, "external_mlp.data")
    if os.path.exists(data):
        os.remove(data)  # save_model appends to an existing file
    onnx.save_model(m, os.path.join(OUT, "external_mlp.onnx"), save_as_external_data=True,
                    all_tensors_to_one_file=True, location="external_mlp.data", size_threshold=0)
    save("external_mlp", [z], [y.astype(np.float32)])
    print("external_mlp: weights in external_mlp.data")
    for name, loc in [("external_absolute", "/etc/passwd"), ("external_dotdot", "../external_mlp.data"),
                     ("external_dotdot_inside", "../runtime/external_mlp.data")]:
        m = onnx.load(os.path.join(OUT, "external_mlp.onnx"), load_external_data=False)
        for t in m.graph.initializer:
            for e in t.external_data:
                if e.key == "location":
                    e.value = loc
        onnx.save(m, os.path.join(OUT, name + ".onnx"))
        print(f"{name}: location {loc}")


def volumes():
    """3-D Conv (grouped, strided, with a folded BatchNorm3d),
    ConvTranspose3d (output_padding), MaxPool3d and AvgPool3d exported
    from PyTorch 1.13 at opsets 11 and 17 (reference: PyTorch)."""
    import torch
    import torch.nn as nn
    torch.manual_seed(13)

    class Volume(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv = nn.Conv3d(4, 6, 3, stride=(1, 2, 2), padding=1, groups=2)
            self.bn = nn.BatchNorm3d(6)
            self.up = nn.ConvTranspose3d(6, 3, (2, 3, 3), stride=2, padding=(0, 1, 1), output_padding=(1, 1, 1))
            self.dil = nn.Conv3d(3, 2, 2, dilation=(1, 2, 2), bias=False)
            self.maxp = nn.MaxPool3d(2, stride=(1, 2, 2), padding=(1, 0, 0))
            self.avgp = nn.AvgPool3d(3, stride=2, padding=1, count_include_pad=False, ceil_mode=True)

        def forward(self, x):
            h = torch.relu(self.bn(self.conv(x)))
            h = torch.tanh(self.up(h))
            return self.avgp(self.maxp(self.dil(h)))

    m = Volume()
    with torch.no_grad():
        m.bn.running_mean.uniform_(-0.5, 0.5)
        m.bn.running_var.uniform_(0.5, 2)
    x = torch.randn(2, 4, 5, 8, 8)
    for opset in (11, 17):
        export(f"volume3d_opset{opset}", m, [x], opset)


def optional_outputs():
    """LayerNormalization with its Mean and InvStdDev outputs (reference:
    NumPy) and MaxPool with its Indices output, row- and column-major
    (reference: PyTorch's max_pool2d(return_indices=True), plus each
    plane's offset, as ONNX numbers indices over the whole tensor)."""
    import torch
    import torch.nn.functional as F
    x, scale, bias = f32(2, 3, 4, 5), f32(4, 5), f32(4, 5)
    mean = x.mean(axis=(2, 3), keepdims=True)
    var = x.var(axis=(2, 3), keepdims=True)
    inv = 1 / np.sqrt(var + 1e-5)
    y = (x - mean) * inv * scale + bias
    v, idx = F.max_pool2d(torch.from_numpy(x), 2, stride=2, padding=1, return_indices=True)
    plane = (np.arange(2 * 3) * 4 * 5).reshape(2, 3, 1, 1)
    rows, cols = idx.numpy() // 5, idx.numpy() % 5
    graph("optional_outputs_opset17", [
        helper.make_node("LayerNormalization", ["x", "scale", "bias"], ["y", "mean", "inv"], axis=2),
        helper.make_node("MaxPool", ["x"], ["pooled", "idx"], kernel_shape=[2, 2], strides=[2, 2], pads=[1, 1, 1, 1]),
        helper.make_node("MaxPool", ["x"], ["pooled_cm", "idx_cm"], kernel_shape=[2, 2], strides=[2, 2], pads=[1, 1, 1, 1],
                         storage_order=1),
    ], [("x", x), ("scale", scale), ("bias", bias)],
        [("y", y.astype(np.float32)), ("mean", mean.astype(np.float32)), ("inv", inv.astype(np.float32)),
         ("pooled", v.numpy()), ("idx", idx.numpy() + plane), ("pooled_cm", v.numpy()), ("idx_cm", cols * 4 + rows + plane)],
        17, batch=False)


def threaded():
    """Operators that split over threads only on large tensors: a nearest
    2x upsample of 128 planes, GroupNorm + SiLU (fused), a SiLU of its own,
    a per-channel gain broadcast over 128 runs, a LayerNorm of 8192 rows, a Linear (its bias fused into the MatMul)
    and a scaled Softmax of 1024 rows
    (reference: PyTorch 1.13). Its own generator, so the other fixtures
    do not change."""
    import torch
    F = torch.nn.functional

    class Threaded(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.norm = torch.nn.GroupNorm(8, 64)
            self.ln = torch.nn.LayerNorm(64)
            self.gain = torch.nn.Parameter(torch.randn(64, 1, 1))
            self.q = torch.nn.Linear(64, 64)

        def forward(self, x):
            h = F.interpolate(x, scale_factor=2.0, mode="nearest")
            h = F.silu(self.norm(h))
            g = F.silu(h) * self.gain
            t = g.flatten(2).transpose(1, 2)
            q = self.q(self.ln(t))
            k = q[:, :512]
            a = torch.softmax(k @ k.transpose(1, 2) / 8.0, dim=-1)
            # Every 11th value, to keep the fixture small.
            return torch.cat([g.flatten(), q.flatten(), a.flatten()])[::11]

    torch.manual_seed(13)
    m = Threaded()
    with torch.no_grad():
        for prm in m.parameters():
            prm.copy_(torch.randn(prm.shape) * 0.5)
    x = torch.from_numpy(np.random.default_rng(13).standard_normal((2, 64, 32, 32)).astype(np.float32))
    export("threaded_opset17", m, [x], 17)


def softmax_of(x, axis, flattened=False):
    shape = x.shape
    if flattened:
        x = x.reshape(int(np.prod(shape[:axis])), -1)
        axis = 1
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return (e / e.sum(axis=axis, keepdims=True)).reshape(shape)


def scaled_softmax():
    """Softmax of Div and Mul, fused into one step: by a scalar (first or
    second operand, a Softmax over an inner axis, and opset 11's flattened
    Softmax) and, run as the two operators, by a whole tensor (reference:
    NumPy in float64)."""
    rng = np.random.default_rng(14)
    x = rng.standard_normal((2, 3, 37)).astype(np.float32) * 4
    t = (rng.random((2, 3, 37)) + 0.5).astype(np.float32)
    c = np.array(0.125, dtype=np.float32)
    d = np.array([[[3.0]]], dtype=np.float32)
    x64, t64 = x.astype(np.float64), t.astype(np.float64)
    for opset in (11, 13):
        nodes = [
            helper.make_node("Mul", ["c", "x"], ["m"]),
            helper.make_node("Softmax", ["m"], ["y0"], axis=2),
            helper.make_node("Div", ["x", "d"], ["q"]),
            helper.make_node("Softmax", ["q"], ["y1"], axis=1),
            helper.make_node("Div", ["x", "t"], ["r"]),
            helper.make_node("Softmax", ["r"], ["y2"], axis=2),
        ]
        flat = opset < 13
        outs = [softmax_of(x64 * 0.125, 2, flat), softmax_of(x64 / 3, 1, flat), softmax_of(x64 / t64, 2, flat)]
        graph(f"scaled_softmax_opset{opset}", nodes, [("x", x), ("t", t)],
              [(f"y{i}", o.astype(np.float32)) for i, o in enumerate(outs)], opset,
              inits=[("c", c), ("d", d)])


def main():
    os.makedirs(OUT, exist_ok=True)
    if sys.argv[2:] == ["threaded"]:
        threaded()
        scaled_softmax()
        return
    if sys.argv[2:] == ["heads"]:
        matmul_heads_out()
        return
    if sys.argv[2:] == ["residual"]:
        matmul_residual()
        return
    if sys.argv[2:] == ["qkv"]:
        matmul_qkv()
        return
    if sys.argv[2:] == ["gelu"]:
        matmul_gelu()
        return
    multi_io()
    matmul_broadcast()
    matmul_transposed()
    modulated()
    spec_cases()
    external()
    volumes()
    optional_outputs()
    threaded()
    scaled_softmax()
    matmul_heads_out()
    matmul_residual()
    matmul_qkv()
    matmul_gelu()


if __name__ == "__main__":
    main()
