package app

import (
	"image"
	"io"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/latent-explorer/latent/app/session"
	"github.com/latent-explorer/latent/model"
	"github.com/latent-explorer/latent/viz/grid"
)

// showTraversal decodes a traversal grid around the current vector (a
// job) and shows it.
func (e *Explorer) showTraversal() {
	if e.space != nil {
		e.showPanel(e.traverse)
		e.traverse.traverse()
	}
}

// showInterpolation opens the interpolation panel on the last two points
// clicked on the map and decodes the path between them.
func (e *Explorer) showInterpolation() {
	if e.space != nil {
		e.showPanel(e.interp)
		e.interp.useClicked()
		e.interp.interpolate()
	}
}

// showGrid shows a finished grid job's picture with a Save button.
func (e *Explorer) showGrid(st session.JobStatus) {
	g := st.Result.(*session.Grid)
	c := canvas.NewImageFromImage(g.Image)
	c.FillMode = canvas.ImageFillOriginal
	c.ScaleMode = canvas.ImageScalePixels
	save := widget.NewButton("Save PNG…", func() { e.saveGridDialog(g.Image) })
	d := dialog.NewCustom(g.Title, "Close", container.NewBorder(nil, save, nil, nil, container.NewScroll(c)), e.win)
	d.Resize(fyne.NewSize(float32(min(g.Image.Rect.Dx()+40, 1100)), float32(min(g.Image.Rect.Dy()+120, 760))))
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
			go func() {
				err := model.WriteAtomic(path, func(w io.Writer) error { return grid.WritePNG(w, img) })
				e.ui.Do(func() {
					if err != nil {
						e.showError(err)
						return
					}
					e.jobs.setStatus("saved " + path)
				})
			}()
		})
	}, e.win)
}
