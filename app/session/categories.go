package session

import (
	"math"
	"sort"
	"strconv"

	"github.com/latent-explorer/latent/model"
)

// maxIntegerCategories is the most distinct integer values a numeric
// column may have and still be coloured as categories (digit labels).
const maxIntegerCategories = 24

// maxLegendCategories is the most categories coloured and listed; rarer
// ones draw in the missing colour.
const maxLegendCategories = 40

// IsCategorical reports whether a column is coloured by category: strings,
// or a few distinct integers such as digit labels.
func IsCategorical(c *model.Column) bool {
	if !c.Numeric() {
		return true
	}
	seen := map[float64]bool{}
	for _, v := range c.Numbers {
		if v != math.Trunc(v) {
			return false
		}
		seen[v] = true
		if len(seen) > maxIntegerCategories {
			return false
		}
	}
	return true
}

// Categories returns each row's category index (-1 for a rare one left
// out), the category names in natural order (numbers numerically) and
// their sizes.
func Categories(c *model.Column) (cat []int, names []string, counts []int) {
	values := make([]string, c.Len())
	for i := range values {
		if c.Numeric() {
			values[i] = strconv.FormatFloat(c.Numbers[i], 'g', -1, 64)
		} else {
			values[i] = c.Strings[i]
		}
	}
	freq := map[string]int{}
	for _, v := range values {
		if freq[v] == 0 {
			names = append(names, v)
		}
		freq[v]++
	}
	if len(names) > maxLegendCategories {
		// Keep the most frequent; the rest draw in the missing colour.
		sort.SliceStable(names, func(a, b int) bool { return freq[names[a]] > freq[names[b]] })
		names = names[:maxLegendCategories]
	}
	sort.Slice(names, func(a, b int) bool { return naturalLess(names[a], names[b]) })
	index := make(map[string]int, len(names))
	for i, n := range names {
		index[n] = i
	}
	cat = make([]int, len(values))
	counts = make([]int, len(names))
	for i, v := range values {
		k, ok := index[v]
		if !ok {
			cat[i] = -1
			continue
		}
		cat[i] = k
		counts[k]++
	}
	return cat, names, counts
}

func naturalLess(a, b string) bool {
	fa, ea := strconv.ParseFloat(a, 64)
	fb, eb := strconv.ParseFloat(b, 64)
	if ea == nil && eb == nil {
		return fa < fb
	}
	return a < b
}
