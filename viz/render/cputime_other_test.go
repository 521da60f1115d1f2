//go:build !unix

package render

// cpuSeconds is unavailable here; benchmarks report zero CPU time.
func cpuSeconds() float64 { return 0 }
