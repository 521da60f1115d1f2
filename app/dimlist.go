package app

import (
	"strconv"
	"strings"
)

// parseDimList parses dimension indices below d, as "7", "3, 9" or
// "100-163" (ranges inclusive), in the order given without repeats; an
// empty text is nil (every dimension). ok is false for text that is not
// such a list.
func parseDimList(text string, d int) (dims []int, ok bool) {
	if strings.TrimSpace(text) == "" {
		return nil, true
	}
	seen := map[int]bool{}
	for _, part := range strings.Split(text, ",") {
		lo, hi, isRange := strings.Cut(strings.TrimSpace(part), "-")
		a, err := strconv.Atoi(strings.TrimSpace(lo))
		if err != nil {
			return nil, false
		}
		b := a
		if isRange {
			if b, err = strconv.Atoi(strings.TrimSpace(hi)); err != nil {
				return nil, false
			}
		}
		if a < 0 || b < a || b >= d {
			return nil, false
		}
		for i := a; i <= b; i++ {
			if !seen[i] {
				seen[i] = true
				dims = append(dims, i)
			}
		}
	}
	return dims, true
}
