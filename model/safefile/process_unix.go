//go:build unix

package safefile

import (
	"errors"
	"syscall"
)

// processRunning reports whether a process pid exists.
func processRunning(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
