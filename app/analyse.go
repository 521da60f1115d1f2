package app

import (
	"fmt"
	"strconv"

	"fyne.io/fyne/v2"
)

// analyseMenu holds clustering, outlier scores, nearest neighbours and the
// grids. Each runs as a session job (the job bar shows its progress and
// cancels it); results become columns to colour by and fill the docked panels.
func (e *Explorer) analyseMenu() *fyne.Menu {
	return fyne.NewMenu("Analyse",
		fyne.NewMenuItem("Cluster with k-means", func() { e.cluster(methodKMeans) }),
		fyne.NewMenuItem("Cluster with HDBSCAN", func() { e.cluster(methodHDBSCAN) }),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Outlier score: k-th neighbour distance", func() { e.scoreOutliers("knn") }),
		fyne.NewMenuItem("Outlier score: LOF", func() { e.scoreOutliers("lof") }),
		fyne.NewMenuItem("Outlier score: GLOSH", func() { e.scoreOutliers("glosh") }),
		fyne.NewMenuItem("Outlier score: prior density", func() { e.scoreOutliers("prior") }),
		fyne.NewMenuItem("Outlier score: reconstruction error", func() { e.scoreOutliers("recon") }),
		fyne.NewMenuItem("Outlier score: round-trip error (encode, decode)", func() { e.scoreOutliers("roundtrip") }),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Nearest neighbours", e.findNeighbours),
		fyne.NewMenuItem("Dimension diagnostics", e.diagnose.compute),
		fyne.NewMenuItem("Encode an image…", func() { e.showPanel(e.encode); e.encode.showPicker() }),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Traversal grid around the vector", e.showTraversal),
		fyne.NewMenuItem("Interpolate between the last two points clicked", e.showInterpolation),
	)
}

// cluster shows the clusters panel with method chosen and runs it.
func (e *Explorer) cluster(method string) {
	e.showPanel(e.clusters)
	if e.clusters.method.Selected != method {
		e.clusters.method.SetSelected(method)
	}
	e.clusters.run()
}

// runKMeans runs k-means with k clusters from the clusters panel.
func (e *Explorer) runKMeans(k int) {
	e.showPanel(e.clusters)
	e.clusters.method.SetSelected(methodKMeans)
	e.clusters.param.SetText(strconv.Itoa(k))
	e.clusters.run()
}

// scoreOutliers shows the outliers panel and runs method there.
func (e *Explorer) scoreOutliers(method string) {
	e.showPanel(e.outliers)
	if !e.outliers.choose(method) {
		e.showError(fmt.Errorf("outliers: %s: this space %s", outlierNames[method], e.core.OutlierMissing()[method]))
		return
	}
	e.outliers.score()
}

// findNeighbours shows the neighbours panel and runs its query.
func (e *Explorer) findNeighbours() {
	e.showPanel(e.neighbours)
	e.neighbours.find()
}
