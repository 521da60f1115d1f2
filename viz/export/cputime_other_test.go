//go:build !unix

package export

// cpuSeconds is unavailable here; benchmarks report zero CPU time.
func cpuSeconds() float64 { return 0 }
