package model

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// newTrustSpace makes a space folder whose manifest names codes at
// codesPath, with codes.npy inside the folder and outside.npy beside it.
func newTrustSpace(t *testing.T, codesPath string) (root, dir string) {
	t.Helper()
	root = t.TempDir()
	dir = filepath.Join(root, "space")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	a := &Array{Shape: []int{2, 2}, DType: "float32", Data: []float64{1, 2, 3, 4}}
	for _, p := range []string{filepath.Join(dir, "codes.npy"), filepath.Join(root, "outside.npy")} {
		if err := WriteNPY(p, a); err != nil {
			t.Fatal(err)
		}
	}
	writeFile(t, filepath.Join(dir, ManifestName), "codes = "+quotedTOML(codesPath)+"\n")
	return root, dir
}

func quotedTOML(s string) string { return `'` + s + `'` }

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestOpenSpaceRefusesOutside(t *testing.T) {
	root := t.TempDir()
	cases := []struct {
		name, codes string
		link        string // a link in the space to make first, to ../outside.npy
	}{
		{"dotdot", "../outside.npy", ""},
		{"absolute", filepath.Join(root, "x", "..", "outside.npy"), ""},
		{"link out", "out.npy", "../outside.npy"},
		{"absolute link out", "out.npy", "ABS"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, dir := newTrustSpace(t, c.codes)
			if c.codes != "../outside.npy" && filepath.IsAbs(c.codes) {
				writeFile(t, filepath.Join(dir, ManifestName), "codes = "+quotedTOML(filepath.Join(r, "outside.npy"))+"\n")
			}
			if c.link != "" {
				target := c.link
				if target == "ABS" {
					target = filepath.Join(r, "outside.npy")
				}
				if err := os.Symlink(target, filepath.Join(dir, "out.npy")); err != nil {
					t.Fatal(err)
				}
			}
			_, err := OpenSpace(dir)
			var oe *OutsideError
			if !errors.As(err, &oe) || !errors.Is(err, ErrOutside) {
				t.Fatalf("err = %v, want an *OutsideError", err)
			}
			if len(oe.Paths) != 1 || oe.Paths[0].Role != "codes" || !strings.HasSuffix(oe.Paths[0].Resolved, "outside.npy") {
				t.Errorf("outside paths = %+v, want the codes leading to outside.npy", oe.Paths)
			}
			if err := CheckSpace(dir); !errors.As(err, &oe) {
				t.Errorf("CheckSpace: err = %v, want an *OutsideError", err)
			}
			if _, err := OpenSpace(dir, AllowOutside()); err != nil {
				t.Errorf("with consent: %v", err)
			}
			if _, err := OpenSpace(dir, AllowOutside(oe.Resolved()...)); err != nil {
				t.Errorf("with consent to the listed paths: %v", err)
			}
			if _, err := OpenSpace(dir, AllowOutside("/elsewhere")); !errors.Is(err, ErrOutside) {
				t.Errorf("with consent to another path: err = %v, want ErrOutside", err)
			}
		})
	}
}

func TestOpenSpaceListsEveryOutsidePath(t *testing.T) {
	_, dir := newTrustSpace(t, "../outside.npy")
	writeFile(t, filepath.Join(dir, ManifestName), "codes = '../outside.npy'\nlabels = '/etc/passwd'\ndecoder = 'codes.npy'\n")
	_, err := OpenSpace(dir)
	var oe *OutsideError
	if !errors.As(err, &oe) {
		t.Fatalf("err = %v, want an *OutsideError", err)
	}
	var roles []string
	for _, p := range oe.Paths {
		roles = append(roles, p.Role)
	}
	if !slices.Equal(roles, []string{"codes", "labels"}) {
		t.Errorf("roles = %v, want [codes labels]", roles)
	}
	if !strings.Contains(err.Error(), "/etc/passwd") || !strings.Contains(err.Error(), "../outside.npy") {
		t.Errorf("message %q does not name both paths", err)
	}
}

func TestOpenSpaceFollowsLinksInside(t *testing.T) {
	root, dir := newTrustSpace(t, "sub/z.npy")
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../codes.npy", filepath.Join(dir, "sub", "z.npy")); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenSpace(dir); err != nil {
		t.Fatalf("a link inside the folder: %v", err)
	}
	// The space folder itself reached through a link.
	if err := os.Symlink(dir, filepath.Join(root, "alias")); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenSpace(filepath.Join(root, "alias")); err != nil {
		t.Fatalf("a space opened through a linked folder: %v", err)
	}
}

