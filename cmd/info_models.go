package cmd

// describeONNX describes an ONNX model; it is set by the ONNX runtime's
// info file.
var describeONNX = func(e *env, path string, bench bool) error {
	return usagef("%s: this build cannot read ONNX models", path)
}
