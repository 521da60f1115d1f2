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
// grids.go, export.go, sessionfile.go.
//
// Analysis panels (clusters, neighbours, outliers, …) are docked as tabs
// below the map (dock.go), so the map and a result are seen together. To
// add one, write a type with Title() and Object() (the Panel interface)
// that subscribes to the session's events, make it in newExplorer and add
// it to Explorer.panels: it gets a tab, a Panels menu item and Ctrl+k.
// The work the panel starts belongs in app/session (an operation on the
// state, run as a Job and tracked with e.jobs.track), and stateless parts
// in model or viz, where the command line calls them too; the panel only
// reads controls and draws results. The panels: encodepanel.go,
// neighbourpanel.go, outlierpanel.go, clusterpanel.go,
// diagnosticspanel.go, interppanel.go, traversepanel.go.
package app
