package model

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/latent-explorer/latent/model/onnx"
)

// ONNX element type codes the decoder feeds.
const (
	onnxFloat = 1
	onnxInt32 = 6
	onnxInt64 = 7
)

// feedKind is the role of one decoder input.
type feedKind int

const (
	feedLatent feedKind = iota // the codes
	feedClass                  // a class label: an index, or a one-hot vector
	feedFill                   // constant values or one seeded draw
)

// feed is how one model input is filled for a run.
type feed struct {
	name   string
	kind   feedKind
	typ    int   // ONNX element type
	item   []int // shape of one item (the input's shape after the batch)
	fill   Fill
	values []float32 // one item's values, for feedFill
	onehot bool      // a class given as a one-hot float vector
}

// itemLen is the number of values of one item.
func (f *feed) itemLen() int { return shapeElems(f.item) }

// isIntType reports whether an ONNX element type is an integer one.
func isIntType(t int) bool { return t >= 2 && t <= 7 || t == 12 || t == 13 }

// inputPlan is what planFeeds decides: one feed per model input, in the
// model's order, the latent's and the class's places (class -1 if none)
// and the batch size the inputs fix (0 if dynamic).
type inputPlan struct {
	feeds         []feed
	latent, class int
	fixed         int
}

// planFeeds assigns every input of m a role from spec: the latent (named,
// or the first float input not otherwise named), the class label (named,
// or an integer input of shape [batch]) and fills for the rest.
func planFeeds(m *onnx.Model, spec DecodingSpec) (*inputPlan, error) {
	if err := checkNames(m, spec); err != nil {
		return nil, err
	}
	p := &inputPlan{latent: -1, class: -1, fixed: -1}
	rng := rand.New(rand.NewPCG(spec.Seed, 0x6c6174656e74))
	for k, in := range m.Inputs {
		f, err := newFeed(in)
		if err != nil {
			return nil, err
		}
		if err := p.fixBatch(in); err != nil {
			return nil, err
		}
		switch {
		case in.Name == spec.Latent || spec.Latent == "" && p.latent < 0 && in.Type == onnxFloat && !named(spec, in.Name):
			f.kind, p.latent = feedLatent, k
		case in.Name == spec.Class || spec.Class == "" && p.class < 0 && isIntType(in.Type) && len(f.item) == 0 && !named(spec, in.Name):
			f.kind, p.class = feedClass, k
			f.onehot = in.Type == onnxFloat
		default:
			f.kind = feedFill
			f.fill, _ = ParseFill(spec.Inputs[in.Name]) // checked by DecodingSpec.check
			f.values = f.fill.values(f.itemLen(), rng)
		}
		p.feeds = append(p.feeds, f)
	}
	p.fixed = max(p.fixed, 0)
	return p, p.check()
}

// named reports whether spec names input as something other than the latent.
func named(spec DecodingSpec, input string) bool {
	_, fill := spec.Inputs[input]
	return fill || input == spec.Class
}

// checkNames requires every input spec names to exist.
func checkNames(m *onnx.Model, spec DecodingSpec) error {
	have := map[string]bool{}
	var names []string
	for _, in := range m.Inputs {
		have[in.Name] = true
		names = append(names, in.Name)
	}
	want := []string{spec.Latent, spec.Class}
	for name := range spec.Inputs {
		want = append(want, name)
	}
	for _, w := range want {
		if w != "" && !have[w] {
			return fmt.Errorf("the model has no input %q (its inputs: %s)", w, strings.Join(names, ", "))
		}
	}
	if spec.Output == "" {
		return nil
	}
	for _, o := range m.Outputs {
		if o.Name == spec.Output {
			return nil
		}
	}
	return fmt.Errorf("the model has no output %q", spec.Output)
}

// newFeed checks that input in is [batch, fixed sizes...] of a type a
// decoder can feed.
func newFeed(in onnx.ValueInfo) (feed, error) {
	f := feed{name: in.Name, typ: in.Type}
	if in.Type != onnxFloat && !isIntType(in.Type) {
		return f, fmt.Errorf("input %q has element type %d: want float32 or an integer type", in.Name, in.Type)
	}
	if len(in.Shape) == 0 {
		return f, fmt.Errorf("input %q has shape %s: want [batch, ...]", in.Name, in)
	}
	for _, s := range in.Shape[1:] {
		if s <= 0 {
			return f, fmt.Errorf("input %q has shape %s: all but the batch dimension must be fixed", in.Name, in)
		}
	}
	f.item = append([]int{}, in.Shape[1:]...)
	if len(f.item) == 1 && f.item[0] == 1 && isIntType(in.Type) {
		f.item = nil // a [batch, 1] label is one index per item
	}
	return f, nil
}

// fixBatch records the batch size input in fixes, if any; inputs must
// agree.
func (p *inputPlan) fixBatch(in onnx.ValueInfo) error {
	b := in.Shape[0]
	if b <= 0 {
		b = 0
	}
	if p.fixed >= 0 && b != p.fixed {
		return fmt.Errorf("input %q has shape %s: the inputs disagree on the batch size", in.Name, in)
	}
	p.fixed = b
	return nil
}

func (p *inputPlan) check() error {
	if p.latent < 0 {
		return errors.New("no float input to take the latent codes (name one with decoding.latent)")
	}
	lat := p.feeds[p.latent]
	if lat.typ != onnxFloat || len(lat.item) == 0 {
		return fmt.Errorf("latent input %q must be float32 of shape [batch, ...]", lat.name)
	}
	if p.class >= 0 {
		c := p.feeds[p.class]
		if c.onehot && len(c.item) != 1 {
			return fmt.Errorf("class input %q has item shape %v: want an integer [batch] or a one-hot float [batch, K]", c.name, c.item)
		}
		if !c.onehot && len(c.item) != 0 {
			return fmt.Errorf("class input %q has item shape %v: want one class index per item", c.name, c.item)
		}
	}
	return nil
}

// describe says how input f is fed, for latent info.
func (f *feed) describe(classes int) string {
	switch {
	case f.kind == feedLatent:
		return fmt.Sprintf("latent (%d values per item)", shapeElems(f.item))
	case f.kind == feedClass && f.onehot:
		return fmt.Sprintf("class label, one-hot over %d classes", classes)
	case f.kind == feedClass:
		return fmt.Sprintf("class label, an index below %d", classes)
	case f.fill.Kind == "normal" || f.fill.Kind == "uniform":
		return fmt.Sprintf("filled with one seeded %s draw", f.fill.Kind)
	case f.fill.Kind == "value":
		return fmt.Sprintf("filled with %s", f.fill)
	}
	return "filled with zeros"
}
