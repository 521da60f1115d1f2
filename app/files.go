package app

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"

	"github.com/latent-explorer/latent/app/session"
	"github.com/latent-explorer/latent/model"
)

// maxRecent is the number of recent spaces and files remembered.
const maxRecent = 8

// A role is what an opened file is for.
type role string

const (
	roleSpace   role = "space"
	roleCodes   role = "codes"
	roleLabels  role = "labels"
	roleData    role = "data"
	roleDecoder role = "decoder"
	roleSession role = "session"
)

// OpenPath opens a space folder or manifest, or adds one file to the space
// shown (codes start a new space), loading in the background. Errors are
// shown in a dialog.
func (e *Explorer) OpenPath(path string, r role) {
	if r == roleSession || (r == "" && strings.HasSuffix(path, session.FileExt)) {
		e.openSession(path)
		return
	}
	e.jobs.setStatus("opening " + path + "…")
	cur := e.currentManifest()
	go func() {
		var s *model.Space
		var dec Decoder
		err := e.withConsent(func(opts ...model.OpenOption) (err error) {
			s, dec, err = load(path, r, cur, opts...)
			return err
		})
		e.ui.Do(func() {
			var oe *model.OutsideError
			if errors.As(err, &oe) {
				e.askOutside(oe, func() { e.OpenPath(path, r) })
				return
			}
			if err != nil {
				e.jobs.setStatus("")
				e.showError(err)
				return
			}
			e.remember(path, r)
			e.Open(s, dec)
		})
	}()
}

// load does the file work of OpenPath off the UI goroutine; cur is the
// open space's manifest, which other files are added to; opts consent to
// a space's files outside its folder.
func load(path string, r role, cur *model.Manifest, opts ...model.OpenOption) (*model.Space, Decoder, error) {
	if r == "" {
		var err error
		if r, err = classify(path); err != nil {
			return nil, nil, err
		}
	}
	if r == roleSpace {
		s, err := model.OpenSpace(path, opts...)
		if err != nil {
			return nil, nil, err
		}
		dec, err := loadDecoder(s)
		return s, dec, err
	}
	m := cur
	switch r {
	case roleCodes:
		m = &model.Manifest{Name: filepath.Base(path), Codes: path, Output: m.Output, Prior: m.Prior, Decoder: m.Decoder}
	case roleLabels:
		m.Metadata = path
	case roleData:
		m.Data = path
	case roleDecoder:
		m.Decoder = path
	}
	if m.Codes == "" {
		return nil, nil, fmt.Errorf("%s: open codes (or a space) first", path)
	}
	if err := m.Normalize(); err != nil {
		return nil, nil, err
	}
	s, err := model.LoadSpace("", m)
	if err != nil {
		return nil, nil, err
	}
	dec, err := loadDecoder(s)
	if err == nil && dec != nil {
		fitOutputSpec(&s.Manifest.Output, dec)
	}
	return s, dec, err
}

// currentManifest is the open space's manifest with its paths made
// absolute, so files can be added to it.
func (e *Explorer) currentManifest() *model.Manifest {
	s := e.space
	if s == nil {
		return &model.Manifest{}
	}
	m := s.Manifest
	m.Decoder, m.Encoder, m.Codes = s.Path(m.Decoder), s.Path(m.Encoder), s.Path(m.Codes)
	m.Labels, m.Metadata, m.Data = s.Path(m.Labels), s.Path(m.Metadata), s.Path(m.Data)
	if m.Map != nil {
		mp := *m.Map
		mp.Coords = s.Path(mp.Coords)
		m.Map = &mp
	}
	return &m
}

// fitOutputSpec makes the output spec agree with a decoder opened by hand:
// an image decoder's shape, or a vector.
func fitOutputSpec(o *model.OutputSpec, dec Decoder) {
	shape := dec.OutputShape()
	o.Shape = shape
	if im, ok := dec.(interface{ IsImage() bool }); len(shape) == 1 || ok && !im.IsImage() {
		o.Kind = "vector" // such as a [1 64] sound, shown flat
		n := 1
		for _, v := range shape {
			n *= v
		}
		o.Shape = []int{n}
		return
	}
	o.Kind = "image"
	if len(shape) == 3 && shape[0] == 3 && o.Channels == "gray" {
		o.Channels = "rgb"
	}
}

