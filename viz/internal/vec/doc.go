// Package vec holds the vector kernel every viz package uses: the squared
// Euclidean distance, in full (SqDist) and with an early exit once it
// passes a bound (SqDistWithin). Both sum in the same order, so they agree
// to the bit wherever both give the exact value, and results that compare
// distances do not depend on which of the two computed them.
package vec
