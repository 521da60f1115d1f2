package cmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/latent-explorer/latent/model"
)

// A space naming a file outside its folder is refused by every command
// that opens a space, with one line naming it, unless --allow-outside.
func TestAllowOutside(t *testing.T) {
	space, codes := outsideSpace(t)
	out := filepath.Join(t.TempDir(), "g.png")
	for _, args := range [][]string{
		{"info", space},
		{"traverse", space, "-o", out},
		{"interpolate", space, "--from", "0", "--to", "1", "-o", out},
	} {
		code, _, stderr := runCmd(t, args...)
		if code != 1 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, codes) || !strings.Contains(stderr, "--allow-outside") {
			t.Errorf("%v: exit %d, stderr %q; want 1 and one line naming %s", args, code, stderr, codes)
		}
		code, _, stderr = runCmd(t, append([]string{args[0], "--allow-outside"}, args[1:]...)...)
		if code != 0 {
			t.Errorf("%v --allow-outside: exit %d, stderr %q", args, code, stderr)
		}
	}
}

// outsideSpace writes a space folder whose manifest names its codes and
// decoder outside it, and returns the folder and the codes' path.
func outsideSpace(t *testing.T) (space, codes string) {
	t.Helper()
	dir, codes := makeDecodingSpace(t, "conv_vae_decoder.onnx", 6, 8)
	space = filepath.Join(t.TempDir(), "space")
	if err := os.Mkdir(space, 0o755); err != nil {
		t.Fatal(err)
	}
	m := &model.Manifest{Name: "out", Codes: codes, Decoder: filepath.Join(dir, "decoder.onnx")}
	if err := m.Normalize(); err != nil {
		t.Fatal(err)
	}
	if err := model.WriteManifest(filepath.Join(space, model.ManifestName), m); err != nil {
		t.Fatal(err)
	}
	return space, codes
}

// copyIn copies the file src into dir, where a space may read it, and
// returns its name there.
func copyIn(t *testing.T, dir, src string) string {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, filepath.Base(src)), b, 0o644); err != nil {
		t.Fatal(err)
	}
	return filepath.Base(src)
}