// classify guesses what a file is for from its name and contents.
func classify(path string) (role, error) {
	st, err := os.Stat(path)
	if err != nil {
		return "", err
	}
	// codes.csv.gz is a .csv for this purpose.
	ext := strings.ToLower(filepath.Ext(strings.TrimSuffix(strings.TrimSuffix(path, ".gz"), ".GZ")))
	switch {
	case st.IsDir() || filepath.Base(path) == model.ManifestName:
		return roleSpace, nil
	case strings.HasSuffix(path, session.FileExt):
		return roleSession, nil
	case ext == ".onnx":
		return roleDecoder, nil
	case ext == ".csv" || ext == ".tsv" || ext == ".txt":
		t, err := model.ReadTable(path)
		if err != nil {
			return "", err
		}
		return role(model.TableRole(t)), nil
	}
	a, err := model.ReadArray(path, "")
	if err != nil {
		return "", err
	}
	return role(model.ArrayRole(a)), nil
}

// dropped opens files dropped on the window, spaces first.
func (e *Explorer) dropped(_ fyne.Position, uris []fyne.URI) {
	for _, u := range uris {
		if u.Scheme() != "file" {
			e.showError(fmt.Errorf("%s: only local files can be opened", u))
			continue
		}
		if model.IsImageFile(u.Path()) {
			e.encode.encodeFile(u.Path())
			continue
		}
		e.OpenPath(u.Path(), "")
	}
}

// showOpenDialog asks for a file (or folder, for a space) with role r; a
// session file opens as a session whatever r is.
func (e *Explorer) showOpenDialog(r role) {
	if r == roleSpace {
		d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
			if err != nil {
				e.showError(err)
			} else if u != nil {
				e.OpenPath(u.Path(), roleSpace)
			}
		}, e.win)
		e.startIn(d)
		d.Show()
		return
	}
	d := dialog.NewFileOpen(func(u fyne.URIReadCloser, err error) {
		if err != nil {
			e.showError(err)
			return
		}
		if u == nil {
			return
		}
		path := u.URI().Path()
		u.Close()
		e.OpenPath(path, r)
	}, e.win)
	e.startIn(d)
	d.Show()
}

// startIn starts a file dialog in the last folder used.
func (e *Explorer) startIn(d interface{ SetLocation(fyne.ListableURI) }) {
	dir := e.app.Preferences().String("lastDir")
	if dir == "" {
		return
	}
	if l, err := storage.ListerForURI(storage.NewFileURI(dir)); err == nil {
		d.SetLocation(l)
	}
}

// remember adds a path to the recent list and the menu.
func (e *Explorer) remember(path string, r role) {
	p := e.app.Preferences()
	entry := string(r) + "\t" + path
	list := []string{entry}
	for _, old := range p.StringList("recent") {
		if old != entry && len(list) < maxRecent {
			list = append(list, old)
		}
	}
	p.SetStringList("recent", list)
	dir := path
	if st, err := os.Stat(path); err == nil && !st.IsDir() {
		dir = filepath.Dir(path)
	}
	p.SetString("lastDir", dir)
	e.win.SetMainMenu(e.menu())
}

// recent returns the remembered (role, path) pairs, newest first.
func (e *Explorer) recent() [][2]string {
	var out [][2]string
	for _, s := range e.app.Preferences().StringList("recent") {
		r, p, ok := strings.Cut(s, "\t")
		if ok {
			out = append(out, [2]string{r, p})
		}
	}
	return out
}

// OpenSpace shows a loaded space, loading its decoder in the background.
func (e *Explorer) OpenSpace(s *model.Space) {
	go func() {
		dec, err := loadDecoder(s)
		if dec != nil && len(s.Manifest.Output.Shape) == 0 {
			fitOutputSpec(&s.Manifest.Output, dec)
		}
		e.ui.Do(func() {
			if err != nil {
				e.showError(err)
			}
			e.Open(s, dec)
		})
	}()
}
