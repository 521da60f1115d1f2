package model

import (
	"fmt"
	"testing"
)

// TestParseDims: the traversal rows latent traverse's --dims and the
// traversal panel read, against 4 dimensions of variance order 2, 0, 3, 1.
func TestParseDims(t *testing.T) {
	st := &Stats{Mean: make([]float64, 4), Std: []float64{3, 1, 4, 2}, Order: []int{2, 0, 3, 1}}
	for _, c := range []struct {
		text, want string // want "" for an error
	}{
		{"all", "[0 1 2 3]"}, {" top:2 ", "[2 0]"}, {"top:9", "[2 0 3 1]"},
		{"3, 1,1", "[3 1 1]"}, {"1-3,0", "[1 2 3 0]"},
		{"top:0", ""}, {"top:x", ""}, {"4", ""}, {"-1", ""}, {"3-1", ""}, {"0,,1", ""}, {"", ""},
	} {
		got, err := ParseDims(c.text, st)
		if (c.want == "") != (err != nil) || (err == nil && fmt.Sprint(got) != c.want) {
			t.Errorf("%q: %v, %v; want %s", c.text, got, err, c.want)
		}
	}
}
