package onnx

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

// Opset range the interpreter implements.
const (
	MinOpset = 9
	MaxOpset = 21
)

// ErrUnsupported is wrapped by errors for operators or attributes the
// interpreter does not implement.
var ErrUnsupported = errors.New("not supported")

// A Model is a loaded ONNX graph, ready to run. It is read-only after
// Load and safe for concurrent use; each goroutine runs it through its own
// Session.
type Model struct {
	IRVersion int64
	Producer  string
	Opset     int64
	// Inputs and Outputs describe the graph's inputs (initializers
	// excluded) and outputs as the file declares them.
	Inputs, Outputs []ValueInfo
	// OpCounts counts the graph's nodes by operator type, as stored.
	OpCounts map[string]int
	// Params is the number of elements in the initializers.
	Params int

	names     []string  // value names by index
	consts    []*Tensor // constant values by index; nil if computed
	steps     []step
	inputIdx  []int
	outputIdx []int
	group     []int // each value's shared buffer, -1: its own (memplan.go)
	groups    int   // the number of shared buffers
	sessions  sync.Pool
}

// ValueInfo describes one graph input or output.
type ValueInfo struct {
	Name string
	// Shape holds each dimension, -1 where it is symbolic or unknown; nil
	// if the file gives no shape.
	Shape []int
	// DimNames holds the symbolic names ("batch") where the file gives
	// them.
	DimNames []string
	// Type is the ONNX element type code (TypeFloat32, TypeInt64, ...); 0
	// if the file does not say.
	Type int
}

// String formats the shape as [batch 1 28 28].
func (v ValueInfo) String() string {
	parts := make([]string, len(v.Shape))
	for i, d := range v.Shape {
		switch {
		case d >= 0:
			parts[i] = fmt.Sprint(d)
		case v.DimNames[i] != "":
			parts[i] = v.DimNames[i]
		default:
			parts[i] = "?"
		}
	}
	return "[" + strings.Join(parts, " ") + "]"
}

// InputIndex returns the position of the input called name in Inputs
// (and in the arguments of Session.Run), or -1.
func (m *Model) InputIndex(name string) int { return indexOf(m.Inputs, name) }

// OutputIndex returns the position of the output called name in Outputs
// (and in the results of Session.Run), or -1.
func (m *Model) OutputIndex(name string) int { return indexOf(m.Outputs, name) }

func indexOf(vs []ValueInfo, name string) int {
	for i, v := range vs {
		if v.Name == name {
			return i
		}
	}
	return -1
}

// step is one node to run: its operator and value indices.
type step struct {
	op      op
	in, out []int
	name    string
	opType  string
	// shapeOnly marks a step whose result depends only on the shapes of
	// the graph inputs (Shape and arithmetic on its result): a session
	// skips it while the input shapes stay the same.
	shapeOnly bool
}

// op is a compiled operator. run reads in (nil for an omitted optional
// input) and writes out, reusing the outputs' storage.
type op interface {
	run(s *Session, in, out []*Tensor) error
}

