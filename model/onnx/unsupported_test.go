package onnx

import (
	"errors"
	"strings"
	"testing"
)

// TestUnsupportedListed loads a model with several unsupported operators
// and checks that one error lists them all, with their nodes and the
// opset.
func TestUnsupportedListed(t *testing.T) {
	antialias := varintField(varintField(field(nil, 1, []byte("antialias")), 3, 1), 20, attrInt)
	nodes := [][]byte{
		field(node("Frobnicate", []string{"x"}, []string{"a"}), 3, []byte("frob1")),
		node("Relu", []string{"a"}, []string{"b"}),
		node("Frobnicate", []string{"b"}, []string{"c"}),
		field(field(node("Resize", []string{"c", "", "x"}, []string{"d"}), 3, []byte("up")), 5, antialias),
		field(field(node("Warp", []string{"d"}, []string{"e"}), 3, []byte("w")), 7, []byte("com.example")),
		field(node("Twiddle", []string{"e"}, []string{"y"}), 3, []byte("tw")),
	}
	_, err := Parse(modelBytes(17, nodes, nil, []string{"x"}, []string{"y"}))
	var ue *UnsupportedError
	if !errors.As(err, &ue) || !errors.Is(err, ErrUnsupported) {
		t.Fatalf("error %v: want an *UnsupportedError matching ErrUnsupported", err)
	}
	want := []UnsupportedOp{
		{OpType: "Frobnicate", Nodes: []string{`"frob1"`, `with output "c"`}},
		{OpType: "Resize", Nodes: []string{`"up"`}, Reason: "antialias, axes or keep_aspect_ratio_policy: not supported"},
		{OpType: "Warp", Domain: "com.example", Nodes: []string{`"w"`}},
		{OpType: "Twiddle", Nodes: []string{`"tw"`}},
	}
	if ue.Opset != 17 || len(ue.Ops) != len(want) {
		t.Fatalf("opset %d, %d entries %v; want opset 17 and %d", ue.Opset, len(ue.Ops), ue.Ops, len(want))
	}
	for i, w := range want {
		g := ue.Ops[i]
		if g.OpType != w.OpType || g.Domain != w.Domain || g.Reason != w.Reason || strings.Join(g.Nodes, "|") != strings.Join(w.Nodes, "|") {
			t.Errorf("entry %d: %+v, want %+v", i, g, w)
		}
	}
	msg := err.Error()
	for _, s := range []string{"opset 17: 4 operators not supported", `Frobnicate (nodes "frob1", with output "c")`, `com.example.Warp (node "w")`} {
		if !strings.Contains(msg, s) {
			t.Errorf("message %q lacks %q", msg, s)
		}
	}
}
