package cmd

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/latent-explorer/latent/model"
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

// TestOpenOutsideAsks: `latent open SPACE` of a space naming a file
// outside its folder is not refused on the command line: the window opens
// and its consent dialog asks (app's TestConsent*). A space that cannot
// be read at all is still refused before any window exists, and the
// commands that are not the window keep refusing (TestAllowOutside).
func TestOpenOutsideAsks(t *testing.T) {
	space, _ := outsideSpace(t)
	if err := model.CheckSpace(space); !errors.Is(err, model.ErrOutside) {
		t.Fatalf("CheckSpace: %v, want a refusal of the outside files", err)
	}
	if open, err := chooseOpen(space, "", nil, nil); err != nil || open == nil {
		t.Errorf("latent open of a space with outside files: %v, want the window to ask", err)
	}
	if _, err := chooseOpen(filepath.Join(t.TempDir(), "nothing"), "", nil, nil); err == nil {
		t.Error("latent open of a missing space: no error")
	}
}
