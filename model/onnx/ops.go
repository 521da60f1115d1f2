package onnx

import "fmt"

// builders maps each supported operator to the function compiling its
// node. Each builder reads the attributes its opset defines; a node with
// an attribute the builder did not read is refused.
var builders map[string]func(*nodeCtx) (op, error)

func init() {
	builders = map[string]func(*nodeCtx) (op, error){
		"Gemm": buildGemm, "MatMul": buildMatMul,
		"Conv": buildConv, "ConvTranspose": buildConvTranspose,
		"BatchNormalization": buildBatchNorm, "InstanceNormalization": buildInstanceNorm,
		"LayerNormalization": buildLayerNorm,
		"MaxPool":            buildPool, "AveragePool": buildPool, "GlobalAveragePool": buildGlobalAvgPool,
		"Resize": buildResize, "Upsample": buildResize,
		"Clip": buildClip, "Identity": buildIdentity, "Dropout": buildIdentity, "Cast": buildCast,
		"Where": buildWhere, "Softmax": buildSoftmax,
		"ReduceMean": buildReduce, "ReduceSum": buildReduce,
		"Reshape": buildReshape, "Flatten": buildReshape, "Squeeze": buildReshape, "Unsqueeze": buildReshape,
		"Transpose": buildTranspose, "Concat": buildConcat, "Split": buildSplit, "Slice": buildSlice,
		"Gather": buildGather, "Shape": buildShape, "Constant": buildConstant,
		"ConstantOfShape": buildConstantOfShape, "Expand": buildExpand, "Tile": buildTile, "Pad": buildPad,
	}
	for _, t := range []string{"Add", "Sub", "Mul", "Div", "Pow", "PRelu", "Equal", "Greater", "Less"} {
		builders[t] = buildBinary
	}
	for _, t := range []string{"Relu", "Sigmoid", "Tanh", "Exp", "Log", "Sqrt", "Erf", "Floor", "Ceil",
		"Softplus", "Neg", "Abs", "Reciprocal", "LeakyRelu", "Elu", "Selu", "HardSigmoid", "Gelu"} {
		builders[t] = buildUnary
	}
}

// buildOp compiles one node.
func buildOp(c *nodeCtx) (op, error) {
	b, ok := builders[c.node.opType]
	if !ok {
		return nil, fmt.Errorf("operator %s: %w", c.node.opType, ErrUnsupported)
	}
	if c.node.opType == "Gelu" && c.opset < 20 {
		return nil, fmt.Errorf("operator Gelu exists from opset 20: %w", ErrUnsupported)
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
