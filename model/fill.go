package model

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
)

// A Fill says how a decoder input other than the latent and the class
// label is filled: with zeros, a constant, or one seeded draw (standard
// normal, or uniform on [0, 1)) of one item's values, reused for every
// item so that decoding stays a function of the code.
type Fill struct {
	// Kind is "zeros", "value", "normal" or "uniform".
	Kind string
	// Value is every element's value when Kind is "value".
	Value float64
}

// ParseFill parses a fill as a manifest or a flag gives it: "zeros", a
// number, "normal" or "uniform".
func ParseFill(s string) (Fill, error) {
	switch t := strings.TrimSpace(s); t {
	case "zeros", "":
		return Fill{Kind: "zeros"}, nil
	case "normal", "uniform":
		return Fill{Kind: t}, nil
	default:
		v, err := strconv.ParseFloat(t, 64)
		if err != nil {
			return Fill{}, fmt.Errorf("fill %q: want zeros, a number, normal or uniform", s)
		}
		return Fill{Kind: "value", Value: v}, nil
	}
}

// String is the fill as ParseFill reads it.
func (f Fill) String() string {
	if f.Kind == "value" {
		return strconv.FormatFloat(f.Value, 'g', -1, 64)
	}
	return f.Kind
}

// values returns one item of n values, drawing from rng for a draw.
func (f Fill) values(n int, rng *rand.Rand) []float32 {
	v := make([]float32, n)
	for i := range v {
		switch f.Kind {
		case "value":
			v[i] = float32(f.Value)
		case "normal":
			v[i] = float32(rng.NormFloat64())
		case "uniform":
			v[i] = float32(rng.Float64())
		}
	}
	return v
}
