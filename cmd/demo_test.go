package cmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/latent-explorer/latent/assets"
	"github.com/latent-explorer/latent/model"
)

func TestDemoList(t *testing.T) {
	code, stdout, stderr := runCmd(t, "demo", "list")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, n := range assets.Demos() {
		if !strings.Contains(stdout, n+" ") || !strings.Contains(stdout, "MNIST conv VAE") {
			t.Errorf("list lacks %s:\n%s", n, stdout)
		}
	}
}

func TestDemoExport(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "space")
	code, stdout, stderr := runCmd(t, "demo", "export", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "wrote the "+assets.DefaultDemo+" demo to "+dir) {
		t.Errorf("stdout: %s", stdout)
	}
	s, err := model.OpenSpace(dir)
	if err != nil {
		t.Fatalf("the exported space does not open: %v", err)
	}
	if s.Codes.N != 10000 || s.Codes.D != 16 {
		t.Errorf("exported codes %d×%d, want 10000×16", s.Codes.N, s.Codes.D)
	}
	// A second export into the same folder refuses, then --force overwrites.
	code, _, stderr = runCmd(t, "demo", "export", dir)
	if code != 1 || !strings.Contains(stderr, "already exists") || !strings.Contains(stderr, "--force") {
		t.Errorf("second export: exit %d, stderr %q", code, stderr)
	}
	if code, _, stderr = runCmd(t, "demo", "export", "--force", dir); code != 0 {
		t.Errorf("export --force: exit %d: %s", code, stderr)
	}
}

func TestDemoExportByName(t *testing.T) {
	for _, n := range assets.Demos() {
		dir := t.TempDir()
		if code, _, stderr := runCmd(t, "demo", "export", dir, "--name", n); code != 0 {
			t.Fatalf("%s: exit %d: %s", n, code, stderr)
		}
		if _, err := os.Stat(filepath.Join(dir, model.ManifestName)); err != nil {
			t.Errorf("%s: %v", n, err)
		}
	}
}

func TestDemoUsage(t *testing.T) {
	for _, args := range [][]string{
		{"demo"},
		{"demo", "export"},
		{"demo", "export", "a", "b"},
		{"demo", "list", "x"},
		{"demo", "frobnicate"},
		{"demo", "export", t.TempDir(), "--name", "no-such-demo"},
		{"demo", "--bogus"},
	} {
		code, _, stderr := runCmd(t, args...)
		if code != 2 || !strings.HasPrefix(stderr, "latent demo: ") {
			t.Errorf("%q: exit %d, stderr %q; want a usage error", args, code, stderr)
		}
	}
}
