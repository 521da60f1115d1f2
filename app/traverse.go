package app

import (
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/latent-explorer/latent/model"
	"github.com/latent-explorer/latent/viz/grid"
)

const (
	// traverseDims is how many dimensions (by variance) a traversal shows.
	traverseDims = 8
	// traverseSteps is the number of steps from −3 to +3 standard deviations.
	traverseSteps = 9
	// interpolateSteps is the number of images from one code to the other.
	interpolateSteps = 10
	// gridCell is a grid cell's side in pixels.
	gridCell = 56
)

// showTraversal decodes a traversal grid around the current vector: the
// dimensions of largest variance × steps from −3 to +3 standard deviations.
func (e *Explorer) showTraversal() {
	st := e.st
	if st == nil {
		return
	}
	if err := e.needImageDecoder(); err != nil {
		e.showError(err)
		return
	}
	dims := st.stats.Order[:min(traverseDims, len(st.stats.Order))]
	vecs := model.Traversal(nil, st.z, dims, -3, 3, traverseSteps, st.stats.Std)
	rows := make([]string, len(dims))
	for i, d := range dims {
		rows[i] = fmt.Sprintf("z%d", d)
	}
	cols := make([]string, traverseSteps)
	for j := range cols {
		cols[j] = fmt.Sprintf("%+.1fσ", model.StepValue(-3, 3, traverseSteps, j))
	}
	e.decodeGrid("Traversal", vecs, len(dims), traverseSteps, rows, cols)
}

// showInterpolation decodes the linear and spherical paths between the
// last two points clicked on the map.
func (e *Explorer) showInterpolation() {
	st := e.st
	if st == nil {
		return
	}
	if err := e.needImageDecoder(); err != nil {
		e.showError(err)
		return
	}
	if st.previous < 0 || st.current < 0 || st.previous == st.current {
		e.showError(errors.New("click two different points on the map first: the interpolation goes from the first to the second"))
		return
	}
	a, b := codeVector(st.space.Codes, st.previous), codeVector(st.space.Codes, st.current)
	vecs := model.Interpolation(nil, a, b, interpolateSteps, false)
	vecs = append(vecs, model.Interpolation(nil, a, b, interpolateSteps, true)...)
	cols := make([]string, interpolateSteps)
	cols[0], cols[interpolateSteps-1] = fmt.Sprintf("#%d", st.previous), fmt.Sprintf("#%d", st.current)
	e.decodeGrid("Interpolation", vecs, 2, interpolateSteps, []string{"linear", "slerp"}, cols)
}

func codeVector(c *model.Codes, i int) []float64 {
	z := make([]float64, c.D)
	for j, v := range c.Row(i) {
		z[j] = float64(v)
	}
	return z
}

func (e *Explorer) needImageDecoder() error {
	st := e.st
	if st.decoder == nil {
		return errors.New("this space has no decoder: open one with File → Open decoder")
	}
	if st.space.Manifest.Output.Kind != "image" {
		return errors.New("grids need a decoder whose output is an image")
	}
	return nil
}

// decodeGrid decodes rows × cols vectors in the background and shows the
// grid in a window that can save it.
func (e *Explorer) decodeGrid(title string, vecs [][]float64, rows, cols int, rowLabels, colLabels []string) {
	st := e.st
	e.background(title, func(ctx context.Context) (func(), error) {
		images := make([][]image.Image, rows)
		for i := range rows {
			images[i] = make([]image.Image, cols)
			for j := range cols {
				if ctx.Err() != nil {
					return nil, ctx.Err()
				}
				z := make([]float32, len(vecs[i*cols+j]))
				for k, v := range vecs[i*cols+j] {
					z[k] = float32(v)
				}
				out, err := st.decoder.Decode(z, nil)
				if err != nil {
					return nil, err
				}
				if images[i][j], err = st.space.Manifest.Output.ToImage(out, st.decoder.OutputShape(), nil); err != nil {
					return nil, err
				}
			}
		}
		img := grid.Grid(images, rowLabels, colLabels, gridCell)
		return func() { e.showGrid(title, img) }, nil
	})
}

// showGrid shows a grid picture with a Save button.
func (e *Explorer) showGrid(title string, img *image.NRGBA) {
	c := canvas.NewImageFromImage(img)
	c.FillMode = canvas.ImageFillOriginal
	c.ScaleMode = canvas.ImageScalePixels
	save := widget.NewButton("Save PNG…", func() { e.saveGridDialog(img) })
	d := dialog.NewCustom(title, "Close", container.NewBorder(nil, save, nil, nil, container.NewScroll(c)), e.win)
	d.Resize(fyne.NewSize(float32(min(img.Rect.Dx()+40, 1100)), float32(min(img.Rect.Dy()+120, 760))))
	e.status.SetText(title + " done")
	d.Show()
}

// saveGridDialog asks for a folder and name and saves the grid atomically,
// asking before it replaces a file.
func (e *Explorer) saveGridDialog(img image.Image) {
	dir, name := e.folderEntry("exportDir"), widget.NewEntry()
	name.SetText("grid.png")
	items := []*widget.FormItem{
		widget.NewFormItem("folder", e.folderPicker(dir)),
		widget.NewFormItem("file name", name),
	}
	dialog.ShowForm("Save grid", "Save", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		path := filepath.Join(dir.Text, name.Text)
		e.confirmOverwrite(path, func() {
			e.app.Preferences().SetString("exportDir", dir.Text)
			err := model.WriteAtomic(path, func(w io.Writer) error { return grid.WritePNG(w, img) })
			if err != nil {
				e.showError(err)
				return
			}
			e.status.SetText("saved " + path)
		})
	}, e.win)
}
