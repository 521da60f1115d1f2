package model

import (
	"fmt"
	"io"
	"io/fs"
	"os"
)

// Every file is opened through openRegular: it is stat'ed first (following
// links) and refused unless it is a regular file, so a FIFO, a device
// (/dev/zero, /dev/urandom), a socket or a folder where a file is expected
// is an error at once instead of a hang or an endless read. The open
// itself is non-blocking where the system allows (a FIFO swapped in
// between the stat and the open cannot block it), and the opened file is
// checked to be the one stat'ed.

// openRegular opens path for reading if it is a regular file and returns
// it with its size. Errors name the file.
func openRegular(path string) (*os.File, int64, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, 0, err
	}
	if err := checkRegular(path, st); err != nil {
		return nil, 0, err
	}
	f, err := os.OpenFile(path, openFlags, 0)
	if err != nil {
		return nil, 0, err
	}
	now, err := f.Stat()
	if err == nil && (!now.Mode().IsRegular() || !os.SameFile(st, now)) {
		err = fmt.Errorf("%s: %w: the file changed while it was being opened", path, ErrFormat)
	}
	if err != nil {
		f.Close()
		return nil, 0, err
	}
	return f, now.Size(), nil
}

// checkRegular refuses anything but a regular file, saying what it is.
func checkRegular(path string, st fs.FileInfo) error {
	m := st.Mode()
	var what string
	switch {
	case m.IsRegular():
		return nil
	case m.IsDir():
		what = "a folder"
	case m&fs.ModeNamedPipe != 0:
		what = "a FIFO (named pipe)"
	case m&fs.ModeSocket != 0:
		what = "a socket"
	case m&fs.ModeDevice != 0:
		what = "a device"
	default:
		what = "a special file"
	}
	return fmt.Errorf("%s: %w: is %s, not a regular file", path, ErrFormat, what)
}

// openSized opens path with openRegular; an empty file is ErrEmpty.
func openSized(path string) (*os.File, int64, error) {
	f, size, err := openRegular(path)
	if err != nil {
		return nil, 0, err
	}
	if size == 0 {
		f.Close()
		return nil, 0, fileError(path, ErrEmpty)
	}
	return f, size, nil
}

// readCapped reads the whole regular file at path if it holds at most
// limit bytes; what names the file's kind in the error ("manifest").
// The file is read as far as its stat'ed size, and no further.
func readCapped(path, what string, limit int64) ([]byte, error) {
	f, size, err := openRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if size > limit {
		return nil, fmt.Errorf("%s: %w: a %s of %s, more than the %s allowed", path, ErrTooLarge, what, byteSize(size), byteSize(limit))
	}
	b := make([]byte, size)
	if _, err := io.ReadFull(f, b); err != nil {
		return nil, fmt.Errorf("%s: %w: the file is shorter than its size (%v)", path, ErrFormat, err)
	}
	return b, nil
}
