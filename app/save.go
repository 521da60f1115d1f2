package app

import (
	"errors"
	"path/filepath"

	"github.com/latent-explorer/latent/model"
)

// saveMap writes the current map into the space's folder and records it in
// the manifest, so the space reopens on it. Both writes are atomic.
func (e *Explorer) saveMap() {
	st := e.st
	if st == nil {
		return
	}
	if st.space.Dir == "" {
		e.showError(errors.New("this space has no folder: open a space folder (File → Open space) to save its map"))
		return
	}
	if st.method == "" {
		e.showError(errors.New("no finished map to save yet"))
		return
	}
	spec := st.mapSpec
	spec.Coords = "map-" + st.method + ".npy"
	spec.Method = st.method
	m := st.space.Manifest
	m.Map = &spec
	coords := &model.Array{Shape: []int{len(st.coords) / 2, 2}, DType: "float32", Data: st.coords}
	dir := st.space.Dir
	coordsPath, err := st.space.WritePath(spec.Coords)
	if err != nil {
		e.showError(err)
		return
	}
	manifestPath, err := st.space.WritePath(model.ManifestName)
	if err != nil {
		e.showError(err)
		return
	}
	go func() {
		err := model.WriteNPY(coordsPath, coords)
		if err == nil {
			err = model.WriteManifest(manifestPath, &m)
		}
		e.ui.Do(func() {
			if err != nil {
				e.showError(err)
				return
			}
			st.space.Manifest.Map = &spec
			e.status.SetText("saved the map to " + filepath.Join(dir, spec.Coords))
		})
	}()
}