// Load reads and compiles the ONNX model in the file at path.
func Load(path string) (*Model, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	m, err := parse(b, filepath.Dir(path))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// Parse compiles an ONNX model from its serialized bytes. A model whose
// tensors are stored in external data files must be read with Load,
// which finds them beside the model.
func Parse(b []byte) (*Model, error) { return parse(b, "") }

// parse compiles a model whose external data files lie in dir ("": none
// may be read).
func parse(b []byte, dir string) (*Model, error) {
	if len(b) == 0 {
		return nil, errors.New("empty file, not an ONNX model")
	}
	mp, err := parseModel(b)
	if err != nil {
		return nil, fmt.Errorf("not a valid ONNX model: %w", err)
	}
	if mp.graph == nil {
		return nil, errors.New("not a valid ONNX model: no graph")
	}
	m := &Model{IRVersion: mp.irVersion, Producer: mp.producer, OpCounts: map[string]int{}}
	for _, o := range mp.opsets {
		if o.domain == "" || o.domain == "ai.onnx" {
			m.Opset = o.version
		}
	}
	if m.Opset == 0 {
		return nil, errors.New("the model imports no default-domain opset")
	}
	if m.Opset < MinOpset || m.Opset > MaxOpset {
		return nil, fmt.Errorf("opset %d: %w (this interpreter runs opsets %d to %d)", m.Opset, ErrUnsupported, MinOpset, MaxOpset)
	}
	if err := m.compile(mp.graph, dir); err != nil {
		return nil, err
	}
	return m, nil
}

// builder holds the state of compiling one graph.
type builder struct {
	m         *Model
	index     map[string]int
	shapeVals map[int]bool // values computed by shapeOnly steps
	dir       string       // the model's folder, for external data ("": none)
}

func (b *builder) value(name string) int {
	if i, ok := b.index[name]; ok {
		return i
	}
	i := len(b.m.names)
	b.index[name] = i
	b.m.names = append(b.m.names, name)
	b.m.consts = append(b.m.consts, nil)
	return i
}

func (m *Model) compile(g *graphProto, dir string) error {
	b := &builder{m: m, index: map[string]int{}, shapeVals: map[int]bool{}, dir: dir}
	if err := b.addInitializers(g); err != nil {
		return err
	}
	if err := b.addInputs(g); err != nil {
		return err
	}
	order, err := topoSort(g, b.index)
	if err != nil {
		return err
	}
	for _, n := range order {
		m.OpCounts[n.opType]++
	}
	var unsupported UnsupportedError
	for _, n := range b.fuse(order, g.outputs) {
		err := b.addNode(n)
		var ne *nodeError
		switch {
		case err == nil:
		case errors.As(err, &ne) && errors.Is(err, ErrUnsupported):
			unsupported.add(ne)
		case len(unsupported.Ops) == 0:
			return err
		default:
			// Later failures may follow from the nodes refused so far.
			unsupported.Opset = m.Opset
			return &unsupported
		}
	}
	if len(unsupported.Ops) > 0 {
		unsupported.Opset = m.Opset
		return &unsupported
	}
	if err := b.addOutputs(g); err != nil {
		return err
	}
	m.fuseSteps()
	m.planMemory()
	return nil
}

func (b *builder) addInitializers(g *graphProto) error {
	for _, tp := range g.initializers {
		if tp.name == "" {
			return errors.New("an initializer has no name")
		}
		if _, dup := b.index[tp.name]; dup {
			return fmt.Errorf("initializer %q is defined twice", tp.name)
		}
		if tp.external {
			if err := readExternal(tp, b.dir); err != nil {
				return fmt.Errorf("initializer %w", err)
			}
		}
		t, err := tensorFromProto(tp)
		if err != nil {
			return fmt.Errorf("initializer %w", err)
		}
		b.m.consts[b.value(tp.name)] = t
		b.m.Params += t.Len()
	}
	return nil
}

func (b *builder) addInputs(g *graphProto) error {
	for _, vi := range g.inputs {
		if i, ok := b.index[vi.name]; ok && b.m.consts[i] != nil {
			continue // an initializer listed as input (IR version < 4)
		} else if ok {
			return fmt.Errorf("input %q is declared twice", vi.name)
		}
		if vi.elemType != 0 && elemSize(int(vi.elemType)) == 0 {
			return fmt.Errorf("input %q has element type %d: %w", vi.name, vi.elemType, ErrUnsupported)
		}
		b.m.inputIdx = append(b.m.inputIdx, b.value(vi.name))
		b.m.Inputs = append(b.m.Inputs, info(vi))
	}
	return nil
}

func info(vi *valueInfo) ValueInfo {
	v := ValueInfo{Name: vi.name, Type: int(vi.elemType)}
	if !vi.hasShape {
		return v
	}
	v.Shape = make([]int, len(vi.shape))
	v.DimNames = make([]string, len(vi.shape))
	for i, d := range vi.shape {
		v.Shape[i], v.DimNames[i] = -1, d.param
		if d.known && d.value >= 0 && d.value < 1<<31 {
			v.Shape[i] = int(d.value)
		}
	}
	return v
}

func (b *builder) addOutputs(g *graphProto) error {
	if len(g.outputs) == 0 {
		return errors.New("the graph has no outputs")
	}
	for _, vi := range g.outputs {
		i, ok := b.index[vi.name]
		if !ok {
			return fmt.Errorf("output %q is not produced by any node", vi.name)
		}
		b.m.outputIdx = append(b.m.outputIdx, i)
		b.m.Outputs = append(b.m.Outputs, info(vi))
	}
	return nil
}

// topoSort orders the nodes so each runs after the producers of its
// inputs, and reports cycles and inputs nothing produces.
func topoSort(g *graphProto, known map[string]int) ([]*nodeProto, error) {
	producer := map[string]int{}
	for i, n := range g.nodes {
		for _, o := range n.outputs {
			if o == "" {
				continue
			}
			if _, dup := producer[o]; dup {
				return nil, fmt.Errorf("value %q is produced by two nodes", o)
			}
			if _, dup := known[o]; dup {
				return nil, fmt.Errorf("node %s writes %q, which is a graph input or initializer", nodeName(n), o)
			}
			producer[o] = i
		}
	}
	indeg := make([]int, len(g.nodes))
	users := make([][]int, len(g.nodes))
	for i, n := range g.nodes {
		for _, in := range n.inputs {
			if in == "" {
				continue
			}
			if p, ok := producer[in]; ok {
				indeg[i]++
				users[p] = append(users[p], i)
			} else if _, ok := known[in]; !ok {
				return nil, fmt.Errorf("node %s reads %q, which is no graph input, initializer or node output", nodeName(n), in)
			}
		}
	}
	var queue, order []int
	for i, d := range indeg {
		if d == 0 {
			queue = append(queue, i)
		}
	}
	for len(queue) > 0 {
		i := queue[0]
		queue = queue[1:]
		order = append(order, i)
		for _, u := range users[i] {
			if indeg[u]--; indeg[u] == 0 {
				queue = append(queue, u)
			}
		}
	}
	if len(order) < len(g.nodes) {
		for i, d := range indeg {
			if d > 0 {
				return nil, fmt.Errorf("the graph has a cycle through node %s", nodeName(g.nodes[i]))
			}
		}
	}
	nodes := make([]*nodeProto, len(order))
	for k, i := range order {
		nodes[k] = g.nodes[i]
	}
	return nodes, nil
}

func nodeName(n *nodeProto) string {
	if n.name != "" {
		return fmt.Sprintf("%q (%s)", n.name, n.opType)
	}
	return fmt.Sprintf("%s with output %q", n.opType, strings.Join(n.outputs, ","))
}

// buildFused compiles node n, fused into another's step, on the values
// in: its operator, or an error naming n.
func (b *builder) buildFused(n *nodeProto, in []int, build func(*nodeCtx) (op, error)) (op, error) {
	ctx := &nodeCtx{node: n, opset: b.m.Opset, m: b.m, in: in}
	o, err := build(ctx)
	if err == nil {
		err = ctx.checkAttrs()
	}
	if err != nil {
		return nil, &nodeError{n, b.m.Opset, err}
	}
	return o, nil
}

// addNode compiles one node; when all its inputs are constant it runs it
// at once and keeps its outputs as constants (constant folding).
func (b *builder) addNode(n *nodeProto) error {
	if n.domain != "" && n.domain != "ai.onnx" {
		return &nodeError{n, b.m.Opset, fmt.Errorf("operator domain %q: %w", n.domain, ErrUnsupported)}
	}
	st := step{name: n.name, opType: n.opType}
	for _, in := range n.inputs {
		st.in = append(st.in, -1)
		if in != "" {
			st.in[len(st.in)-1] = b.value(in)
		}
	}
	for _, o := range n.outputs {
		st.out = append(st.out, b.value(o))
	}
	ctx := &nodeCtx{node: n, opset: b.m.Opset, m: b.m, in: st.in}
	o, err := buildOp(ctx)
	if err == nil {
		err = ctx.checkAttrs()
	}
	if err != nil {
		return &nodeError{n, b.m.Opset, err}
	}
	if a := n.fusedAct; a != nil {
		u, err := b.buildFused(a, st.in[:1], buildUnary)
		if err != nil {
			return err
		}
		if ct, ok := o.(*convTranspose); ok {
			ct.act = chanAct{f: u.(unary).f, relu: a.opType == "Relu" && a.domain == ""} // applied as it writes each channel
		} else if in, ok := o.(actInside); ok {
			in.setAct(u.(unary).f)
		} else {
			o = fusedAct{op: o, act: u.(unary).f}
		}
	}
	if n.silu {
		o = siluOp{o}
	}
	if sm := n.softmax; sm != nil {
		so, err := b.buildFused(sm, st.in[:1], buildSoftmax)
		if err != nil {
			return err
		}
		o = scaledSoftmax{bin: o, sm: so.(softmax), div: n.opType == "Div"}
	}
	if n.bias != nil {
		o.(*matMul).bias = n.bias.Float
	}
	if n.residual != "" {
		o.(*matMul).residual = true
		st.in = append(st.in, b.value(n.residual))
	}
	if n.gelu != nil {
		if mm, ok := o.(*matMul); ok {
			mm.act = n.gelu.act()
		} else {
			o = geluOp{*n.gelu}
		}
	}
	if tn := n.splitOf; tn != nil {
		to, err := b.buildFused(tn, st.in[:1], buildTranspose)
		if err != nil {
			return err
		}
		o = transposeSplit{t: to.(transpose), s: o.(split)}
		if n.qkv != nil {
			if o, err = b.qkvOp(n, o.(transposeSplit), &st); err != nil {
				return err
			}
		}
	}
	if n.gn != nil {
		o = gnOp{o: o.(*instanceNorm), f: n.gn}
		st.in = append(st.in, b.value(n.gn.x))
	}
	st.op = o
	if shape := b.staticInputShape(st); shape != nil {
		// Shape of an input whose shape the file fixes.
		out := &Tensor{}
		if err := safeRun(o, nil, []*Tensor{{Shape: shape}}, []*Tensor{out}); err != nil {
			return fmt.Errorf("node %s: %w", nodeName(n), err)
		}
		b.m.consts[st.out[0]] = out
		return nil
	}
	if b.foldable(st) {
		return b.fold(st)
	}
	st.shapeOnly = b.shapeOnly(st)
	for _, i := range st.out {
		b.shapeVals[i] = st.shapeOnly
	}
	b.m.steps = append(b.m.steps, st)
	return nil
}

// shapeOnly reports whether a step computes from input shapes alone:
// a Shape node, or a node all of whose inputs are constants or such
// results.
func (b *builder) shapeOnly(st step) bool {
	if st.opType == "Shape" {
		return true
	}
	if drawsRandom(st.op) {
		return false
	}
	for _, i := range st.in {
		if i >= 0 && b.m.consts[i] == nil && !b.shapeVals[i] {
			return false
		}
	}
	return true
}

func (b *builder) foldable(st step) bool {
	if drawsRandom(st.op) {
		return false
	}
	for _, i := range st.in {
		if i >= 0 && b.m.consts[i] == nil {
			return false
		}
	}
	return true
}

// fold runs a step whose inputs are all constant.
func (b *builder) fold(st step) error {
	s := &Session{m: b.m}
	in := make([]*Tensor, len(st.in))
	for k, i := range st.in {
		if i >= 0 {
			in[k] = b.m.consts[i]
		}
	}
	out := make([]*Tensor, len(st.out))
	for k := range out {
		out[k] = &Tensor{}
	}
	if err := safeRun(st.op, s, in, out); err != nil {
		return fmt.Errorf("node %q (%s): folding constants: %w", st.name, st.opType, err)
	}
	for k, i := range st.out {
		b.m.consts[i] = out[k].clone()
	}
	return nil
}

// OpTypes returns the operator types in the model, sorted.
func (m *Model) OpTypes() []string {
	var t []string
	for k := range m.OpCounts {
		t = append(t, k)
	}
	sort.Strings(t)
	return t
}

// staticInputShape returns the shape of a Shape node's input when it is a
// graph input with every dimension fixed, else nil.
func (b *builder) staticInputShape(st step) []int {
	if st.opType != "Shape" || len(st.in) != 1 {
		return nil
	}
	for k, i := range b.m.inputIdx {
		if i != st.in[0] {
			continue
		}
		shape := b.m.Inputs[k].Shape
		for _, d := range shape {
			if d < 0 {
				return nil
			}
		}
		return shape
	}
	return nil
}
