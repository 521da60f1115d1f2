package app

import (
	"fmt"

	"fyne.io/fyne/v2"

	"github.com/latent-explorer/latent/app/session"
)

// analyseMenu holds clustering, outlier scores, nearest neighbours and the
// grids. Each runs as a session job (the job bar shows its progress and
// cancels it); results become columns to colour by, or windows.
func (e *Explorer) analyseMenu() *fyne.Menu {
	return fyne.NewMenu("Analyse",
		fyne.NewMenuItem("Cluster with k-means", func() { e.cluster(methodKMeans) }),
		fyne.NewMenuItem("Cluster with HDBSCAN", func() { e.cluster(methodHDBSCAN) }),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Outlier score: k-th neighbour distance", func() { e.outliers("knn") }),
		fyne.NewMenuItem("Outlier score: LOF", func() { e.outliers("lof") }),
		fyne.NewMenuItem("Outlier score: GLOSH", func() { e.outliers("glosh") }),
		fyne.NewMenuItem("Outlier score: prior density", func() { e.outliers("prior") }),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Select nearest neighbours of the vector", func() { e.selectNeighbours(10) }),
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

func (e *Explorer) outliers(method string) {
	if e.space != nil {
		e.core.Outliers(method)
	}
}

// selectNeighbours selects the k codes nearest the current vector.
func (e *Explorer) selectNeighbours(k int) {
	if e.space == nil {
		return
	}
	e.jobs.track(e.core.SelectNeighbours(k), func(st session.JobStatus) {
		nb := st.Result.(*session.Neighbours)
		if n := len(nb.Index); n > 0 {
			e.jobs.setStatus(fmt.Sprintf("the %d nearest codes: distance %.3g to %.3g", n, nb.Distance[0], nb.Distance[n-1]))
		}
	})
}
