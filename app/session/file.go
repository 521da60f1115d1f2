package session

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/latent-explorer/latent/model/safefile"

	"github.com/latent-explorer/latent/model"
)

// FileExt ends a session file's name; its map coordinates and analysis
// columns are .npy files beside it named after it
// (NAME.latent-session.map.npy, NAME.latent-session.col1.npy, ...).
const FileExt = ".latent-session"

// FileFormat and FileVersion head every session file. A version adds
// fields to the one before it and reads every earlier one, whose missing
// fields take their zero values: version 2 added class, search, dim and
// the sliders' order and order_by.
const (
	FileFormat  = "latent-session"
	FileVersion = 2
)

// MaxFileSize is the largest session file read (the bulky data lives in
// the .npy files beside it).
const MaxFileSize = 1 << 20

// checksumLimit is the largest space file whose SHA-256 is stored (larger
// ones are recognised by size and modification time).
const checksumLimit = 8 << 20

// File is a session file: the space (by its folder or its files), a stamp
// of each of the space's files, and the state. It is JSON.
type File struct {
	Format  string      `json:"format"`
	Version int         `json:"version"`
	Space   SpaceRef    `json:"space"`
	Files   []FileStamp `json:"files"`

	Map        MapRef      `json:"map"`
	Coloring   coloringRec `json:"coloring"`
	Selection  []int       `json:"selection"`
	Directions []dirRec    `json:"directions"`
	Sliders    slidersRec  `json:"sliders"`
	Current    int         `json:"current"`
	Previous   int         `json:"previous"`
	Columns    []ColumnRef `json:"columns"`
	View       viewRec     `json:"view"`
	// Version 2.
	Class  int        `json:"class,omitempty"`
	Search *searchRec `json:"search,omitempty"`
	Dim    bool       `json:"dim,omitempty"`

	// dir is the session file's folder, which relative paths start from.
	dir string
}

// SpaceRef names the space: its folder (relative to the session file when
// beside or below it) with the manifest as it was, or, for a space opened
// from files, the manifest alone with its paths.
type SpaceRef struct {
	Folder   string         `json:"folder,omitempty"`
	Manifest model.Manifest `json:"manifest"`
}

// FileStamp recognises a space file: its size and modification time, and
// for files up to 8 MiB its SHA-256.
type FileStamp struct {
	Role     string    `json:"role"`
	Path     string    `json:"path"`
	Size     int64     `json:"size"`
	Modified time.Time `json:"modified"`
	SHA256   string    `json:"sha256,omitempty"`
}

// MapRef is the map's method and parameters; its coordinates are the
// float64 n×2 .npy file Coords, beside the session file.
type MapRef struct {
	Method     string  `json:"method"`
	Seed       uint64  `json:"seed"`
	Perplexity float64 `json:"perplexity,omitempty"`
	Neighbors  int     `json:"neighbors,omitempty"`
	MinDist    float64 `json:"min_dist"`
	Iterations int     `json:"iterations,omitempty"`
	XAxis      string  `json:"x_axis,omitempty"`
	YAxis      string  `json:"y_axis,omitempty"`
	Stored     bool    `json:"stored,omitempty"`
	Coords     string  `json:"coords"`
}

// ColumnRef is an analysis column: numbers in the float64 .npy file Data,
// or strings as indices (an int32 .npy) into Values.
type ColumnRef struct {
	Name   string   `json:"name"`
	Values []string `json:"values,omitempty"`
	Data   string   `json:"data"`
}

type coloringRec struct {
	Column  string   `json:"column"`
	Palette string   `json:"palette"`
	Hidden  []string `json:"hidden"`
}

type dirRec struct {
	Name  string    `json:"name"`
	Kind  string    `json:"kind"`
	Unit  []float64 `json:"unit"`
	Scale float64   `json:"scale"`
}

type slidersRec struct {
	Mode   string    `json:"mode"`
	Dims   []int     `json:"dims"`
	Z      []float64 `json:"z"`
	Base   []float64 `json:"base"`
	Coeffs []float64 `json:"coeffs"`
	// Version 2.
	Order   []int  `json:"order,omitempty"`
	OrderBy string `json:"order_by,omitempty"`
}

// searchRec is the last search: its query and the points it matched.
type searchRec struct {
	Column  string `json:"column,omitempty"`
	Text    string `json:"text"`
	Regexp  bool   `json:"regexp,omitempty"`
	Matches []int  `json:"matches"`
}

type viewRec struct {
	Set  bool    `json:"set"`
	MinX float64 `json:"min_x"`
	MaxX float64 `json:"max_x"`
	MinY float64 `json:"min_y"`
	MaxY float64 `json:"max_y"`
}

// relTo returns path relative to dir when it lies in dir or below it,
// else absolute.
func relTo(dir, path string) string {
	abs, err := filepath.Abs(path)
	if err != nil {
		return path
	}
	if rel, err := filepath.Rel(dir, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return rel
	}
	return abs
}

