//go:build race

package model

// raceEnabled is set under the race detector, whose sync.Pool drops
// items at random, so allocation counts are not meaningful.
const raceEnabled = true
