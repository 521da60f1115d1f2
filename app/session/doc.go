// Package session is the explorer's state without Fyne: one Session owns
// what the window shows — the space, the map and the parameters and seed
// that made it, the colouring, hidden categories, selection, directions,
// the slider vector and order, the class a class-conditional decoder
// decodes, the search and Dim, analysis results as columns and the view —
// and runs the operations on it (open, project, cluster, outliers,
// neighbours, encode, diagnostics, grids, figure and coordinate export,
// session files). It imports no Fyne, so the command line uses its
// stateless pieces too (grid layouts and cells: DimsTraversal, NewPath,
// ItemCells).
//
// Every change emits an Event to the subscribers (Subscribe). A Session is
// safe for concurrent use: its state is behind a mutex, readers get
// copies, and events are delivered on the goroutine that made the change,
// so a GUI subscriber hands them to its UI goroutine itself.
//
// Long work runs as a Job (one runner, runner.go): off the caller's
// goroutine, with a context, progress events and Cancel; a job's result is
// applied only if the space it started on is still the one open.
package session
