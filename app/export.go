package app

import (
	"context"
	"errors"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"
	"gonum.org/v1/plot/vg"

	"github.com/latent-explorer/latent/model"
	"github.com/latent-explorer/latent/viz/export"
	"github.com/latent-explorer/latent/viz/projection"
)

// previewDPI is the resolution of the export dialog's preview.
const previewDPI = 60

// exportOptions are the export dialog's fields.
type exportOptions struct {
	format                *widget.Select
	titleText             *widget.Entry
	width, height, dpi    *widget.Entry
	selection, thumbnails *widget.Check
	preview               *canvas.Image
	dir, name             *widget.Entry
}

// figure builds the export figure of the map as shown: its points, colours,
// hidden categories and, if asked, selection and thumbnails.
func (e *Explorer) figure(o *exportOptions) (*export.Map, error) {
	st := e.st
	if st == nil || len(st.coords) == 0 {
		return nil, errors.New("no map to export")
	}
	w, err1 := strconv.ParseFloat(o.width.Text, 64)
	h, err2 := strconv.ParseFloat(o.height.Text, 64)
	dpi, err3 := strconv.Atoi(o.dpi.Text)
	if err1 != nil || err2 != nil || err3 != nil || w <= 0 || h <= 0 || dpi < 10 || dpi > 2400 {
		return nil, fmt.Errorf("size %s × %s in at %s dpi: want positive inches and 10–2400 dpi", o.width.Text, o.height.Text, o.dpi.Text)
	}
	m := &export.Map{XY: st.coords, Title: o.titleText.Text, Width: vg.Length(w) * vg.Inch, Height: vg.Length(h) * vg.Inch, DPI: dpi}
	m.XLabel, m.YLabel = projection.AxisLabels(st.method, nil)
	e.colourFigure(m)
	if o.selection.Checked {
		m.Selection = st.sel
	}
	if o.thumbnails.Checked {
		if err := e.addThumbnails(m); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// colourFigure colours the figure by the map's colour-by column.
func (e *Explorer) colourFigure(m *export.Map) {
	col := e.st.space.Meta.Column(e.colorBy.Selected)
	if col == nil {
		return
	}
	if !model.IsCategorical(col) {
		m.SetValues(col.Name, col.Numbers)
		return
	}
	k := model.ColumnCategories(col, model.MaxShownCategories)
	m.SetCategories(col.Name, k.Index, k.Names, k.Noise) // figures are on white
	for c := range k.Names {
		if e.mapView.Renderer().Hidden(c) {
			m.HiddenCategories = append(m.HiddenCategories, c)
		}
	}
}

// addThumbnails draws the data items (or decoded codes) at their points.
func (e *Explorer) addThumbnails(m *export.Map) error {
	n := len(m.XY) / 2
	if n > export.MaxThumbnails {
		return fmt.Errorf("thumbnails need at most %d points; this map has %d", export.MaxThumbnails, n)
	}
	m.Thumbnails = make([]image.Image, n)
	for i := range n {
		if img := e.thumbnail(i); img != nil {
			m.Thumbnails[i] = img
		}
	}
	return nil
}

// showExportDialog is File → Export map…: options, a preview, and Save.
func (e *Explorer) showExportDialog() {
	if e.st == nil {
		return
	}
	o := &exportOptions{
		format:     widget.NewSelect([]string{"png", "svg", "pdf", "eps"}, nil),
		titleText:  widget.NewEntry(),
		width:      numberEntry("6"),
		height:     numberEntry("4.5"),
		dpi:        numberEntry("300"),
		selection:  widget.NewCheck("highlight the selection", nil),
		thumbnails: widget.NewCheck("thumbnails at points (≤ 2000 points)", nil),
		preview:    canvas.NewImageFromImage(nil),
	}
	o.dir, o.name = e.folderEntry("exportDir"), widget.NewEntry()
	o.name.SetText("map.png")
	o.format.OnChanged = func(f string) {
		o.name.SetText(strings.TrimSuffix(o.name.Text, filepath.Ext(o.name.Text)) + "." + f)
	}
	o.format.SetSelected("png")
	o.titleText.SetText(spaceName(e.st.space))
	o.selection.Checked = len(e.st.sel) > 0
	o.preview.FillMode = canvas.ImageFillContain
	o.preview.SetMinSize(fyne.NewSize(480, 360))
	update := widget.NewButton("Update preview", func() { e.updatePreview(o) })
	form := widget.NewForm(
		widget.NewFormItem("format", o.format),
		widget.NewFormItem("title", o.titleText),
		widget.NewFormItem("width (in)", o.width),
		widget.NewFormItem("height (in)", o.height),
		widget.NewFormItem("DPI (PNG)", o.dpi),
		widget.NewFormItem("", o.selection),
		widget.NewFormItem("", o.thumbnails),
		widget.NewFormItem("folder", e.folderPicker(o.dir)),
		widget.NewFormItem("file name", o.name),
	)
	content := container.NewBorder(nil, nil, container.NewVBox(form, update), nil, o.preview)
	d := dialog.NewCustomConfirm("Export map", "Save", "Cancel", content, func(ok bool) {
		if ok {
			e.chooseExportFile(o)
		}
	}, e.win)
	e.updatePreview(o)
	e.lastExport = o
	d.Show()
}

// updatePreview renders the figure at low resolution into the dialog.
func (e *Explorer) updatePreview(o *exportOptions) {
	m, err := e.figure(o)
	if err != nil {
		e.showError(err)
		return
	}
	img, err := m.Image(previewDPI)
	if err != nil {
		e.showError(err)
		return
	}
	o.preview.Image = img
	o.preview.Refresh()
}

// chooseExportFile saves the figure to the chosen folder and name, asking
// before it replaces a file.
func (e *Explorer) chooseExportFile(o *exportOptions) {
	m, err := e.figure(o)
	if err != nil {
		e.showError(err)
		return
	}
	path := filepath.Join(o.dir.Text, o.name.Text)
	e.confirmOverwrite(path, func() { e.saveFigure(m, path, o.format.Selected) })
}

// saveFigure writes the figure atomically in the format the name asks for
// (or the chosen one when the name has no figure extension).
func (e *Explorer) saveFigure(m *export.Map, path, format string) {
	if _, err := export.FormatOf(path); err != nil {
		path = strings.TrimSuffix(path, filepath.Ext(path)) + "." + format
	}
	e.app.Preferences().SetString("exportDir", filepath.Dir(path))
	e.background("export", func(_ context.Context) (func(), error) {
		if err := m.Save(path); err != nil {
			return nil, err
		}
		return func() { e.status.SetText("exported the map to " + path) }, nil
	})
}

// confirmOverwrite asks before replacing an existing file, then calls write.
func (e *Explorer) confirmOverwrite(path string, write func()) {
	if _, err := os.Stat(path); err != nil {
		write()
		return
	}
	dialog.ShowConfirm("Replace file?", filepath.Base(path)+" exists. Replace it?", func(ok bool) {
		if ok {
			write()
		}
	}, e.win)
}

// coordinatesWriter returns a function that writes the map coordinates
// with the metadata columns as CSV, or the coordinates alone as .npy. It
// copies what it needs on the UI goroutine, so the write can run off it.
func (e *Explorer) coordinatesWriter() func(path string) error {
	st := e.st
	coords := st.coords
	cols := make([]export.Column, 0, len(st.space.Meta.Columns))
	for _, c := range st.space.Meta.Columns {
		cols = append(cols, export.Column{Name: c.Name, Floats: c.Numbers, Strings: c.Strings})
	}
	x, y := projection.AxisLabels(st.method, nil)
	return func(path string) error { return export.WriteCoordinates(path, coords, x, y, cols...) }
}

// folderEntry is an entry holding the folder last used for key (the
// user's home folder at first).
func (e *Explorer) folderEntry(key string) *widget.Entry {
	dir := e.app.Preferences().String(key)
	if dir == "" {
		dir, _ = os.UserHomeDir()
	}
	en := widget.NewEntry()
	en.SetText(dir)
	return en
}

// folderPicker is a folder entry with a button that opens a folder dialog.
func (e *Explorer) folderPicker(dir *widget.Entry) fyne.CanvasObject {
	choose := widget.NewButton("Choose…", func() {
		d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
			if err == nil && u != nil {
				dir.SetText(u.Path())
			}
		}, e.win)
		if l, err := storage.ListerForURI(storage.NewFileURI(dir.Text)); err == nil {
			d.SetLocation(l)
		}
		d.Show()
	})
	return container.NewBorder(nil, nil, nil, choose, dir)
}

// showExportDataDialog is File → Export coordinates…: the map positions
// with the metadata columns as CSV, or the positions alone as .npy.
func (e *Explorer) showExportDataDialog() {
	if e.st == nil || len(e.st.coords) == 0 {
		e.showError(errors.New("no map to export"))
		return
	}
	dir, name := e.folderEntry("exportDir"), widget.NewEntry()
	name.SetText("map-" + e.st.method + ".csv")
	items := []*widget.FormItem{
		widget.NewFormItem("folder", e.folderPicker(dir)),
		widget.NewFormItem("file name (.csv or .npy)", name),
	}
	dialog.ShowForm("Export coordinates", "Save", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		path := filepath.Join(dir.Text, name.Text)
		e.confirmOverwrite(path, func() {
			e.app.Preferences().SetString("exportDir", dir.Text)
			write := e.coordinatesWriter()
			e.background("export coordinates", func(context.Context) (func(), error) {
				if err := write(path); err != nil {
					return nil, err
				}
				return func() { e.status.SetText("exported the coordinates to " + path) }, nil
			})
		})
	}, e.win)
}
