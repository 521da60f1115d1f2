package app

import (
	"errors"
	"path/filepath"

	"github.com/latent-explorer/latent/model"
)

// saveMap writes the current map into the space's folder and records it in
// the manifest, so the space reopens on it. Both writes are atomic and run
// off the UI goroutine.
func (e *Explorer) saveMap() {
	sp := e.space
	if sp == nil {
		return
	}
	if sp.Dir == "" {
		e.showError(errors.New("this space has no folder: open a space folder (File → Open space) to save its map"))
		return
	}
	mp := e.core.Snapshot().Map
	if mp.Method == "" {
		e.showError(errors.New("no finished map to save yet"))
		return
	}
	spec := model.MapSpec{Coords: "map-" + mp.Method + ".npy", Method: mp.Method, Seed: mp.Seed,
		Perplexity: mp.Perplexity, Neighbors: mp.Neighbors, MinDist: mp.MinDist}
	m := sp.Manifest
	m.Map = &spec
	coords := &model.Array{Shape: []int{len(mp.Coords) / 2, 2}, DType: "float32", Data: mp.Coords}
	coordsPath, err := sp.WritePath(spec.Coords)
	if err != nil {
		e.showError(err)
		return
	}
	manifestPath, err := sp.WritePath(model.ManifestName)
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
			e.jobs.setStatus("saved the map to " + filepath.Join(sp.Dir, spec.Coords))
		})
	}()
}
