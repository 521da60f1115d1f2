package app

import (
	"context"
	"fmt"
	"image"
	"math"
	"sort"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
	"gonum.org/v1/gonum/mat"

	"github.com/latent-explorer/latent/model"
	"github.com/latent-explorer/latent/viz/cluster"
	"github.com/latent-explorer/latent/viz/outlier"
)

// analyseMenu holds clustering, outlier scores and nearest neighbours.
// Results become metadata columns, so the map can be coloured by them.
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

// background runs work off the UI goroutine with the status line showing
// what runs, and hands the result to done on the UI goroutine.
func (e *Explorer) background(what string, work func(ctx context.Context) (func(), error)) {
	st := e.st
	if st == nil {
		return
	}
	e.status.SetText(what + "…")
	go func() {
		done, err := work(context.Background())
		e.ui.Do(func() {
			if st != e.st {
				return
			}
			if err != nil {
				e.showError(fmt.Errorf("%s: %w", what, err))
				e.status.SetText("")
				return
			}
			done()
		})
	}()
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

// runKMeans clusters the codes with k-means and shows the clusters.
func (e *Explorer) runKMeans(k int) {
	x := codesMatrix(e.st.space.Codes)
	e.background("k-means", func(ctx context.Context) (func(), error) {
		r, err := cluster.KMeans(ctx, x, cluster.KMeansOptions{K: k, Seed: 1})
		if err != nil {
			return nil, err
		}
		return e.clustersDone(fmt.Sprintf("kmeans-%d", k), x, r.Labels)
	})
}

// runHDBSCAN clusters the codes with HDBSCAN and shows the clusters.
func (e *Explorer) runHDBSCAN(minSize int) {
	x := codesMatrix(e.st.space.Codes)
	e.background("HDBSCAN", func(ctx context.Context) (func(), error) {
		r, err := cluster.HDBSCAN(ctx, x, cluster.HDBSCANOptions{MinClusterSize: minSize})
		if err != nil {
			return nil, err
		}
		return e.clustersDone(fmt.Sprintf("hdbscan-%d", minSize), x, r.Labels)
	})
}

// clustersDone summarises clusters off the UI goroutine and returns the
// UI work: a labels column to colour by and the clusters window.
func (e *Explorer) clustersDone(name string, x *mat.Dense, labels []int) (func(), error) {
	sums, err := cluster.Summarize(x, labels)
	if err != nil {
		return nil, err
	}
	col := &model.Column{Name: name, Strings: make([]string, len(labels))}
	for i, l := range labels {
		col.Strings[i] = strconv.Itoa(l)
		if l < 0 {
			col.Strings[i] = "noise"
		}
	}
	return func() {
		e.addColumn(col)
		e.showClusters(name, sums)
	}, nil
}

// addColumn adds (or replaces) a metadata column and colours the map by it.
func (e *Explorer) addColumn(col *model.Column) {
	meta := e.st.space.Meta
	for i, c := range meta.Columns {
		if c.Name == col.Name {
			meta.Columns = append(meta.Columns[:i], meta.Columns[i+1:]...)
			break
		}
	}
	meta.Columns = append(meta.Columns, col)
	e.colorBy.Options = append([]string{noColoring}, columnNames(meta)...)
	e.colorBy.SetSelected(col.Name)
	e.status.SetText("added the column " + col.Name)
}

func columnNames(t *model.Table) []string {
	names := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		names[i] = c.Name
	}
	return names
}

// showClusters lists the clusters with their sizes and decoded centroids;
// a click moves the sliders to the centroid or to the medoid's code.
func (e *Explorer) showClusters(name string, sums []cluster.Summary) {
	list := container.NewVBox()
	for _, s := range sums {
		row := container.NewHBox()
		if img := e.decodeImage(s.Centroid); img != nil {
			c := canvas.NewImageFromImage(img)
			c.ScaleMode = canvas.ImageScalePixels
			c.FillMode = canvas.ImageFillContain
			c.SetMinSize(fyne.NewSize(48, 48))
			row.Add(c)
		}
		row.Add(widget.NewLabel(fmt.Sprintf("cluster %d: %d points", s.Label, s.Size)))
		row.Add(widget.NewButton("Centroid", func() { e.setVector(s.Centroid) }))
		row.Add(widget.NewButton("Medoid", func() { e.mapTapped(s.Medoid, 0, 0) }))
		list.Add(row)
	}
	scroll := container.NewVScroll(list)
	scroll.SetMinSize(fyne.NewSize(420, 360))
	dialog.ShowCustom(fmt.Sprintf("%s: %d clusters", name, len(sums)), "Close", scroll, e.win)
}

// decodeImage decodes z to an image synchronously (for a handful of
// centroids), or returns nil without an image decoder.
func (e *Explorer) decodeImage(z []float64) image.Image {
	v := make([]float32, len(z))
	for i, x := range z {
		v[i] = float32(x)
	}
	return e.decodeToImage(v)
}

// outliers computes an outlier score per code and adds it as a column.
func (e *Explorer) outliers(method string) {
	st := e.st
	if st == nil {
		return
	}
	x := codesMatrix(st.space.Codes)
	prior := st.prior
	e.background("outlier scores ("+method+")", func(ctx context.Context) (func(), error) {
		scores, err := outlierScores(ctx, x, method, prior)
		if err != nil {
			return nil, err
		}
		col := &model.Column{Name: "outlier-" + method, Numbers: scores}
		return func() { e.addColumn(col) }, nil
	})
}

func outlierScores(ctx context.Context, x *mat.Dense, method string, prior model.Prior) ([]float64, error) {
	return outlier.Score(ctx, x, method, outlier.Options{Prior: prior.Kind, Low: prior.Low, High: prior.High})
}

// selectNeighbours selects the k codes nearest the current vector.
func (e *Explorer) selectNeighbours(k int) {
	st := e.st
	if st == nil {
		return
	}
	c := st.space.Codes
	type cand struct {
		i int
		d float64
	}
	all := make([]cand, c.N)
	for i := range c.N {
		var d float64
		for j, v := range c.Row(i) {
			t := float64(v) - st.z[j]
			d += t * t
		}
		all[i] = cand{i, d}
	}
	sort.Slice(all, func(a, b int) bool { return all[a].d < all[b].d })
	idx := make([]int, 0, k)
	for _, a := range all[:min(k, len(all))] {
		idx = append(idx, a.i)
	}
	e.mapView.Renderer().Select(idx)
	e.selected(idx)
	e.mapView.Refresh()
	e.status.SetText(fmt.Sprintf("the %d nearest codes: distance %.3g to %.3g", len(idx), math.Sqrt(all[0].d), math.Sqrt(all[len(idx)-1].d)))
}
