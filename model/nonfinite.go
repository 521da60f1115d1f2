package model

import (
	"fmt"
	"math"
)

// NonFinite counts the NaN and infinite values among Of values, as a
// decoder's output is checked: a NaN would otherwise show as a black
// pixel, silently.
type NonFinite struct {
	NaN, Inf, Of int
}

// CountNonFinite counts the NaN and ±Inf values of y.
func CountNonFinite(y []float32) NonFinite {
	n := NonFinite{Of: len(y)}
	for _, v := range y {
		if math.Float32bits(v)&0x7f800000 != 0x7f800000 { // finite: not all exponent bits
			continue
		}
		if v != v {
			n.NaN++
		} else {
			n.Inf++
		}
	}
	return n
}

// Any reports whether some value is not finite.
func (n NonFinite) Any() bool { return n.NaN+n.Inf > 0 }

// Err returns nil when every value is finite, else an error wrapping
// ErrNonFinite: "the decoder's output holds 12 NaN and 0 Inf among 784 values".
func (n NonFinite) Err() error {
	if !n.Any() {
		return nil
	}
	return fmt.Errorf("%w: the decoder's output holds %d NaN and %d Inf among %d values", ErrNonFinite, n.NaN, n.Inf, n.Of)
}

// CheckDecoder checks that a decoder whose items have shape dec agrees
// with the output spec: an image or vector shape the spec gives must hold
// as many values.
func (o *OutputSpec) CheckDecoder(dec []int) error {
	if len(o.Shape) == 0 {
		return nil
	}
	if n, m := shapeElems(o.Shape), shapeElems(dec); n != m {
		return fmt.Errorf("%w: output.shape %v holds %d values, the decoder makes %v (%d)", ErrShape, o.Shape, n, dec, m)
	}
	return nil
}
