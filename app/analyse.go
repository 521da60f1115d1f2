package app

import (
	"fmt"
	"image"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/latent-explorer/latent/app/session"
)

// analyseMenu holds clustering, outlier scores, nearest neighbours and the
// grids. Each runs as a session job (the job bar shows its progress and
// cancels it); results become columns to colour by, or windows.
func (e *Explorer) analyseMenu() *fyne.Menu {
	return fyne.NewMenu("Analyse",
		fyne.NewMenuItem("Cluster with k-means…", e.askKMeans),
		fyne.NewMenuItem("Cluster with HDBSCAN…", e.askHDBSCAN),
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

// askInt asks for a whole number and calls f with it.
func (e *Explorer) askInt(title, label, initial string, f func(int)) {
	entry := widget.NewEntry()
	entry.SetText(initial)
	dialog.ShowForm(title, "Run", "Cancel", []*widget.FormItem{widget.NewFormItem(label, entry)}, func(ok bool) {
		if !ok {
			return
		}
		v, err := strconv.Atoi(entry.Text)
		if err != nil || v < 1 {
			e.showError(fmt.Errorf("%s %q: want a whole number ≥ 1", label, entry.Text))
			return
		}
		f(v)
	}, e.win)
}

func (e *Explorer) askKMeans() {
	e.askInt("k-means", "clusters (k)", "10", e.runKMeans)
}

func (e *Explorer) askHDBSCAN() {
	e.askInt("HDBSCAN", "min cluster size", "25", e.runHDBSCAN)
}

func (e *Explorer) runKMeans(k int) {
	if e.space != nil {
		e.jobs.track(e.core.KMeans(k), e.showClusters)
	}
}

func (e *Explorer) runHDBSCAN(minSize int) {
	if e.space != nil {
		e.jobs.track(e.core.HDBSCAN(minSize), e.showClusters)
	}
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

// showClusters lists the clusters with their sizes and decoded centroids
// (decoded by a grid job, off the UI goroutine); a click moves the sliders
// to the centroid or to the medoid's code.
func (e *Explorer) showClusters(st session.JobStatus) {
	cl := st.Result.(*session.Clusters)
	list := container.NewVBox()
	thumbs := make([]*canvas.Image, len(cl.Summaries))
	centroids := make([][]float64, len(cl.Summaries))
	for i, s := range cl.Summaries {
		thumbs[i] = canvas.NewImageFromImage(nil)
		thumbs[i].ScaleMode = canvas.ImageScalePixels
		thumbs[i].FillMode = canvas.ImageFillContain
		thumbs[i].SetMinSize(fyne.NewSize(48, 48))
		centroids[i] = s.Centroid
		row := container.NewHBox(thumbs[i], widget.NewLabel(fmt.Sprintf("cluster %d: %d points", s.Label, s.Size)),
			widget.NewButton("Centroid", func() { e.core.SetVector(s.Centroid) }),
			widget.NewButton("Medoid", func() { e.classes.follow(s.Medoid); e.core.SelectPoint(s.Medoid) }))
		list.Add(row)
	}
	scroll := container.NewVScroll(list)
	scroll.SetMinSize(fyne.NewSize(420, 360))
	dialog.ShowCustom(fmt.Sprintf("%s: %d clusters", cl.Name, len(cl.Summaries)), "Close", scroll, e.win)
	if e.core.Decoder() == nil || e.space.Manifest.Output.Kind != "image" {
		return
	}
	e.jobs.track(e.core.DecodeImages(centroids), func(st session.JobStatus) {
		for i, img := range st.Result.([]image.Image) {
			thumbs[i].Image = img
			thumbs[i].Refresh()
		}
	})
}
