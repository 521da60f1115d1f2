package model

import (
	"fmt"
	"strconv"
	"strings"
)

// ParseDims reads the rows of a traversal as latent traverse's --dims and
// the traversal panel take them: "all", "top:K" (the first K of st.Order:
// by decreasing variance, or the order the sliders were given), or
// dimension indices and inclusive ranges such as "0,3,7" or "2-5", in the
// order given (a repeated dimension is a repeated row).
func ParseDims(text string, st *Stats) ([]int, error) {
	text = strings.TrimSpace(text)
	d := len(st.Order)
	switch {
	case text == "all":
		dims := make([]int, d)
		for i := range dims {
			dims[i] = i
		}
		return dims, nil
	case strings.HasPrefix(text, "top:"):
		k, err := strconv.Atoi(strings.TrimPrefix(text, "top:"))
		if err != nil || k < 1 {
			return nil, fmt.Errorf("%q: want top:K with K ≥ 1", text)
		}
		return append([]int(nil), st.Order[:min(k, d)]...), nil
	}
	dims, err := parseDimList(text, d, false)
	if err == nil && len(dims) == 0 {
		err = fmt.Errorf("%q: want a list such as 0,3,7 or 2-5, all, or top:K", text)
	}
	return dims, err
}

// ParseDimList reads dimension indices below d, as "7", "3, 9" or
// "100-163" (ranges inclusive), in the order given without repeats; an
// empty text is nil (every dimension). ok is false for text that is not
// such a list.
func ParseDimList(text string, d int) (dims []int, ok bool) {
	if strings.TrimSpace(text) == "" {
		return nil, true
	}
	dims, err := parseDimList(text, d, true)
	return dims, err == nil
}

// parseDimList reads a list of indices and ranges below d, dropping
// repeats if asked.
func parseDimList(text string, d int, unique bool) ([]int, error) {
	var dims []int
	seen := map[int]bool{}
	for _, part := range strings.Split(text, ",") {
		lo, hi, isRange := strings.Cut(strings.TrimSpace(part), "-")
		a, err := strconv.Atoi(strings.TrimSpace(lo))
		b := a
		if err == nil && isRange {
			b, err = strconv.Atoi(strings.TrimSpace(hi))
		}
		if err != nil || b < a || (isRange && lo == "") {
			return nil, fmt.Errorf("%q: want a list such as 0,3,7 or 2-5, all, or top:K", text)
		}
		for _, v := range []int{a, b} {
			if v < 0 || v >= d {
				return nil, fmt.Errorf("no dimension %d; the codes have %d (0 to %d)", v, d, d-1)
			}
		}
		for i := a; i <= b; i++ {
			if !unique || !seen[i] {
				seen[i] = true
				dims = append(dims, i)
			}
		}
	}
	return dims, nil
}
