package cmd

import (
	"flag"
	"fmt"
	"sort"
	"strings"

	"github.com/latent-explorer/latent/model"
)

// decodingFlags are a manifest's [decoding] entries as flags, for
// decoders with more than one input or output; they override the space's.
type decodingFlags struct {
	latent, output, class *string
	classes, pick         *int
	threads               *int
	seed                  *uint64
	inputs                fillFlags
}

func addDecodingFlags(flags *flag.FlagSet) *decodingFlags {
	f := &decodingFlags{
		latent:  flags.String("latent-input", "", "the decoder input the codes go to (default: its first float input)"),
		output:  flags.String("decoder-output", "", "the decoder output shown (default: its first)"),
		class:   flags.String("class-input", "", "the decoder's class-label input: integer [batch] or one-hot float [batch, K] (default: an integer [batch] input)"),
		classes: flags.Int("classes", 0, "the number of classes of an integer class input (default: the space's, or its labels')"),
		pick:    flags.Int("class", 0, "the class decoded, for a class-conditional decoder"),
		threads: flags.Int("threads", 0, "threads one decode may use (0: all cores); results do not depend on it"),
		seed:    flags.Uint64("input-seed", 0, "seed of the inputs drawn with --input NAME=normal|uniform"),
		inputs:  fillFlags{},
	}
	flags.Var(f.inputs, "input", "fill another decoder input: `NAME=zeros|NUMBER|normal|uniform` (repeatable; a draw is one seeded item, the same for every code)")
	return f
}

// apply overrides spec with the flags given.
func (f *decodingFlags) apply(spec *model.DecodingSpec) {
	set := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	set(&spec.Latent, *f.latent)
	set(&spec.Output, *f.output)
	set(&spec.Class, *f.class)
	if *f.classes > 0 {
		spec.Classes = *f.classes
	}
	if *f.seed != 0 {
		spec.Seed = *f.seed
	}
	if len(f.inputs) > 0 && spec.Inputs == nil {
		spec.Inputs = map[string]string{}
	}
	for name, v := range f.inputs {
		spec.Inputs[name] = v
	}
}

// check checks the flags that need no model.
func (f *decodingFlags) check() error {
	if *f.classes < 0 {
		return usagef("--classes %d: want a count ≥ 1", *f.classes)
	}
	if *f.threads < 0 {
		return usagef("--threads %d: want a count ≥ 0", *f.threads)
	}
	if *f.pick < 0 {
		return usagef("--class %d: want a class index ≥ 0", *f.pick)
	}
	return nil
}

// classList is the classes for DecodeBatchClass: the one class picked.
func (f *decodingFlags) classList() []int { return []int{*f.pick} }

// fillFlags collects --input NAME=FILL.
type fillFlags map[string]string

func (f fillFlags) String() string {
	parts := make([]string, 0, len(f))
	for k, v := range f {
		parts = append(parts, k+"="+v)
	}
	sort.Strings(parts)
	return strings.Join(parts, ",")
}

func (f fillFlags) Set(s string) error {
	name, v, ok := strings.Cut(s, "=")
	if !ok || name == "" {
		return fmt.Errorf("%q: want NAME=zeros|NUMBER|normal|uniform", s)
	}
	if _, err := model.ParseFill(v); err != nil {
		return err
	}
	f[name] = v
	return nil
}

// loadDecoder loads the decoder at path with spec and the flags over it,
// checking that the class flag names one of its classes.
func (f *decodingFlags) loadDecoder(path string, spec model.DecodingSpec) (*model.Decoder, error) {
	f.apply(&spec)
	dec, err := model.LoadDecoderWith(path, spec)
	if err != nil {
		return nil, err
	}
	if *f.pick > 0 && *f.pick >= dec.Classes() {
		if dec.Classes() == 0 {
			return nil, usagef("--class %d: %s is not class-conditional", *f.pick, path)
		}
		return nil, usagef("--class %d: %s has classes 0 to %d", *f.pick, path, dec.Classes()-1)
	}
	dec.Threads = *f.threads
	return dec, nil
}
