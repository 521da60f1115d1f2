package safefile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestWriteErrorNamesTheTarget(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "missing", "xy.npy")
	err := Write(target, func(w io.Writer) error { return nil })
	if err == nil || !strings.HasPrefix(err.Error(), target+": ") || strings.Contains(err.Error(), tmpMarker) {
		t.Errorf("err = %v, want it to name %s and not the temporary", err, target)
	}
	target = filepath.Join(dir, "xy.npy")
	boom := errors.New("boom")
	err = Write(target, func(w io.Writer) error { w.Write([]byte("partial")); return boom })
	if !errors.Is(err, boom) || !strings.HasPrefix(err.Error(), target+": ") {
		t.Errorf("err = %v, want boom naming %s", err, target)
	}
	assertOnly(t, dir)
}

// assertOnly fails unless dir holds exactly the names given.
func assertOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range ents {
		got = append(got, e.Name())
	}
	if strings.Join(got, ",") != strings.Join(names, ",") {
		t.Errorf("%s holds %v, want %v", dir, got, names)
	}
}

func TestWriteRemovesStaleTemporaries(t *testing.T) {
	dir := t.TempDir()
	// A temporary of a process that no longer runs (pid 2^22+1 is beyond
	// Linux's pid_max default), one of this process (in flight, kept) and
	// someone else's file.
	stale := filepath.Join(dir, ".xy.npy"+tmpMarker+"4194305-123")
	mine := filepath.Join(dir, ".xy.npy"+tmpMarker+itoa(os.Getpid())+"-456")
	other := filepath.Join(dir, ".xy.npy.tmp789")
	for _, p := range []string{stale, mine, other} {
		writeFile(t, p, "x")
	}
	if err := Write(filepath.Join(dir, "xy.npy"), func(w io.Writer) error { _, err := w.Write([]byte("ok")); return err }); err != nil {
		t.Fatal(err)
	}
	assertOnly(t, dir, filepath.Base(mine), filepath.Base(other), "xy.npy")
}

func TestAbortWrites(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "big.npy")
	err := Write(target, func(w io.Writer) error {
		if _, err := w.Write(make([]byte, 1<<17)); err != nil {
			return err
		}
		AbortWrites() // as the signal handler does, mid-write
		_, err := w.Write(make([]byte, 1<<17))
		return err
	})
	if !errors.Is(err, ErrInterrupted) || !strings.HasPrefix(err.Error(), target+": ") {
		t.Errorf("err = %v, want ErrInterrupted naming %s", err, target)
	}
	assertOnly(t, dir)
	if err := Write(target, func(w io.Writer) error { return nil }); err != nil {
		t.Errorf("a write after the abort: %v", err)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestWriteReplacesWhole(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "out.csv")
	if err := os.WriteFile(p, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	err := Write(p, func(w io.Writer) error {
		io.WriteString(w, "partial")
		return boom
	})
	if !errors.Is(err, boom) || !strings.HasPrefix(err.Error(), p+": ") {
		t.Errorf("error %v, want boom naming the file", err)
	}
	if b, _ := os.ReadFile(p); string(b) != "old" {
		t.Errorf("a failed write changed the file to %q", b)
	}
	if err := Write(p, func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(p); string(b) != "new" {
		t.Errorf("file holds %q, want new", b)
	}
	if st, _ := os.Stat(p); st.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", st.Mode())
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("temporary files left: %v", ents)
	}
	if err := Write(filepath.Join(dir, "no", "such", "dir.csv"), func(io.Writer) error { return nil }); err == nil {
		t.Error("writing into a missing folder succeeded")
	}
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
