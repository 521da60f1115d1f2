package model

import (
	"fmt"
	"os"
	"path/filepath"
)

// Space is a latent space and what belongs to it: the codes, their
// metadata (labels are one column), optionally the data items the codes
// came from, the decoder and encoder files and how to show decoded output.
type Space struct {
	// Dir is the folder paths are relative to ("" for a space built from flags).
	Dir      string
	Manifest Manifest
	Codes    *Codes
	// Meta holds the metadata columns, one row per code; it may have no columns.
	Meta *Table
	// Data holds the data items (N×H×W, N×C×H×W images or N×k vectors), or nil.
	Data *Array
	// Map is a stored N×2 projection of the codes, or nil.
	Map *Array
}

// OpenSpace reads the space at path: a folder with a latent.toml, or the
// manifest itself. Every file the manifest names is loaded now (the decoder
// and encoder only checked to exist), so a missing or bad file is an error
// naming it. A file that resolves outside the space's folder (the manifest
// included) is refused with an *OutsideError unless opts consent to it.
func OpenSpace(path string, opts ...OpenOption) (*Space, error) {
	dir, m, o, err := readTrustedManifest(path, opts)
	if err != nil {
		return nil, err
	}
	return loadSpace(dir, m, o)
}

// LoadSpace loads the files m names, relative to dir, refusing any that
// resolves outside dir (see OpenSpace) unless opts consent; with dir ""
// (a space built from flags) paths are taken as given.
func LoadSpace(dir string, m *Manifest, opts ...OpenOption) (*Space, error) {
	return loadSpace(dir, m, newOpenOptions(opts))
}

func loadSpace(dir string, m *Manifest, o *openOptions) (*Space, error) {
	s := &Space{Dir: dir, Manifest: *m, Meta: &Table{}}
	if err := o.checkInside(dir, m.Files()); err != nil {
		return nil, err
	}
	for _, f := range m.Files() {
		if _, err := os.Stat(s.Path(f.Path)); err != nil {
			return nil, fmt.Errorf("%s: %s file %s: %w", s.Path(ManifestName), f.Role, f.Path, os.ErrNotExist)
		}
	}
	if err := s.loadCodes(); err != nil {
		return nil, err
	}
	if err := s.loadMeta(); err != nil {
		return nil, err
	}
	if err := s.loadData(); err != nil {
		return nil, err
	}
	return s, s.loadMap()
}

// Path resolves a path from the manifest against the space's folder.
func (s *Space) Path(rel string) string {
	if rel == "" || filepath.IsAbs(rel) || s.Dir == "" {
		return rel
	}
	return filepath.Join(s.Dir, rel)
}

// DecoderPath and EncoderPath are the model files, or "".
func (s *Space) DecoderPath() string { return s.Path(s.Manifest.Decoder) }

// EncoderPath is the encoder's file, or "".
func (s *Space) EncoderPath() string { return s.Path(s.Manifest.Encoder) }

func (s *Space) loadCodes() error {
	if s.Manifest.Codes == "" {
		return fmt.Errorf("%s: %w: no codes", s.Path(ManifestName), ErrFormat)
	}
	c, err := ReadCodes(s.Path(s.Manifest.Codes))
	if err != nil {
		return err
	}
	s.Codes = c
	return nil
}

func (s *Space) loadMeta() error {
	for _, p := range []string{s.Manifest.Labels, s.Manifest.Metadata} {
		if p == "" {
			continue
		}
		t, err := ReadTable(s.Path(p))
		if err != nil {
			return err
		}
		if err := CheckRows(s.Path(s.Manifest.Codes), s.Codes, s.Path(p), t); err != nil {
			return err
		}
		s.Meta.merge(t)
	}
	return nil
}

// merge appends t's columns, renaming any whose name is taken.
func (t *Table) merge(o *Table) {
	for _, c := range o.Columns {
		name := c.Name
		for i := 2; t.Column(name) != nil; i++ {
			name = fmt.Sprintf("%s_%d", c.Name, i)
		}
		c.Name = name
		t.Columns = append(t.Columns, c)
	}
}

func (s *Space) loadData() error {
	if s.Manifest.Data == "" {
		return nil
	}
	p := s.Path(s.Manifest.Data)
	a, err := ReadData(p)
	if err != nil {
		return err
	}
	if len(a.Shape) < 2 || a.Shape[0] != s.Codes.N {
		return fmt.Errorf("%s: %w: data shape %v, codes have %d rows", p, ErrShape, a.Shape, s.Codes.N)
	}
	s.Data = a
	return nil
}

func (s *Space) loadMap() error {
	if s.Manifest.Map == nil {
		return nil
	}
	p := s.Path(s.Manifest.Map.Coords)
	a, err := ReadArray(p, "")
	if err != nil {
		return err
	}
	if len(a.Shape) != 2 || a.Shape[1] != 2 || a.Shape[0] != s.Codes.N {
		return fmt.Errorf("%s: %w: map shape %v, want [%d 2]", p, ErrShape, a.Shape, s.Codes.N)
	}
	s.Map = a
	return nil
}

// Item returns data item i and its shape without the leading count: a
// slice of the data array, or for data kept as bytes a new float64 copy
// (not to be changed either way); ok is false when the space has no data.
func (s *Space) Item(i int) (item []float64, shape []int, ok bool) {
	if s.Data == nil {
		return nil, nil, false
	}
	shape = s.Data.Shape[1:]
	size := 1
	for _, v := range shape {
		size *= v
	}
	if b := s.Data.U8; b != nil {
		item = make([]float64, size)
		for k, v := range b[i*size : (i+1)*size] {
			item[k] = float64(v)
		}
		return item, shape, true
	}
	return s.Data.Data[i*size : (i+1)*size], shape, true
}
