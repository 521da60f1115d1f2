package onnx

import (
	"fmt"
	"sort"
	"strings"
)

// einsum is Einsum (opset 12): a sum of products over the labels of an
// equation in NumPy's notation ("bij,bjk->bik", "ii->i", "...ij,...jk"),
// with "..." for broadcast leading dimensions and, without "->", the
// output labels those that occur once, in alphabetical order. It loops
// over the labels directly, accumulating in float64.
type einsum struct {
	inputs [][]rune // labels of each input, "..." kept as '.'
	output []rune   // nil: implicit
}

func buildEinsum(c *nodeCtx) (op, error) {
	if !c.has("equation") {
		return nil, fmt.Errorf("Einsum without equation")
	}
	eq := strings.ReplaceAll(c.string("equation", ""), " ", "")
	lhs, rhs, explicit := strings.Cut(eq, "->")
	o := einsum{}
	for _, term := range strings.Split(lhs, ",") {
		o.inputs = append(o.inputs, einsumLabels(term))
	}
	if explicit {
		o.output = einsumLabels(rhs)
	}
	if err := c.need(len(o.inputs), len(o.inputs)); err != nil {
		return nil, fmt.Errorf("equation %q: %w", eq, err)
	}
	for _, ls := range append(append([][]rune(nil), o.inputs...), o.output) {
		for _, l := range ls {
			if l != '.' && !('a' <= l && l <= 'z' || 'A' <= l && l <= 'Z') {
				return nil, fmt.Errorf("equation %q: bad label %q", eq, l)
			}
		}
	}
	return o, nil
}

// maxEinsumWork bounds the products an Einsum computes, so that a
// malformed model fails instead of running for hours.
const maxEinsumWork = 1 << 36

// einsumLabels returns a term's labels with "..." as one '.'.
func einsumLabels(term string) []rune {
	return []rune(strings.ReplaceAll(term, "...", "."))
}

// einsumPlan is an equation bound to input shapes: every label's size,
// the output's labels, and each input's stride for each label.
type einsumPlan struct {
	size    map[rune]int
	out     []rune
	summed  []rune
	strides []map[rune]int
}

func (o einsum) bind(in []*Tensor) (*einsumPlan, error) {
	p := &einsumPlan{size: map[rune]int{}}
	ell, err := o.ellipsisRank(in)
	if err != nil {
		return nil, err
	}
	count := map[rune]int{} // occurrences of each label in the inputs
	for k, ls := range o.inputs {
		labels, err := expandEllipsis(ls, len(in[k].Shape), ell)
		if err != nil {
			return nil, fmt.Errorf("input %d: %w", k, err)
		}
		st, err := p.addInput(labels, in[k].Shape)
		if err != nil {
			return nil, err
		}
		p.strides = append(p.strides, st)
		for _, l := range labels {
			count[l]++
		}
	}
	p.out = implicitOutput(count, ell)
	if o.output != nil {
		if p.out, err = expandEllipsis(o.output, -1, ell); err != nil {
			return nil, err
		}
	}
	return p, p.splitLabels()
}

// ellipsisRank returns the number of dimensions "..." stands for: the
// most any input leaves to it.
func (o einsum) ellipsisRank(in []*Tensor) (int, error) {
	ell := 0
	for k, ls := range o.inputs {
		n := len(ls)
		if strings.ContainsRune(string(ls), '.') {
			ell = max(ell, len(in[k].Shape)-(n-1))
		} else if n != len(in[k].Shape) {
			return 0, fmt.Errorf("input %d of shape %v for %d labels", k, in[k].Shape, n)
		}
	}
	return ell, nil
}

// splitLabels checks the output labels and sets summed to the others, in
// order.
func (p *einsumPlan) splitLabels() error {
	inOut := map[rune]bool{}
	for _, l := range p.out {
		if _, ok := p.size[l]; !ok || inOut[l] {
			return fmt.Errorf("output label %q is repeated or in no input", l)
		}
		inOut[l] = true
	}
	for l := range p.size {
		if !inOut[l] {
			p.summed = append(p.summed, l)
		}
	}
	sort.Slice(p.summed, func(a, b int) bool { return p.summed[a] < p.summed[b] })
	return nil
}

// ellipsisLabel is the label of dimension i of the ones "..." stands for;
// they lie below every letter.
func ellipsisLabel(i int) rune { return rune('0' + i) }

