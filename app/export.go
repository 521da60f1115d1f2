package app

// showExportDialog is File → Export map….
func (e *Explorer) showExportDialog() {}
