package model

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// A space is trusted only inside its folder: a file its manifest names
// that resolves, after following links, outside the folder is not read
// unless the caller consents (AllowOutside). Links that resolve inside
// the folder are fine. A space built from command-line flags (Dir "") has
// no folder, and its files are the user's own choice.

// ErrOutside is what an *OutsideError wraps, for errors.Is.
var ErrOutside = errors.New("reads files outside its folder")

// OutsidePath is one file of a space that resolves outside its folder.
type OutsidePath struct {
	// Role is what the file is for: "codes", "decoder", "manifest", ...
	Role string
	// Path is the path as the manifest gives it.
	Path string
	// Resolved is where it leads, absolute, with links followed.
	Resolved string
}

// OutsideError refuses to open a space that names files outside its
// folder. It lists every such file, so a caller can ask the user once
// and open again with AllowOutside(the Resolved paths...).
type OutsideError struct {
	Dir   string // the space's folder
	Paths []OutsidePath
}

func (e *OutsideError) Error() string {
	parts := make([]string, len(e.Paths))
	for i, p := range e.Paths {
		parts[i] = p.Role + " " + p.Path
		if p.Resolved != p.Path {
			parts[i] += " (" + p.Resolved + ")"
		}
	}
	return fmt.Sprintf("%s: the space %s: %s", e.Dir, ErrOutside, strings.Join(parts, ", "))
}

// Unwrap makes errors.Is(err, ErrOutside) hold.
func (e *OutsideError) Unwrap() error { return ErrOutside }

// Resolved returns the resolved outside paths, as AllowOutside takes them.
func (e *OutsideError) Resolved() []string {
	out := make([]string, len(e.Paths))
	for i, p := range e.Paths {
		out[i] = p.Resolved
	}
	return out
}

// An OpenOption changes what OpenSpace and LoadSpace may do.
type OpenOption func(*openOptions)

type openOptions struct {
	allowAll bool
	allowed  map[string]bool // resolved paths consented to
}

// AllowOutside consents to reading files outside the space's folder:
// with no arguments any of them (the command line's --allow-outside),
// else exactly the resolved paths given (what the user was shown; a path
// added to the manifest later is refused again).
func AllowOutside(resolved ...string) OpenOption {
	return func(o *openOptions) {
		if len(resolved) == 0 {
			o.allowAll = true
			return
		}
		if o.allowed == nil {
			o.allowed = map[string]bool{}
		}
		for _, p := range resolved {
			o.allowed[p] = true
		}
	}
}

func newOpenOptions(opts []OpenOption) *openOptions {
	o := &openOptions{}
	for _, f := range opts {
		f(o)
	}
	return o
}

// CheckInside returns an *OutsideError for the files that resolve outside
// dir and that opts do not consent to: the trust check of a space, for
// files that are not a space folder's (a session's without one, the
// session file's folder then being the boundary).
func CheckInside(dir string, files []ManifestFile, opts ...OpenOption) error {
	return newOpenOptions(opts).checkInside(dir, files)
}

// checkInside returns an *OutsideError for the files that resolve outside
// dir and are not consented to.
func (o *openOptions) checkInside(dir string, files []ManifestFile) error {
	if dir == "" || o.allowAll {
		return nil
	}
	out, err := OutsideFiles(dir, files)
	if err != nil {
		return err
	}
	var refused []OutsidePath
	for _, p := range out {
		if !o.allowed[p.Resolved] {
			refused = append(refused, p)
		}
	}
	if len(refused) == 0 {
		return nil
	}
	return &OutsideError{Dir: dir, Paths: refused}
}

// OutsideFiles returns the files (paths relative to dir, or absolute)
// that resolve outside dir once links are followed. A file that does not
// exist is judged by its path alone.
func OutsideFiles(dir string, files []ManifestFile) ([]OutsidePath, error) {
	root, err := resolvePath(dir)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	var out []OutsidePath
	for _, f := range files {
		p := f.Path
		if !filepath.IsAbs(p) {
			p = filepath.Join(dir, p)
		}
		r, err := resolvePath(p)
		if err != nil {
			return nil, fmt.Errorf("%s: %s file %s: %w", dir, f.Role, f.Path, err)
		}
		if !within(root, r) {
			out = append(out, OutsidePath{Role: f.Role, Path: f.Path, Resolved: r})
		}
	}
	return out, nil
}

// resolvePath returns p absolute with its links followed; for a path
// that does not exist (or a dangling link), the deepest folder above it
// that exists is resolved and the rest appended.
func resolvePath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		return r, nil
	}
	parent := filepath.Dir(abs)
	if parent == abs {
		return abs, nil
	}
	r, err := resolvePath(parent)
	if err != nil {
		return "", err
	}
	return filepath.Join(r, filepath.Base(abs)), nil
}

// within reports whether path p lies in folder root (both resolved).
func within(root, p string) bool {
	rel, err := filepath.Rel(root, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// WritePath returns where a file the app writes for the space (a saved
// map) goes: rel inside the space's folder. Anything that would land
// outside it (an absolute path, "..", a folder linked elsewhere) is
// refused, with or without consent to read outside.
func (s *Space) WritePath(rel string) (string, error) {
	if s.Dir == "" {
		return "", errors.New("this space has no folder to write into")
	}
	clean := filepath.Clean(rel)
	if rel == "" || filepath.IsAbs(rel) || clean == ".." || strings.HasPrefix(clean, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("%s: %s: refusing to write outside the space's folder", s.Dir, rel)
	}
	p := filepath.Join(s.Dir, clean)
	out, err := OutsideFiles(s.Dir, []ManifestFile{{"output", filepath.Dir(clean)}})
	if err != nil {
		return "", err
	}
	if len(out) > 0 {
		return "", fmt.Errorf("%s: %s leads to %s: refusing to write outside the space's folder", s.Dir, rel, out[0].Resolved)
	}
	if st, err := os.Lstat(p); err == nil && st.IsDir() {
		return "", fmt.Errorf("%s: is a folder", p)
	}
	return p, nil
}

// CheckSpace reads the manifest of the space at path (a folder or its
// latent.toml) and returns an *OutsideError if it names files outside
// the folder that opts do not consent to, without loading any of them:
// a caller can ask the user before OpenSpace.
func CheckSpace(path string, opts ...OpenOption) error {
	dir, m, o, err := readTrustedManifest(path, opts)
	if err != nil {
		return err
	}
	return o.checkInside(dir, m.Files())
}

// readTrustedManifest reads the manifest of the space at path once it is
// known to lie inside the space's folder (a latent.toml linked from
// elsewhere is an outside file like any other).
func readTrustedManifest(path string, opts []OpenOption) (string, *Manifest, *openOptions, error) {
	dir, manifest := spaceDir(path)
	o := newOpenOptions(opts)
	if err := o.checkInside(dir, []ManifestFile{{"manifest", manifest}}); err != nil {
		return "", nil, nil, err
	}
	m, err := ReadManifest(path)
	if err != nil {
		return "", nil, nil, err
	}
	return dir, m, o, nil
}

// spaceDir returns the folder of the space at path and its manifest's
// name relative to that folder (as a manifest gives its files).
func spaceDir(path string) (dir, manifest string) {
	if st, err := os.Stat(path); err == nil && !st.IsDir() {
		return filepath.Dir(path), filepath.Base(path)
	}
	return path, ManifestName
}