// expandEllipsis replaces '.' with the last rank−(len−1) of the ell
// labels "..." stands for (all of them when rank < 0).
func expandEllipsis(ls []rune, rank, ell int) ([]rune, error) {
	var r []rune
	for _, l := range ls {
		if l != '.' {
			r = append(r, l)
			continue
		}
		e := ell
		if rank >= 0 {
			e = rank - (len(ls) - 1)
		}
		if e < 0 {
			return nil, fmt.Errorf("rank %d for labels %q", rank, string(ls))
		}
		for i := ell - e; i < ell; i++ {
			r = append(r, ellipsisLabel(i))
		}
	}
	return r, nil
}

// addInput records an input's label sizes (broadcasting "..." ones) and
// returns its strides by label; a repeated label sums its strides (a
// diagonal).
func (p *einsumPlan) addInput(labels []rune, shape []int) (map[rune]int, error) {
	var st [maxRank]int
	strides(st[:], shape)
	m := map[rune]int{}
	for i, l := range labels {
		d := shape[i]
		have, ok := p.size[l]
		if l < 'A' && d == 1 { // a "..." dimension of 1 broadcasts: stride 0
			if !ok {
				p.size[l] = 1
			}
			continue
		}
		if ok && have != d && !(l < 'A' && have == 1) {
			return nil, fmt.Errorf("label %q has sizes %d and %d", l, have, d)
		}
		p.size[l] = d
		m[l] += st[i]
	}
	return m, nil
}

// implicitOutput is the "..." labels, then the letters that occur once,
// in alphabetical order.
func implicitOutput(count map[rune]int, ell int) []rune {
	var out, once []rune
	for i := 0; i < ell; i++ {
		out = append(out, ellipsisLabel(i))
	}
	for l, n := range count {
		if n == 1 && l >= 'A' {
			once = append(once, l)
		}
	}
	sort.Slice(once, func(a, b int) bool { return once[a] < once[b] })
	return append(out, once...)
}

func (o einsum) run(s *Session, in, out []*Tensor) error {
	for _, t := range in {
		if !t.IsFloat() {
			return fmt.Errorf("integer inputs: %w", ErrUnsupported)
		}
	}
	p, err := o.bind(in)
	if err != nil {
		return err
	}
	shape := make([]int, len(p.out))
	for i, l := range p.out {
		shape[i] = p.size[l]
	}
	if err := checkSize(shape...); err != nil {
		return err
	}
	total := 1
	for _, l := range p.summed {
		total *= p.size[l]
		if total > maxEinsumWork {
			return fmt.Errorf("summing over %d terms per element is too much work", total)
		}
	}
	if numel(shape) > 0 && total > maxEinsumWork/numel(shape) {
		return fmt.Errorf("%d output elements of %d terms each is too much work", numel(shape), total)
	}
	y := out[0].floats(shape...)
	odo, inner := newOdometer(p, p.out, len(in)), newOdometer(p, p.summed, len(in))
	for k := range y {
		y[k] = float32(contract(in, odo.off, inner, total))
		odo.next()
	}
	return nil
}

// contract sums the products of the inputs over the total combinations
// of the summed labels inner walks, from the inputs' offsets base. It
// leaves inner where it started.
func contract(in []*Tensor, base []int, inner *odometer, total int) float64 {
	var sum float64
	for n := 0; n < total; n++ {
		prod := 1.0
		for k, t := range in {
			prod *= float64(t.Float[base[k]+inner.off[k]])
		}
		sum += prod
		inner.next()
	}
	return sum
}

// odometer walks every combination of some labels' values, last label
// fastest, keeping each input's offset.
type odometer struct {
	labels []rune
	size   []int
	st     [][]int // st[i][k]: input k's stride for label i
	idx    []int
	off    []int
}

func newOdometer(p *einsumPlan, labels []rune, n int) *odometer {
	o := &odometer{labels: labels, idx: make([]int, len(labels)), off: make([]int, n)}
	for _, l := range labels {
		o.size = append(o.size, p.size[l])
		st := make([]int, n)
		for k := range st {
			st[k] = p.strides[k][l]
		}
		o.st = append(o.st, st)
	}
	return o
}

func (o *odometer) next() {
	for i := len(o.idx) - 1; i >= 0; i-- {
		o.idx[i]++
		for k := range o.off {
			o.off[k] += o.st[i][k]
		}
		if o.idx[i] < o.size[i] {
			return
		}
		for k := range o.off {
			o.off[k] -= o.st[i][k] * o.size[i]
		}
		o.idx[i] = 0
	}
}
