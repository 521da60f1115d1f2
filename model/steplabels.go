package model

import "strconv"

// StepLabels returns the labels of a traversal's steps from lo to hi
// (StepValue), briefly and signed: "-3", "-1.5", "0", "+1.5", "+3".
func StepLabels(lo, hi float64, steps int) []string {
	labels := make([]string, steps)
	for j := range labels {
		v := StepValue(lo, hi, steps, j)
		labels[j] = strconv.FormatFloat(v, 'g', 3, 64)
		if v > 0 {
			labels[j] = "+" + labels[j]
		}
	}
	return labels
}

// InterpolationLabels returns the labels of an interpolation's steps: t
// from 0 to 1 in two significant digits.
func InterpolationLabels(steps int) []string {
	labels := make([]string, steps)
	for j := range labels {
		labels[j] = strconv.FormatFloat(StepValue(0, 1, steps, j), 'g', 2, 64)
	}
	return labels
}

// DimLabels names latent dimensions "z0", "z3", … for a grid's rows.
func DimLabels(dims []int) []string {
	labels := make([]string, len(dims))
	for i, d := range dims {
		labels[i] = "z" + strconv.Itoa(d)
	}
	return labels
}
