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

    /usr/bin/python3 tools/onnx/make_runtime_fixtures.py [OUTDIR]

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
        np.save(os.path.join(OUT, f"{name}.in{i}.npy"), np.ascontiguousarray(a))
    for i, a in enumerate(outputs):
        np.save(os.path.join(OUT, f"{name}.out{i}.npy"), np.ascontiguousarray(a))


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


def main():
    os.makedirs(OUT, exist_ok=True)
    multi_io()


if __name__ == "__main__":
    main()
