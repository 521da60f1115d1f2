//go:build race

package assets

// raceEnabled reports that the tests run under the race detector, whose
// slowdown makes some checks use a sample.
const raceEnabled = true
