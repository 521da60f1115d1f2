// Package parallel runs loops over the rows of a data set on a fixed number
// of goroutines, in the two ways the viz packages need: static contiguous
// ranges (Ranges), whose results depend only on the thread count, and
// blocks handed out in turn (Blocks, and Each for one index at a time),
// for uneven work that writes only its own output and may stop early when
// a context is cancelled. Progress reports the fraction done from any of
// those goroutines. It is the only place in viz that starts goroutines.
package parallel
