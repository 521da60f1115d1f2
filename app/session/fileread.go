package session

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/latent-explorer/latent/model"
)

// ReadFile reads and checks a session file: a regular file of at most
// MaxFileSize bytes, nested at most 32 levels, of a format and version
// this program knows.
func ReadFile(path string) (*File, error) {
	b, err := readCapped(path, MaxFileSize)
	if err != nil {
		return nil, err
	}
	if err := checkJSONDepth(b); err != nil {
		return nil, fmt.Errorf("%s: not a session file: %w", path, err)
	}
	f := &File{}
	if err := json.Unmarshal(b, f); err != nil {
		return nil, fmt.Errorf("%s: not a session file: %w", path, err)
	}
	if f.Format != FileFormat {
		return nil, fmt.Errorf("%s: not a session file (format %q, want %q)", path, f.Format, FileFormat)
	}
	if f.Version < 1 || f.Version > FileVersion {
		return nil, fmt.Errorf("%s: session file version %d; this program reads up to %d", path, f.Version, FileVersion)
	}
	if f.dir, err = filepath.Abs(filepath.Dir(path)); err != nil {
		return nil, err
	}
	if err := f.checkNames(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return f, nil
}

// readCapped reads a regular file of at most limit bytes.
func readCapped(path string, limit int64) ([]byte, error) {
	r, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	fi, err := r.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s: not a regular file", path)
	}
	if fi.Size() > limit {
		return nil, fmt.Errorf("%s: %d bytes; a session file has at most %d", path, fi.Size(), limit)
	}
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err == nil && int64(len(b)) > limit {
		err = fmt.Errorf("%s: more than %d bytes", path, limit)
	}
	return b, err
}

// checkNames refuses data file names that are not plain names beside the
// session file.
func (f *File) checkNames() error {
	names := []string{f.Map.Coords}
	for _, c := range f.Columns {
		names = append(names, c.Data)
	}
	for _, n := range names {
		if n == "" || n != filepath.Base(n) || n == "." || n == ".." {
			return fmt.Errorf("data file %q: want a file name beside the session file", n)
		}
	}
	return nil
}

// FileProblem is a space file that is missing or not the one saved.
type FileProblem struct {
	Role, Path string // Path as resolved
	Missing    bool   // else it changed
}

func (p FileProblem) String() string {
	if p.Missing {
		return fmt.Sprintf("%s file %s is missing", p.Role, p.Path)
	}
	return fmt.Sprintf("%s file %s has changed since the session was saved", p.Role, p.Path)
}

// ErrFilesChanged is wrapped by the error of Load when space files moved
// or changed (see Problems).
var ErrFilesChanged = errors.New("session: the space's files moved or changed")

// Problems lists the space files that are missing or differ from when the
// session was saved (size, and checksum or modification time).
func (f *File) Problems() []FileProblem {
	var out []FileProblem
	for _, st := range f.Files {
		path := f.spacePath(st.Path)
		now, err := stamp(path)
		switch {
		case err != nil:
			out = append(out, FileProblem{Role: st.Role, Path: path, Missing: true})
		case now.Size != st.Size,
			st.SHA256 != "" && now.SHA256 != st.SHA256,
			st.SHA256 == "" && !now.Modified.Equal(st.Modified):
			out = append(out, FileProblem{Role: st.Role, Path: path})
		}
	}
	return out
}

// Relocate looks for the space's missing files in dir: the whole space
// when dir holds the files at their paths relative to the space folder,
// else each missing file by its name. It returns how many were found.
func (f *File) Relocate(dir string) int {
	missing := 0
	for _, p := range f.Problems() {
		if p.Missing {
			missing++
		}
	}
	if f.Space.Folder != "" && f.allIn(dir) {
		f.Space.Folder = dir
		return missing
	}
	found := 0
	m := &f.Space.Manifest
	for _, p := range []*string{&m.Decoder, &m.Encoder, &m.Codes, &m.Labels, &m.Metadata, &m.Data} {
		if *p == "" {
			continue
		}
		if _, err := os.Stat(f.spacePath(*p)); err == nil {
			*p = f.spacePath(*p) // keep it, now by its absolute path
			continue
		}
		cand := filepath.Join(dir, filepath.Base(*p))
		if _, err := os.Stat(cand); err == nil {
			*p, found = cand, found+1
		}
	}
	f.Space.Folder = ""
	for i := range f.Files {
		f.Files[i].Path = f.spacePathByRole(f.Files[i].Role)
	}
	return found
}

// allIn reports whether dir holds every space file at its relative path.
func (f *File) allIn(dir string) bool {
	for _, st := range f.Files {
		if filepath.IsAbs(st.Path) {
			return false
		}
		if _, err := os.Stat(filepath.Join(dir, st.Path)); err != nil {
			return false
		}
	}
	return true
}

