package cluster

import "fmt"

// AdjustedRandIndex returns the adjusted Rand index (Hubert & Arabie 1985)
// between two labellings of the same points: 1 for identical partitions
// (up to renaming), about 0 for independent ones. Every distinct label,
// including −1, is one group. Two labellings that each put all points in
// one group, or each point in its own, score 1.
func AdjustedRandIndex(a, b []int) (float64, error) {
	if len(a) != len(b) {
		return 0, fmt.Errorf("cluster: adjusted Rand index of %d and %d labels", len(a), len(b))
	}
	table := map[[2]int]int{}
	rows, cols := map[int]int{}, map[int]int{}
	for i := range a {
		table[[2]int{a[i], b[i]}]++
		rows[a[i]]++
		cols[b[i]]++
	}
	var index, sumA, sumB float64
	for _, c := range table {
		index += pairs(c)
	}
	for _, c := range rows {
		sumA += pairs(c)
	}
	for _, c := range cols {
		sumB += pairs(c)
	}
	expected := sumA * sumB / pairs(len(a))
	maxIndex := (sumA + sumB) / 2
	if maxIndex == expected {
		return 1, nil
	}
	return (index - expected) / (maxIndex - expected), nil
}

// pairs returns n choose 2.
func pairs(n int) float64 { return float64(n) * float64(n-1) / 2 }
