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
	d := a.Shape[1]
	acc := make([]colAcc, d)
	firstBad = -1
	for i, v := range a.Data {
		if !acc[i%d].add(v) && firstBad < 0 {
			firstBad = i / d
		}
	}
	cols = make([]ColumnStats, d)
	for j := range acc {
		cols[j] = acc[j].stats()
	}
	return cols, firstBad
}

// colAcc accumulates one column.
type colAcc struct {
	s         ColumnStats
	sum, sum2 float64
	n         int
}

// add counts v and reports whether it is finite.
func (c *colAcc) add(v float64) bool {
	switch {
	case math.IsNaN(v):
		c.s.NaN++
		return false
	case math.IsInf(v, 0):
		c.s.Inf++
		return false
	}
	if c.n == 0 {
		c.s.Min, c.s.Max = v, v
	}
	c.n++
	c.sum += v
	c.sum2 += v * v
	c.s.Min, c.s.Max = min(c.s.Min, v), max(c.s.Max, v)
	return true
}

func (c *colAcc) stats() ColumnStats {
	s := c.s
	if c.n == 0 {
		s.Min, s.Max = math.Inf(1), math.Inf(-1)
		return s
	}
	s.Mean = c.sum / float64(c.n)
	s.Std = math.Sqrt(max(c.sum2/float64(c.n)-s.Mean*s.Mean, 0))
	return s
}
