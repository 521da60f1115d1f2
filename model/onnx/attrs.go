package onnx

import (
	"fmt"
)

// nodeCtx is what an operator's builder sees of its node: attributes,
// opset, and the constant inputs (for pre-packing weights).
type nodeCtx struct {
	node  *nodeProto
	opset int64
	m     *Model
	in    []int
	used  map[string]bool
	bad   error // the first attribute of the wrong type
}

func (c *nodeCtx) attr(name string) *attrProto {
	if c.used == nil {
		c.used = map[string]bool{}
	}
	c.used[name] = true
	for _, a := range c.node.attrs {
		if a.name == name {
			return a
		}
	}
	return nil
}

// typed returns the attribute if it has the given type; one of another
// type is recorded as an error for checkAttrs and ignored.
func (c *nodeCtx) typed(name string, typ int64) *attrProto {
	a := c.attr(name)
	if a == nil || a.typ == typ || a.typ == 0 {
		return a
	}
	if c.bad == nil {
		c.bad = fmt.Errorf("attribute %q has type %d, want %d", name, a.typ, typ)
	}
	return nil
}

// checkAttrs reports an attribute of the wrong type or one the builder
// did not read.
func (c *nodeCtx) checkAttrs() error {
	if c.bad != nil {
		return c.bad
	}
	for _, a := range c.node.attrs {
		if !c.used[a.name] {
			return fmt.Errorf("attribute %q: %w", a.name, ErrUnsupported)
		}
	}
	return nil
}

func (c *nodeCtx) int(name string, def int64) int64 {
	if a := c.typed(name, attrInt); a != nil {
		return a.i
	}
	return def
}

func (c *nodeCtx) float(name string, def float32) float32 {
	if a := c.typed(name, attrFloat); a != nil {
		return a.f
	}
	return def
}

func (c *nodeCtx) string(name, def string) string {
	if a := c.typed(name, attrString); a != nil {
		return string(a.s)
	}
	return def
}

// ints returns a list attribute, or nil when absent.
func (c *nodeCtx) ints(name string) []int64 {
	if a := c.typed(name, attrInts); a != nil {
		return a.ints
	}
	return nil
}

// has reports whether the node sets the attribute, marking it read.
func (c *nodeCtx) has(name string) bool { return c.attr(name) != nil }

// input returns the constant value of input k, or nil if it is computed
// or absent.
func (c *nodeCtx) input(k int) *Tensor {
	if k >= len(c.in) || c.in[k] < 0 {
		return nil
	}
	return c.m.consts[c.in[k]]
}

// nInputs returns the number of inputs given, omitted ones included.
func (c *nodeCtx) nInputs() int { return len(c.in) }

// need checks the node has between lo and hi inputs and at least one output.
func (c *nodeCtx) need(lo, hi int) error {
	n := len(c.in)
	if n < lo || n > hi {
		if lo == hi {
			return fmt.Errorf("takes %d inputs, has %d", lo, n)
		}
		return fmt.Errorf("takes %d to %d inputs, has %d", lo, hi, n)
	}
	for k := 0; k < lo; k++ {
		if c.in[k] < 0 {
			return fmt.Errorf("input %d is required", k)
		}
	}
	if len(c.node.outputs) == 0 {
		return fmt.Errorf("has no outputs")
	}
	return nil
}

func toInts(v []int64) []int {
	r := make([]int, len(v))
	for i, x := range v {
		r[i] = int(x)
	}
	return r
}

// normAxis maps a possibly negative axis into [0, rank).
func normAxis(axis, rank int) (int, error) {
	if axis < 0 {
		axis += rank
	}
	if axis < 0 || axis >= rank {
		return 0, fmt.Errorf("axis %d is out of range for rank %d", axis, rank)
	}
	return axis, nil
}
