package model

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"
)

// The one rule for reading a metadata column as categories. Every view
// that colours, groups or counts by a column — the window's map and
// legend, the exported figure, `latent plot`, `latent info`, `latent
// quality`, attribute-vector groups — uses it, so a column looks the same
// everywhere.
const (
	// MaxIntegerCategories is the most distinct integer values a numeric
	// column may hold and still be categories (digit labels, cluster ids);
	// with more, or with any non-integer, it is values (a colour bar).
	MaxIntegerCategories = 24
	// MaxShownCategories is the most categories a colouring shows: a
	// column with more keeps its most frequent ones and the others are
	// drawn as missing.
	MaxShownCategories = 40
)

// NoiseName is the name the noise category gets (see Categories.Noise).
const NoiseName = "noise"

// Categories is a column read as categories.
type Categories struct {
	// Index is each row's category, an index into Names; -1 means
	// missing (an empty string, NaN, or a category not kept).
	Index []int
	// Names are the categories in natural order: the noise category
	// first, then numbers numerically, then text lexically.
	Names []string
	// Counts are the rows in each category.
	Counts []int
	// Noise is the index of HDBSCAN's noise category, or -1. In a column
	// whose name mentions "cluster" or "hdbscan", the value -1 (as `latent
	// cluster` writes noise) or "noise" (as the window's clustering does)
	// is noise; it is renamed NoiseName and drawn grey.
	Noise int
}

// IsCategorical reports whether a column is coloured by category: text
// columns always; numeric ones when every value is a finite integer (NaN
// counts as missing) and there are at most MaxIntegerCategories distinct values.
func IsCategorical(c *Column) bool {
	if !c.Numeric() {
		return true
	}
	seen := map[float64]bool{}
	for _, v := range c.Numbers {
		if math.IsNaN(v) {
			continue
		}
		if v != math.Trunc(v) || math.IsInf(v, 0) {
			return false
		}
		if seen[v] = true; len(seen) > MaxIntegerCategories {
			return false
		}
	}
	return true
}

// ColumnCategories reads a column as categories, keeping at most limit of
// them (the most frequent; ties go to the earlier in natural order) and
// treating the other rows as missing; limit ≤ 0 keeps all. It applies no
// test of IsCategorical: call that first to decide how to colour.
func ColumnCategories(c *Column, limit int) *Categories {
	keys := categoryKeys(c)
	noise := noiseKey(c)
	names, counts := distinctKeys(keys, noise)
	if limit > 0 && len(names) > limit {
		names = mostFrequent(names, counts, limit)
	}
	k := &Categories{Names: names, Counts: make([]int, len(names)), Index: make([]int, len(keys)), Noise: -1}
	index := make(map[string]int, len(names))
	for i, s := range names {
		index[s] = i
	}
	for i, key := range keys {
		j, ok := index[key]
		if !ok || key == "" {
			j = -1
		} else {
			k.Counts[j]++
		}
		k.Index[i] = j
	}
	if len(names) > 0 && names[0] == noise && noise != "" {
		k.Noise = 0
		k.Names[0] = NoiseName
	}
	return k
}

// categoryKeys returns each row's value as text; missing values are "".
func categoryKeys(c *Column) []string {
	if !c.Numeric() {
		return c.Strings
	}
	keys := make([]string, len(c.Numbers))
	for i, v := range c.Numbers {
		if !math.IsNaN(v) {
			keys[i] = strconv.FormatFloat(v, 'g', -1, 64)
		}
	}
	return keys
}

// noiseKey returns the value that means noise in c, or "" when c is not a
// cluster column.
func noiseKey(c *Column) string {
	name := strings.ToLower(c.Name)
	if !strings.Contains(name, "cluster") && !strings.Contains(name, "hdbscan") {
		return ""
	}
	if c.Numeric() {
		return "-1"
	}
	if slices.Contains(c.Strings, NoiseName) {
		return NoiseName
	}
	return "-1"
}

// distinctKeys returns the distinct non-empty keys in natural order (the
// noise key first) and how often each occurs.
func distinctKeys(keys []string, noise string) (names []string, counts map[string]int) {
	counts = map[string]int{}
	for _, k := range keys {
		if k == "" {
			continue
		}
		if counts[k] == 0 {
			names = append(names, k)
		}
		counts[k]++
	}
	slices.SortFunc(names, func(a, b string) int {
		if a == noise || b == noise {
			return boolOrder(b == noise, a == noise)
		}
		return CompareCategoryNames(a, b)
	})
	return names, counts
}

// boolOrder orders false before true: -1 when only b is true.
func boolOrder(a, b bool) int {
	switch {
	case a == b:
		return 0
	case b:
		return -1
	}
	return 1
}

// mostFrequent keeps the limit most frequent of names (in natural order,
// ties to the earlier), and returns them still in natural order.
func mostFrequent(names []string, counts map[string]int, limit int) []string {
	byCount := slices.Clone(names)
	slices.SortStableFunc(byCount, func(a, b string) int { return cmp.Compare(counts[b], counts[a]) })
	keep := map[string]bool{}
	for _, s := range byCount[:limit] {
		keep[s] = true
	}
	out := make([]string, 0, limit)
	for _, s := range names {
		if keep[s] {
			out = append(out, s)
		}
	}
	return out
}

// CompareCategoryNames orders category names naturally: numbers
// numerically before text, text lexically (and equal numbers written
// differently lexically).
func CompareCategoryNames(a, b string) int {
	x, errA := strconv.ParseFloat(a, 64)
	y, errB := strconv.ParseFloat(b, 64)
	switch {
	case errA == nil && errB == nil && x != y:
		return cmp.Compare(x, y)
	case errA == nil && errB == nil:
		return strings.Compare(a, b) // "1" and "1.0"

	case errA == nil:
		return -1
	case errB == nil:
		return 1
	}
	return strings.Compare(a, b)
}
