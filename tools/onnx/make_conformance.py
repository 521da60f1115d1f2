"""Generate ONNX's backend node-test cases and copy the relevant ones into
model/onnx/testdata/node/.

Run from the repository root with Debian's Python (python3-onnx 1.12,
NumPy, python3-torch 1.13 for the recurrent layers' cases):

    /usr/bin/python3 tools/onnx/make_conformance.py

It runs the generators the onnx package ships
(onnx.backend.test.case.node, as `python3 -m onnx.backend.test.cmd_tools
generate-data` does) with NumPy's global generator seeded, so a rerun
writes the same files, and keeps the cases of the operators listed in
OPERATORS: those the interpreter runs, or is meant to run, for float32
decoders and encoders. Everything else is left out, and so are the cases
in LEFT_OUT (each with its reason). Cases of our own (own_cases,
torch_cases) are added in the same layout. Each case is a folder NAME/ with
model.onnx and test_data_set_N/input_K.pb, output_K.pb (TensorProtos).
The script prints the cases it kept, their total size, and what it left
out.
"""

import math
import os
import shutil
import sys

import numpy as np

# onnx 1.12's generators still use the aliases NumPy 1.24 removed.
for alias, typ in (("float", float), ("int", int), ("bool", bool), ("object", object)):
    if alias not in np.__dict__:
        setattr(np, alias, typ)

import onnx  # noqa: E402
import onnx.defs  # noqa: E402
from onnx import helper  # noqa: E402
import onnx.backend.test.case.node as node_test  # noqa: E402
from onnx import numpy_helper  # noqa: E402

OUT = os.path.join("model", "onnx", "testdata", "node")

# Operators whose cases are kept: the interpreter's, and those it is to
# run (issue #12).
OPERATORS = set("""
GRU LSTM RNN Abs Acos Acosh Add And EyeLike Hardmax LRN MeanVarianceNormalization Scatter Asin Asinh Atan Atanh BitShift Cosh Sinh Tan ReduceLogSum ArgMax ArgMin AveragePool BatchNormalization Cast CastLike Ceil
Celu Clip Concat Constant ConstantOfShape Conv ConvTranspose Cos CumSum
DepthToSpace Div Dropout Einsum Elu Equal Erf Exp Expand Flatten Floor
Gather GatherElements GatherND Gelu Gemm GlobalAveragePool GlobalMaxPool
Greater GreaterOrEqual GroupNormalization HardSigmoid HardSwish Identity
InstanceNormalization IsInf IsNaN LayerNormalization LeakyRelu Less
LessOrEqual Log LogSoftmax LpNormalization MatMul Max MaxPool Mean Min
Mish Mod Mul Neg Not NonZero OneHot Or Pad Pow PRelu RandomNormal
RandomNormalLike RandomUniform RandomUniformLike Range Reciprocal
ReduceL1 ReduceL2 ReduceLogSumExp ReduceMax ReduceMean ReduceMin
ReduceProd ReduceSum ReduceSumSquare Relu Reshape Resize Round
ScatterElements ScatterND Selu Shape Shrink Sigmoid Sign Sin Size Slice
Softmax Softplus Softsign SpaceToDepth Split Sqrt Squeeze Sub Sum Tanh
ThresholdedRelu Tile TopK Transpose Trilu Unsqueeze Upsample Where Xor
""".split())

# Cases of those operators that are left out, and why.
LEFT_OUT = {
    # Training-mode dropout draws a random mask: no fixed reference output.
    "test_training_dropout": "training mode draws a random mask",
    "test_training_dropout_default": "training mode draws a random mask",
    "test_training_dropout_default_mask": "training mode draws a random mask",
    "test_training_dropout_mask": "training mode draws a random mask",
    "test_training_dropout_zero_ratio": "training-mode graph (training_mode input true)",
    "test_training_dropout_zero_ratio_mask": "training-mode graph (training_mode input true)",
}

# The oldest opset the interpreter runs.
MIN_OPSET = 9

# Cases larger than this are left out (bytes of model and data).
MAX_CASE = 200_000


