package app

import (
	"fmt"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// DemoSource lists the embedded demo spaces and unpacks one to a folder.
type DemoSource interface {
	Names() []string
	Path(name string) (string, error)
}

// SetDemos makes the demos available in the File menu.
func (e *Explorer) SetDemos(d DemoSource) {
	e.demos = d
	e.win.SetMainMenu(e.menu())
}

// OpenDemo opens an embedded demo space by name.
func (e *Explorer) OpenDemo(name string) {
	if e.demos == nil {
		return
	}
	p, err := e.demos.Path(name)
	if err != nil {
		e.showError(err)
		return
	}
	e.OpenPath(p, roleSpace)
}

var (
	shortcutOpen   = &desktop.CustomShortcut{KeyName: fyne.KeyO, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutSave   = &desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutExport = &desktop.CustomShortcut{KeyName: fyne.KeyE, Modifier: fyne.KeyModifierShortcutDefault}
	shortcutReset  = &desktop.CustomShortcut{KeyName: fyne.KeyR, Modifier: fyne.KeyModifierShortcutDefault}
	// shortcutSaveSession is Ctrl+Shift+S (Cmd+Shift+S on macOS).
	shortcutSaveSession = &desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}
)

func (e *Explorer) menu() *fyne.MainMenu {
	openSpace := fyne.NewMenuItem("Open space…", func() { e.showOpenDialog(roleSpace) })
	openSpace.Shortcut = shortcutOpen
	save := fyne.NewMenuItem("Save map to space", e.saveMap)
	save.Shortcut = shortcutSave
	export := fyne.NewMenuItem("Export map…", e.showExportDialog)
	export.Shortcut = shortcutExport
	saveSession := fyne.NewMenuItem("Save session…", e.showSaveSessionDialog)
	saveSession.Shortcut = shortcutSaveSession
	file := fyne.NewMenu("File",
		openSpace,
		fyne.NewMenuItem("Open session…", func() { e.showOpenDialog(roleSession) }),
		fyne.NewMenuItem("Open codes…", func() { e.showOpenDialog(roleCodes) }),
		fyne.NewMenuItem("Open labels / metadata…", func() { e.showOpenDialog(roleLabels) }),
		fyne.NewMenuItem("Open data…", func() { e.showOpenDialog(roleData) }),
		fyne.NewMenuItem("Open decoder…", func() { e.showOpenDialog(roleDecoder) }),
		e.recentItem(),
		e.demoItem(),
		fyne.NewMenuItemSeparator(),
		saveSession,
		e.reopenItem(),
		save,
		export,
		fyne.NewMenuItem("Export coordinates…", e.showExportDataDialog),
	)
	reset := fyne.NewMenuItem("Reset vector to mean", e.core.ResetToMean)
	reset.Shortcut = shortcutReset
	view := fyne.NewMenu("View",
		fyne.NewMenuItem("Reset map view", e.mapp.view.ResetView),
		reset,
		fyne.NewMenuItem("Random sample from prior", e.core.RandomSample),
	)
	return fyne.NewMainMenu(file, view, e.analyseMenu(), e.panelsMenu())
}

func (e *Explorer) recentItem() *fyne.MenuItem {
	item := fyne.NewMenuItem("Open recent", nil)
	var items []*fyne.MenuItem
	for _, rp := range e.recent() {
		r, p := role(rp[0]), rp[1]
		items = append(items, fyne.NewMenuItem(fmt.Sprintf("%s (%s)", filepath.Base(p), r), func() { e.OpenPath(p, r) }))
	}
	if len(items) == 0 {
		item.Disabled = true
	}
	item.ChildMenu = fyne.NewMenu("", items...)
	return item
}

func (e *Explorer) demoItem() *fyne.MenuItem {
	item := fyne.NewMenuItem("Open demo", nil)
	var items []*fyne.MenuItem
	if e.demos != nil {
		for _, n := range e.demos.Names() {
			items = append(items, fyne.NewMenuItem(n, func() { e.OpenDemo(n) }))
		}
	}
	item.Disabled = len(items) == 0
	item.ChildMenu = fyne.NewMenu("", items...)
	return item
}

func (e *Explorer) addShortcuts() {
	c := e.win.Canvas()
	c.AddShortcut(shortcutOpen, func(fyne.Shortcut) { e.showOpenDialog(roleSpace) })
	c.AddShortcut(shortcutSave, func(fyne.Shortcut) { e.saveMap() })
	c.AddShortcut(shortcutExport, func(fyne.Shortcut) { e.showExportDialog() })
	c.AddShortcut(shortcutReset, func(fyne.Shortcut) { e.core.ResetToMean() })
	c.AddShortcut(shortcutSaveSession, func(fyne.Shortcut) { e.showSaveSessionDialog() })
}
