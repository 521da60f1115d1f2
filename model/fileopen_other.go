//go:build !unix

package model

import "os"

// openFlags opens for reading.
const openFlags = os.O_RDONLY