// TestOpenSpaceByRelativePath opens a space as a person types it, relative
// to the working folder, by its folder and by its manifest; CheckSpace
// agrees. (The manifest was once resolved against the space's folder a
// second time, so "sub/space" was refused as outside itself.)
func TestOpenSpaceByRelativePath(t *testing.T) {
	root, _ := newTrustSpace(t, "codes.npy")
	t.Chdir(root)
	for _, p := range []string{"space", filepath.Join("space", ManifestName), filepath.Join(".", "space", "..", "space")} {
		if err := CheckSpace(p); err != nil {
			t.Errorf("CheckSpace(%q): %v", p, err)
		}
		if _, err := OpenSpace(p); err != nil {
			t.Errorf("OpenSpace(%q): %v", p, err)
		}
	}
	t.Chdir(filepath.Join(root, "space"))
	if _, err := OpenSpace("."); err != nil {
		t.Errorf(`OpenSpace("."): %v`, err)
	}
}

func TestOpenSpaceRefusesOutsideManifest(t *testing.T) {
	root, dir := newTrustSpace(t, "codes.npy")
	other := filepath.Join(root, "other.toml")
	if err := os.Rename(filepath.Join(dir, ManifestName), other); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(other, filepath.Join(dir, ManifestName)); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenSpace(dir); !errors.Is(err, ErrOutside) {
		t.Fatalf("err = %v, want ErrOutside for a manifest linked outside", err)
	}
}

func TestLoadSpaceFromFlagsTakesPathsAsGiven(t *testing.T) {
	root, _ := newTrustSpace(t, "codes.npy")
	if _, err := LoadSpace("", &Manifest{Codes: filepath.Join(root, "outside.npy")}); err != nil {
		t.Fatal(err)
	}
}

func TestWritePathStaysInside(t *testing.T) {
	root, dir := newTrustSpace(t, "codes.npy")
	if err := os.Symlink(root, filepath.Join(dir, "up")); err != nil {
		t.Fatal(err)
	}
	s := &Space{Dir: dir}
	for _, rel := range []string{"../x.npy", "/tmp/x.npy", "up/x.npy", "a/../../x.npy"} {
		if p, err := s.WritePath(rel); err == nil {
			t.Errorf("WritePath(%q) = %q, want a refusal", rel, p)
		}
	}
	if p, err := s.WritePath("map-tsne.npy"); err != nil || p != filepath.Join(dir, "map-tsne.npy") {
		t.Errorf("WritePath(map-tsne.npy) = %q, %v", p, err)
	}
}

func TestReadersRefuseSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "codes.npy")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	zero := filepath.Join(dir, "zero.npy")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	manifestFIFO := filepath.Join(dir, "m", ManifestName)
	os.Mkdir(filepath.Dir(manifestFIFO), 0o755)
	if err := syscall.Mkfifo(manifestFIFO, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		read func() error
		want string
	}{
		{"fifo codes", func() error { _, err := ReadCodes(fifo); return err }, "FIFO"},
		{"fifo array", func() error { _, err := ReadArray(fifo, ""); return err }, "FIFO"},
		{"fifo table", func() error { _, err := ReadTable(fifo); return err }, "FIFO"},
		{"fifo manifest", func() error { _, err := ReadManifest(filepath.Dir(manifestFIFO)); return err }, "FIFO"},
		{"fifo model", func() error { _, err := LoadDecoder(fifo); return err }, "FIFO"},
		{"dev zero codes", func() error { _, err := ReadCodes(zero); return err }, "device"},
		{"dev zero model", func() error { _, err := LoadEncoder(zero); return err }, "device"},
		{"folder", func() error { _, err := ReadArray(dir, ""); return err }, "folder"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := c.read()
			if !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want ErrFormat saying %q", err, c.want)
			}
		})
	}
}

// FuzzOpenSpace opens a space whose manifest is the fuzzer's text, in a
// folder with codes inside and a file beside it: it must never panic, and
// a space it opens must read nothing outside its folder.
func FuzzOpenSpace(f *testing.F) {
	for _, c := range manifestCases {
		f.Add([]byte(c.text))
	}
	for _, s := range []string{"codes = 'codes.npy'", "codes = '../outside.npy'", "codes = 'codes.npy'\nlabels = '/etc/passwd'",
		"codes = 'sub/../codes.npy'", "codes = 'codes.npy'\n[map]\ncoords = '../outside.npy'", "codes = '.'"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		_, dir := newTrustSpace(t, "codes.npy")
		if err := os.WriteFile(filepath.Join(dir, ManifestName), b, 0o644); err != nil {
			t.Fatal(err)
		}
		s, err := OpenSpace(dir)
		if err != nil {
			return
		}
		out, err := OutsideFiles(dir, s.Manifest.Files())
		if err != nil || len(out) > 0 {
			t.Fatalf("opened a space reading outside its folder: %+v %v", out, err)
		}
	})
}
