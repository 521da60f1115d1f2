package onnx

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// TestOperatorBeforeItsOpset checks that an operator in an opset older
// than the one that introduced it is refused, naming the operator, the
// node, the opset and the first opset that has it.
func TestOperatorBeforeItsOpset(t *testing.T) {
	for op, first := range since {
		if first-1 < MinOpset {
			continue
		}
		b := modelBytes(first-1, [][]byte{field(node(op, []string{"x"}, []string{"y"}), 3, []byte("n1"))}, nil, []string{"x"}, []string{"y"})
		_, err := Parse(b)
		if !errors.Is(err, ErrUnsupported) {
			t.Errorf("%s at opset %d: error %v, want ErrUnsupported", op, first-1, err)
			continue
		}
		msg := err.Error()
		for _, want := range []string{op, `"n1"`, fmt.Sprint("opset ", first-1), fmt.Sprint("from opset ", first)} {
			if !strings.Contains(msg, want) {
				t.Errorf("%s at opset %d: error %q does not name %q", op, first-1, msg, want)
			}
		}
	}
}