func (f *File) spacePathByRole(role string) string {
	m := f.Space.Manifest
	return map[string]string{"decoder": m.Decoder, "encoder": m.Encoder, "codes": m.Codes,
		"labels": m.Labels, "metadata": m.Metadata, "data": m.Data}[role]
}

// Load loads the space and the state the file holds. When space files
// moved or changed it returns an error wrapping ErrFilesChanged (see
// Problems and Relocate) unless anyway is true. A space folder's files
// outside it are refused with a *model.OutsideError unless opts consent.
func (f *File) Load(anyway bool, opts ...model.OpenOption) (*model.Space, State, error) {
	if ps := f.Problems(); len(ps) > 0 && !anyway {
		msg := make([]string, len(ps))
		for i, p := range ps {
			msg[i] = p.String()
		}
		return nil, State{}, fmt.Errorf("%w: %s", ErrFilesChanged, strings.Join(msg, "; "))
	}
	sp, err := f.loadSpace(opts)
	if err != nil {
		return nil, State{}, err
	}
	st, err := f.state()
	if err != nil {
		return nil, State{}, err
	}
	if err := checkState(sp, st); err != nil {
		return nil, State{}, fmt.Errorf("session does not fit its space: %w", err)
	}
	return sp, st, nil
}

// loadSpace loads the space the file names.
func (f *File) loadSpace(opts []model.OpenOption) (*model.Space, error) {
	m := f.Space.Manifest
	if f.Space.Folder == "" {
		for _, p := range []*string{&m.Decoder, &m.Encoder, &m.Codes, &m.Labels, &m.Metadata, &m.Data} {
			if *p != "" {
				*p = f.resolve(*p)
			}
		}
		if err := m.Normalize(); err != nil {
			return nil, err
		}
		// No space folder (files given one by one, or relocated): the
		// session's folder bounds what it may read without consent.
		if err := model.CheckInside(f.dir, m.Files(), opts...); err != nil {
			return nil, err
		}
		return model.LoadSpace("", &m)
	}
	return model.LoadSpace(f.resolve(f.Space.Folder), &m, opts...)
}

// state rebuilds the state, reading the data files beside the session.
func (f *File) state() (State, error) {
	coords, err := model.ReadArray(f.resolve(f.Map.Coords), "")
	if err != nil {
		return State{}, err
	}
	if len(coords.Shape) != 2 || coords.Shape[1] != 2 {
		return State{}, fmt.Errorf("%s: shape %v, want n×2 map coordinates", f.Map.Coords, coords.Shape)
	}
	m := f.Map
	st := State{
		Map: Map{Method: m.Method, Seed: m.Seed, Perplexity: m.Perplexity, Neighbors: m.Neighbors,
			MinDist: m.MinDist, Iterations: m.Iterations, XAxis: m.XAxis, YAxis: m.YAxis, Stored: m.Stored, Coords: coords.Data},
		Coloring:  Coloring{Column: f.Coloring.Column, Palette: f.Coloring.Palette, Hidden: f.Coloring.Hidden},
		Selection: f.Selection,
		Sliders:   Sliders(f.Sliders),
		Current:   f.Current, Previous: f.Previous,
		View:  View(f.View),
		Class: f.Class, Dim: f.Dim,
	}
	if r := f.Search; r != nil {
		st.Search = Search{Query: model.Query{Column: r.Column, Text: r.Text, Regexp: r.Regexp}, Matches: r.Matches}
	}
	for _, d := range f.Directions {
		st.Directions = append(st.Directions, Direction(d))
	}
	for _, ref := range f.Columns {
		c, err := f.readColumn(ref)
		if err != nil {
			return State{}, err
		}
		st.Columns = append(st.Columns, c)
	}
	return st, nil
}

// readColumn reads an analysis column's data file.
func (f *File) readColumn(ref ColumnRef) (Column, error) {
	a, err := model.ReadArray(f.resolve(ref.Data), "")
	if err != nil {
		return Column{}, err
	}
	if len(a.Shape) != 1 {
		return Column{}, fmt.Errorf("%s: shape %v, want one value per code", ref.Data, a.Shape)
	}
	c := Column{Name: ref.Name}
	if ref.Values == nil {
		c.Numbers = a.Data
		return c, nil
	}
	c.Strings = make([]string, len(a.Data))
	for i, v := range a.Data {
		k := int(v)
		if float64(k) != v || k < 0 || k >= len(ref.Values) {
			return Column{}, fmt.Errorf("%s: value %v is not an index into the %d values of %s", ref.Data, v, len(ref.Values), ref.Name)
		}
		c.Strings[i] = ref.Values[k]
	}
	return c, nil
}
