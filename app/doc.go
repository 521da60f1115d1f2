// Package app is Latent Explorer's GUI: the explorer window, its panels and
// custom widgets. It is given a fyne.App by package cmd and never creates one.
//
// The state the window shows lives in package app/session (no Fyne). Each
// panel is a small type that subscribes to the session's events and
// redraws its widgets on the UI goroutine: mapPanel (mappanel.go: the map,
// colour by, lasso, selection), legendPanel, sliderPanel (sliderpanel.go:
// sliders, readout, directions), outputPanel (outputpanel.go: the live
// decoded output and its decode loop), projectionBar (projection.go) and
// jobBar (jobs.go: the status line and the one progress bar and Cancel for
// every long job). Menus and dialogs: menu.go, files.go, analyse.go,
// grids.go, export.go, sessionfile.go. To add a panel, write a type with an
// update(session.Event) method, subscribe it in newExplorer and place it
// in Explorer.layout.
package app