// Save writes the session to path (NAME.latent-session) and its data
// files beside it, each atomically (data files first, so a session file
// never names data that is not there yet).
func (s *Session) Save(path string) error {
	sp := s.Space()
	if sp == nil {
		return errors.New("no space open to save")
	}
	st := s.Snapshot()
	if st.Map.Method == "" {
		return errors.New("save session: the first map is not finished yet")
	}
	dir, err := filepath.Abs(filepath.Dir(path))
	if err != nil {
		return err
	}
	f := &File{Format: FileFormat, Version: FileVersion, dir: dir}
	if err := f.setSpace(sp); err != nil {
		return err
	}
	f.setState(st)
	base := filepath.Base(path)
	if err := f.writeData(path, base, st); err != nil {
		return err
	}
	return safefile.Write(path, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		if err := enc.Encode(f); err != nil {
			return fmt.Errorf("session: %w", err)
		}
		return nil
	})
}

// setSpace records the space and stamps its files.
func (f *File) setSpace(sp *model.Space) error {
	m := sp.Manifest
	if sp.Dir != "" {
		f.Space.Folder = relTo(f.dir, sp.Dir)
	} else {
		for _, p := range []*string{&m.Decoder, &m.Encoder, &m.Codes, &m.Labels, &m.Metadata, &m.Data} {
			if *p != "" {
				*p = relTo(f.dir, *p)
			}
		}
	}
	m.Map = nil
	f.Space.Manifest = m
	for _, mf := range m.Files() {
		st, err := stamp(f.spacePath(mf.Path))
		if err != nil {
			return err
		}
		st.Role, st.Path = mf.Role, mf.Path
		f.Files = append(f.Files, st)
	}
	return nil
}

// spacePath resolves a path of the space's manifest.
func (f *File) spacePath(p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	if f.Space.Folder != "" {
		return filepath.Join(f.resolve(f.Space.Folder), p)
	}
	return f.resolve(p)
}

// resolve makes a path of the session file absolute.
func (f *File) resolve(p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(f.dir, p)
}

// stamp returns a file's size, modification time and, when small, SHA-256.
func stamp(path string) (FileStamp, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return FileStamp{}, err
	}
	st := FileStamp{Size: fi.Size(), Modified: fi.ModTime().UTC()}
	if fi.Mode().IsRegular() && fi.Size() <= checksumLimit {
		if st.SHA256, err = checksum(path); err != nil {
			return FileStamp{}, err
		}
	}
	return st, nil
}

func checksum(path string) (string, error) {
	r, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer r.Close()
	h := sha256.New()
	if _, err := io.Copy(h, r); err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// setState records everything but the bulky data.
func (f *File) setState(st State) {
	m := st.Map
	f.Map = MapRef{Method: m.Method, Seed: m.Seed, Perplexity: m.Perplexity, Neighbors: m.Neighbors,
		MinDist: m.MinDist, Iterations: m.Iterations, XAxis: m.XAxis, YAxis: m.YAxis, Stored: m.Stored}
	f.Coloring = coloringRec{Column: st.Coloring.Column, Palette: st.Coloring.Palette, Hidden: st.Coloring.Hidden}
	f.Selection = st.Selection
	for _, d := range st.Directions {
		f.Directions = append(f.Directions, dirRec(d))
	}
	f.Sliders = slidersRec(st.Sliders)
	f.Current, f.Previous = st.Current, st.Previous
	f.View = viewRec(st.View)
	f.Class, f.Dim = st.Class, st.Dim
	if q := st.Search.Query; q != (model.Query{}) || st.Search.Matches != nil {
		f.Search = &searchRec{Column: q.Column, Text: q.Text, Regexp: q.Regexp, Matches: st.Search.Matches}
	}
}

// writeData writes the coordinates and analysis columns beside the
// session file and records their names.
func (f *File) writeData(path, base string, st State) error {
	f.Map.Coords = base + ".map.npy"
	n := len(st.Map.Coords) / 2
	if err := model.WriteNPY(filepath.Join(filepath.Dir(path), f.Map.Coords),
		&model.Array{Shape: []int{n, 2}, DType: "float64", Data: st.Map.Coords}); err != nil {
		return err
	}
	for k, c := range st.Columns {
		ref, a := columnData(c)
		ref.Data = base + ".col" + strconv.Itoa(k+1) + ".npy"
		if err := model.WriteNPY(filepath.Join(filepath.Dir(path), ref.Data), a); err != nil {
			return err
		}
		f.Columns = append(f.Columns, ref)
	}
	return nil
}

// columnData is a column as an array: its numbers, or its strings as
// indices into the distinct values.
func columnData(c Column) (ColumnRef, *model.Array) {
	ref := ColumnRef{Name: c.Name}
	if c.Strings == nil {
		return ref, &model.Array{Shape: []int{len(c.Numbers)}, DType: "float64", Data: c.Numbers}
	}
	index := map[string]int{}
	data := make([]float64, len(c.Strings))
	for i, v := range c.Strings {
		k, ok := index[v]
		if !ok {
			k = len(ref.Values)
			index[v] = k
			ref.Values = append(ref.Values, v)
		}
		data[i] = float64(k)
	}
	return ref, &model.Array{Shape: []int{len(data)}, DType: "int32", Data: data}
}

// SaveFile saves the session to path as a job (see Save). The result is
// the path.
func (s *Session) SaveFile(path string) *Job {
	return s.start("save", "save session", func(ctx context.Context, progress func(float64)) (func() Change, any, error) {
		return nil, path, s.Save(path)
	})
}
