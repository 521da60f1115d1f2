package model

import (
	"math"
	"slices"
	"strconv"
)

// DecodingSpec returns the manifest's decoding spec, with DefaultClasses
// set from the space's labels (see ClassNames).
func (s *Space) DecodingSpec() DecodingSpec {
	spec := s.Manifest.DecodingSpec()
	spec.DefaultClasses = len(s.labelClasses())
	return spec
}

// LoadDecoder loads the space's decoder with its DecodingSpec.
func (s *Space) LoadDecoder() (*Decoder, error) {
	return LoadDecoderWith(s.DecoderPath(), s.DecodingSpec())
}

// ClassNames names n classes of a class-conditional decoder, in index
// order: the manifest's decoding.class_names; else the space's labels
// when they name n classes (integer labels 0 to n-1 by their numbers,
// text labels in sorted order); else the numbers 0 to n-1.
func (s *Space) ClassNames(n int) []string {
	if names := s.Manifest.DecodingSpec().ClassNames; len(names) == n {
		return slices.Clone(names)
	}
	if names := s.labelClasses(); len(names) == n {
		return names
	}
	return numberNames(n)
}

// labelClasses returns the classes the labels column names, or nil: the
// numbers 0 to max for non-negative integer labels, the distinct values
// in sorted order for text labels.
func (s *Space) labelClasses() []string {
	if s.Manifest.Labels == "" || s.Meta == nil || len(s.Meta.Columns) == 0 {
		return nil
	}
	c := s.Meta.Columns[0]
	if !c.Numeric() {
		names := slices.Clone(c.Strings)
		slices.Sort(names)
		return slices.Compact(names)
	}
	top := -1.0
	for _, v := range c.Numbers {
		if v < 0 || v != math.Trunc(v) || v > 1<<16 {
			return nil
		}
		top = max(top, v)
	}
	return numberNames(int(top) + 1)
}

func numberNames(n int) []string {
	names := make([]string, n)
	for i := range names {
		names[i] = strconv.Itoa(i)
	}
	return names
}
