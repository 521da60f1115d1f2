package onnx

import "fmt"

// builders maps each supported operator to the function compiling its
// node. Each builder reads the attributes its opset defines; a node with
// an attribute the builder did not read is refused.
var builders map[string]func(*nodeCtx) (op, error)

func init() {
	builders = map[string]func(*nodeCtx) (op, error){
		"Gemm": buildGemm, "MatMul": buildMatMul, "Einsum": buildEinsum,
		"Conv": buildConv, "ConvTranspose": buildConvTranspose,
		"BatchNormalization": buildBatchNorm, "InstanceNormalization": buildInstanceNorm,
		"LayerNormalization": buildLayerNorm, "GroupNormalization": buildGroupNorm,
		"LpNormalization": buildLpNorm,
		"MaxPool":         buildPool, "AveragePool": buildPool, "GlobalAveragePool": buildGlobalAvgPool,
		"GlobalMaxPool": buildGlobalMaxPool,
		"Resize":        buildResize, "Upsample": buildResize,
		"Clip": buildClip, "Identity": buildIdentity, "Dropout": buildIdentity,
		"Cast": buildCast, "CastLike": buildCast,
		"Where": buildWhere, "Softmax": buildSoftmax, "LogSoftmax": buildSoftmax,
		"Reshape": buildReshape, "Flatten": buildReshape, "Squeeze": buildReshape, "Unsqueeze": buildReshape,
		"Transpose": buildTranspose, "Concat": buildConcat, "Split": buildSplit, "Slice": buildSlice,
		"Gather": buildGather, "GatherElements": buildGatherElements, "GatherND": buildGatherND,
		"ScatterND": buildScatterND, "ScatterElements": buildScatterElements, "Scatter": buildScatterElements,
		"EyeLike": buildEyeLike, "LRN": buildLRN, "MeanVarianceNormalization": buildMVN, "Hardmax": buildSoftmax,
		"Shape": buildShape, "Size": buildSize, "Constant": buildConstant,
		"ConstantOfShape": buildConstantOfShape, "Expand": buildExpand, "Tile": buildTile, "Pad": buildPad,
		"ArgMax": buildArgMinMax, "ArgMin": buildArgMinMax, "TopK": buildTopK,
		"DepthToSpace": buildDepthToSpace, "SpaceToDepth": buildDepthToSpace,
		"Range": buildRange, "CumSum": buildCumSum, "Trilu": buildTrilu,
		"OneHot": buildOneHot, "NonZero": buildNonZero,
		"Not": buildNot, "IsNaN": buildIsNaN, "IsInf": buildIsNaN,
		"RNN": buildRecurrent, "GRU": buildRecurrent, "LSTM": buildRecurrent,
		"RandomNormal": buildRandom, "RandomUniform": buildRandom,
		"RandomNormalLike": buildRandom, "RandomUniformLike": buildRandom,
	}
	for _, t := range []string{"Add", "Sub", "Mul", "Div", "Pow", "PRelu", "Equal", "Greater", "Less"} {
		builders[t] = buildBinary
	}
	for _, t := range []string{"And", "Or", "Xor", "GreaterOrEqual", "LessOrEqual", "Mod", "BitShift"} {
		builders[t] = buildLogic
	}
	for _, t := range []string{"Max", "Min", "Sum", "Mean"} {
		builders[t] = buildVariadic
	}
	for _, t := range []string{"ReduceMean", "ReduceSum", "ReduceMax", "ReduceMin", "ReduceProd",
		"ReduceL1", "ReduceL2", "ReduceSumSquare", "ReduceLogSum", "ReduceLogSumExp"} {
		builders[t] = buildReduce
	}
	for _, t := range []string{"Relu", "Sigmoid", "Tanh", "Exp", "Log", "Sqrt", "Erf", "Floor", "Ceil",
		"Softplus", "Neg", "Abs", "Reciprocal", "LeakyRelu", "Elu", "Selu", "HardSigmoid", "Gelu",
		"Sin", "Cos", "Tan", "Asin", "Acos", "Atan", "Sinh", "Cosh", "Asinh", "Acosh", "Atanh",
		"Round", "Sign", "Softsign", "HardSwish", "Mish", "Celu", "ThresholdedRelu", "Shrink"} {
		builders[t] = buildUnary
	}
}

// since gives the opset that introduced each operator newer than opset 9;
// a node of an older opset is refused.
var since = map[string]int64{
	"Mod": 10, "IsInf": 10, "ThresholdedRelu": 10,
	"Round": 11, "Range": 11, "CumSum": 11, "GatherElements": 11, "GatherND": 11,
	"ScatterND": 11, "ScatterElements": 11, "BitShift": 11,
	"Celu": 12, "Einsum": 12, "GreaterOrEqual": 12, "LessOrEqual": 12,
	"HardSwish": 14, "Trilu": 14, "CastLike": 15,
	"GroupNormalization": 18, "Mish": 18, "Gelu": 20,
}

// buildOp compiles one node.
func buildOp(c *nodeCtx) (op, error) {
	b, ok := builders[c.node.opType]
	if !ok {
		return nil, fmt.Errorf("operator %s: %w", c.node.opType, ErrUnsupported)
	}
	if v := since[c.node.opType]; c.opset < v {
		return nil, fmt.Errorf("operator %s exists from opset %d: %w", c.node.opType, v, ErrUnsupported)
	}
	return b(c)
}

// Supported returns the operator types the interpreter implements.
func Supported() []string {
	var s []string
	for k := range builders {
		s = append(s, k)
	}
	return s
}
