package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
)

// Panel is an analysis panel docked below the map: a tab with a title.
// A panel subscribes to the session's events itself; the dock only shows
// it.
type Panel interface {
	Title() string
	Object() fyne.CanvasObject
}

// panels makes the analysis panels, in tab order; the k-th (from 1) is
// shown by Ctrl+k and listed in the Panels menu. Register a panel here.
func (e *Explorer) panels() []Panel {
	return []Panel{
		e.encode,
		e.neighbours,
		e.outliers,
		e.clusters,
		e.diagnose,
		e.interp,
		e.traverse,
	}
}

// dock holds the analysis panels as tabs in a split below the map, so the
// map and a result are seen together. It is hidden until a panel is shown.
type dock struct {
	tabs   *container.AppTabs
	split  *container.Split
	panels []Panel
	items  []*container.TabItem
}

// newDock docks the panels below top (the map pane).
func newDock(top fyne.CanvasObject, panels []Panel) *dock {
	d := &dock{tabs: container.NewAppTabs(), panels: panels}
	for _, p := range panels {
		item := container.NewTabItem(p.Title(), p.Object())
		d.items = append(d.items, item)
		d.tabs.Append(item)
	}
	d.split = container.NewVSplit(top, d.tabs)
	d.split.Offset = 0.55
	d.tabs.Hide()
	return d
}

// show opens the dock on the panel titled title.
func (d *dock) show(title string) {
	for i, p := range d.panels {
		if p.Title() == title {
			d.tabs.Select(d.items[i])
		}
	}
	if !d.tabs.Visible() {
		d.tabs.Show()
		d.split.Refresh()
	}
}

// hide closes the dock; the map takes its place.
func (d *dock) hide() {
	d.tabs.Hide()
	d.split.Refresh()
}

// shown returns the title of the panel on view, or "" when the dock is
// hidden.
func (d *dock) shown() string {
	if !d.tabs.Visible() || d.tabs.Selected() == nil {
		return ""
	}
	return d.tabs.Selected().Text
}

// panelShortcut is Ctrl+k (Cmd+k on macOS) for the k-th panel, k ≤ 9.
func panelShortcut(k int) fyne.Shortcut {
	keys := []fyne.KeyName{fyne.Key1, fyne.Key2, fyne.Key3, fyne.Key4, fyne.Key5, fyne.Key6, fyne.Key7, fyne.Key8, fyne.Key9}
	if k < 1 || k > len(keys) {
		return nil
	}
	return &desktop.CustomShortcut{KeyName: keys[k-1], Modifier: fyne.KeyModifierShortcutDefault}
}

// shortcutHidePanels is Ctrl+0: the dock closes.
var shortcutHidePanels = &desktop.CustomShortcut{KeyName: fyne.Key0, Modifier: fyne.KeyModifierShortcutDefault}

// panelsMenu lists the panels with their shortcuts, and Hide panels.
func (e *Explorer) panelsMenu() *fyne.Menu {
	var items []*fyne.MenuItem
	for k, p := range e.dock.panels {
		item := fyne.NewMenuItem(p.Title(), func() { e.dock.show(p.Title()) })
		item.Shortcut = panelShortcut(k + 1)
		items = append(items, item)
	}
	hide := fyne.NewMenuItem("Hide panels", e.dock.hide)
	hide.Shortcut = shortcutHidePanels
	items = append(items, fyne.NewMenuItemSeparator(), hide)
	return fyne.NewMenu("Panels", items...)
}

// addPanelShortcuts binds Ctrl+1… to the panels and Ctrl+0 to Hide.
func (e *Explorer) addPanelShortcuts() {
	c := e.win.Canvas()
	for k, p := range e.dock.panels {
		if s := panelShortcut(k + 1); s != nil {
			c.AddShortcut(s, func(fyne.Shortcut) { e.dock.show(p.Title()) })
		}
	}
	c.AddShortcut(shortcutHidePanels, func(fyne.Shortcut) { e.dock.hide() })
}

// showPanel opens the dock on panel p.
func (e *Explorer) showPanel(p Panel) { e.dock.show(p.Title()) }

// jumpTo moves the sliders to point i's code, as a click on it does (a
// class-conditional decoder's class follows the point's label first).
func (e *Explorer) jumpTo(i int) {
	e.classes.follow(i)
	e.core.SelectPoint(i)
}

// statusBar is a panel's bar: its controls, then a status label that
// truncates rather than widening the window.
func statusBar(controls fyne.CanvasObject, status *widget.Label) fyne.CanvasObject {
	status.Truncation = fyne.TextTruncateEllipsis
	return container.NewBorder(nil, nil, controls, nil, status)
}
