"""Generate ONNX's backend node-test cases and copy the relevant ones into
model/onnx/testdata/node/.

Run from the repository root with Debian's Python (python3-onnx 1.12,
NumPy):

    /usr/bin/python3 tools/onnx/make_conformance.py

It runs the generators the onnx package ships
(onnx.backend.test.case.node, as `python3 -m onnx.backend.test.cmd_tools
generate-data` does) with NumPy's global generator seeded, so a rerun
writes the same files, and keeps the cases of the operators listed in
OPERATORS: those the interpreter runs, or is meant to run, for float32
decoders and encoders. Everything else is left out, and so are the cases
in LEFT_OUT (each with its reason). Each case is a folder NAME/ with
model.onnx and test_data_set_N/input_K.pb, output_K.pb (TensorProtos).
The script prints the cases it kept, their total size, and what it left
out.
"""

import os
import shutil
import sys

import numpy as np

# onnx 1.12's generators still use the aliases NumPy 1.24 removed.
for alias, typ in (("float", float), ("int", int), ("bool", bool), ("object", object)):
    if alias not in np.__dict__:
        setattr(np, alias, typ)

import onnx  # noqa: E402
import onnx.backend.test.case.node as node_test  # noqa: E402
from onnx import numpy_helper  # noqa: E402

OUT = os.path.join("model", "onnx", "testdata", "node")

# Operators whose cases are kept: the interpreter's, and those it is to
# run (issue #12).
OPERATORS = set("""
Abs Add And ArgMax ArgMin AveragePool BatchNormalization Cast CastLike Ceil
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


def case_ops(model):
    return {n.op_type for n in model.graph.node}


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
    cases = node_test.collect_testcases(None)
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
        if opset < MIN_OPSET:
            left.append((case.name, f"opset {opset}, below {MIN_OPSET}"))
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
