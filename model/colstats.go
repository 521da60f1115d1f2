package model

import "math"

// ColumnStats are the statistics of one column of an N×d array over its
// finite values, with counts of the NaN and infinite ones.
type ColumnStats struct {
	Min, Max, Mean, Std float64 // Std is the population deviation
	NaN, Inf            int
}

// ArrayColumnStats returns the statistics of each column of a 2-D array
// in one pass over its values, without a per-row buffer (an array of
// shape [2^40 0] costs nothing), and the row of the first non-finite
// value (-1 if none).
func ArrayColumnStats(a *Array) (cols []ColumnStats, firstBad int) {
	if len(a.Shape) != 2 {
		panic("model: ArrayColumnStats of a non-2-D array")
	}
	n, d := a.Shape[0], a.Shape[1]
	// The columns accumulate in place: Mean holds the sum and Std the sum
	// of squares until the end (a code of 10 million dimensions costs 48
	// bytes a dimension, no more).
	cols = make([]ColumnStats, d)
	for j := range cols {
		cols[j].Min, cols[j].Max = math.Inf(1), math.Inf(-1)
	}
	firstBad = -1
	for i, v := range a.Data {
		c := &cols[i%d]
		switch {
		case math.IsNaN(v):
			c.NaN++
		case math.IsInf(v, 0):
			c.Inf++
		default:
			c.Mean += v
			c.Std += v * v
			c.Min, c.Max = min(c.Min, v), max(c.Max, v)
			continue
		}
		if firstBad < 0 {
			firstBad = i / d
		}
	}
	for j := range cols {
		cols[j].finish(n)
	}
	return cols, firstBad
}

// finish turns the sums of a column of n rows into the mean and deviation.
func (c *ColumnStats) finish(n int) {
	k := n - c.NaN - c.Inf
	if k == 0 {
		c.Mean, c.Std = 0, 0
		return
	}
	sum, sum2 := c.Mean, c.Std
	c.Mean = sum / float64(k)
	c.Std = math.Sqrt(max(sum2/float64(k)-c.Mean*c.Mean, 0))
}
