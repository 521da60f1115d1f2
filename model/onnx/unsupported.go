package onnx

import (
	"fmt"
	"strings"
)

// An UnsupportedError lists every operator of a model that the
// interpreter cannot run, so that a user sees the whole list at once. It
// matches errors.Is(err, ErrUnsupported).
type UnsupportedError struct {
	Opset int64
	// Ops holds one entry per operator type and reason, in graph order.
	Ops []UnsupportedOp
}

// UnsupportedOp is one operator type refused for one reason, with the
// nodes that use it.
type UnsupportedOp struct {
	OpType string
	Domain string // "" for the default ONNX domain
	// Nodes names the nodes (by name, or by their outputs when unnamed).
	Nodes []string
	// Reason says what is missing when the operator itself is supported
	// (an attribute, a number of dimensions); "" for an operator the
	// interpreter does not implement at all.
	Reason string
}

func (e *UnsupportedError) Error() string {
	parts := make([]string, len(e.Ops))
	for i, o := range e.Ops {
		parts[i] = o.String()
	}
	noun := "operators"
	if len(e.Ops) == 1 {
		noun = "operator"
	}
	return fmt.Sprintf("opset %d: %d %s not supported: %s", e.Opset, len(e.Ops), noun, strings.Join(parts, "; "))
}

// Is makes errors.Is(err, ErrUnsupported) hold.
func (e *UnsupportedError) Is(target error) bool { return target == ErrUnsupported }

// String formats the operator as Conv (nodes "a", "b"): reason.
func (o UnsupportedOp) String() string {
	name := o.OpType
	if o.Domain != "" {
		name = o.Domain + "." + o.OpType
	}
	label := "node"
	if len(o.Nodes) > 1 {
		label = "nodes"
	}
	s := fmt.Sprintf("%s (%s %s)", name, label, strings.Join(o.Nodes, ", "))
	if o.Reason != "" {
		s += ": " + o.Reason
	}
	return s
}

// add records a refused node, grouping it with others of the same type
// and reason.
func (e *UnsupportedError) add(ne *nodeError) {
	n := ne.node
	reason := ne.err.Error()
	if reason == fmt.Sprintf("operator %s: %v", n.opType, ErrUnsupported) || n.domain != "" && n.domain != "ai.onnx" {
		reason = ""
	}
	label := fmt.Sprintf("%q", n.name)
	if n.name == "" {
		label = fmt.Sprintf("with output %q", strings.Join(n.outputs, ","))
	}
	for i := range e.Ops {
		o := &e.Ops[i]
		if o.OpType == n.opType && o.Domain == n.domain && o.Reason == reason {
			o.Nodes = append(o.Nodes, label)
			return
		}
	}
	e.Ops = append(e.Ops, UnsupportedOp{OpType: n.opType, Domain: n.domain, Nodes: []string{label}, Reason: reason})
}

// nodeError is a failure to compile one node.
type nodeError struct {
	node  *nodeProto
	opset int64
	err   error
}

func (e *nodeError) Error() string {
	return fmt.Sprintf("node %s, opset %d: %v", nodeName(e.node), e.opset, e.err)
}

func (e *nodeError) Unwrap() error { return e.err }