class Case:
    """A case of our own, in the shape of onnx's node test cases."""

    def __init__(self, name, model, inputs, outputs):
        self.name, self.model, self.kind = name, model, "node"
        self.data_sets = [(inputs, outputs)]


def own_case(name, opset, node, inputs, outputs, out_types=None):
    """Builds a one-node case: inputs and outputs are dicts name → array."""
    def info(n, v, typ=None):
        return helper.make_tensor_value_info(n, typ or onnx.mapping.NP_TYPE_TO_TENSOR_TYPE[v.dtype], v.shape)
    g = helper.make_graph([node], name,
                          [info(k, v) for k, v in inputs.items()],
                          [info(k, v) for k, v in outputs.items()])
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)])
    m.ir_version = 8
    return Case(name, m, list(inputs.values()), list(outputs.values()))


def group_norm_ref(x, scale, bias, groups, eps, per_channel):
    n, c = x.shape[:2]
    xg = x.reshape(n, groups, -1).astype(np.float64)
    mean = xg.mean(axis=2, keepdims=True)
    var = xg.var(axis=2, keepdims=True)
    norm = ((xg - mean) / np.sqrt(var + eps)).reshape(x.shape)
    bshape = (1, c) + (1,) * (x.ndim - 2)
    if per_channel:
        s, b = scale.reshape(bshape), bias.reshape(bshape)
    else:
        s = np.repeat(scale, c // groups).reshape(bshape)
        b = np.repeat(bias, c // groups).reshape(bshape)
    return (norm * s + b).astype(np.float32)


def log_softmax_ref(x, axis):
    m = x.max(axis=axis, keepdims=True)
    e = np.log(np.exp(x - m).sum(axis=axis, keepdims=True))
    return (x - m - e).astype(np.float32)


def own_cases():
    """Cases for operators newer than onnx 1.12 (GroupNormalization, Mish,
    Gelu), operators whose onnx 1.12 cases are missing or random
    (LpNormalization, the Random ops: a zero spread makes the draw a
    constant), and older opsets' forms of the new operators. References
    are NumPy's, following the ONNX specification of each opset."""
    rng = np.random.default_rng(12)
    f32 = lambda *shape: rng.standard_normal(shape).astype(np.float32)  # noqa: E731
    node = helper.make_node
    cases = []
    x = f32(2, 6, 3, 3)
    for opset, per_channel, eps in ((18, False, 1e-5), (18, False, 1e-2), (21, True, 1e-5)):
        n = 3 if per_channel else 2
        scale, bias = f32(6 if per_channel else n), f32(6 if per_channel else n)
        if per_channel:
            n = 3
        cases.append(own_case(f"test_latent_groupnorm_opset{opset}_eps{round(-math.log10(eps))}", opset,
                              node("GroupNormalization", ["x", "scale", "bias"], ["y"], num_groups=n, epsilon=eps),
                              {"x": x, "scale": scale, "bias": bias},
                              {"y": group_norm_ref(x, scale, bias, n, eps, per_channel)}))
    v = f32(3, 4, 5) * 3
    cases.append(own_case("test_latent_mish_opset18", 18, node("Mish", ["x"], ["y"]), {"x": v},
                          {"y": (v * np.tanh(np.log1p(np.exp(v.astype(np.float64))))).astype(np.float32)}))
    erf = np.vectorize(math.erf)
    cases.append(own_case("test_latent_gelu_opset20", 20, node("Gelu", ["x"], ["y"]), {"x": v},
                          {"y": (0.5 * v * (1 + erf(v / np.sqrt(2)))).astype(np.float32)}))
    g = v.astype(np.float64)
    cases.append(own_case("test_latent_gelu_tanh_opset20", 20, node("Gelu", ["x"], ["y"], approximate="tanh"), {"x": v},
                          {"y": (0.5 * g * (1 + np.tanh(np.sqrt(2 / np.pi) * (g + 0.044715 * g ** 3)))).astype(np.float32)}))
    for p, axis in ((2, -1), (1, 0), (2, 1)):
        norm = np.linalg.norm(g, ord=p, axis=axis, keepdims=True) if p == 2 else np.abs(g).sum(axis=axis, keepdims=True)
        cases.append(own_case(f"test_latent_lpnorm_p{p}_axis{axis}", 13, node("LpNormalization", ["x"], ["y"], p=p, axis=axis),
                              {"x": v}, {"y": (g / norm).astype(np.float32)}))
    cases.append(own_case("test_latent_random_normal_zero_scale", 13,
                          node("RandomNormal", [], ["y"], shape=[2, 3], mean=2.5, scale=0.0),
                          {}, {"y": np.full((2, 3), 2.5, np.float32)}))
    cases.append(own_case("test_latent_random_uniform_empty_range", 13,
                          node("RandomUniform", [], ["y"], shape=[4], low=-1.5, high=-1.5, seed=3.0),
                          {}, {"y": np.full((4,), -1.5, np.float32)}))
    cases.append(own_case("test_latent_random_normal_like_zero_scale", 13,
                          node("RandomNormalLike", ["x"], ["y"], mean=-1.0, scale=0.0),
                          {"x": v}, {"y": np.full(v.shape, -1.0, np.float32)}))
    cases.append(own_case("test_latent_random_uniform_like_empty_range", 13,
                          node("RandomUniformLike", ["x"], ["y"], low=0.25, high=0.25),
                          {"x": v}, {"y": np.full(v.shape, 0.25, np.float32)}))
    # Softmax and LogSoftmax before opset 13: over the flattened dimensions
    # from axis on.
    for op in ("Softmax", "LogSoftmax"):
        for axis in (1, 0, 2):
            flat = v.reshape(int(np.prod(v.shape[:axis])), -1)
            ref = log_softmax_ref(flat, 1)
            if op == "Softmax":
                ref = np.exp(ref).astype(np.float32)
            cases.append(own_case(f"test_latent_{op.lower()}_opset11_axis{axis}", 11,
                                  node(op, ["x"], ["y"], axis=axis), {"x": v}, {"y": ref.reshape(v.shape)}))
        flat = v.reshape(v.shape[0], -1)
        ref = log_softmax_ref(flat, 1)
        if op == "Softmax":
            ref = np.exp(ref).astype(np.float32)
        cases.append(own_case(f"test_latent_{op.lower()}_opset9_default_axis", 9,
                              node(op, ["x"], ["y"]), {"x": v}, {"y": ref.reshape(v.shape)}))
    # Reductions with axes as an input (opset 18) and noop_with_empty_axes.
    axes = np.array([0, -1], np.int64)
    for op, f in (("ReduceMax", np.max), ("ReduceMin", np.min), ("ReduceProd", np.prod),
                  ("ReduceL2", lambda a, axis, keepdims: np.sqrt((a * a).sum(axis=axis, keepdims=keepdims))),
                  ("ReduceSumSquare", lambda a, axis, keepdims: (a * a).sum(axis=axis, keepdims=keepdims)),
                  ("ReduceLogSumExp", lambda a, axis, keepdims: np.log(np.exp(a).sum(axis=axis, keepdims=keepdims)))):
        name = op[len("Reduce"):].lower()
        cases.append(own_case(f"test_latent_reduce_{name}_opset18_axes_input", 18,
                              node(op, ["x", "axes"], ["y"], keepdims=0), {"x": v, "axes": axes},
                              {"y": f(g, axis=(0, 2), keepdims=False).astype(np.float32)}))
        cases.append(own_case(f"test_latent_reduce_{name}_opset18_noop", 18,
                              node(op, ["x", "axes"], ["y"], noop_with_empty_axes=1),
                              {"x": v, "axes": np.array([], np.int64)}, {"y": v}))
        cases.append(own_case(f"test_latent_reduce_{name}_opset13_attr", 13,
                              node(op, ["x"], ["y"], axes=[1]), {"x": v},
                              {"y": f(g, axis=1, keepdims=True).astype(np.float32)}))
    # ArgMax before select_last_index; TopK with k as attribute (opset 9)
    # and as input without largest (opset 10).
    ties = np.array([[1, 3, 3, 0], [2, 2, 1, 2]], np.float32)
    cases.append(own_case("test_latent_argmax_opset11_ties", 11, node("ArgMax", ["x"], ["y"], axis=1),
                          {"x": ties}, {"y": np.array([[1], [0]], np.int64)}))
    cases.append(own_case("test_latent_argmin_opset9_no_keepdims", 9, node("ArgMin", ["x"], ["y"], axis=0, keepdims=0),
                          {"x": ties}, {"y": np.argmin(ties, axis=0).astype(np.int64)}))
    order = np.argsort(-ties, axis=1, kind="stable")[:, :3]
    vals = np.take_along_axis(ties, order, axis=1)
    cases.append(own_case("test_latent_topk_opset9_k_attr", 9, node("TopK", ["x"], ["v", "i"], k=3),
                          {"x": ties}, {"v": vals, "i": order.astype(np.int64)}))
    cases.append(own_case("test_latent_topk_opset10_k_input", 10, node("TopK", ["x", "k"], ["v", "i"]),
                          {"x": ties, "k": np.array([3], np.int64)}, {"v": vals, "i": order.astype(np.int64)}))
    # DepthToSpace before mode (opset 9: DCR) and SpaceToDepth.
    d = f32(2, 8, 2, 3)
    b = 2
    t = d.reshape(2, b, b, 2, 2, 3).transpose(0, 3, 4, 1, 5, 2).reshape(2, 2, 4, 6)
    cases.append(own_case("test_latent_depthtospace_opset9", 9, node("DepthToSpace", ["x"], ["y"], blocksize=b),
                          {"x": d}, {"y": t}))
    t = d.reshape(2, 2, b, b, 2, 3).transpose(0, 1, 4, 2, 5, 3).reshape(2, 2, 4, 6)
    cases.append(own_case("test_latent_depthtospace_crd_opset13", 13,
                          node("DepthToSpace", ["x"], ["y"], blocksize=b, mode="CRD"), {"x": d}, {"y": t}))
    # ScatterND and ScatterElements with the max and min reductions (opset 18).
    data = f32(4, 3)
    idx = np.array([[1], [3], [1]], np.int64)
    upd = f32(3, 3)
    for red, fn in (("max", np.maximum), ("min", np.minimum), ("add", np.add), ("mul", np.multiply)):
        out = data.copy()
        for r in range(3):
            out[idx[r, 0]] = fn(out[idx[r, 0]], upd[r])
        cases.append(own_case(f"test_latent_scatternd_{red}_opset18", 18,
                              node("ScatterND", ["x", "i", "u"], ["y"], reduction=red),
                              {"x": data, "i": idx, "u": upd}, {"y": out}))
        ie = np.array([[0, 2, 1], [3, 0, 0]], np.int64)
        ue = f32(2, 3)
        out = data.copy()
        for i in range(2):
            for j in range(3):
                out[ie[i, j], j] = fn(out[ie[i, j], j], ue[i, j])
        cases.append(own_case(f"test_latent_scatterelements_{red}_opset18", 18,
                              node("ScatterElements", ["x", "i", "u"], ["y"], axis=0, reduction=red),
                              {"x": data, "i": ie, "u": ue}, {"y": out}))
    # Einsum as decoders use it (attention, broadcast batches, implicit
    # output, three operands, a diagonal).
    for name, eq, shapes in (
            ("attention_scores", "bhid,bhjd->bhij", ((2, 3, 4, 5), (2, 3, 6, 5))),
            ("attention_values", "bhij,bhjd->bhid", ((2, 3, 4, 6), (2, 3, 6, 5))),
            ("ellipsis_broadcast", "...ij,...jk->...ik", ((2, 1, 3, 4), (5, 4, 2))),
            ("implicit", "ij,jk", ((3, 4), (4, 2))),
            ("outer", "i,j->ij", ((3,), (4,))),
            ("three_operands", "ij,jk,kl->il", ((2, 3), (3, 4), (4, 2))),
            ("trace", "ii", ((4, 4),)),
            ("sum_all", "ijk->", ((2, 3, 4),))):
        ops = [f32(*sh) for sh in shapes]
        names = [f"x{i}" for i in range(len(ops))]
        cases.append(own_case(f"test_latent_einsum_{name}", 12, node("Einsum", names, ["y"], equation=eq),
                              dict(zip(names, ops)), {"y": np.asarray(np.einsum(eq, *[o.astype(np.float64) for o in ops])).astype(np.float32)}))
    x3 = f32(2, 6, 7)
    sc, bi = f32(3), f32(3)
    cases.append(own_case("test_latent_groupnorm_opset18_3d", 18,
                          node("GroupNormalization", ["x", "scale", "bias"], ["y"], num_groups=3),
                          {"x": x3, "scale": sc, "bias": bi}, {"y": group_norm_ref(x3, sc, bi, 3, 1e-5, False)}))
    # RNN with sequence lengths, both directions (the reverse one runs back
    # from each sequence's own end) and an initial state.
    T, B, I, H = 5, 3, 4, 3
    rx, rw, rr, rb = f32(T, B, I), f32(2, H, I), f32(2, H, H), f32(2, 2 * H)
    lens = np.array([5, 2, 0], np.int32)
    h0 = f32(2, B, H)
    ry, rh = np.zeros((T, 2, B, H), np.float64), np.zeros((2, B, H), np.float64)
    for d in range(2):
        for b in range(B):
            h = h0[d, b].astype(np.float64)
            steps = range(lens[b]) if d == 0 else reversed(range(lens[b]))
            for t in steps:
                h = np.tanh(rw[d] @ rx[t, b] + rr[d] @ h + rb[d, :H] + rb[d, H:])
                ry[t, d, b] = h
            rh[d, b] = h
    cases.append(own_case("test_latent_rnn_bidirectional_seq_lens", 14,
                          node("RNN", ["x", "w", "r", "b", "lens", "h0"], ["y", "yh"], hidden_size=H,
                               direction="bidirectional"),
                          {"x": rx, "w": rw, "r": rr, "b": rb, "lens": lens, "h0": h0},
                          {"y": ry.astype(np.float32), "yh": rh.astype(np.float32)}))
    # GatherND with batch_dims.
    gd = f32(2, 3, 4)
    gi = np.array([[[1], [0]], [[2], [2]]], np.int64)
    cases.append(own_case("test_latent_gathernd_batch_dims1", 13, node("GatherND", ["x", "i"], ["y"], batch_dims=1),
                          {"x": gd, "i": gi}, {"y": np.stack([gd[bi][gi[bi, :, 0]] for bi in range(2)])}))
    return cases


def torch_cases():
    """Recurrent layers exported by torch.onnx.export from PyTorch 1.13 at
    opsets 11 and 17, with PyTorch's outputs as the reference: two-layer
    bidirectional LSTM with initial states, GRU (linear_before_reset),
    RNN with tanh and ReLU, batch_first."""
    import io
    import torch
    torch.manual_seed(5)
    layers = {
        "lstm_bidir_2layer": (torch.nn.LSTM(5, 7, num_layers=2, bidirectional=True), True),
        "gru_bidir": (torch.nn.GRU(5, 6, bidirectional=True), False),
        "rnn_tanh_batch_first": (torch.nn.RNN(5, 4, batch_first=True), False),
        "rnn_relu_2layer": (torch.nn.RNN(5, 4, num_layers=2, nonlinearity="relu"), False),
        "gru_batch_first_2layer": (torch.nn.GRU(5, 3, num_layers=2, batch_first=True), False),
    }
    cases = []
    for name, (layer, lstm) in layers.items():
        layer.eval()
        x = torch.randn(4, 3, 5)
        dirs = 2 if layer.bidirectional else 1
        h0 = torch.randn(layer.num_layers * dirs, 3 if not layer.batch_first else 4, layer.hidden_size)
        args = (x, (h0, torch.randn_like(h0))) if lstm else (x, h0)
        with torch.no_grad():
            y, state = layer(*args)
        outs = [y, state[0], state[1]] if lstm else [y, state]
        flat_in = [x, h0] + ([args[1][1]] if lstm else [])
        for opset in (11, 17):
            f = io.BytesIO()
            in_names = ["x", "h0", "c0"][:len(flat_in)]
            torch.onnx.export(layer, args, f, opset_version=opset, input_names=in_names,
                              output_names=["y", "hn", "cn"][:len(outs)])
            m = onnx.load_from_string(f.getvalue())
            cases.append(Case(f"test_latent_torch_{name}_opset{opset}", m,
                              [t.numpy() for t in flat_in], [t.numpy() for t in outs]))
    return cases


def case_ops(model):
    return {n.op_type for n in model.graph.node}


def lift_opset(model, opset):
    """Moves a case of an opset below MIN_OPSET to MIN_OPSET when every
    operator in it has the same schema version at both (so the same
    specification), and reports whether it did. onnx writes each case at
    the opset of its operator's newest version, which for operators
    unchanged since opset 7 (Sin, And, ...) is below what the interpreter
    runs."""
    for n in model.graph.node:
        old = onnx.defs.get_schema(n.op_type, opset).since_version
        if onnx.defs.get_schema(n.op_type, MIN_OPSET).since_version != old:
            return False
    for o in model.opset_import:
        if o.domain in ("", "ai.onnx"):
            o.version = MIN_OPSET
    return True


def write_case(case, folder):
    os.makedirs(folder)
    with open(os.path.join(folder, "model.onnx"), "wb") as f:
        f.write(case.model.SerializeToString())
    for i, (inputs, outputs) in enumerate(case.data_sets):
        d = os.path.join(folder, f"test_data_set_{i}")
        os.makedirs(d)
        for kind, values, infos in (("input", inputs, case.model.graph.input),
                                    ("output", outputs, case.model.graph.output)):
            for j, v in enumerate(values):
                t = numpy_helper.from_array(np.asarray(v), infos[j].name)
                with open(os.path.join(d, f"{kind}_{j}.pb"), "wb") as f:
                    f.write(t.SerializeToString())


def tensor_io(case):
    """Reports whether every graph input and output is a plain tensor."""
    g = case.model.graph
    return all(v.type.HasField("tensor_type") for v in list(g.input) + list(g.output))


def folder_size(folder):
    return sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk(folder) for f in fs)


def main():
    np.random.seed(0)
    cases = node_test.collect_testcases(None) + own_cases() + torch_cases()
    if os.path.exists(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    kept, left = [], []
    seen = set()
    for case in sorted(cases, key=lambda c: c.name):
        if case.name in seen or case.kind != "node" or not case.data_sets:
            continue
        seen.add(case.name)
        ops = case_ops(case.model)
        if not ops & OPERATORS:
            continue
        if not ops <= OPERATORS:
            left.append((case.name, "also uses " + ", ".join(sorted(ops - OPERATORS))))
            continue
        opset = next((o.version for o in case.model.opset_import if o.domain in ("", "ai.onnx")), 0)
        if opset < MIN_OPSET and not lift_opset(case.model, opset):
            left.append((case.name, f"opset {opset}, and its operators changed by opset {MIN_OPSET}"))
            continue
        if case.name in LEFT_OUT:
            left.append((case.name, LEFT_OUT[case.name]))
            continue
        if not tensor_io(case):
            left.append((case.name, "sequence or optional inputs/outputs"))
            continue
        folder = os.path.join(OUT, case.name)
        write_case(case, folder)
        size = folder_size(folder)
        if size > MAX_CASE:
            shutil.rmtree(folder)
            left.append((case.name, f"{size} bytes, more than {MAX_CASE}"))
            continue
        kept.append((case.name, size))
    total = sum(s for _, s in kept)
    print(f"kept {len(kept)} cases, {total} bytes, in {OUT}")
    print(f"left out {len(left)}:")
    for name, why in left:
        print(f"  {name}: {why}")


if __name__ == "__main__":
    sys.exit(main())
