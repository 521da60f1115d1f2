//go:build unix

package model

import (
	"os"
	"syscall"
)

// openFlags opens for reading without blocking on a FIFO.
const openFlags = os.O_RDONLY | syscall.O_NONBLOCK
