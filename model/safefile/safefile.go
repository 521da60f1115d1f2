// Package safefile writes every file the program writes: into a temporary
// beside the target, renamed into place once complete, so that nothing the
// user made is lost to a failed or interrupted write. It imports nothing of
// the project, so model and viz both write through it.
package safefile

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// Every file the program writes goes through Write: into a
// temporary beside the target, renamed into place once complete. The
// temporary is named recognisably, ".codes.npy.latent-tmp-PID-RANDOM", so
// that one left by a killed process is found and removed at the next
// write to the same target; AbortWrites (called on SIGINT and SIGTERM)
// removes those in flight. Errors name the target, never the temporary.
// A target that is a link is replaced by the file, not written through.

// tmpMarker is what every temporary's name holds after the target's name.
const tmpMarker = ".latent-tmp-"

// ErrInterrupted is the error of a write cut short by AbortWrites.
var ErrInterrupted = errors.New("the write was interrupted")

// Write writes path via a temporary file in the same folder, renamed
// into place; the temporary is removed on error. The file gets mode 0644.
func Write(path string, write func(w io.Writer) error) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	removeStaleTemporaries(dir, base)
	tmp, err := os.CreateTemp(dir, "."+base+tmpMarker+strconv.Itoa(os.Getpid())+"-*")
	if err != nil {
		return fmt.Errorf("%s: %w", path, pathless(err))
	}
	w := inFlight.add(tmp)
	defer func() {
		inFlight.remove(w)
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
			err = fmt.Errorf("%s: %w", path, pathless(err))
		}
	}()
	bw := bufio.NewWriterSize(w, 64<<10)
	if err = write(bw); err != nil {
		return err
	}
	if err = bw.Flush(); err != nil {
		return err
	}
	if err = tmp.Chmod(0o644); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if w.aborted() {
		return ErrInterrupted
	}
	return os.Rename(tmp.Name(), path)
}

// pathless drops the temporary's name from a file system error, keeping
// what went wrong ("no such file or directory").
func pathless(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}

// removeStaleTemporaries removes the temporaries beside base that a
// process no longer running left behind.
func removeStaleTemporaries(dir, base string) {
	names, _ := filepath.Glob(filepath.Join(dir, "."+globEscape(base)+tmpMarker+"*"))
	for _, n := range names {
		rest := strings.TrimPrefix(filepath.Base(n), "."+base+tmpMarker)
		pidText, _, ok := strings.Cut(rest, "-")
		pid, err := strconv.Atoi(pidText)
		if ok && err == nil && pid != os.Getpid() && !processRunning(pid) {
			os.Remove(n)
		}
	}
}

// globEscape escapes the characters filepath.Match treats specially.
func globEscape(s string) string {
	var b strings.Builder
	for _, c := range s {
		if strings.ContainsRune(`*?[\`, c) {
			b.WriteByte('\\')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// AbortWrites cuts short every write in flight: their temporaries are
// removed and Write returns ErrInterrupted (naming its target).
// Writes that start afterwards are not affected.
func AbortWrites() { inFlight.abortAll() }

// inFlight holds the writes in progress.
var inFlight = &writeSet{files: map[*abortWriter]bool{}}

type writeSet struct {
	mu    sync.Mutex
	files map[*abortWriter]bool
}

func (s *writeSet) add(f *os.File) *abortWriter {
	w := &abortWriter{f: f}
	s.mu.Lock()
	s.files[w] = true
	s.mu.Unlock()
	return w
}

func (s *writeSet) remove(w *abortWriter) {
	s.mu.Lock()
	delete(s.files, w)
	s.mu.Unlock()
}

func (s *writeSet) abortAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for w := range s.files {
		w.abort()
	}
}

// abortWriter writes to a temporary until aborted.
type abortWriter struct {
	f    *os.File
	mu   sync.Mutex
	stop bool
}

func (w *abortWriter) Write(p []byte) (int, error) {
	if w.aborted() {
		return 0, ErrInterrupted
	}
	return w.f.Write(p)
}

func (w *abortWriter) aborted() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.stop
}

func (w *abortWriter) abort() {
	w.mu.Lock()
	w.stop = true
	w.mu.Unlock()
	os.Remove(w.f.Name())
}
