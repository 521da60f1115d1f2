// Package onnx is a small pure-Go interpreter for ONNX models: the
// decoders and encoders of generative models, exported by
// torch.onnx.export, tf2onnx and the like.
//
// It runs float32 graphs of the default operator set, opsets 9 to 21,
// with each operator's attributes as the ONNX specification defines them
// for that opset (Upsample and Resize; Squeeze, Unsqueeze, Split, Slice,
// Pad and Clip with attributes or inputs; the Reduce operators' axes as
// attribute or, from opset 18 (ReduceSum 13), input; Softmax and
// LogSoftmax over the flattened trailing dimensions before opset 13 and
// one axis after; TopK's k as attribute in opset 9; GroupNormalization's
// per-group scale in opset 18 and per-channel scale in 21). Integer and
// boolean tensors (shapes, indices, masks) are held as int64 with their
// ONNX type. The operators it implements are listed by Supported.
// Operators or attributes outside them, or operators in an opset older
// than the one that introduced them, make Load fail with one
// *UnsupportedError listing every refused operator type with its nodes
// and the opset (it matches errors.Is(err, ErrUnsupported)).
//
// Besides the convolutional and dense layers, the operators include the
// indexing family (Gather, GatherElements, GatherND with batch_dims,
// ScatterElements and ScatterND with their reductions, OneHot, NonZero,
// ArgMin, ArgMax, TopK), DepthToSpace/SpaceToDepth (DCR and CRD),
// GroupNormalization, LpNormalization, MeanVarianceNormalization, LRN,
// Hardmax, EyeLike, the recurrent layers RNN, GRU and LSTM (every
// direction, sequence lengths, peepholes, activations, clip, layout),
// Einsum (a direct loop over the equation's labels, not
// the GEMM), Range, CumSum, Trilu, the logical operators and comparisons,
// Mod, BitShift, and the elementwise functions. RandomNormal, RandomUniform and their -Like forms
// draw float32 values: with a seed attribute the same ones at every run;
// without, from the session's own source (Session.SetSeed, seed 0 for a
// new session), so a fresh session repeats its sequence of draws. Random
// nodes are never folded into constants.
//
// The package's tests run ONNX's own backend node tests (testdata/node,
// made by tools/onnx/make_conformance.py from python3-onnx 1.12) with one
// table of the cases that cannot pass and why (conformance_test.go).
//
// Tensors stored in external data files (data_location EXTERNAL, as
// onnx's save_model(..., save_as_external_data=True) writes large models)
// are read by Load from files inside the model's folder; a location that
// is absolute or leaves the folder, through ".." or a link, is refused
// (external.go).
//
// Load parses the protobuf (proto.go decodes onnx.proto's messages
// directly from the wire format), checks the graph (missing values,
// cycles, tensors whose declared size their data does not hold), sorts
// the nodes, folds every node whose inputs are constant (and Shape of an
// input whose shape the file fixes), folds BatchNormalization into the
// convolution before it and fuses activations into their producers
// (fuse.go), rewrites StyleGAN2's modulated convolutions as
// convolutions by their constant weights (modconv.go) and sums of
// products with a constant as matrix products (contract.go), and
// pre-packs weights for the matrix kernels. Shape
// arithmetic that depends on a dynamic batch dimension (the
// Shape→Gather→Unsqueeze→Concat→Reshape chains exporters emit) is marked
// at load as depending on input shapes only: a session evaluates it once
// per input shape and skips it while the shape stays the same.
//
// Gemm, MatMul, Conv (im2col; 3×3 stride-1 layers with constant weights
// by Winograd F(4×4, 3×3) or F(2×2, 3×3) as the shape suits,
// winograd4.go and winograd.go) and ConvTranspose (col2im) run on a packed,
// cache-blocked GEMM with a 6×16 AVX2/FMA micro-kernel on amd64 (see
// package model/sgemm) and a portable Go kernel elsewhere. MatMul follows
// NumPy's matmul: 1-D operands promoted, batch dimensions broadcast at
// any rank; a Transpose of an operand's last two axes (attention's Kᵀ)
// is done by the packing. Conv and ConvTranspose take weights and bias
// computed in the graph (a modulated convolution modconv.go does not
// rewrite), packed at each run into the session's scratch; constant
// weights are packed once. 1-D and 2-D
// convolutions share the packed path; 3-D ones, and the pools at every
// rank, run on the N-D geometry of nd.go (conv3d.go, pool.go).
//
// A model may take several inputs of mixed element types (a float32
// latent with an int64 class label or a bool mask) and give several
// outputs: Session.Run takes them in the order of Model.Inputs, RunNamed
// by name; integer and boolean tensors (NewIntTensor) hold their values
// as int64.
//
// A Model is immutable once loaded and safe for concurrent use. Running
// it needs a Session, which holds all working memory and is reused from
// run to run, so that a steady stream of runs of one batch size allocates
// nothing; a Session serves one goroutine at a time. Within one run, a
// convolution or GEMM large enough splits its output columns over
// Session.SetThreads threads (default GOMAXPROCS) from a pool of workers
// shared by all sessions (parallel.go); each output value is computed as
// on one thread, so results do not depend on the thread count.
package onnx
