package app

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
