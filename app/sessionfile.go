package app

import (
	"errors"
	"os"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/latent-explorer/latent/app/session"
	"github.com/latent-explorer/latent/model"
)

// Preference keys of the session files.
const (
	prefLastSession   = "lastSession"
	prefReopenSession = "reopenLastSession"
)

// showSaveSessionDialog is File → Save session…: the whole state (space,
// map, colouring, selection, directions, sliders, analysis columns, view)
// as a session file with its data files beside it.
func (e *Explorer) showSaveSessionDialog() {
	if e.space == nil {
		return
	}
	if e.core.Snapshot().Map.Method == "" {
		e.showError(errors.New("save session: the first map is not finished yet"))
		return
	}
	e.saveFileDialog("Save session", "sessionDir", "file name", "session"+session.FileExt, e.SaveSession)
}

// SaveSession saves the session to path (adding the extension
// .latent-session when missing) in the background.
func (e *Explorer) SaveSession(path string) {
	if !strings.HasSuffix(path, session.FileExt) {
		path += session.FileExt
	}
	e.jobs.track(e.core.SaveFile(path), func(session.JobStatus) {
		e.jobs.setStatus("saved the session to " + path)
		e.app.Preferences().SetString(prefLastSession, path)
		e.remember(path, roleSession)
	})
}

// openSession reads a session file and restores it, off the UI goroutine;
// a session whose files moved or changed asks what to do.
func (e *Explorer) openSession(path string) {
	e.jobs.setStatus("opening " + path + "…")
	go func() {
		f, err := session.ReadFile(path)
		if err != nil {
			e.ui.Do(func() { e.showError(err) })
			return
		}
		e.restoreSession(path, f, false)
	}()
}

// restoreSession loads f's space and state (on the calling goroutine, not
// the UI's) and shows them.
func (e *Explorer) restoreSession(path string, f *session.File, anyway bool) {
	var sp *model.Space
	var st session.State
	err := e.withConsent(func(opts ...model.OpenOption) (err error) {
		sp, st, err = f.Load(anyway, opts...)
		return err
	})
	if errors.Is(err, session.ErrFilesChanged) {
		e.ui.Do(func() { e.askAboutFiles(path, f) })
		return
	}
	var oe *model.OutsideError
	if errors.As(err, &oe) {
		e.ui.Do(func() { e.askOutside(oe, func() { go e.restoreSession(path, f, anyway) }) })
		return
	}
	var dec Decoder
	if err == nil {
		dec, err = loadDecoder(sp)
	}
	if err == nil {
		err = e.core.Restore(sp, dec, st)
	}
	e.ui.Do(func() {
		if err != nil {
			e.jobs.setStatus("")
			e.showError(err)
			return
		}
		e.app.Preferences().SetString(prefLastSession, path)
		e.remember(path, roleSession)
	})
}

// askAboutFiles says which of a session's files moved or changed and
// offers to locate them, to open the session anyway, or to cancel.
func (e *Explorer) askAboutFiles(path string, f *session.File) {
	var lines []string
	for _, p := range f.Problems() {
		lines = append(lines, "• "+p.String())
	}
	msg := widget.NewLabel("The session's files moved or changed since it was saved:\n" + strings.Join(lines, "\n"))
	msg.Wrapping = fyne.TextWrapWord
	var d dialog.Dialog
	locate := widget.NewButton("Locate…", func() {
		d.Hide()
		e.locateFiles(path, f)
	})
	anyway := widget.NewButton("Open anyway", func() {
		d.Hide()
		go e.restoreSession(path, f, true)
	})
	d = dialog.NewCustom("Session files moved or changed", "Cancel", container.NewVBox(msg, container.NewHBox(locate, anyway)), e.win)
	d.Resize(fyne.NewSize(560, 260))
	d.Show()
	e.filesAsked++
}

// locateFiles asks for the folder the session's files are in now.
func (e *Explorer) locateFiles(path string, f *session.File) {
	d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
		if err != nil || u == nil {
			return
		}
		f.Relocate(u.Path())
		go e.restoreSession(path, f, false)
	}, e.win)
	d.Show()
}

// LastSession returns the session file to reopen at start: the last one
// saved or opened, when the preference is on and the file is there.
func (e *Explorer) LastSession() (string, bool) {
	p := e.app.Preferences()
	path := p.String(prefLastSession)
	if !p.Bool(prefReopenSession) || path == "" {
		return "", false
	}
	if st, err := os.Stat(path); err != nil || !st.Mode().IsRegular() {
		return "", false
	}
	return path, true
}

// reopenItem is the File menu's check item for the reopen preference.
func (e *Explorer) reopenItem() *fyne.MenuItem {
	item := fyne.NewMenuItem("Reopen last session at start", nil)
	item.Checked = e.app.Preferences().Bool(prefReopenSession)
	item.Action = func() {
		p := e.app.Preferences()
		p.SetBool(prefReopenSession, !p.Bool(prefReopenSession))
		e.win.SetMainMenu(e.menu())
	}
	return item
}
