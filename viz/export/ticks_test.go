package export

import (
	"slices"
	"testing"
)

func TestNiceTicks(t *testing.T) {
	// Labels at Heckbert's nice steps with the decimals the step needs.
	for _, c := range []struct {
		lo, hi float64
		want   []string
	}{
		{-31, 32, []string{"-30", "-20", "-10", "0", "10", "20", "30"}},
		{0, 1, []string{"0.0", "0.2", "0.4", "0.6", "0.8", "1.0"}},
		{-0.013, 0.011, []string{"-0.010", "-0.005", "0.000", "0.005", "0.010"}},
		{0, 12, []string{"0.0", "2.5", "5.0", "7.5", "10.0"}},
		{3, 3.9, []string{"3.0", "3.2", "3.4", "3.6", "3.8"}},
	} {
		var got []string
		for _, tk := range (niceTicks{}).Ticks(c.lo, c.hi) {
			if tk.Label != "" {
				got = append(got, tk.Label)
			}
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("ticks of [%g, %g] = %q, want %q", c.lo, c.hi, got, c.want)
		}
	}
}
