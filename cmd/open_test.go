package cmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOpenBadSession checks that `latent SESSION` and `latent open
// SESSION` refuse a broken session file before any window opens, with one
// line naming it (a good one is opened by the GUI tests).
func TestOpenBadSession(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "broken.latent-session")
	if err := os.WriteFile(bad, []byte(`{"format": "latent-session", "version": 7}`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{bad}, {"open", bad}} {
		code, _, stderr := runCmd(t, args...)
		if code != 1 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "broken.latent-session") || !strings.Contains(stderr, "version 7") {
			t.Errorf("latent %v: status %d, stderr %q", args, code, stderr)
		}
	}
}
