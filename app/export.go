package app

import (
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

	"github.com/latent-explorer/latent/app/session"
	"github.com/latent-explorer/latent/viz/export"
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
	// previews counts the previews shown; tests wait on it.
	previews int
}

// figureOptions reads the dialog's fields.
func (o *exportOptions) figureOptions() (session.FigureOptions, error) {
	w, err1 := strconv.ParseFloat(o.width.Text, 64)
	h, err2 := strconv.ParseFloat(o.height.Text, 64)
	dpi, err3 := strconv.Atoi(o.dpi.Text)
	if err1 != nil || err2 != nil || err3 != nil {
		return session.FigureOptions{}, fmt.Errorf("size %s × %s in at %s dpi: want positive inches and 10–2400 dpi", o.width.Text, o.height.Text, o.dpi.Text)
	}
	return session.FigureOptions{Title: o.titleText.Text, Width: w, Height: h, DPI: dpi,
		Selection: o.selection.Checked, Thumbnails: o.thumbnails.Checked}, nil
}

// showExportDialog is File → Export map…: options, a preview, and Save.
func (e *Explorer) showExportDialog() {
	if e.space == nil {
		return
	}
	o := &exportOptions{
		format:     widget.NewSelect([]string{"png", "svg", "pdf", "eps"}, nil),
		titleText:  widget.NewEntry(),
		width:      numberEntry("6"),
		height:     numberEntry("4.5"),
		dpi:        numberEntry("300"),
		selection:  widget.NewCheck("highlight the selection", nil),
		thumbnails: widget.NewCheck(fmt.Sprintf("thumbnails at points (≤ %d points)", export.MaxThumbnails), nil),
		preview:    canvas.NewImageFromImage(nil),
	}
	o.dir, o.name = e.folderEntry("exportDir"), widget.NewEntry()
	o.name.SetText("map.png")
	o.format.OnChanged = func(f string) {
		o.name.SetText(strings.TrimSuffix(o.name.Text, filepath.Ext(o.name.Text)) + "." + f)
	}
	o.format.SetSelected("png")
	o.titleText.SetText(spaceName(e.space))
	o.selection.Checked = len(e.core.Snapshot().Selection) > 0
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

// updatePreview renders the figure at low resolution off the UI goroutine
// and shows it in the dialog.
func (e *Explorer) updatePreview(o *exportOptions) {
	fo, err := o.figureOptions()
	if err != nil {
		e.showError(err)
		return
	}
	e.jobs.track(e.core.FigureImage(fo, previewDPI), func(st session.JobStatus) {
		o.preview.Image = st.Result.(image.Image)
		o.preview.Refresh()
		o.previews++
	})
}

// chooseExportFile saves the figure to the chosen folder and name, asking
// before it replaces a file.
func (e *Explorer) chooseExportFile(o *exportOptions) {
	fo, err := o.figureOptions()
	if err != nil {
		e.showError(err)
		return
	}
	path := filepath.Join(o.dir.Text, o.name.Text)
	if _, err := export.FormatOf(path); err != nil {
		path = strings.TrimSuffix(path, filepath.Ext(path)) + "." + o.format.Selected
	}
	e.confirmOverwrite(path, func() {
		e.app.Preferences().SetString("exportDir", filepath.Dir(path))
		e.jobs.track(e.core.ExportFigure(path, fo), func(session.JobStatus) {
			e.jobs.setStatus("exported the map to " + path)
		})
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

// saveFileDialog asks for a folder and file name (starting in the folder
// last used for key), confirms a replacement and calls save with the path.
func (e *Explorer) saveFileDialog(title, key, label, initial string, save func(path string)) {
	dir, name := e.folderEntry(key), widget.NewEntry()
	name.SetText(initial)
	items := []*widget.FormItem{
		widget.NewFormItem("folder", e.folderPicker(dir)),
		widget.NewFormItem(label, name),
	}
	dialog.ShowForm(title, "Save", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		path := filepath.Join(dir.Text, name.Text)
		e.confirmOverwrite(path, func() {
			e.app.Preferences().SetString(key, dir.Text)
			save(path)
		})
	}, e.win)
}

// showExportDataDialog is File → Export coordinates…: the map positions
// with every column as CSV, or the positions alone as .npy.
func (e *Explorer) showExportDataDialog() {
	st := e.core.Snapshot()
	if e.space == nil || st.Map.Method == "" {
		e.showError(errors.New("no map to export"))
		return
	}
	e.saveFileDialog("Export coordinates", "exportDir", "file name (.csv or .npy)", "map-"+st.Map.Method+".csv", e.exportCoordinates)
}

// exportCoordinates writes the coordinates to path as a job.
func (e *Explorer) exportCoordinates(path string) {
	e.jobs.track(e.core.ExportCoordinates(path), func(session.JobStatus) {
		e.jobs.setStatus("exported the coordinates to " + path)
	})
}
